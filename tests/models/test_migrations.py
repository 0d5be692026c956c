"""Migrations: an empty database upgrades to head on each engine and then matches the models."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from recruit import create_app
from recruit.events.demo import JOB_TITLES_FI
from recruit.extensions import db
from recruit.models import Candidate, Event, RequirementCard
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


def test_demo_seeds_an_event_from_the_generator_once(empty_database_url):
    app = create_app(_test_config(empty_database_url))
    runner = app.test_cli_runner()
    try:
        first = runner.invoke(args=["demo"])
        assert first.exit_code == 0, first.output
        assert "8 employers, 200 youth" in first.output
        second = runner.invoke(args=["demo"])
        assert "already there: 8 employers, 200 youth" in second.output
        password = second.output.split("password:")[1].split()[0]
        with app.app_context():
            event = db.session.scalar(sa.select(Event))
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 1
            assert len(event.employers) == 8
            assert all(
                business_id_is_valid(employer.business_id) for employer in event.employers
            )
            assert all(employer.vacancies and employer.available for employer in event.employers)
            # Sectors and job titles come from the generator: names fit what is offered.
            titles = {v.title for employer in event.employers for v in employer.vacancies}
            assert titles <= set(JOB_TITLES_FI.values())
            assert all(e.company_name.endswith(" Oy") for e in event.employers)
            candidates = db.session.scalars(sa.select(Candidate)).all()
            assert len({c.email for c in candidates}) == 200
            assert all(15 <= c.age_on(event.date) <= 29 for c in candidates)
            assert any(c.interests for c in candidates) and any(c.cards for c in candidates)
            assert sorted(c.signup_seq for c in candidates) == list(range(1, 201))
            assert event.last_signup_seq == 200
        login = app.test_client().post(
            "/auth/login", data={"email": "demo@example.org", "password": password}
        )
        assert login.status_code == 302
        # The printed private links open the employer's page and a young person's booking page.
        base = app.config["PUBLIC_BASE_URL"].rstrip("/")
        printed = [line.strip() for line in second.output.splitlines()]
        private = [line for line in printed if "/employers/link/" in line or "/youth/b/" in line]
        assert len(private) == 2, second.output
        public = [line.split()[-1] for line in printed if "/sign" in line and "http" in line]
        assert len(public) == 2, second.output
        for url in private + public:
            assert url.startswith(base)
            page = app.test_client().get(url[len(base):])
            assert page.status_code == 200, url
    finally:
        with app.app_context():
            db.engine.dispose()


def business_id_is_valid(value: str) -> bool:
    digits, check = value.split("-")
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return remainder != 1 and int(check) == (0 if remainder == 0 else 11 - remainder)


def test_ids_stay_unique_through_the_autoincrement_migrations(empty_database_url):
    """0006 and 0007 recreate `interview`, `candidate`, `employer` and `vacancy` on SQLite
    (AUTOINCREMENT): the rows that refer to them survive the recreate (its DROP would
    cascade to them), and ids a published version names are not handed out again even when
    their rows are gone (an erased person, a re-solve's deleted draft row)."""
    if not empty_database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL sequences never reuse ids; 0006 and 0007 do nothing there")
    from recruit.core import links
    from recruit.models import BookingLink, Candidate, Interview, InterviewCell, ScheduleVersion
    from recruit.people.operations import delete_candidate
    from recruit.scheduling.queries import snapshot_entry
    from tests.factories import make_candidate, make_interview

    app = create_app(_test_config(empty_database_url))
    with app.app_context():
        try:
            upgrade()
            kept = make_interview()
            links.issue(kept.candidate, "booking")
            erased = make_candidate(kept.event)
            gone = make_interview(erased, kept.vacancy, start_minute=kept.end_minute)
            gone_id, gone_start, vacancy = gone.id, gone.start_minute, kept.vacancy
            erased_id = erased.id
            db.session.add(ScheduleVersion(event_id=kept.event_id, number=1, snapshot={
                "interviews": [snapshot_entry(gone)]}))
            delete_candidate(erased)
            db.session.commit()

            def rows(model):
                return db.session.scalar(sa.select(sa.func.count()).select_from(model))

            before = (rows(InterviewCell), rows(BookingLink), rows(Candidate))
            downgrade(revision="0005_event_feed_link")
            upgrade()
            db.session.expire_all()
            assert (rows(InterviewCell), rows(BookingLink), rows(Candidate)) == before
            assert before[0] > 0 and before[1] == 1
            assert db.session.get(Interview, kept.id) is not None
            vacancy = db.session.merge(vacancy)
            newcomer = make_candidate(vacancy.employer.event)
            assert newcomer.id > erased_id
            new = make_interview(newcomer, vacancy, start_minute=gone_start)
            assert new.id > gone_id
        finally:
            db.session.remove()
            db.engine.dispose()


def _run_migration_again(app, revision: str) -> None:
    """Run one migration's upgrade on the database as it is now (a data migration)."""
    from alembic.operations import Operations

    config = app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config).get_revision(revision)
    with db.engine.begin() as connection, Operations.context(
            MigrationContext.configure(connection)):
        script.module.upgrade()


