"""follow_up: the impact follow-up after an event (per-event days, the young person's
consent, who was asked and reminded, the anonymous answers)

Revision ID: 0023_follow_up
Revises: 0022_privacy_notices
Create Date: 2026-12-04 21:10:00

Plain ADD COLUMN on `event` and `candidate`: on SQLite a batch recreate of `event` would drop
the table and cascade to every row that refers to it (see 0007), so the check on
`follow_up_days` is added on PostgreSQL only (on SQLite the event form enforces it).
The follow-up's private links are a new link purpose: `booking_link` (no table refers to it)
is recreated in batch mode on SQLite to change its check, as 0005 did.
Existing events get no follow-up (NULL) and existing sign-ups have not consented (NULL).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023_follow_up'
down_revision = '0022_privacy_notices'
branch_labels = None
depends_on = None

OLD_PURPOSES = "purpose IN ('booking', 'confirm_email', 'check_in', 'employer', 'event_feed')"
NEW_PURPOSES = ("purpose IN ('booking', 'confirm_email', 'check_in', 'employer', 'event_feed', "
                "'follow_up')")


def _purposes(purposes):
    with op.batch_alter_table('booking_link', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_booking_link_purpose_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_booking_link_purpose_known'), purposes)


def upgrade():
    _purposes(NEW_PURPOSES)
    op.add_column('event', sa.Column('follow_up_days', sa.Integer(), nullable=True))
    op.add_column('candidate', sa.Column('follow_up_consent_at', sa.DateTime(timezone=True),
                                         nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.create_check_constraint(
            op.f('ck_event_follow_up_days_positive'), 'event',
            'follow_up_days IS NULL OR follow_up_days >= 1')
    op.create_table('follow_up_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint('(candidate_id IS NULL) <> (employer_id IS NULL)', name=op.f('ck_follow_up_request_one_person')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'], name=op.f('fk_follow_up_request_candidate_id_candidate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employer_id'], ['employer.id'], name=op.f('fk_follow_up_request_employer_id_employer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_follow_up_request_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_request')),
    sa.UniqueConstraint('candidate_id', name=op.f('uq_follow_up_request_candidate_id')),
    sa.UniqueConstraint('employer_id', name=op.f('uq_follow_up_request_employer_id'))
    )
    op.create_index(op.f('ix_follow_up_request_event_id'), 'follow_up_request', ['event_id'], unique=False)
    op.create_table('follow_up_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('audience', sa.String(length=8), nullable=False),
    sa.Column('situation', sa.String(length=16), nullable=True),
    sa.Column('helped', sa.String(length=16), nullable=True),
    sa.Column('hires', sa.Integer(), nullable=True),
    sa.CheckConstraint("audience IN ('youth', 'employer')", name=op.f('ck_follow_up_answer_audience_known')),
    sa.CheckConstraint("situation IS NULL OR situation IN ('working', 'studying', 'guidance', 'none')", name=op.f('ck_follow_up_answer_situation_known')),
    sa.CheckConstraint("helped IS NULL OR helped IN ('yes', 'somewhat', 'no')", name=op.f('ck_follow_up_answer_helped_known')),
    sa.CheckConstraint('hires IS NULL OR hires >= 0', name=op.f('ck_follow_up_answer_hires_not_negative')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_follow_up_answer_event_id_event'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_answer'))
    )
    op.create_index(op.f('ix_follow_up_answer_event_id'), 'follow_up_answer', ['event_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_follow_up_answer_event_id'), table_name='follow_up_answer')
    op.drop_table('follow_up_answer')
    op.drop_index(op.f('ix_follow_up_request_event_id'), table_name='follow_up_request')
    op.drop_table('follow_up_request')
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(op.f('ck_event_follow_up_days_positive'), 'event', type_='check')
    op.execute('ALTER TABLE candidate DROP COLUMN follow_up_consent_at')
    op.execute('ALTER TABLE event DROP COLUMN follow_up_days')
    op.execute("DELETE FROM booking_link WHERE purpose = 'follow_up'")
    _purposes(OLD_PURPOSES)
