"""privacy notices: each notice text consented to, stored under its hash; consent records
point to it; consent withdrawal and erasure of an employer's contact details

Revision ID: 0022_privacy_notices
Revises: 0021_server_sessions
Create Date: 2026-12-04 21:20:00

Plain ADD/DROP COLUMN only (see 0015): the consent records point to a notice by its hash,
without a foreign key, so no table is recreated on SQLite.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_privacy_notices'
down_revision = '0021_server_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'privacy_notice',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('audience', sa.String(length=16), nullable=False),
        sa.Column('locale', sa.String(length=8), nullable=False),
        sa.Column('version', sa.String(length=32), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('first_shown_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("audience IN ('youth', 'employer')",
                           name=op.f('ck_privacy_notice_audience_known')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_notice')),
        sa.UniqueConstraint('sha256', name=op.f('uq_privacy_notice_sha256')),
    )
    op.add_column('candidate', sa.Column('consent_notice_sha256', sa.String(length=64),
                                         nullable=True))
    op.add_column('candidate', sa.Column('consent_withdrawn_at', sa.DateTime(timezone=True),
                                         nullable=True))
    op.add_column('employer', sa.Column('consent_notice_sha256', sa.String(length=64),
                                        nullable=True))
    op.add_column('employer', sa.Column('contact_erased_at', sa.DateTime(timezone=True),
                                        nullable=True))


def downgrade():
    op.execute('ALTER TABLE employer DROP COLUMN contact_erased_at')
    op.execute('ALTER TABLE employer DROP COLUMN consent_notice_sha256')
    op.execute('ALTER TABLE candidate DROP COLUMN consent_withdrawn_at')
    op.execute('ALTER TABLE candidate DROP COLUMN consent_notice_sha256')
    op.drop_table('privacy_notice')
