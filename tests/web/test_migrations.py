"""Migrations: an empty database upgrades to head on each engine and then matches the models."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from recruit import create_app
from recruit.extensions import db
from recruit.models import RequirementCard
from tests.conftest import _test_config


def _schema_differences(app) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _describe(difference) -> str:
    # Column changes come as a list of tuples; table and index changes as one tuple.
    if isinstance(difference, list):
        return "; ".join(_describe(item) for item in difference)
    operation, *details = difference
    names = [getattr(d, "name", None) or str(d) for d in details if d is not None]
    return f"{operation} {' '.join(names[:3])}"


def _head(app) -> str:
    config = app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()


def test_upgrade_from_empty_matches_the_models(empty_database_url):
    app = create_app(_test_config(empty_database_url))
    with app.app_context():
        try:
            upgrade()
            differences = _schema_differences(app)
            assert not differences, (
                "the models and the migrations disagree; a model changed without a migration "
                "(run `flask db migrate -m '...'` and review it): "
                + ", ".join(_describe(d) for d in differences)
            )
            with db.engine.connect() as connection:
                version = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
                assert version.scalar_one() == _head(app)
        finally:
            db.session.remove()
            db.engine.dispose()


def test_downgrade_to_empty_and_up_again(empty_database_url):
    app = create_app(_test_config(empty_database_url))
    with app.app_context():
        try:
            upgrade()
            downgrade(revision="base")
            tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
            assert tables == set()
            upgrade()
            assert "interview_cell" in sa.inspect(db.engine).get_table_names()
        finally:
            db.session.remove()
            db.engine.dispose()


def test_init_db_migrates_and_seeds_cards(empty_database_url):
    app = create_app(_test_config(empty_database_url))
    try:
        result = app.test_cli_runner().invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "11 requirement cards added" in result.output
        again = app.test_cli_runner().invoke(args=["init-db"])
        assert "0 requirement cards added" in again.output
        with app.app_context():
            codes = set(db.session.scalars(sa.select(RequirementCard.code)))
            assert {"hygiene_passport", "driving_licence_b", "taxi_licence"} <= codes
    finally:
        with app.app_context():
            db.engine.dispose()