def test_told_backfill_takes_what_was_sent_so_nobody_is_invited_again(empty_database_url):
    """An event published before `told_interview` existed: the backfill reads what each person
    was sent from the outbox (or takes the published version as told), so the first change
    after the upgrade sends only what is really owed, not a second invitation to everyone."""
    from recruit.booking.operations import decline
    from recruit.changes.notify import notify_changes
    from recruit.models import Interview, OutboxMessage, ToldInterview
    from recruit.scheduling.publishing import publish_schedule
    from tests.factories import (
        make_candidate,
        make_employer,
        make_event,
        make_interview,
        make_vacancy,
    )

    app = create_app(_test_config(empty_database_url))
    with app.app_context():
        try:
            # The whole schema (later migrations add columns the models use); the backfill
            # finds nothing to fill yet. The data below is made as it was before the record.
            upgrade()
            event = make_event(start_minute=9 * 60, end_minute=11 * 60)
            vacancy = make_vacancy(make_employer(event, available=[(9 * 60, 10 * 60)]))
            aada, bert, cecilia = (make_candidate(event, interests=[vacancy]) for _ in range(3))
            for n, person in enumerate((aada, bert, cecilia)):
                make_interview(person, vacancy, start_minute=9 * 60 + 15 * n)
            publish_schedule(event, None)
            db.session.commit()
            declined = db.session.scalar(
                sa.select(Interview.id).where(Interview.candidate_id == cecilia.id))
            decline(cecilia, declined)
            # As before the record existed: the venue moved without a word to anyone, and
            # Bert's invitation has since left the outbox.
            event.venue_address = "Hämeenkatu 1, 33100 Tampere"
            db.session.execute(sa.delete(OutboxMessage).where(
                OutboxMessage.recipient == bert.email))
            db.session.execute(sa.delete(ToldInterview))
            db.session.commit()
            assert notify_changes(event, reason="check").invitations == 2  # the gap
            db.session.rollback()

            _run_migration_again(app, "0011_told_backfill")
            told = {row.candidate_id: row for row in db.session.scalars(sa.select(ToldInterview))}
            assert {told[p.id].method for p in (aada, bert)} == {"REQUEST"}
            assert told[cecilia.id].method == "CANCEL"
            assert told[aada.id].venue_address == ""  # the old address, as her calendar has it
            assert told[aada.id].start_local == "2027-03-12T09:00"
            assert told[bert.id].venue_address == "Hämeenkatu 1, 33100 Tampere"
            owed = notify_changes(event, reason="first change after the upgrade")
            assert (owed.invitations, owed.updates, owed.cancellations) == (0, 1, 0)
            db.session.rollback()
            downgrade(revision="0010_told_interview")  # a data migration: nothing to undo
            assert "told_interview" in sa.inspect(db.engine).get_table_names()
        finally:
            db.session.remove()
            db.engine.dispose()


