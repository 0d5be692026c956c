"""checkin: an interview's arrival as marked at the door on the event day

Revision ID: 0011_checkin
Revises: 0010_told_interview
Create Date: 2026-12-04 18:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_checkin'
down_revision = '0010_told_interview'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.add_column(sa.Column('arrival', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('arrival_marked_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.create_check_constraint(
            'arrival_known', "arrival IS NULL OR arrival IN ('arrived', 'late', 'no_show')")


def downgrade():
    with op.batch_alter_table('interview', schema=None) as batch_op:
        batch_op.drop_constraint('ck_interview_arrival_known', type_='check')
        batch_op.drop_column('arrival_marked_at')
        batch_op.drop_column('arrival')
