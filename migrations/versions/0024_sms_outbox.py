"""sms outbox: text messages to young people who asked for them, and their consent

Revision ID: 0024_sms_outbox
Revises: 0023_follow_up
Create Date: 2026-12-04 21:30:00

Plain ADD COLUMN on `candidate` (a batch recreate on SQLite would cascade, see 0007): existing
sign-ups have not consented, so the new column starts empty.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0024_sms_outbox'
down_revision = '0023_follow_up'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('candidate', sa.Column('sms_consent_at', sa.DateTime(timezone=True),
                                         nullable=True))
    op.create_table(
        'sms_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=32), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('recipient', sa.String(length=32), nullable=False),
        sa.Column('locale', sa.String(length=8), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('segments', sa.Integer(), server_default='1', nullable=False),
        sa.Column('status', sa.String(length=10), server_default='queued', nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('claim_token', sa.String(length=32), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'sent', 'logged', 'dead')",
                           name=op.f('ck_sms_message_status_known')),
        sa.CheckConstraint("kind IN ('sms_reminder', 'sms_moved', 'sms_slot_opened')",
                           name=op.f('ck_sms_message_kind_known')),
        sa.CheckConstraint('attempts >= 0', name=op.f('ck_sms_message_attempts_not_negative')),
        sa.CheckConstraint('segments >= 1', name=op.f('ck_sms_message_segments_positive')),
        sa.CheckConstraint("(status IN ('sent', 'logged')) = (sent_at IS NOT NULL)",
                           name=op.f('ck_sms_message_sent_has_time')),
        sa.ForeignKeyConstraint(['candidate_id'], ['candidate.id'],
                                name=op.f('fk_sms_message_candidate_id_candidate'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'],
                                name=op.f('fk_sms_message_event_id_event'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_message')),
        sa.UniqueConstraint('reference', name=op.f('uq_sms_message_reference')),
    )
    op.create_index('ix_sms_message_due', 'sms_message', ['status', 'next_attempt_at'])
    op.create_index(op.f('ix_sms_message_event_id'), 'sms_message', ['event_id'])
    op.create_index(op.f('ix_sms_message_candidate_id'), 'sms_message', ['candidate_id'])


def downgrade():
    op.drop_index(op.f('ix_sms_message_candidate_id'), table_name='sms_message')
    op.drop_index(op.f('ix_sms_message_event_id'), table_name='sms_message')
    op.drop_index('ix_sms_message_due', table_name='sms_message')
    op.drop_table('sms_message')
    op.execute('ALTER TABLE candidate DROP COLUMN sms_consent_at')
