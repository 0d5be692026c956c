"""draft_explanation: the left-out explanation of an event's draft, computed once and kept

Revision ID: 0018_draft_explanation
Revises: 0017_publish_run
Create Date: 2026-12-04 21:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_draft_explanation'
down_revision = '0017_publish_run'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'draft_explanation',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'],
                                name=op.f('fk_draft_explanation_event_id_event'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_draft_explanation')),
    )
    op.create_table(
        'draft_explanation_note',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('left_out', sa.String(length=32), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'],
                                name=op.f('fk_draft_explanation_note_candidate_id_candidate'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['event_id'], ['draft_explanation.event_id'],
                                name=op.f('fk_draft_explanation_note_event_id_draft_explanation'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id', 'position', name=op.f('pk_draft_explanation_note')),
    )
    with op.batch_alter_table('draft_explanation_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_explanation_note_candidate_id'),
                              ['candidate_id'], unique=False)


def downgrade():
    with op.batch_alter_table('draft_explanation_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_explanation_note_candidate_id'))
    op.drop_table('draft_explanation_note')
    op.drop_table('draft_explanation')
