"""The data model: constraints that live in the database (double booking: test_double_booking)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from recruit.core.audit import record
from recruit.extensions import db
from recruit.models import (
    AuditEntry,
    Candidate,
    Event,
    Interview,
    InterviewCell,
    RequirementCard,
    ScheduleVersion,
    StaffUser,
    TableCell,
    Vacancy,
    seed_cards,
)
from tests.factories import assert_database_refuses

# --- events ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"start_minute": 600, "end_minute": 600},  # empty day
        {"grid_minutes": 7},  # does not divide the hour
        {"start_minute": 543},  # not on the grid
        {"end_minute": 24 * 60 + 5},  # past midnight
        {"candidate_buffer_minutes": -5},
        {"max_interviews_per_candidate": 0},
        {"default_min_candidates": 31, "default_max_candidates": 30},
        {"change_policy": "sometimes"},
        {"retention_days": 0},
    ],
)
def test_event_checks_refuse_impossible_settings(app, make_event, changes):
    event = make_event()
    for name, value in changes.items():
        setattr(event, name, value)
    assert_database_refuses()


def test_event_defaults_and_local_time(app, make_event):
    event = make_event(date=dt.date(2027, 3, 28))  # the night clocks go forward in Finland
    assert (event.default_min_candidates, event.default_max_candidates) == (20, 30)
    assert event.timezone == "Europe/Helsinki"
    assert event.local_datetime(9 * 60).utcoffset() == dt.timedelta(hours=3)
    assert event.local_datetime(9 * 60).astimezone(dt.UTC).hour == 6


def test_signup_numbers_rise_and_never_repeat(app, make_event, make_candidate):
    event, other = make_event(), make_event()
    first, second = make_candidate(event), make_candidate(event)
    elsewhere = make_candidate(other)
    assert (first.signup_seq, second.signup_seq, elsewhere.signup_seq) == (1, 2, 1)
    with pytest.raises(IntegrityError):
        make_candidate(event, signup_seq=2)
    db.session.rollback()


def test_concurrent_signups_get_distinct_numbers(app, make_event):
    event_id = make_event().id
    numbers: list[int] = []
    barrier = threading.Barrier(8)

    def sign_up() -> None:
        with app.app_context():
            event = db.session.get(Event, event_id)
            barrier.wait(timeout=30)
            numbers.append(event.allocate_signup_seq())
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=sign_up) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(numbers) == list(range(1, 9))


def test_timestamps_are_utc_aware_and_naive_ones_are_refused(app, make_event):
    event = make_event(signup_deadline=dt.datetime(2027, 3, 5, 23, 0, tzinfo=dt.UTC))
    db.session.expire_all()
    fetched = db.session.get(Event, event.id)
    assert fetched.signup_deadline == dt.datetime(2027, 3, 5, 23, 0, tzinfo=dt.UTC)
    assert fetched.created_at.tzinfo is not None
    fetched.signup_deadline = dt.datetime(2027, 3, 5, 23, 0)
    with pytest.raises(StatementError, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_deleting_an_event_deletes_everything_in_it(app, make_interview):
    interview = make_interview()
    event_id = interview.event_id
    db.session.delete(db.session.get(Event, event_id))
    db.session.commit()
    for model in (Interview, InterviewCell, TableCell, Candidate, Vacancy):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RequirementCard)) > 0


# --- cards, employers, candidates ------------------------------------------------------------


def test_cards_are_seeded_once_with_three_languages(app):
    seed_cards()
    assert seed_cards() == 0
    card = db.session.scalar(
        sa.select(RequirementCard).where(RequirementCard.code == "hygiene_passport")
    )
    assert card.name_for("fi") == "Hygieniapassi"
    assert card.name_for("sv_FI") == "Hygienpass"
    assert card.name_for("en") == "Hygiene passport"
    assert card.name_for(None) == "Hygieniapassi"
    assert_database_refuses(
        RequirementCard(code="hygiene_passport", name_fi="a", name_sv="b", name_en="c")
    )


def test_card_in_use_cannot_be_deleted(app, make_employer, make_event, make_vacancy):
    vacancy = make_vacancy(make_employer(make_event(cards=[])), requires=["forklift_card"])
    db.session.delete(vacancy.requirements[0])
    assert_database_refuses()


def test_employer_checks(app, make_employer, make_event):
    event = make_event()
    for changes in (
        {"tables": 0},
        {"interview_minutes": 0},
        {"status": "maybe"},
        {"min_candidates": 10, "max_candidates": 5},
    ):
        employer = make_employer(event)
        for name, value in changes.items():
            setattr(employer, name, value)
        assert_database_refuses()


def test_one_signup_per_address_and_event(app, make_event, make_candidate):
    event = make_event()
    make_candidate(event, email="aino@example.org")
    make_candidate(make_event(), email="aino@example.org")  # another event is fine
    # The same address again, and in capitals: addresses are stored lower-case, so "AINO@"
    # cannot slip past the unique index either.
    for seq, email in ((99, "aino@example.org"), (100, "AINO@example.org")):
        assert_database_refuses(
            Candidate(
                event=event,
                first_name="A",
                last_name="B",
                email=email,
                birth_year=2005,
                signup_seq=seq,
            )
        )


def test_ranked_interests_are_unique_per_rank_and_vacancy(
    app, make_event, make_employer, make_vacancy, make_candidate
):
    event = make_event()
    employer = make_employer(event)
    first, second = make_vacancy(employer), make_vacancy(employer)
    candidate = make_candidate(event, interests=[first, second])
    assert [i.vacancy_id for i in candidate.interests] == [first.id, second.id]
    candidate.interests[1].rank = 1
    assert_database_refuses()
    candidate = db.session.get(Candidate, candidate.id)
    candidate.interests[1].vacancy = first
    assert_database_refuses()


def test_age_on_event_day_counts_from_birth_year(app, make_event, make_candidate):
    event = make_event(date=dt.date(2027, 3, 12))
    assert make_candidate(event, birth_year=2012).age_on(event.date) == 15
    assert make_candidate(event, birth_year=1998).age_on(event.date) == 29


# --- published versions, users, audit --------------------------------------------------------


def test_published_versions_are_numbered_and_immutable(app, make_event):
    event = make_event()
    version = ScheduleVersion(event_id=event.id, number=1, snapshot={"interviews": []})
    db.session.add(version)
    db.session.commit()
    assert_database_refuses(ScheduleVersion(event_id=event.id, number=1, snapshot={}))
    version = db.session.get(ScheduleVersion, version.id)
    version.snapshot = {"interviews": [1]}
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()


def test_staff_passwords_are_argon2_and_emails_unique(app, make_staff_user):
    user = make_staff_user(email="tiina@example.org", password="a long passphrase")
    assert user.password_hash.startswith("$argon2id$")
    assert user.check_password("a long passphrase")
    assert not user.check_password("a long passphrasE")
    assert StaffUser.by_email("  TIINA@example.org ") == user
    assert_database_refuses(StaffUser(email="tiina@example.org", name="x", password_hash="x"))


def test_audit_entries_hold_ids_not_personal_data(app, make_candidate, make_event, staff_user):
    candidate = make_candidate(make_event(), first_name="Aino", email="aino.k@example.org")
    entry = record("candidate.update", candidate, staff_user)
    db.session.commit()
    stored = db.session.get(AuditEntry, entry.id)
    assert (stored.object_type, stored.object_id, stored.event_id) == (
        "candidate",
        candidate.id,
        candidate.event_id,
    )
    assert stored.staff_user_id == staff_user.id
    row = db.session.execute(sa.select(AuditEntry.__table__).where(AuditEntry.id == entry.id)).one()
    assert "Aino" not in repr(row) and "aino.k" not in repr(row)


def test_each_test_starts_with_an_empty_database(app):
    # Earlier tests wrote plenty; the fixtures must have removed every row of every table.
    for table in db.metadata.sorted_tables:
        count = db.session.scalar(sa.select(sa.func.count()).select_from(table))
        assert count == 0, f"{table.name} still holds {count} rows from an earlier test"


def test_a_deleted_interviews_id_is_never_given_to_a_new_one(app, make_interview):
    """Published snapshots name interviews by id, and a re-solve deletes draft rows: a new
    interview must never get a deleted one's id (SQLite would, without AUTOINCREMENT)."""
    first = make_interview()
    candidate, vacancy, gone = first.candidate, first.vacancy, first.id
    db.session.delete(first)
    db.session.commit()
    again = make_interview(candidate, vacancy)
    assert again.id > gone


def test_an_erased_persons_id_is_never_given_to_a_new_sign_up(app, make_event, make_candidate):
    event = make_event()
    erased = make_candidate(event)
    gone = erased.id
    db.session.delete(erased)
    db.session.commit()
    assert make_candidate(event).id > gone
