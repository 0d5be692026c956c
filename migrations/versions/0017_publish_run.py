"""publish_run: the messages of a publish sent by a background job, resumable; and
solve_run.improve_waiting: whether a build goes on shortening waits after tiers 1-4

Revision ID: 0017_publish_run
Revises: 0016_periodic_runs
Create Date: 2026-12-04 21:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_publish_run'
down_revision = '0016_periodic_runs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publish_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='queued', nullable=False),
    sa.Column('job_id', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('roster_employer_ids', sa.JSON(), nullable=False),
    sa.Column('rosters_queued', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('worker_token', sa.String(length=32), nullable=True),
    sa.Column('people_total', sa.Integer(), server_default='0', nullable=False),
    sa.Column('people_done', sa.Integer(), server_default='0', nullable=False),
    sa.Column('after_candidate_id', sa.Integer(), server_default='0', nullable=False),
    sa.Column('other_employer_ids', sa.JSON(), nullable=False),
    sa.Column('left_out_done', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('messages_queued', sa.Integer(), server_default='0', nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name=op.f('ck_publish_run_status_known')),
    sa.CheckConstraint('people_done >= 0 AND people_done <= people_total', name=op.f('ck_publish_run_progress_in_range')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_publish_run_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['schedule_version.id'], name=op.f('fk_publish_run_version_id_schedule_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publish_run')),
    sa.UniqueConstraint('version_id', name=op.f('uq_publish_run_version_id'))
    )
    with op.batch_alter_table('publish_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publish_run_event_id'), ['event_id'], unique=False)
    # Plain ADD COLUMN: no batch recreate of a table others refer to (see 0015).
    op.add_column('solve_run', sa.Column('improve_waiting', sa.Boolean(), nullable=False,
                                         server_default=sa.false()))


def downgrade():
    op.execute('ALTER TABLE solve_run DROP COLUMN improve_waiting')
    with op.batch_alter_table('publish_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publish_run_event_id'))
    op.drop_table('publish_run')
