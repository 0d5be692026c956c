"""Nobody misinformed (DESIGN §5), over random sequences of changes after publishing.

A hypothesis state machine publishes a small schedule and then changes it the ways staff and
young people do (event date, venue, time zone; moves and removals with a new publish;
declines, self-bookings, erasures). Every message goes through the outbox to a real SMTP
server. After each step: for every interview UID, the last calendar message each person
received says what is true now (start, end, place; REQUEST while it stands, CANCEL once it is
gone); SEQUENCE strictly rises per UID and person; no message arrives twice; nobody is booked
twice at once and no table holds two interviews at once.

Examples and steps come from the hypothesis profile (HYPOTHESIS_PROFILE): "ci" by default,
"nightly" for the long run (`make test-nightly`).
"""

from __future__ import annotations

import itertools
import os
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa
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
from tests.mail.conftest import point_at

settings.register_profile(
    "ci", max_examples=10, stateful_step_count=12, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "nightly", max_examples=200, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SLOTS = [9 * 60 + 15 * n for n in range(8)]  # the employer's 15-minute grid, 9.00-11.00
VENUES = ["Fredrikinkatu 48, 00100 Helsinki", "Hämeenkatu 1, 33100 Tampere"]
ZONES = ["Europe/Helsinki", "Europe/Stockholm"]
YOUTH = 4


def _calendar_of(raw: bytes) -> tuple[str, str, icalendar.Event] | None:
    message = message_from_bytes(raw, policy=policy.default)
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    if not parts:
        return None
    calendar = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
    vevent = next(iter(calendar.walk("VEVENT")))
    recipient = str(message["To"]).strip("<>").split("<")[-1].strip(">")
    return recipient, str(calendar["METHOD"]), vevent


def run_machine(app, smtp_server) -> None:
    class ChangePath(RuleBasedStateMachine):
        @initialize()
        def publish_a_schedule(self) -> None:
            self.event = factories.make_event(start_minute=9 * 60, end_minute=11 * 60)
            employer = factories.make_employer(self.event, tables=2, interview_minutes=15,
                                               available=[(9 * 60, 11 * 60)])
            self.vacancy = factories.make_vacancy(employer)
            self.youth = [factories.make_candidate(self.event, open_to_other=True)
                          for _ in range(YOUTH)]
            self.emails = {person.email for person in self.youth}
            for i, person in enumerate(self.youth[:3]):
                factories.make_interview(person, self.vacancy, start_minute=SLOTS[i])
            self._publish()

        def _publish(self) -> None:
            publishing.publish_schedule(self.event, None)
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
        def remove_and_publish(self, index: int) -> None:
            person = self._person(index)
            interview = person and self._live(person)
            if interview is None or interview.locked:
                return
            publishing.remove_interview(interview, None)
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
            delete_candidate(person)
            self._commit()

        # --- what must hold after every step ------------------------------------------------
        def _truth(self) -> dict[tuple[str, str], tuple[datetime, datetime, str]]:
            """(address, UID) → (start, end, location) of every interview people should know."""
            db.session.expire_all()
            event = db.session.get(Event, self.event.id)
            truth = {}

            def add(row: Interview, start: int, end: int, table: int) -> None:
                person = row.candidate
                if person.status == "cancelled":
                    return
                truth[(person.email, row.uid)] = (
                    event.local_datetime(start), event.local_datetime(end),
                    f"{event.venue_address}|{table}",
                )

            published = set()
            for entry in published_entries(event):
                published.add(entry["id"])
                row = db.session.get(Interview, entry["id"])
                if row is not None and row.cancelled_at is None:
                    add(row, entry["start_minute"], entry["end_minute"], entry["table_no"])
            for row in db.session.scalars(sa.select(Interview).where(
                Interview.event_id == event.id, Interview.cancelled_at.is_(None),
                Interview.source.in_(("self", "counsellor")),
            )):
                if row.id not in published:
                    add(row, row.start_minute, row.end_minute, row.table_no)
            return truth

        @invariant()
        def everyone_knows_what_is_true_now(self) -> None:
            if not hasattr(self, "event"):
                return
            last: dict[tuple[str, str], tuple[str, icalendar.Event]] = {}
            sequences: dict[tuple[str, str], list[int]] = {}
            for item in list(smtp_server.received):
                parsed = _calendar_of(item.content)
                if parsed is None or parsed[0] not in self.emails:
                    continue
                recipient, method, vevent = parsed
                key = (recipient, str(vevent["UID"]))
                last[key] = (method, vevent)
                sequences.setdefault(key, []).append(int(vevent.get("SEQUENCE", 0)))
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
            for key, seen in sequences.items():
                assert all(a < b for a, b in itertools.pairwise(seen)), (key, seen)
            counts = smtp_server.message_id_counts()
            assert max(counts.values(), default=1) == 1, "a message arrived twice"

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

    ChangePath.TestCase.settings = PROFILE
    ChangePath.TestCase().runTest()


def test_nobody_is_misinformed_after_any_sequence_of_changes(app, smtp_server) -> None:
    point_at(app, smtp_server.port)
    run_machine(app, smtp_server)
