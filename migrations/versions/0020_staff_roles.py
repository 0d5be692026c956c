"""staff roles: admin or coordinator per account (existing accounts become admins), the
coordinators of each event (every existing event gets every existing account, so nobody
loses sight of anything), one-time account links (invitations and password resets), the
second factor (TOTP) of each account and the staff policy that can require it

Revision ID: 0020_staff_roles
Revises: 0019_published_entry
Create Date: 2026-12-04 21:30:00

The role column is added with plain ADD COLUMN (its CHECK inline, which SQLite allows):
a batch recreate of `staff_user` on SQLite would drop the table under the rows that refer
to it (see 0007). New accounts default to coordinator: a column default on PostgreSQL, the
model's default on SQLite (the app always sets it).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020_staff_roles'
down_revision = '0019_published_entry'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "ALTER TABLE staff_user ADD COLUMN role VARCHAR(16) DEFAULT 'admin' NOT NULL "
        "CONSTRAINT ck_staff_user_role_known CHECK (role IN ('admin', 'coordinator'))"
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE staff_user ALTER COLUMN role SET DEFAULT 'coordinator'")
    op.add_column('staff_user', sa.Column('totp_secret', sa.String(length=64), nullable=True))
    op.add_column('staff_user', sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    op.create_table('staff_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('require_second_factor', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_staff_policy_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_policy'))
    )
    op.create_table('event_coordinator',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_event_coordinator_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_user.id'], name=op.f('fk_event_coordinator_staff_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'staff_user_id', name=op.f('pk_event_coordinator'))
    )
    op.create_index(op.f('ix_event_coordinator_staff_user_id'), 'event_coordinator', ['staff_user_id'], unique=False)
    op.execute(
        "INSERT INTO event_coordinator (event_id, staff_user_id, added_at) "
        "SELECT event.id, staff_user.id, CURRENT_TIMESTAMP FROM event CROSS JOIN staff_user"
    )
    op.create_table('staff_account_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("purpose IN ('invite', 'password_reset')", name=op.f('ck_staff_account_link_purpose_known')),
    sa.CheckConstraint('length(token_hash) = 64', name=op.f('ck_staff_account_link_token_hash_length')),
    sa.CheckConstraint('expires_at > created_at', name=op.f('ck_staff_account_link_expires_after_created')),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_user.id'], name=op.f('fk_staff_account_link_staff_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_account_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_account_link_token_hash'))
    )
    op.create_index(op.f('ix_staff_account_link_staff_user_id'), 'staff_account_link', ['staff_user_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_staff_account_link_staff_user_id'), table_name='staff_account_link')
    op.drop_table('staff_account_link')
    op.drop_index(op.f('ix_event_coordinator_staff_user_id'), table_name='event_coordinator')
    op.drop_table('event_coordinator')
    op.drop_table('staff_policy')
    op.execute('ALTER TABLE staff_user DROP COLUMN totp_last_step')
    op.execute('ALTER TABLE staff_user DROP COLUMN totp_secret')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE staff_user DROP CONSTRAINT ck_staff_user_role_known')
    op.execute('ALTER TABLE staff_user DROP COLUMN role')
