"""Nobody misinformed and nobody left in silence (DESIGN §5), over random sequences of
changes after publishing.

A hypothesis state machine publishes a small schedule and then changes it the ways staff and
young people do (event date, venue, time zone; moves and removals with a new publish;
declines, self-bookings, erasures). Every message goes through the outbox to a real SMTP
server. After each step: for every interview UID, the last calendar message each person
received says what is true now (start, end, place; REQUEST while it stands, CANCEL once it is
gone); SEQUENCE strictly rises per UID and person; no message arrives twice; nobody is booked
twice at once and no table holds two interviews at once; and every young person a publish
left without an interview got the "no interview this time" message exactly once for that
spell without one (someone who declined an interview themselves is not told).

Speed: each example starts from empty tables (rows deleted in `teardown`) and reads only the
mail that arrived since the last step, so a step costs the same at step 30 of example 200 as
at the first (bench/state_machine_bench.py measures it).

Examples and steps come from the hypothesis profile (HYPOTHESIS_PROFILE): "ci" by default,
"nightly" for the long run (`make test-nightly`).
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from recruit.booking import operations as booking
from recruit.booking.free_slots import free_slots
from recruit.events.operations import settings_of, update_event
from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import Candidate, Event, Interview
from recruit.people.operations import delete_candidate
from recruit.scheduling import publishing
from recruit.scheduling.queries import published_entries
from tests import factories
from tests.mail.conftest import SMTPTestServer, point_at

_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
settings.register_profile(
    "ci", max_examples=200, stateful_step_count=30, deadline=None, suppress_health_check=_HEALTH
)
settings.register_profile(
    "nightly", max_examples=500, stateful_step_count=50, deadline=None,
    suppress_health_check=_HEALTH,
)
# A quick look while editing the machine: HYPOTHESIS_PROFILE=dev.
settings.register_profile(
    "dev", max_examples=10, stateful_step_count=12, deadline=None, suppress_health_check=_HEALTH
)

SLOTS = [9 * 60 + 15 * n for n in range(8)]  # the employer's 15-minute grid, 9.00-11.00
VENUES = ["Fredrikinkatu 48, 00100 Helsinki", "Hämeenkatu 1, 33100 Tampere"]
ZONES = ["Europe/Helsinki", "Europe/Stockholm"]
LOCALES = ["fi", "sv", "en", "fi"]
YOUTH = len(LOCALES)


def profile_for(engine: str) -> settings:
    """The hypothesis settings of this run: HYPOTHESIS_PROFILE, else "ci", the same 200 x 30
    on every database `engine`."""
    chosen = os.environ.get("HYPOTHESIS_PROFILE")
    return settings.get_profile(chosen or "ci")


@dataclass
class Inbox:
    """What the SMTP server received, read once per message as it arrives.

    `reread` reads everything again at each step with the default e-mail policy, as this
    test once did (the benchmark's baseline: its cost grows with all mail of all examples).
    """

    server: SMTPTestServer
    read: int = 0
    reread: bool = False
    last: dict[tuple[str, str], tuple[str, icalendar.Event]] = field(default_factory=dict)
    sequences: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    message_ids: Counter[str] = field(default_factory=Counter)
    subjects: dict[str, list[str]] = field(default_factory=dict)

    def catch_up(self) -> None:
        if self.reread:
            self.read = 0
            self.last, self.sequences, self.subjects = {}, {}, {}
            self.message_ids = Counter()
        with self.server.lock:
            arrived = self.server.received[self.read:]
            self.read += len(arrived)
        for item in arrived:
            # The compat32 parser: the default policy's header objects cost ten times more.
            message = message_from_bytes(
                item.content, policy=policy.default if self.reread else policy.compat32)
            self.message_ids[str(message["Message-ID"])] += 1
            recipient = parseaddr(str(message["To"]))[1]
            calendars = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
            if not calendars:
                subject = str(make_header(decode_header(str(message["Subject"]))))
                self.subjects.setdefault(recipient, []).append(subject)
                continue
            calendar = icalendar.Calendar.from_ical(calendars[0].get_payload(decode=True))
            vevent = next(iter(calendar.walk("VEVENT")))
            key = (recipient, str(vevent["UID"]))
            self.last[key] = (str(calendar["METHOD"]), vevent)
            self.sequences.setdefault(key, []).append(int(vevent.get("SEQUENCE", 0)))


def _left_out_subject(locale: str, event_name: str) -> str:
    with force_locale(locale):
        return str(_("No interview for you yet at %(event)s", event=event_name))


def _delete_all_rows() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    db.session.expunge_all()


def run_machine(
    app: Flask, smtp_server: SMTPTestServer, profile: settings, *, baseline: bool = False
) -> None:
    """Run the state machine with `profile`. `baseline` (for bench/state_machine_bench.py)
    runs it the way it once ran: all mail re-read at every step, and every example's rows
    left in the database for the next."""

    class ChangePath(RuleBasedStateMachine):
        @initialize()
        def publish_a_schedule(self) -> None:
            self.inbox = Inbox(smtp_server, reread=baseline)
            if not baseline:
                self.inbox.read = len(smtp_server.received)
            self.event = factories.make_event(start_minute=9 * 60, end_minute=11 * 60, cards=())
            employer = factories.make_employer(self.event, tables=2, interview_minutes=15,
                                               available=[(9 * 60, 11 * 60)])
            self.vacancy = factories.make_vacancy(employer)
            self.youth = [factories.make_candidate(self.event, open_to_other=True, locale=locale)
                          for locale in LOCALES]
            self.emails = {person.email for person in self.youth}
            self.locales = {person.email: person.locale for person in self.youth}
            self.left_out_subjects = {
                locale: _left_out_subject(locale, self.event.name) for locale in set(LOCALES)
            }
            # The model of who is owed the left-out message: one per spell without an
            # interview that a publish started, none for someone who declined or was erased.
            self.owed: Counter[str] = Counter()
            self.told_this_spell: set[str] = set()
            self.declined: set[str] = set()
            self.erased: set[str] = set()
            for i, person in enumerate(self.youth[:3]):
                factories.make_interview(person, self.vacancy, start_minute=SLOTS[i])
            self._publish()

        def teardown(self) -> None:
            if not baseline:
                _delete_all_rows()

        def _publish(self) -> None:
            publishing.publish_schedule(self.event, None)
            with_interview = set(db.session.scalars(
                sa.select(Candidate.email).join(Interview, Interview.candidate_id == Candidate.id)
                .where(Interview.event_id == self.event.id, Interview.cancelled_at.is_(None))))
            for email in self.emails - self.erased:
                if email in with_interview:
                    self.told_this_spell.discard(email)
                elif email not in self.declined and email not in self.told_this_spell:
                    self.owed[email] += 1
                    self.told_this_spell.add(email)
            self._commit()

        def _commit(self) -> None:
            db.session.commit()
            deliver_due(app)

        def _person(self, index: int) -> Candidate | None:
            return db.session.get(Candidate, self.youth[index % YOUTH].id)

        def _live(self, person: Candidate) -> Interview | None:
            return db.session.scalar(sa.select(Interview).where(
                Interview.candidate_id == person.id, Interview.cancelled_at.is_(None)))

        # --- staff change the event ---------------------------------------------------------
        @rule(days=st.integers(min_value=1, max_value=3))
        def change_the_date(self, days: int) -> None:
            new = settings_of(self.event)
            new.date = self.event.date + timedelta(days=days)
            update_event(self.event, new)
            self._commit()

        @rule(address=st.sampled_from(VENUES))
        def change_the_address(self, address: str) -> None:
            new = settings_of(self.event)
            new.venue_address = address
            update_event(self.event, new)
            self._commit()

        @rule(zone=st.sampled_from(ZONES))
        def change_the_time_zone(self, zone: str) -> None:
            new = settings_of(self.event)
            new.timezone = zone
            update_event(self.event, new)
            self._commit()

        # --- staff edit the draft and publish -----------------------------------------------
        @rule(index=st.integers(0, YOUTH - 1), slot=st.sampled_from(SLOTS),
              table=st.integers(1, 2), publish=st.booleans())
        def move(self, index: int, slot: int, table: int, publish: bool) -> None:
            person = self._person(index)
            interview = person and self._live(person)
            if interview is None:
                return
            try:
                publishing.move_interview(interview, start_minute=slot, table_no=table, by=None)
            except publishing.ScheduleError:
                db.session.rollback()
                return
            self._publish() if publish else self._commit()

        @rule(index=st.integers(0, YOUTH - 1))
        def unlock(self, index: int) -> None:
            person = self._person(index)
            interview = person and self._live(person)
            if interview is None or not interview.locked:
                return
            publishing.set_locked(interview, False, None)
            self._commit()

        @rule(index=st.integers(0, YOUTH - 1), publish=st.booleans())
        def remove(self, index: int, publish: bool) -> None:
            person = self._person(index)
            interview = person and self._live(person)
            if interview is None or interview.locked:
                return
            publishing.remove_interview(interview, None)
            self._publish() if publish else self._commit()

        @rule()
        def publish_again(self) -> None:
            self._publish()

        # --- young people act ---------------------------------------------------------------
        @rule(index=st.integers(0, YOUTH - 1))
        def decline(self, index: int) -> None:
            person = self._person(index)
            interview = person and self._live(person)
            if interview is None:
                return
            try:
                booking.decline(person, interview.id)
            except booking.NotVisible:
                db.session.rollback()
                return
            self.declined.add(person.email)
            self._commit()

        @rule(index=st.integers(0, YOUTH - 1), pick=st.integers(0, 20))
        def self_book(self, index: int, pick: int) -> None:
            person = self._person(index)
            if person is None or self._live(person) is not None:
                return
            now = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))
            slots = free_slots(person, now=now)
            if not slots:
                return
            slot = slots[pick % len(slots)]
            try:
                booking.book(person, slot.vacancy_id, slot.start_minute, now=now)
            except (booking.BookingError, booking.SlotTaken):
                db.session.rollback()
                return
            self._commit()

        @rule(index=st.integers(0, YOUTH - 1))
        def erase(self, index: int) -> None:
            person = self._person(index)
            if person is None:
                return
            self.erased.add(person.email)
            delete_candidate(person)
            self._commit()

        # --- what must hold after every step ------------------------------------------------
        def _truth(self) -> dict[tuple[str, str], tuple[datetime, datetime, str]]:
            """(address, UID) → (start, end, location) of every interview people should know."""
            db.session.expire_all()
            event = db.session.get(Event, self.event.id)
            truth = {}

            def add(person_id: int, uid: str, start: int, end: int, table: int) -> None:
                person = db.session.get(Candidate, person_id)
                if person is None or person.status == "cancelled":
                    return
                truth[(person.email, uid)] = (
                    event.local_datetime(start), event.local_datetime(end),
                    f"{event.venue_address}|{table}",
                )

            published = set()
            for entry in published_entries(event):
                published.add(entry["id"])
                row = db.session.get(Interview, entry["id"])
                # Taken off the draft (no row) it stands until the next publish; cancelled
                # by the person, it is gone at once.
                if row is None or row.cancelled_at is None:
                    add(entry["candidate_id"], entry["uid"], entry["start_minute"],
                        entry["end_minute"], entry["table_no"])
            for row in db.session.scalars(sa.select(Interview).where(
                Interview.event_id == event.id, Interview.cancelled_at.is_(None),
                Interview.source.in_(("self", "counsellor")),
            )):
                if row.id not in published:
                    add(row.candidate_id, row.uid, row.start_minute, row.end_minute, row.table_no)
            return truth

        @invariant()
        def everyone_knows_what_is_true_now(self) -> None:
            if not hasattr(self, "event"):
                return
            inbox = self.inbox
            inbox.catch_up()
            last = {key: value for key, value in inbox.last.items() if key[0] in self.emails}
            truth = self._truth()
            for key, (start, end, place) in truth.items():
                assert key in last, f"never told of an interview it has: {key}"
                method, vevent = last[key]
                assert method == "REQUEST", (key, method)
                assert vevent.decoded("DTSTART") == start, (key, vevent.decoded("DTSTART"), start)
                assert vevent.decoded("DTEND") == end
                address, table = place.split("|")
                location = str(vevent["LOCATION"])
                assert address in location and location.endswith(f" {table}"), location
            for key, (method, _vevent) in last.items():
                if key not in truth:
                    assert method == "CANCEL", f"{key} is gone but its last message is {method}"
            for key, seen in inbox.sequences.items():
                assert all(a < b for a, b in itertools.pairwise(seen)), (key, seen)
            assert max(inbox.message_ids.values(), default=1) == 1, "a message arrived twice"

        @invariant()
        def nobody_left_out_is_left_in_silence(self) -> None:
            if not hasattr(self, "event"):
                return
            self.inbox.catch_up()
            for email in self.emails:
                subject = self.left_out_subjects[self.locales[email]]
                got = self.inbox.subjects.get(email, []).count(subject)
                assert got == self.owed[email], (
                    f"{email} got the left-out message {got} times, owed {self.owed[email]}")

        @invariant()
        def nobody_is_booked_twice(self) -> None:
            if not hasattr(self, "event"):
                return
            rows = db.session.scalars(sa.select(Interview).where(
                Interview.event_id == self.event.id, Interview.cancelled_at.is_(None))).all()
            for n, a in enumerate(rows):
                for b in rows[n + 1:]:
                    overlap = a.start_minute < b.end_minute and b.start_minute < a.end_minute
                    assert not (overlap and a.candidate_id == b.candidate_id)
                    assert not (overlap and (a.employer_id, a.table_no)
                                == (b.employer_id, b.table_no))

    ChangePath.TestCase.settings = profile
    ChangePath.TestCase().runTest()


def test_nobody_is_misinformed_after_any_sequence_of_changes(
    app: Flask, smtp_server: SMTPTestServer
) -> None:
    point_at(app, smtp_server.port)
    run_machine(app, smtp_server, profile_for(db.engine.dialect.name))
