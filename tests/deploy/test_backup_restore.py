"""config/backup.sh and config/restore.sh against a real PostgreSQL server.

A private database is migrated by the app and filled with a few rows, backed up, dropped,
and restored from the dump into a new database: every table must have the same rows. The
database in TEST_DATABASE_URL serves only as the admin connection's server.
"""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from recruit import create_app
from recruit.core.cli import init_database
from recruit.extensions import db
from tests import factories
from tests.conftest import _create_postgres_database, _postgres_problem, _test_config

ROOT = Path(__file__).resolve().parents[2]
BACKUP = ROOT / "config" / "backup.sh"
RESTORE = ROOT / "config" / "restore.sh"


@pytest.fixture
def server_url() -> str:
    problem = _postgres_problem()
    if problem is not None:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but {problem}")
        pytest.skip(problem)
    return os.environ["TEST_DATABASE_URL"]


@pytest.fixture
def private_database(server_url: str) -> Iterator[tuple[str, Callable[[], None]]]:
    url, drop = _create_postgres_database(server_url)
    yield url, drop
    drop()  # idempotent (DROP DATABASE IF EXISTS)


def _fill(url: str) -> dict[str, int]:
    """Migrate like `flask db upgrade`, add an event with people; return rows per table."""
    app = create_app(_test_config(url))
    with app.app_context():
        try:
            init_database()
            event = factories.make_event(name="Backup fair")
            for _ in range(3):
                factories.make_employer(event, vacancies=2)
            for _ in range(5):
                factories.make_candidate(event)
            db.session.commit()
            return _row_counts()
        finally:
            db.session.remove()
            db.engine.dispose()


def _row_counts_of(url: str) -> dict[str, int]:
    app = create_app(_test_config(url))
    with app.app_context():
        try:
            return _row_counts()
        finally:
            db.session.remove()
            db.engine.dispose()


def _row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        tables = sa.inspect(connection).get_table_names()
        return {
            table: connection.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in tables
        }


def _run(script: Path, *args: str, url: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": os.environ["PATH"], "DATABASE_URL": url, **env}
    return subprocess.run(
        ["bash", str(script), *args], env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.postgresql
def test_backup_drop_restore_keeps_every_row(private_database, server_url, tmp_path):
    url, drop = private_database
    before = _fill(url)
    assert before["candidate"] == 5 and before["vacancy"] == 6 and before["alembic_version"] == 1

    backups = tmp_path / "backups"
    backups.mkdir()
    # Two earlier days' dumps: with BACKUP_KEEP=2 the oldest goes, the newer one stays.
    for day in ("20200301T020000Z", "20200302T020000Z"):
        (backups / f"tasmarekry-{day}.dump").write_bytes(b"")
    result = _run(BACKUP, url=url, BACKUP_DIR=str(backups), BACKUP_KEEP="2")
    assert result.returncode == 0, result.stderr
    dumps = sorted(backups.iterdir())
    assert dumps[0].name == "tasmarekry-20200302T020000Z.dump"
    assert len(dumps) == 2 and dumps[-1].stat().st_size > 0
    # Personal data: the dump is readable by its owner only.
    assert stat.S_IMODE(dumps[-1].stat().st_mode) == 0o600

    drop()
    restored_url, drop_restored = _create_postgres_database(server_url)
    try:
        result = _run(RESTORE, str(dumps[-1]), url=restored_url)
        assert result.returncode == 0, result.stderr
        assert _row_counts_of(restored_url) == before

        # A second restore over the data is refused unless asked for with --clean.
        again = _run(RESTORE, str(dumps[-1]), url=restored_url)
        assert again.returncode == 1
        assert "restore into an empty database or give --clean" in again.stderr
        clean = _run(RESTORE, "--clean", str(dumps[-1]), url=restored_url)
        assert clean.returncode == 0, clean.stderr
        assert _row_counts_of(restored_url) == before
    finally:
        drop_restored()


@pytest.mark.postgresql
def test_restore_refuses_a_file_that_is_not_a_dump(private_database, tmp_path):
    url, _drop = private_database
    not_a_dump = tmp_path / "notes.dump"
    not_a_dump.write_text("not a dump\n")
    result = _run(RESTORE, str(not_a_dump), url=url)
    assert result.returncode == 2
    assert "is not a pg_dump custom-format file" in result.stderr


def test_backup_refuses_sqlite_and_a_bad_keep_count(tmp_path):
    sqlite = _run(BACKUP, url="sqlite:///instance/recruit.sqlite3", BACKUP_DIR=str(tmp_path))
    assert sqlite.returncode == 2 and "not a PostgreSQL URL" in sqlite.stderr
    keep = _run(BACKUP, url="postgresql://x@127.0.0.1/x", BACKUP_DIR=str(tmp_path),
                BACKUP_KEEP="none")
    assert keep.returncode == 2 and "BACKUP_KEEP" in keep.stderr
    assert list(tmp_path.iterdir()) == []
