"""HTTP tests of the staff event pages and the requirement-card list."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
import sqlalchemy as sa
from markupsafe import escape

from recruit.extensions import db
from recruit.models import AuditEntry, Employer, Event, RequirementCard, seed_cards


def event_form(**overrides: Any) -> dict[str, Any]:
    """A complete, valid event form as a browser would post it."""
    data: dict[str, Any] = {
        "name": "Kesätyötreffit 2027",
        "date": "2027-05-20",
        "timezone": "Europe/Helsinki",
        "venue_name": "Ohjaamo Tampere",
        "venue_address": "Hämeenkatu 1, Tampere",
        "start_time": "09:00",
        "end_time": "13:00",
        "breaks": "11:00-11:30",
        "grid_minutes": "5",
        "candidate_buffer_minutes": "10",
        "max_interviews_per_candidate": "3",
        "max_ranked_interests": "4",
        "signup_deadline": "2027-05-13T16:00",
        "languages": ["fi", "sv"],
        "organiser_email": "Tapahtumat@Example.org",
        "change_policy": "review",
        "retention_days": "90",
        "default_min_candidates": "10",
        "default_max_candidates": "25",
        "cards": [],
    }
    data.update(overrides)
    return data


def field_error(html: str, field_id: str) -> str:
    """The error text shown beside a field (the span the field's aria-describedby names)."""
    match = re.search(rf'id="{re.escape(field_id)}-error">(.*?)</span>', html, re.S)
    assert match, f"no error shown beside {field_id}"
    return match.group(1)


def event_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Event.id))) or 0


