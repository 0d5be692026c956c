"""A young person books a time at a fair in a real browser, on a phone and on a desktop.

At a fair her booking page lists the employers she may still book with, one row each (the
company, the jobs, how many free times and the first); a row leads, by keyboard too, to that
employer's own page of times, where she books one. axe-core finds no serious accessibility
problem on either page. Screenshots `fair-*.png` go to artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import Page, expect

from recruit.core import links
from recruit.extensions import db
from recruit.scheduling.publishing import publish_schedule
from tests import factories
from tests.browser._axe import serious_violations
from tests.browser.conftest import DESKTOP, PHONE, LiveServer

pytestmark = pytest.mark.browser

EVENT_DATE = dt.date.today() + dt.timedelta(days=40)
# Eight employers, 9.00–12.00 in 15-minute slots: far more free times than a page of buttons.
COMPANIES = ("Apteekki Aalto", "Bussi Oy", "Catering Cilla", "Datatalo", "Elokuvateatteri Eliel",
             "Fysioterapia Forsman", "Grilli Gunilla", "Hotelli Helmi")


@pytest.fixture
def fair_token(live_server: LiveServer) -> str:
    """A published fair; she has one interview (at the first company) and a booking link."""
    with live_server.app.app_context():
        event = factories.make_event(name="Työnantajatreffit", date=EVENT_DATE,
                                     signup_deadline=None, start_minute=9 * 60,
                                     end_minute=12 * 60)
        vacancies = []
        for company in COMPANIES:
            employer = factories.make_employer(event, company_name=company,
                                               available=[(9 * 60, 12 * 60)],
                                               min_candidates=1, max_candidates=20)
            vacancies.append(factories.make_vacancy(employer, title="Kesätyöntekijä"))
        factories.make_vacancy(vacancies[1].employer, title="Asiakaspalvelija")
        person = factories.make_candidate(event, first_name="Maija", open_to_other=True)
        factories.make_interview(person, vacancies[0], start_minute=9 * 60)
        publish_schedule(event, None)
        _link, token = links.issue(person, "booking")
        db.session.commit()
        db.session.remove()
    return token


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url}: {overflow} px wider than the window"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_she_chooses_an_employer_then_books_one_of_its_times(
    live_server: LiveServer, fair_token: str, new_page: Callable[..., Page],
    shoot: Callable[..., Any], viewport: dict[str, int],
) -> None:
    size = "phone" if viewport == PHONE else "desktop"
    page = new_page(viewport=viewport)
    page.goto(live_server.path(f"/youth/b/{fair_token}"))
    book = page.locator("#book")
    rows = book.locator("a.offer")
    expect(rows).to_have_count(len(COMPANIES) - 1)  # not the one she has an interview with
    expect(book.get_by_role("button")).to_have_count(0)
    second = rows.filter(has_text=COMPANIES[1])
    expect(second).to_contain_text("Asiakaspalvelija, Kesätyöntekijä")
    # After her 9.00–9.15 and the five-minute buffer the first free time is 9.30.
    expect(second).to_contain_text("10 vapaata aikaa, ensimmäinen 9.30–9.45")
    assert serious_violations(page) == []
    _no_sideways_scroll(page)
    shoot(page, f"fair-booking-page-{size}")

    # By keyboard: the row is one link, reached and followed like any other.
    second.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"Vapaat ajat: {COMPANIES[1]}")
    times = page.locator("#book").get_by_role("button")
    expect(times).to_have_count(10)
    expect(page.get_by_role("radio", name="Asiakaspalvelija")).to_be_checked()
    assert serious_violations(page) == []
    _no_sideways_scroll(page)
    shoot(page, f"fair-times-page-{size}")

    page.get_by_role("radio", name="Kesätyöntekijä").check()
    page.get_by_role("button", name="Varaa 10.00–10.15").click()
    expect(page.locator(".flashes")).to_contain_text("Varattu!")
    booked = page.locator("li.interview", has=page.locator("h3", has_text=COMPANIES[1]))
    expect(booked).to_contain_text("Kesätyöntekijä")
    expect(booked).to_contain_text("10.00–10.15")
    expect(page.locator("#book a.offer")).to_have_count(len(COMPANIES) - 2)
    shoot(page, f"fair-booked-{size}")
