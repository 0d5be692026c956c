"""employer locale (the language of the employer's e-mails)

Revision ID: 0004_employer_locale
Revises: 0003_booking_link
Create Date: 2026-11-24 04:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_employer_locale'
down_revision = '0003_booking_link'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), server_default='fi', nullable=False))


def downgrade():
    with op.batch_alter_table('employer', schema=None) as batch_op:
        batch_op.drop_column('locale')
