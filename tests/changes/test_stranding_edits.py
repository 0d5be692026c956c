"""After publishing, an edit of the event or of an employer that would leave scheduled
interviews where that employer can have none is refused, saying how many and whose; an edit
that keeps them all goes through and tells people what changed for them."""

from __future__ import annotations

import html
from datetime import date
from email import message_from_bytes, policy
from typing import Any

import icalendar
import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import Employer, Event, Interview, OutboxMessage
from recruit.scheduling.publishing import move_interview, publish_schedule
from tests.events.test_views import event_form, field_error
from tests.mail.conftest import point_at
from tests.people.test_views import employer_form


def _event_data(**overrides: Any) -> dict[str, Any]:
    """The scene's event as its edit form shows it."""
    data = event_form(
        name="Työnantajatreffit", date="2027-03-12", venue_name="Ohjaamo Helsinki",
        venue_address="Fredrikinkatu 48, 00100 Helsinki", start_time="08:00",
        end_time="11:00", breaks="", grid_minutes="5", candidate_buffer_minutes="5",
        max_ranked_interests="3", signup_deadline="2027-03-05T16:00",
        change_policy="automatic", languages=["fi", "sv", "en"],
    )
    data.update(overrides)
    return data


def _cafe_data(**overrides: Any) -> dict[str, Any]:
    data = employer_form(company_name="Kahvila Oy", interview_minutes="15", tables="1",
                         available="09:00-10:00", breaks="", min_candidates="0",
                         max_candidates="10")
    data.update(overrides)
    return data


@pytest.fixture
def scene(app: Any, smtp_server: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
          make_candidate: Any, make_interview: Any) -> dict[str, Any]:
    """The café interviews Aada at 9.15 and Bert at 9.30, the shop Cecilia at 9.00;
    published, mailed."""
    point_at(app, smtp_server.port)
    event = make_event(name="Työnantajatreffit", start_minute=8 * 60, end_minute=11 * 60,
                       change_policy="automatic")
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(9 * 60, 10 * 60)],
                         min_candidates=0, max_candidates=10)
    shop = make_employer(event, company_name="Kauppa Oy", available=[(9 * 60, 10 * 60)],
                         min_candidates=0, max_candidates=10)
    barista, seller = make_vacancy(cafe), make_vacancy(shop)
    aada, bert, cecilia = (make_candidate(event, open_to_other=True) for _ in range(3))
    make_interview(aada, barista, start_minute=9 * 60 + 15)
    make_interview(bert, barista, start_minute=9 * 60 + 30)
    make_interview(cecilia, seller, start_minute=9 * 60)
    publish_schedule(event, None)
    db.session.commit()
    deliver_due(app)
    return {"event": event, "cafe": cafe, "shop": shop, "youth": [aada, bert, cecilia],
            "server": smtp_server}


def _error(response: Any, field: str) -> str:
    assert response.status_code == 400
    return " ".join(html.unescape(field_error(response.get_data(as_text=True), field)).split())


def _outbox() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


# --- the event -------------------------------------------------------------------------------


def test_a_break_over_published_interviews_is_refused_naming_how_many_and_whose(
    scene: dict[str, Any], logged_in_client: Any
) -> None:
    event_id, before = scene["event"].id, _outbox()
    response = logged_in_client.post(f"/staff/events/{event_id}/edit?lang=en",
                                     data=_event_data(breaks="09:00-09:30"))
    assert _error(response, "breaks") == (
        "2 scheduled interviews (Kahvila Oy: 1, Kauppa Oy: 1) would fall outside the new "
        "hours or in a break; move them on the schedule first.")
    assert db.session.get(Event, event_id).breaks == []
    assert _outbox() == before


def test_shorter_hours_are_refused_in_finnish_too(
    scene: dict[str, Any], logged_in_client: Any
) -> None:
    event_id = scene["event"].id
    response = logged_in_client.post(f"/staff/events/{event_id}/edit?lang=fi",
                                     data=_event_data(start_time="09:20"))
    # The café's slots would start at 9.20 too (9.20, 9.35...): its 9.30 is stranded as well.
    assert "3 aikataulussa olevaa haastattelua (Kahvila Oy: 2, Kauppa Oy: 1)" in _error(
        response, "start_time")
    assert db.session.get(Event, event_id).start_minute == 8 * 60


def test_a_new_grid_is_refused_while_interviews_are_scheduled(
    scene: dict[str, Any], logged_in_client: Any
) -> None:
    event_id = scene["event"].id
    response = logged_in_client.post(f"/staff/events/{event_id}/edit?lang=en",
                                     data=_event_data(candidate_buffer_minutes="10"))
    assert _error(response, "candidate_buffer_minutes").startswith(
        "3 interviews are scheduled on the current grid (Kahvila Oy: 2, Kauppa Oy: 1)")
    assert db.session.get(Event, event_id).candidate_buffer_minutes == 5


