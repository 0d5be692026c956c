"""solve_run.summary: what the schedule page says of a build, kept apart from its answer

Revision ID: 0025_solve_run_summary
Revises: 0024_sms_outbox
Create Date: 2026-12-05 01:00:00

The schedule page read a run's whole answer (every interview and every young person left
out) to show its status, tier values and the greedy comparison. The job that finishes a run
now also writes this small summary (`recruit.scheduling.build_summary.summary_of`); runs
finished before this revision get theirs here, from their answers.

Plain ADD COLUMN (a batch recreate on SQLite would cascade, see 0007). Self-contained: plain
tables, no application imports.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0025_solve_run_summary'
down_revision = '0024_sms_outbox'
branch_labels = None
depends_on = None

_KEPT = ('status', 'message', 'objectives', 'baseline', 'stats')

run_t = sa.table(
    'solve_run', sa.column('id', sa.Integer), sa.column('result', sa.JSON),
    sa.column('summary', sa.JSON),
)


def _summary(result):
    placed = {item.get('candidate') for item in result.get('interviews', [])}
    summary = {key: result[key] for key in _KEPT if key in result}
    summary['candidates'] = len(result.get('unscheduled', [])) + len(placed)
    summary['employers_left_out'] = [
        item for item in result.get('left_out', []) if str(item.get('id', '')).startswith('E')
    ]
    if isinstance(result.get('published'), int):
        summary['published'] = result['published']
    return summary


def upgrade():
    op.add_column('solve_run', sa.Column('summary', sa.JSON(), nullable=True))
    bind = op.get_bind()
    ids = bind.execute(sa.select(run_t.c.id).order_by(run_t.c.id)).scalars().all()
    for run_id in ids:
        # One answer at a time: each can be hundreds of kilobytes.
        result = bind.execute(sa.select(run_t.c.result).where(run_t.c.id == run_id)).scalar()
        if isinstance(result, dict):
            bind.execute(sa.update(run_t).where(run_t.c.id == run_id)
                         .values(summary=_summary(result)))


def downgrade():
    op.execute('ALTER TABLE solve_run DROP COLUMN summary')
