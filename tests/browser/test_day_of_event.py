"""The event day in a real browser: staff run check-in from a phone (one tap per mark, no page
reload, counts on top), the employer's roster shows the arrival without being reloaded, and
the employer records every outcome on one form.

Screenshots `dayof-*.png` go to artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import Page, expect

from recruit.core import links
from recruit.extensions import db
from recruit.models import Interview
from recruit.people.employer_link import LINK_PURPOSE
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, log_in
from tests.employers.test_link import publish

pytestmark = pytest.mark.browser


@pytest.fixture
def todays_event(live_server: LiveServer) -> dict[str, Any]:
    """An event today (Helsinki) with two employers and three published interviews."""
    today = dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()
    with live_server.app.app_context():
        event = factories.make_event(
            name="Päivän treffit", date=today, start_minute=0, end_minute=23 * 60 + 55,
            signup_deadline=dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
        cafe = factories.make_employer(event, company_name="Kahvila Åkerö Oy", tables=2)
        shop = factories.make_employer(event, company_name="Kauppa Oy")
        barista = factories.make_vacancy(cafe, title="Barista")
        seller = factories.make_vacancy(shop, title="Myyjä")
        aino = factories.make_candidate(event, first_name="Aino", last_name="Aalto")
        ville = factories.make_candidate(event, first_name="Ville", last_name="Virta")
        rows = [
            factories.make_interview(aino, barista, start_minute=9 * 60),
            factories.make_interview(ville, barista, start_minute=9 * 60, table_no=2),
            factories.make_interview(ville, seller, start_minute=10 * 60),
        ]
        publish(event)
        _link, token = links.issue(cafe, LINK_PURPOSE)
        db.session.commit()
        scene = {"event_id": event.id, "ids": [row.id for row in rows], "token": token}
        db.session.remove()
    return scene


def _stored(server: LiveServer, interview_id: int) -> tuple[Any, ...]:
    with server.app.app_context():
        row = db.session.get(Interview, interview_id)
        values = (row.arrival, row.attended, row.outcome, row.outcome_note)
        db.session.remove()
    return values


def test_check_in_from_a_phone_and_the_employer_sees_it_live(
    live_server: LiveServer, todays_event: dict[str, Any], new_page: Callable[..., Page],
    shoot: Callable[..., Any],
) -> None:
    aino_cafe, ville_cafe, ville_shop = todays_event["ids"]
    employer = new_page(viewport=DESKTOP)
    employer.goto(live_server.path(f"/employers/link/{todays_event['token']}"))
    arrival_cell = employer.locator(f'[data-arrival="{ville_cafe}"]')
    expect(arrival_cell).to_have_text("")

    staff = new_page(viewport=PHONE)
    log_in(staff, live_server)
    staff.goto(live_server.path(f"/staff/events/{todays_event['event_id']}/check-in"))
    expect(staff.locator("[data-count=expected]")).to_have_text("3")
    # Nothing on the page is wider than the phone.
    assert staff.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(staff, "dayof-checkin-phone")

    # A marker on the page: it survives only if the page is not reloaded.
    staff.evaluate("window.stillHere = true")
    row = staff.locator(f"#interview-{ville_cafe}")
    row.get_by_role("button", name="Saapui").click()
    expect(row.locator("[data-state]")).to_have_text("Saapui")
    # Ville is here: his later interview at the shop shows it too, and the counts follow.
    expect(staff.locator(f"#interview-{ville_shop} [data-state]")).to_have_text("Saapui")
    expect(staff.locator("[data-count=arrived]")).to_have_text("2")
    expect(staff.locator("[data-count=waiting]")).to_have_text("1")
    assert staff.evaluate("window.stillHere") is True
    staff.locator(f"#interview-{aino_cafe}").get_by_role("button", name="Ei saapunut").click()
    expect(staff.locator("[data-count=no_show]")).to_have_text("1")
    shoot(staff, "dayof-checkin-phone-marked", full_page=False)
    assert _stored(live_server, ville_cafe)[0] == "arrived"
    assert _stored(live_server, aino_cafe)[0] == "no_show"

    # The employer's open page picks the arrivals up by itself (it polls; no reload).
    employer.evaluate("window.stillHere = true")
    expect(arrival_cell).to_have_text("Saapui", timeout=30_000)
    expect(employer.locator(f'[data-arrival="{aino_cafe}"]')).to_have_text("Ei saapunut")
    assert employer.evaluate("window.stillHere") is True
    shoot(employer, "dayof-employer-roster-live")

    # Search narrows the list.
    staff.get_by_label("Hae nimellä tai työnantajalla").fill("kauppa")
    staff.get_by_role("button", name="Hae").click()
    expect(staff.locator(".checkin-row")).to_have_count(1)


def test_the_employer_records_every_outcome_on_one_form_from_a_phone(
    live_server: LiveServer, todays_event: dict[str, Any], new_page: Callable[..., Page],
    shoot: Callable[..., Any],
) -> None:
    aino_cafe, ville_cafe, _shop = todays_event["ids"]
    page = new_page(viewport=PHONE)
    page.goto(live_server.path(f"/employers/link/{todays_event['token']}"))
    form = page.locator("#outcome-form")
    expect(form).to_be_visible()
    form.locator(f"#result-{aino_cafe}").select_option("hired")
    form.locator(f"#note-{aino_cafe}").fill("Aloittaa maanantaina")
    form.locator(f"#result-{ville_cafe}").select_option("second_round")
    shoot(page, "dayof-outcomes-phone")
    form.get_by_role("button", name="Tallenna kaikki tulokset").click()
    expect(page.locator(".flashes")).to_contain_text("Tallennettu. 2 haastattelua muuttui.")
    assert _stored(live_server, aino_cafe)[1:] == (True, "hired", "Aloittaa maanantaina")
    assert _stored(live_server, ville_cafe)[1:] == (True, "second_round", "")
    # The form shows what was saved.
    expect(page.locator(f"#result-{ville_cafe}")).to_have_value("second_round")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1


def test_walk_in_from_a_phone(live_server: LiveServer, todays_event: dict[str, Any],
                              new_page: Callable[..., Page], shoot: Callable[..., Any]) -> None:
    page = new_page(viewport=PHONE)
    log_in(page, live_server)
    page.goto(live_server.path(f"/staff/events/{todays_event['event_id']}/check-in"))
    page.get_by_role("link", name="Lisää paikan päälle tullut").click()
    page.get_by_label("Etunimi").fill("Kaisa")
    page.get_by_label("Sukunimi").fill("Kävijä")
    page.get_by_label("Sähköposti").fill("kaisa@example.org")
    page.get_by_label("Syntymävuosi").fill(str(dt.date.today().year - 19))
    page.get_by_role("button", name="Lisää ja varaa").click()
    # Without the consent, nothing is saved and the field says why.
    expect(page.locator(".error").first).to_contain_text("suostumus")
    page.locator("input[name=consent]").check()
    shoot(page, "dayof-walk-in-phone")
    page.get_by_role("button", name="Lisää ja varaa").click()
    page.wait_for_url(re.compile(r"/candidates/\d+/booking$"))
    # The flash names nobody (it may outlive the page); the booking page names the person.
    expect(page.locator(".flashes")).to_contain_text("Nuori lisättiin")
    expect(page.locator("main")).to_contain_text("Kaisa Kävijä")
    with live_server.app.app_context():
        from recruit.models import Candidate
        found = db.session.scalars(sa.select(Candidate).where(
            Candidate.email == "kaisa@example.org")).one()
        assert found.checked_in_at is not None
        db.session.remove()


def _inside_the_screen(page: Page, selector: str) -> list[str]:
    """Texts of the visible `selector` elements that reach past the right edge of the screen."""
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)]
        .filter(el => el.getBoundingClientRect().width > 0
                      && el.getBoundingClientRect().right > window.innerWidth + 1)
        .map(el => el.textContent.trim())""", selector)


