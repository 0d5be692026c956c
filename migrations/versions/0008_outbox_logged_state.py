"""outbox: "logged" is its own state (written to the log without a mail server, not sent)

Revision ID: 0008_outbox_logged
Revises: 0007_people_autoincrement
Create Date: 2026-12-04 16:30:00

Messages handled before this revision without a mail server were marked "sent"; which of them
only went to the log is not recorded anywhere, so they keep their state.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008_outbox_logged'
down_revision = '0007_people_autoincrement'
branch_labels = None
depends_on = None

OLD_STATUS = "status IN ('queued', 'sent', 'dead')"
NEW_STATUS = "status IN ('queued', 'sent', 'logged', 'dead')"
OLD_SENT = "(status = 'sent') = (sent_at IS NOT NULL)"
NEW_SENT = "(status IN ('sent', 'logged')) = (sent_at IS NOT NULL)"


def _replace(status, sent):
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_message_status_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_outbox_message_sent_has_time'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outbox_message_status_known'), status)
        batch_op.create_check_constraint(op.f('ck_outbox_message_sent_has_time'), sent)


def upgrade():
    _replace(NEW_STATUS, NEW_SENT)


def downgrade():
    # The old schema has no "logged": those messages were shown as sent there.
    op.execute("UPDATE outbox_message SET status = 'sent' WHERE status = 'logged'")
    _replace(OLD_STATUS, OLD_SENT)
