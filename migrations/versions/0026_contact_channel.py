"""contact channel: each young person chooses e-mail, text messages or both for reminders and
change notices

Revision ID: 0026_contact_channel
Revises: 0025_solve_run_summary
Create Date: 2026-12-05 00:40:00

Plain ADD COLUMN on `candidate` with its CHECK inline (SQLite allows it): a batch recreate
would drop the table under the rows that refer to it (see 0007). Sign-ups that ticked "also
as text messages" (`sms_consent_at` set) become "both", which is what the box meant; the
rest stay "email". The rule that texts always have their consent time spans two columns, so
it is added on PostgreSQL only (on SQLite the application keeps it: recruit.people.contact_channel).
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026_contact_channel'
down_revision = '0025_solve_run_summary'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "ALTER TABLE candidate ADD COLUMN contact_channel VARCHAR(8) DEFAULT 'email' NOT NULL "
        "CONSTRAINT ck_candidate_contact_channel_known "
        "CHECK (contact_channel IN ('email', 'sms', 'both'))"
    )
    op.execute("UPDATE candidate SET contact_channel = 'both' WHERE sms_consent_at IS NOT NULL")
    if op.get_bind().dialect.name == 'postgresql':
        op.create_check_constraint(
            op.f('ck_candidate_texts_have_consent_time'), 'candidate',
            "(contact_channel = 'email') = (sms_consent_at IS NULL)")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_constraint(op.f('ck_candidate_texts_have_consent_time'), 'candidate',
                           type_='check')
        op.execute('ALTER TABLE candidate DROP CONSTRAINT ck_candidate_contact_channel_known')
    op.execute('ALTER TABLE candidate DROP COLUMN contact_channel')