def test_the_roster_and_the_door_list_fit_a_phone(
    live_server: LiveServer, todays_event: dict[str, Any], new_page: Callable[..., Page],
    shoot: Callable[..., Any],
) -> None:
    aino_cafe, ville_cafe, _shop = todays_event["ids"]
    with live_server.app.app_context():
        db.session.get(Interview, ville_cafe).arrival = "late"
        db.session.commit()
        db.session.remove()

    # The employer on the day: each interview a card, the arrival readable without scrolling
    # sideways (the table's last column used to sit off the screen).
    employer = new_page(viewport=PHONE)
    employer.goto(live_server.path(f"/employers/link/{todays_event['token']}"))
    arrival = employer.locator(f'[data-arrival="{ville_cafe}"]')
    expect(arrival).to_have_text("Myöhässä")
    assert _inside_the_screen(employer, ".roster td") == []
    # Each cell is labelled on the card (the table's header is off screen).
    labels = employer.locator(f"#roster-{ville_cafe} td[data-label]").evaluate_all(
        "cells => cells.map(td => [td.dataset.label, getComputedStyle(td, '::before').content])")
    assert [label for label, _content in labels] == ["Pöytä", "Työpaikka", "Saapuminen"]
    assert all(content not in ("none", "normal") for _label, content in labels)
    # No arrival yet: no empty label.
    expect(employer.locator(f'[data-arrival="{aino_cafe}"]')).to_be_hidden()
    employer.locator("#roster-heading").scroll_into_view_if_needed()
    shoot(employer, "dayof-employer-roster-phone", full_page=False)

    # Staff look someone up on the door list: a line per interview, nothing off the screen.
    staff = new_page(viewport=PHONE)
    log_in(staff, live_server)
    staff.goto(live_server.path(f"/staff/events/{todays_event['event_id']}/check-in/door-list"))
    assert staff.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert _inside_the_screen(staff, ".door-list td") == []
    # The table number says what it is (the column header is off screen).
    table_cell = staff.locator(".door-list tbody tr").first.locator("td[data-label]")
    expect(table_cell).to_have_attribute("data-label", "Pöytä")
    assert table_cell.evaluate("td => getComputedStyle(td, '::before').display") == "inline"
    shoot(staff, "dayof-door-list-phone")

    # The check-in list's Clear is thumb-high too.
    staff.goto(live_server.path(f"/staff/events/{todays_event['event_id']}/check-in"))
    heights = staff.locator(".mark-clear").evaluate_all(
        "buttons => buttons.map(b => b.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44

    # On paper and on a desktop the door list stays a table with its header.
    desk = new_page(viewport=DESKTOP, storage_state=staff.context.storage_state())
    desk.goto(live_server.path(f"/staff/events/{todays_event['event_id']}/check-in/door-list"))
    expect(desk.locator(".door-list thead th").first).to_be_visible()
    assert desk.locator(".door-list td[data-label]").first.evaluate(
        "td => getComputedStyle(td, '::before').display") == "none"