def test_the_published_time_counts_even_when_the_draft_has_moved_on(
    scene: dict[str, Any], logged_in_client: Any
) -> None:
    """Bert was told 9.30; staff moved him to 9.45 in the draft, not yet published. A break
    over 9.30 would strand what he was told."""
    bert = scene["youth"][1]
    row = db.session.scalar(sa.select(Interview).where(Interview.candidate_id == bert.id))
    move_interview(row, start_minute=9 * 60 + 45, table_no=1, by=None)
    db.session.commit()
    response = logged_in_client.post(f"/staff/events/{scene['event'].id}/edit?lang=en",
                                     data=_event_data(breaks="09:30-09:45"))
    assert _error(response, "breaks").startswith("1 scheduled interview (Kahvila Oy: 1)")


def test_an_edit_that_keeps_every_interview_is_saved_and_told(
    app: Any, scene: dict[str, Any], logged_in_client: Any
) -> None:
    """Earlier start, a break where nobody is, and a new day: allowed; everyone is updated."""
    event_id, server = scene["event"].id, scene["server"]
    url = f"/staff/events/{event_id}/edit?lang=en"
    data = _event_data(start_time="07:30", breaks="10:00-10:30", date="2027-03-13")
    preview = logged_in_client.post(url, data=data)
    assert preview.status_code == 200
    assert "0 invitations, 3 updates and 0 cancellations will be sent." in " ".join(
        html.unescape(preview.get_data(as_text=True)).split())
    saved = logged_in_client.post(url, data={**data, "confirm_messages": "1"})
    assert saved.status_code == 302
    event = db.session.get(Event, event_id)
    assert (event.start_minute, event.date) == (7 * 60 + 30, date(2027, 3, 13))
    deliver_due(app)
    for person in scene["youth"]:
        last = [m for m in _calendars(server, person.email)][-1]
        assert last["method"] == "REQUEST" and int(last["vevent"]["SEQUENCE"]) == 1
        assert last["vevent"].decoded("DTSTART").date() == date(2027, 3, 13)


def _calendars(server: Any, address: str) -> list[dict[str, Any]]:
    found = []
    for item in list(server.received):
        message = message_from_bytes(item.content, policy=policy.default)
        if address not in str(message["To"]):
            continue
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                found.append({"method": str(calendar["METHOD"]),
                              "vevent": next(iter(calendar.walk("VEVENT")))})
    return found


# --- an employer -----------------------------------------------------------------------------


def _edit_cafe(client: Any, scene: dict[str, Any], **overrides: Any) -> Any:
    url = f"/staff/events/{scene['event'].id}/employers/{scene['cafe'].id}/edit?lang=en"
    return client.post(url, data=_cafe_data(**overrides))


def test_moving_the_employers_window_off_its_slots_is_refused(
    scene: dict[str, Any], logged_in_client: Any
) -> None:
    """9.05-10.00 still contains 9.15 and 9.30, but its slots are 9.05, 9.20, 9.35..."""
    response = _edit_cafe(logged_in_client, scene, available="09:05-10:00")
    assert _error(response, "available") == (
        "2 scheduled interviews (9.15, 9.30) would no longer start on one of this employer's "
        "interview slots; move them on the schedule first.")
    windows = db.session.get(Employer, scene["cafe"].id).available
    assert [(w.start_minute, w.end_minute) for w in windows] == [(9 * 60, 10 * 60)]


def test_a_new_interview_length_or_fewer_tables_are_refused_with_counts(
    scene: dict[str, Any], logged_in_client: Any
) -> None:
    longer = _edit_cafe(logged_in_client, scene, interview_minutes="20")
    assert _error(longer, "interview_minutes") == (
        "2 scheduled interviews are not 20 minutes long; move or remove them on the schedule "
        "first.")
    cafe = scene["cafe"]
    row = db.session.scalar(sa.select(Interview).where(Interview.employer_id == cafe.id,
                                                       Interview.start_minute == 9 * 60 + 30))
    db.session.refresh(cafe)
    cafe.tables = 2
    db.session.commit()
    move_interview(row, start_minute=9 * 60 + 15, table_no=2, by=None)
    db.session.commit()
    fewer = _edit_cafe(logged_in_client, scene, tables="1")
    assert _error(fewer, "tables") == (
        "1 scheduled interview is at a table above 1; move it first.")
    assert db.session.get(Employer, cafe.id).interview_minutes == 15


def test_an_employer_edit_that_keeps_every_slot_is_saved(
    scene: dict[str, Any], logged_in_client: Any
) -> None:
    before = _outbox()
    saved = _edit_cafe(logged_in_client, scene, available="08:45-10:30", tables="2")
    assert saved.status_code == 302
    cafe = db.session.get(Employer, scene["cafe"].id)
    assert cafe.tables == 2
    assert [(w.start_minute, w.end_minute) for w in cafe.available] == [(8 * 60 + 45, 10 * 60 + 30)]
    assert _outbox() == before  # nobody's interview changed
