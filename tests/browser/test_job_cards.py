"""A young person compares the jobs on a phone and ranks them, with JavaScript switched off;
axe-core finds no serious accessibility problem on the cards. A screenshot goes to docs/."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import Page, expect

from recruit.extensions import db
from tests import factories
from tests.browser._axe import serious_violations
from tests.browser.conftest import DESKTOP, PHONE, LiveServer

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def jobs_event(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        event = factories.make_event(
            name="Kesätyötreffit", date=dt.date.today() + dt.timedelta(days=30),
            signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=20),
            max_ranked_interests=3)
        cafe = factories.make_employer(event, company_name="Kahvila Aroma Oy",
                                       interview_minutes=15, available=[(9 * 60, 11 * 60)])
        factories.make_vacancy(cafe, title="Barista", requires=["hygiene_passport"],
                               languages=["fi"], min_age=16,
                               description="Kahvijuomien valmistusta ja asiakaspalvelua.")
        store = factories.make_employer(event, company_name="Kauppa Kulma Oy",
                                        interview_minutes=10)
        factories.make_vacancy(store, title="Myyjä", languages=["fi", "sv"],
                               description="Kassatyötä ja hyllytystä iltaisin.")
        depot = factories.make_employer(event, company_name="Varasto Vahva Oy")
        factories.make_vacancy(depot, title="Varastotyöntekijä", requires=["forklift_card"],
                               min_age=18, description="Keräilyä ja trukkiajoa.")
        event_id = event.id
        db.session.remove()
    return event_id


def _card(page: Page, title: str) -> Any:
    return page.locator("li.job-card").filter(
        has=page.get_by_role("heading", name=title, exact=True))


def test_ranking_jobs_on_a_phone_without_javascript(
    live_server: LiveServer, jobs_event: int, new_page: Callable[..., Page],
    shoot: Callable[..., Any],
) -> None:
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(live_server.path(f"/youth/events/{jobs_event}/sign-up"))
    barista = _card(page, "Barista")
    expect(barista).to_contain_text("Kahvila Aroma Oy")
    expect(barista).to_contain_text("Hygieniapassi")
    expect(barista).to_contain_text("16 vuotta")
    expect(barista).to_contain_text("9.00–11.00")
    # The cards fit the phone: nothing is cut off sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("Etunimi").fill("Maija")
    page.get_by_label("Syntymävuosi").fill(str(dt.date.today().year - 17))
    page.get_by_label("suomi", exact=True).check()
    page.get_by_label("Hygieniapassi").check()
    _card(page, "Varastotyöntekijä").get_by_role("button", name="Valitse").click()
    _card(page, "Barista").get_by_role("button", name="Valitse").click()
    expect(page.locator("ol.my-jobs > li")).to_have_count(2)
    expect(page.locator("ol.my-jobs > li").first).to_contain_text("Varastotyöntekijä")
    # What she entered says which jobs she qualifies for, and why not.
    expect(_card(page, "Barista")).to_contain_text("Täytät vaatimukset")
    expect(_card(page, "Varastotyöntekijä")).to_contain_text("Et vielä täytä vaatimuksia")
    # Barista up to first place; what she typed is still there.
    page.locator("ol.my-jobs > li").nth(1).get_by_role("button", name="Ylös").click()
    expect(page.locator("ol.my-jobs > li").first).to_contain_text("Barista")
    expect(_card(page, "Barista")).to_contain_text("Sinun valintasi 1")
    expect(page.get_by_label("Etunimi")).to_have_value("Maija")
    page.locator("#jobs").scroll_into_view_if_needed()
    shoot(page, "youth-job-cards-phone", full_page=False)
    page.screenshot(path=str(DOCS / "youth-job-cards-phone.png"), full_page=False)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_job_cards_pass_axe(live_server: LiveServer, jobs_event: int,
                                new_page: Callable[..., Page], viewport: dict[str, int],
                                shoot: Callable[..., Any]) -> None:
    page = new_page(viewport=viewport)
    page.goto(live_server.path(f"/youth/events/{jobs_event}/sign-up"))
    _card(page, "Myyjä").get_by_role("button", name="Valitse").click()
    expect(page.locator("ol.my-jobs > li")).to_have_count(1)
    assert serious_violations(page) == []
    if viewport == DESKTOP:
        page.locator("#jobs").scroll_into_view_if_needed()
        page.screenshot(path=str(DOCS / "youth-job-cards-desktop.png"), full_page=False)