# --- login and listing --------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/staff/", "/staff/events", "/staff/events/new", "/staff/cards", "/staff/events/1",
     "/staff/events/1/edit", "/staff/events/1/copy"],
)
def test_pages_need_login(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_posts_need_login(client: Any, make_event: Any) -> None:
    response = client.post("/staff/events/new", data=event_form())
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    assert event_count() == 0


def test_event_list_splits_upcoming_and_past(logged_in_client: Any, make_event: Any) -> None:
    today = dt.date.today()
    make_event(name="Tulevat treffit", date=today + dt.timedelta(days=30))
    make_event(name="Viime vuoden treffit", date=today - dt.timedelta(days=300))
    html = logged_in_client.get("/staff/events?lang=en").get_data(as_text=True)
    upcoming, past = html.split('id="past-heading"')
    assert "Tulevat treffit" in upcoming and "Viime vuoden treffit" not in upcoming
    assert "Viime vuoden treffit" in past


def test_staff_home_redirects_to_events(logged_in_client: Any) -> None:
    response = logged_in_client.get("/staff/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/events")


# --- creating and editing -----------------------------------------------------------------


def test_create_event_saves_every_setting(logged_in_client: Any, app: Any) -> None:
    seed_cards()
    db.session.commit()
    hygiene = db.session.scalar(
        sa.select(RequirementCard).where(RequirementCard.code == "hygiene_passport")
    )
    page = logged_in_client.get("/staff/events/new?lang=en").get_data(as_text=True)
    assert "Hygiene passport" in page
    response = logged_in_client.post(
        "/staff/events/new", data=event_form(cards=[str(hygiene.id)])
    )
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert response.headers["Location"].endswith(f"/staff/events/{event.id}")
    assert (event.name, event.date) == ("Kesätyötreffit 2027", dt.date(2027, 5, 20))
    assert (event.start_minute, event.end_minute) == (540, 780)
    assert [(b.start_minute, b.end_minute) for b in event.breaks] == [(660, 690)]
    assert event.candidate_buffer_minutes == 10
    assert event.max_ranked_interests == 4
    assert event.languages == ["fi", "sv"]
    assert event.organiser_email == "tapahtumat@example.org"
    assert event.change_policy == "review"
    assert event.retention_days == 90
    assert (event.default_min_candidates, event.default_max_candidates) == (10, 25)
    assert [card.code for card in event.cards] == ["hygiene_passport"]
    # 16:00 in Helsinki in May (UTC+3) is 13:00 UTC.
    assert event.signup_deadline == dt.datetime(2027, 5, 13, 13, 0, tzinfo=dt.UTC)
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert "event.create" in actions


def test_new_event_form_offers_every_active_card_ticked(logged_in_client: Any, app: Any) -> None:
    seed_cards()
    db.session.commit()
    html = logged_in_client.get("/staff/events/new").get_data(as_text=True)
    ticked = re.findall(r'<input checked id="cards-\d+" name="cards"', html)
    assert len(ticked) == db.session.scalar(sa.select(sa.func.count(RequirementCard.id)))


@pytest.mark.parametrize(
    ("field", "value", "field_id", "expected"),
    [
        ("name", "", "name", "required"),
        ("date", "32.13.2027", "date", "date"),
        ("timezone", "Mars/Olympus", "timezone", "time zone"),
        ("start_time", "09:03", "start_time", "5-minute grid"),
        ("end_time", "08:00", "end_time", "end after they start"),
        ("breaks", "14:00-14:30", "breaks", "outside the event"),
        ("breaks", "lunch", "breaks", "start–end"),
        ("breaks", "11:00-11:30, 11:15-11:45", "breaks", "overlap"),
        ("grid_minutes", "7", "grid_minutes", "valid choice"),
        ("candidate_buffer_minutes", "-5", "candidate_buffer_minutes", "from 0 to 120"),
        ("max_interviews_per_candidate", "0", "max_interviews_per_candidate", "from 1 to 20"),
        ("max_ranked_interests", "many", "max_ranked_interests", "integer"),
        ("organiser_email", "not-an-address", "organiser_email", "e-mail address"),
        ("languages", [], "languages", "at least one language"),
        ("retention_days", "0", "retention_days", "from 1 to 3650"),
        ("default_max_candidates", "5", "default_max_candidates", "at least the minimum"),
        ("change_policy", "sometimes", "change_policy", "valid choice"),
    ],
)
def test_bad_event_input_is_shown_beside_the_field_and_nothing_is_saved(
    logged_in_client: Any, app: Any, field: str, value: Any, field_id: str, expected: str
) -> None:
    response = logged_in_client.post(
        "/staff/events/new?lang=en", data=event_form(**{field: value})
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert expected.lower() in field_error(html, field_id).lower()
    # What was typed is kept.
    assert 'value="Kesätyötreffit 2027"' in html or field == "name"
    assert event_count() == 0


def test_bad_input_message_is_translated(logged_in_client: Any, app: Any) -> None:
    response = logged_in_client.post(
        "/staff/events/new?lang=fi", data=event_form(end_time="08:00")
    )
    assert response.status_code == 400
    message = field_error(response.get_data(as_text=True), "end_time")
    assert message == "Haastattelujen on päätyttävä alkamisen jälkeen."
    response = logged_in_client.post(
        "/staff/events/new?lang=sv", data=event_form(breaks="10:00-10:03")
    )
    assert "rutnät på 5 minuter" in field_error(response.get_data(as_text=True), "breaks")


def test_edit_event_changes_settings(logged_in_client: Any, make_event: Any) -> None:
    event = make_event(breaks=[(660, 690)])
    form = logged_in_client.get(f"/staff/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="11:00-11:30"' in form
    response = logged_in_client.post(
        f"/staff/events/{event.id}/edit",
        data=event_form(name="Uusi nimi", breaks="", grid_minutes="5",
                        candidate_buffer_minutes="5"),
    )
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.name == "Uusi nimi"
    assert event.breaks == []
    assert "event.update" in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_grid_and_buffer_are_fixed_once_interviews_exist(
    logged_in_client: Any, make_interview: Any
) -> None:
    interview = make_interview()
    event = interview.event
    response = logged_in_client.post(
        f"/staff/events/{event.id}/edit?lang=en",
        data=event_form(grid_minutes="10", candidate_buffer_minutes="5"),
    )
    assert response.status_code == 400
    assert ("1 interview is scheduled on the current grid "
            f"({interview.employer.company_name}: 1)") in html.unescape(
        field_error(response.get_data(as_text=True), "grid_minutes"))
    db.session.refresh(event)
    assert event.grid_minutes == 5


def test_unknown_event_is_404(logged_in_client: Any, app: Any) -> None:
    for path in ("/staff/events/999", "/staff/events/999/edit", "/staff/events/999/copy"):
        assert logged_in_client.get(path).status_code == 404


def test_event_detail_counts(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_candidate: Any,
    make_interview: Any, make_vacancy: Any,
) -> None:
    event = make_event()
    employer = make_employer(event)
    make_employer(event, status="pending")
    vacancy = make_vacancy(employer)
    make_candidate(event, status="unverified")
    candidate = make_candidate(event, priority=True)
    make_interview(candidate, vacancy)
    html = logged_in_client.get(f"/staff/events/{event.id}?lang=en").get_data(as_text=True)
    counts = dict(re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", html))
    assert counts["Employers approved"] == "1"
    assert counts["Employers pending"] == "1"
    assert counts["Employers rejected"] == "0"
    assert counts["Vacancies"] == "1"
    assert counts["Young people signed up"] == "1"
    assert counts["E-mail not confirmed"] == "1"
    assert counts["Priority young people"] == "1"
    assert counts["Interviews"] == "1"
    assert counts["Young people with an interview"] == "1"


# --- copying ------------------------------------------------------------------------------


def test_copy_event_with_employers(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any,
) -> None:
    source = make_event(breaks=[(660, 690)], cards=["hygiene_passport"], max_ranked_interests=5)
    approved = make_employer(source, breaks=[(700, 710)])
    make_vacancy(approved, requires=["hygiene_passport"], title="Kokki")
    make_employer(source, status="rejected")
    make_candidate(source)
    page = logged_in_client.get(f"/staff/events/{source.id}/copy").get_data(as_text=True)
    assert 'value="2028-03-12"' in page
    response = logged_in_client.post(
        f"/staff/events/{source.id}/copy",
        data={"name": "Treffit 2028", "date": "2028-03-10", "copy_employers": "y"},
    )
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Event).where(Event.name == "Treffit 2028"))
    assert response.headers["Location"].endswith(f"/staff/events/{copy.id}/edit")
    assert copy.max_ranked_interests == 5
    assert [(b.start_minute, b.end_minute) for b in copy.breaks] == [(660, 690)]
    assert [card.code for card in copy.cards] == ["hygiene_passport"]
    assert copy.signup_deadline == source.signup_deadline + dt.timedelta(days=364)
    assert copy.candidates == []
    [employer] = copy.employers
    assert employer.status == "pending"
    assert employer.company_name == approved.company_name
    assert [(w.kind, w.start_minute) for w in employer.windows] == [
        ("available", 540), ("break", 700)]
    [vacancy] = employer.vacancies
    assert vacancy.title == "Kokki"
    assert [card.code for card in vacancy.requirements] == ["hygiene_passport"]


def test_copy_event_without_employers_and_bad_date(
    logged_in_client: Any, make_event: Any, make_employer: Any
) -> None:
    source = make_event()
    make_employer(source)
    response = logged_in_client.post(
        f"/staff/events/{source.id}/copy?lang=en", data={"name": "X", "date": "soon"}
    )
    assert response.status_code == 400
    assert "date" in field_error(response.get_data(as_text=True), "date").lower()
    assert event_count() == 1
    response = logged_in_client.post(
        f"/staff/events/{source.id}/copy", data={"name": "Ilman", "date": "2028-01-10"}
    )
    assert response.status_code == 302
    copy = db.session.scalar(sa.select(Event).where(Event.name == "Ilman"))
    assert db.session.scalar(
        sa.select(sa.func.count(Employer.id)).where(Employer.event_id == copy.id)
    ) == 0


# --- requirement cards --------------------------------------------------------------------


def test_add_and_deactivate_a_card(logged_in_client: Any, app: Any) -> None:
    response = logged_in_client.post(
        "/staff/cards",
        data={"name_fi": "Vartijakortti", "name_sv": "Väktarkort", "name_en": "Guard card"},
    )
    assert response.status_code == 302
    card = db.session.scalar(sa.select(RequirementCard).where(RequirementCard.code == "guard_card"))
    assert (card.name_fi, card.name_sv, card.is_active) == ("Vartijakortti", "Väktarkort", True)
    assert "Vartijakortti" in logged_in_client.get("/staff/cards").get_data(as_text=True)

    response = logged_in_client.post(f"/staff/cards/{card.id}/active", data={"active": "0"})
    assert response.status_code == 302
    db.session.refresh(card)
    assert card.is_active is False
    # A deactivated card is no longer offered for a new event.
    assert "Vartijakortti" not in logged_in_client.get("/staff/events/new").get_data(as_text=True)
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert {"card.create", "card.deactivate"} <= set(actions)


def test_same_english_name_gets_its_own_code(logged_in_client: Any, app: Any) -> None:
    for name_fi in ("Kortti A", "Kortti B"):
        logged_in_client.post("/staff/cards", data={
            "name_fi": name_fi, "name_sv": "Kort", "name_en": "Hot work card"})
    codes = db.session.scalars(
        sa.select(RequirementCard.code).order_by(RequirementCard.id)
    ).all()
    assert codes == ["hot_work_card", "hot_work_card_2"]


def test_card_form_errors_beside_fields(logged_in_client: Any, app: Any) -> None:
    response = logged_in_client.post(
        "/staff/cards?lang=en", data={"name_fi": "Kortti", "name_sv": "", "name_en": "Card"}
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "required" in field_error(html, "name_sv")
    assert 'value="Kortti"' in html
    assert db.session.scalar(sa.select(sa.func.count(RequirementCard.id))) == 0


def test_unknown_card_is_404(logged_in_client: Any, app: Any) -> None:
    assert logged_in_client.post("/staff/cards/999/active", data={"active": "0"}).status_code == 404


def test_new_hours_and_grid_must_still_fit_the_people(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any,
) -> None:
    event = make_event()
    employer = make_employer(event, company_name="Kuppi Oy", available=[(545, 780)])
    vacancies = [make_vacancy(employer) for _ in range(3)]
    make_candidate(event, windows=[(540, 600)], interests=vacancies)
    url = f"/staff/events/{event.id}/edit?lang=en"
    response = logged_in_client.post(url, data=event_form(
        start_time="09:30", end_time="12:00", grid_minutes="10", candidate_buffer_minutes="5",
        max_ranked_interests="2", breaks=""))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Kuppi Oy has times before this" in field_error(html, "start_time")
    assert "The available time of 1 young person starts before this" in field_error(
        html, "start_time")
    assert "Kuppi Oy has times after this" in field_error(html, "end_time")
    assert "do not fit this grid" in field_error(html, "grid_minutes")
    assert "already ranked 3 vacancies" in field_error(html, "max_ranked_interests")
    db.session.refresh(event)
    assert (event.start_minute, event.grid_minutes, event.max_ranked_interests) == (540, 5, 3)
    # Settings that still fit everyone are saved.
    response = logged_in_client.post(url, data=event_form(
        start_time="09:00", end_time="13:00", grid_minutes="5", candidate_buffer_minutes="5",
        max_ranked_interests="3", breaks=""))
    assert response.status_code == 302


def test_nul_characters_in_event_and_card_forms_are_dropped(
    logged_in_client: Any, app: Any
) -> None:
    # PostgreSQL refuses NUL in text; nobody types one, so it is dropped and the rest saved.
    response = logged_in_client.post("/staff/events/new", data=event_form(
        name="Kesä\x00työtreffit", venue_address="\x00Hämeenkatu 1", breaks="\x00"))
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert (event.name, event.venue_address) == ("Kesätyötreffit", "Hämeenkatu 1")
    response = logged_in_client.post("/staff/cards", data={
        "name_fi": "Vartija\x00kortti", "name_sv": "Väktarkort", "name_en": "Guard card\x00"})
    assert response.status_code == 302
    card = db.session.scalar(sa.select(RequirementCard).where(RequirementCard.code == "guard_card"))
    assert (card.name_fi, card.name_en) == ("Vartijakortti", "Guard card")


@pytest.mark.parametrize(
    ("language", "heading", "employer_label", "youth_label"),
    [
        ("fi", "Julkiset ilmoittautumislomakkeet", "Työnantajien ilmoittautumislomake",
         "Nuorten ilmoittautumislomake"),
        ("sv", "Offentliga anmälningsformulär", "Arbetsgivarnas anmälningsformulär",
         "De ungas anmälningsformulär"),
        ("en", "Public sign-up forms", "Employers' sign-up form",
         "Young people's sign-up form"),
    ],
)
def test_event_page_shows_the_public_signup_addresses_to_copy(
    logged_in_client: Any, app: Any, make_event: Any, language: str, heading: str,
    employer_label: str, youth_label: str,
) -> None:
    event = make_event()
    html = logged_in_client.get(f"/staff/events/{event.id}?lang={language}").get_data(
        as_text=True)
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert f">{heading}</h2>" in html
    for label, path in ((employer_label, f"/employers/events/{event.id}/signup"),
                        (youth_label, f"/youth/events/{event.id}/sign-up")):
        # A labelled read-only field holding the whole address (select and copy), and a link.
        field = re.search(rf'<label for="([\w-]+)">{re.escape(escape(label))}</label>', html)
        assert field, label
        assert re.search(rf'<input[^>]*id="{field.group(1)}"[^>]*readonly[^>]*'
                         rf'value="{re.escape(base + path)}"', html), path
        assert f'href="{base + path}"' in html
        # The addresses are the real public forms.
        assert logged_in_client.get(path).status_code == 200
