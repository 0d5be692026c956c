"""told_interview: what each young person was last told about each interview

Revision ID: 0010_told_interview
Revises: 0009_left_out_notice
Create Date: 2026-12-04 16:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010_told_interview'
down_revision = '0009_left_out_notice'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('told_interview',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('interview_uid', sa.String(length=64), nullable=False),
    sa.Column('method', sa.String(length=8), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('start_local', sa.String(length=16), nullable=False),
    sa.Column('end_local', sa.String(length=16), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('venue_name', sa.String(length=200), nullable=False),
    sa.Column('venue_address', sa.String(length=300), nullable=False),
    sa.Column('table_label', sa.String(length=16), nullable=False),
    sa.Column('told_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("method IN ('REQUEST', 'CANCEL')", name=op.f('ck_told_interview_method_known')),
    sa.CheckConstraint('sequence >= 0', name=op.f('ck_told_interview_sequence_not_negative')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_told_interview_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_told_interview_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_told_interview')),
    sa.UniqueConstraint('interview_uid', 'candidate_id', name=op.f('uq_told_interview_interview_uid_candidate_id'))
    )
    with op.batch_alter_table('told_interview', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_told_interview_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_told_interview_event_id'), ['event_id'], unique=False)


def downgrade():
    op.drop_table('told_interview')
