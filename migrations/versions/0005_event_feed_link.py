"""event_feed links: the staff calendar feed of an event, owned by the event itself

Revision ID: 0005_event_feed_link
Revises: 0004_employer_locale
Create Date: 2026-11-24 05:15:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0005_event_feed_link'
down_revision = '0004_employer_locale'
branch_labels = None
depends_on = None

OLD_PURPOSES = "purpose IN ('booking', 'confirm_email', 'check_in', 'employer')"
NEW_PURPOSES = "purpose IN ('booking', 'confirm_email', 'check_in', 'employer', 'event_feed')"
OLD_OWNER = "(candidate_id IS NULL) <> (employer_id IS NULL)"
NEW_OWNER = (
    "(purpose = 'event_feed' AND candidate_id IS NULL AND employer_id IS NULL) OR "
    "(purpose <> 'event_feed' AND (candidate_id IS NULL) <> (employer_id IS NULL))"
)


def _replace(purposes, owner):
    with op.batch_alter_table('booking_link', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_booking_link_purpose_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_booking_link_exactly_one_owner'), type_='check')
        batch_op.create_check_constraint(op.f('ck_booking_link_purpose_known'), purposes)
        batch_op.create_check_constraint(op.f('ck_booking_link_exactly_one_owner'), owner)


def upgrade():
    _replace(NEW_PURPOSES, NEW_OWNER)


def downgrade():
    op.execute("DELETE FROM booking_link WHERE purpose = 'event_feed'")
    _replace(OLD_PURPOSES, OLD_OWNER)