def test_published_entry_backfill_indexes_every_version_from_its_snapshot(empty_database_url):
    """Versions published before the index existed get their rows from their snapshots: the
    pages that read the index show what those versions told people."""
    from recruit.models import PublishedEntry, ScheduleVersion
    from recruit.scheduling.publishing import publish_schedule
    from tests.factories import (
        make_candidate,
        make_employer,
        make_event,
        make_interview,
        make_vacancy,
    )

    app = create_app(_test_config(empty_database_url))
    with app.app_context():
        try:
            upgrade()
            event = make_event(start_minute=9 * 60, end_minute=11 * 60)
            vacancy = make_vacancy(make_employer(event, available=[(9 * 60, 10 * 60)]))
            people = [make_candidate(event, interests=[vacancy]) for _ in range(3)]
            rows = [make_interview(person, vacancy, start_minute=9 * 60 + 15 * n)
                    for n, person in enumerate(people)]
            publish_schedule(event, None)
            db.session.delete(rows[2])  # staff took one off the draft; version 2 lacks it
            db.session.flush()
            publish_schedule(event, None)
            db.session.commit()
            snapshots = {version.id: sorted(version.snapshot["interviews"],
                                            key=lambda e: e["id"])
                         for version in db.session.scalars(sa.select(ScheduleVersion))}
            assert sorted(len(s) for s in snapshots.values()) == [2, 3]
            db.session.remove()

            downgrade(revision="0018_draft_explanation")
            assert "published_entry" not in sa.inspect(db.engine).get_table_names()
            upgrade()

            indexed: dict[int, list[dict]] = {}
            for row in db.session.scalars(sa.select(PublishedEntry)):
                indexed.setdefault(row.version_id, []).append(row.as_entry())
            assert {v: sorted(e, key=lambda e: e["id"]) for v, e in indexed.items()} == snapshots
        finally:
            db.session.remove()
            db.engine.dispose()


def test_solve_run_summary_backfill_summarises_every_finished_build(empty_database_url):
    """0025: builds finished before the summary existed get it from their answers, the same
    summary a build writes now, so the schedule page shows their status and tiers."""
    from recruit.models import SolveRun
    from recruit.scheduling import solving
    from tests.factories import make_candidate, make_employer, make_event, make_vacancy

    app = create_app(_test_config(empty_database_url))
    with app.app_context():
        try:
            upgrade()
            event = make_event(start_minute=9 * 60, end_minute=11 * 60)
            vacancy = make_vacancy(make_employer(event, available=[(9 * 60, 10 * 60)]))
            for _ in range(3):
                make_candidate(event, interests=[vacancy])
            db.session.commit()
            run = solving.queue_run(event, None, time_limit=5)
            solving.run_solve(run.id)
            db.session.add(SolveRun(event_id=event.id, status="failed", error="internal_error"))
            db.session.commit()
            kept = {r.id: r.summary for r in db.session.scalars(sa.select(SolveRun))}
            assert kept[run.id]["status"] in ("OPTIMAL", "FEASIBLE")
            assert kept[run.id]["candidates"] == 3 and kept[run.id]["published"] == 0
            db.session.remove()

            downgrade(revision="0024_sms_outbox")
            columns = {c["name"] for c in sa.inspect(db.engine).get_columns("solve_run")}
            assert "summary" not in columns and "result" in columns
            upgrade()

            backfilled = {r.id: r.summary for r in db.session.scalars(sa.select(SolveRun))}
            assert backfilled == kept
        finally:
            db.session.remove()
            db.engine.dispose()


