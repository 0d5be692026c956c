"""published_entry: every published version's interviews indexed by person and employer

Revision ID: 0019_published_entry
Revises: 0018_draft_explanation
Create Date: 2026-12-04 21:30:00

One row per entry of each version's snapshot, so that a young person's booking page and an
employer's page read their own interviews instead of the whole event's snapshot. Versions
published before this revision are indexed from their snapshots here.

Self-contained: plain tables, no application imports.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0019_published_entry'
down_revision = '0018_draft_explanation'
branch_labels = None
depends_on = None

_KEYS = ('uid', 'sequence', 'candidate_id', 'employer_id', 'vacancy_id', 'table_no',
         'start_minute', 'end_minute')
_BATCH = 1000

version_t = sa.table(
    'schedule_version', sa.column('id', sa.Integer), sa.column('snapshot', sa.JSON),
)


def upgrade():
    entry_t = op.create_table(
        'published_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('interview_id', sa.Integer(), nullable=False),
        sa.Column('uid', sa.String(length=64), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('employer_id', sa.Integer(), nullable=False),
        sa.Column('vacancy_id', sa.Integer(), nullable=False),
        sa.Column('table_no', sa.Integer(), nullable=False),
        sa.Column('start_minute', sa.Integer(), nullable=False),
        sa.Column('end_minute', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['version_id'], ['schedule_version.id'],
                                name=op.f('fk_published_entry_version_id_schedule_version'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_published_entry')),
        sa.UniqueConstraint('version_id', 'interview_id',
                            name=op.f('uq_published_entry_version_id_interview_id')),
    )
    op.create_index('ix_published_entry_version_candidate', 'published_entry',
                    ['version_id', 'candidate_id'])
    op.create_index('ix_published_entry_version_employer', 'published_entry',
                    ['version_id', 'employer_id'])
    op.create_index('ix_published_entry_interview', 'published_entry', ['interview_id'])

    bind = op.get_bind()
    for version_id, snapshot in bind.execute(
        sa.select(version_t.c.id, version_t.c.snapshot).order_by(version_t.c.id)
    ).all():
        rows = [
            {'version_id': version_id, 'interview_id': entry['id'],
             **{key: entry[key] for key in _KEYS}}
            for entry in (snapshot or {}).get('interviews', [])
        ]
        for start in range(0, len(rows), _BATCH):
            bind.execute(sa.insert(entry_t), rows[start:start + _BATCH])


def downgrade():
    op.drop_index('ix_published_entry_interview', table_name='published_entry')
    op.drop_index('ix_published_entry_version_employer', table_name='published_entry')
    op.drop_index('ix_published_entry_version_candidate', table_name='published_entry')
    op.drop_table('published_entry')