def test_staff_roles_keep_existing_accounts_seeing_everything(empty_database_url):
    """0020: every account that existed becomes an admin and a coordinator of every event
    that existed, so nobody loses sight of anything until roles are given; new accounts
    default to coordinator."""
    app = create_app(_test_config(empty_database_url))
    with app.app_context():
        try:
            upgrade(revision="0019_published_entry")
            with db.engine.begin() as connection:
                connection.execute(sa.text(
                    "INSERT INTO staff_user (id, email, name, password_hash, is_active,"
                    " created_at) VALUES (7, 'vanha@example.org', 'Vanha', 'x', true,"
                    " CURRENT_TIMESTAMP)"))
                connection.execute(sa.text(
                    "INSERT INTO event (id, name, date, timezone, start_minute, end_minute,"
                    " grid_minutes, candidate_buffer_minutes, max_interviews_per_candidate,"
                    " max_ranked_interests, languages, change_policy, retention_days,"
                    " default_min_candidates, default_max_candidates, last_signup_seq,"
                    " created_at, updated_at) VALUES (3, 'Vanha tapahtuma', '2027-03-12',"
                    " 'Europe/Helsinki', 540, 780, 5, 5, 3, 3, '[\"fi\"]', 'automatic', 90,"
                    " 20, 30, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            upgrade()
            with db.engine.connect() as connection:
                assert connection.execute(sa.text(
                    "SELECT role FROM staff_user WHERE id = 7")).scalar_one() == "admin"
                assert connection.execute(sa.text(
                    "SELECT event_id, staff_user_id FROM event_coordinator")).all() == [(3, 7)]
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as connection:
                    connection.execute(sa.text(
                        "INSERT INTO staff_user (email, name, password_hash, is_active,"
                        " created_at) VALUES ('uusi@example.org', 'Uusi', 'x', true,"
                        " CURRENT_TIMESTAMP)"))
                    assert connection.execute(sa.text(
                        "SELECT role FROM staff_user WHERE email = 'uusi@example.org'")
                    ).scalar_one() == "coordinator"
        finally:
            db.session.remove()
            db.engine.dispose()


def test_contact_channel_maps_a_ticked_text_box_to_both(empty_database_url):
    """0026: a sign-up that ticked "also as text messages" gets texts and e-mail as before
    ("both"), keeping its consent time; the others stay on e-mail."""
    app = create_app(_test_config(empty_database_url))
    with app.app_context():
        try:
            upgrade(revision="0025_solve_run_summary")
            with db.engine.begin() as connection:
                connection.execute(sa.text(
                    "INSERT INTO event (id, name, date, timezone, start_minute, end_minute,"
                    " grid_minutes, candidate_buffer_minutes, max_interviews_per_candidate,"
                    " max_ranked_interests, languages, change_policy, retention_days,"
                    " default_min_candidates, default_max_candidates, last_signup_seq,"
                    " created_at, updated_at) VALUES (3, 'Vanha tapahtuma', '2027-03-12',"
                    " 'Europe/Helsinki', 540, 780, 5, 5, 3, 3, '[\"fi\"]', 'automatic', 90,"
                    " 20, 30, 2, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
                for number, consent in ((1, "CURRENT_TIMESTAMP"), (2, "NULL")):
                    connection.execute(sa.text(
                        "INSERT INTO candidate (id, event_id, first_name, last_name, email,"
                        " birth_year, languages, signup_seq, sms_consent_at, created_at,"
                        f" updated_at) VALUES ({number}, 3, 'Nuori', 'Virtanen',"
                        f" 'nuori{number}@example.org', 2005, '[\"fi\"]', {number}, {consent},"
                        " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            upgrade()
            with db.engine.connect() as connection:
                rows = connection.execute(sa.text(
                    "SELECT id, contact_channel, sms_consent_at IS NOT NULL FROM candidate"
                    " ORDER BY id")).all()
            assert [(i, channel, bool(asked)) for i, channel, asked in rows] == [
                (1, "both", True), (2, "email", False)]
            downgrade(revision="0025_solve_run_summary")
            upgrade()
        finally:
            db.session.remove()
            db.engine.dispose()
