"""Printables of the event day in Chromium's print: one employer's full roster fits one A4
sheet, and the door list prints on A4 with its header on every page and nothing wider than the
paper. The PDFs go to the test's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from recruit.core import links
from recruit.extensions import db
from recruit.people.employer_link import LINK_PURPOSE
from tests import factories
from tests.browser.conftest import LiveServer, log_in
from tests.employers.test_link import publish

pytestmark = pytest.mark.browser

# A4 less 12 mm print margins each side, in CSS pixels (96 per inch).
PRINTABLE_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)
ROSTER_SIZE = 30  # the most candidates an employer usually meets


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.fixture
def full_day(live_server: LiveServer) -> dict[str, Any]:
    """One employer with 30 interviews (two tables, 09:00–12:45), and 60 more at another."""
    with live_server.app.app_context():
        event = factories.make_event(
            name="Tulostettavat treffit", start_minute=9 * 60, end_minute=16 * 60,
            date=dt.date.today() + dt.timedelta(days=2), signup_deadline=None)
        cafe = factories.make_employer(event, company_name="Kahvila Åkerö Oy", tables=2)
        barista = factories.make_vacancy(cafe, title="Barista")
        for number in range(ROSTER_SIZE):
            person = factories.make_candidate(
                event, first_name=f"Nuori{number}", last_name="Pitkäsukunimi-Virtanen",
                share_with_employers=True,
                introduction="Kokemusta kahvilasta ja asiakaspalvelusta, hygieniapassi.")
            factories.make_interview(person, barista, start_minute=9 * 60 + 15 * (number // 2),
                                     table_no=1 + number % 2)
        shop = factories.make_employer(event, company_name="Kauppa Oy", tables=4)
        seller = factories.make_vacancy(shop, title="Myyjä")
        for number in range(60):
            factories.make_interview(factories.make_candidate(event), seller,
                                     start_minute=9 * 60 + 15 * (number // 4),
                                     table_no=1 + number % 4)
        publish(event)
        _link, token = links.issue(cafe, LINK_PURPOSE)
        db.session.commit()
        scene = {"event_id": event.id, "token": token}
        db.session.remove()
    return scene


def _print_view(new_page: Callable[..., Any], **options: Any) -> Any:
    page = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000}, **options)
    page.emulate_media(media="print")
    return page


def test_one_employers_roster_fits_one_a4_sheet(
    live_server: LiveServer, full_day: dict[str, Any], new_page: Callable[..., Any],
    tmp_path: Path,
) -> None:
    paper = _print_view(new_page)
    paper.goto(live_server.path(f"/employers/link/{full_day['token']}/roster"))
    assert paper.locator("table.roster tbody tr").count() == ROSTER_SIZE
    assert not paper.locator(".no-print").is_visible()
    assert paper.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_WIDTH_PX
    paper.screenshot(path="artifacts/screenshots/dayof-roster-print.png", full_page=True)
    pdf = paper.pdf(path=str(tmp_path / "roster.pdf"), format="A4", prefer_css_page_size=True)
    assert _pages(pdf) == 1, f"{_pages(pdf)} A4 pages in {tmp_path}"


def test_the_door_list_prints_on_a4(
    live_server: LiveServer, full_day: dict[str, Any], new_page: Callable[..., Any],
    tmp_path: Path,
) -> None:
    screen = new_page()
    log_in(screen, live_server)
    paper = _print_view(new_page, storage_state=screen.context.storage_state())
    paper.goto(live_server.path(f"/staff/events/{full_day['event_id']}/check-in/door-list"))
    assert paper.locator("table.door-list tbody tr").count() == ROSTER_SIZE + 60
    assert not paper.locator(".site-header").is_visible()
    assert not paper.locator(".event-nav").is_visible()
    assert paper.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_WIDTH_PX
    paper.screenshot(path=str(tmp_path / "door-list.png"), full_page=True)
    pdf = paper.pdf(path=str(tmp_path / "door-list.pdf"), format="A4",
                    prefer_css_page_size=True)
    # 90 lines of about 6 mm on 273 mm of paper: two or three sheets, not one per row.
    assert 2 <= _pages(pdf) <= 3, f"{_pages(pdf)} A4 pages in {tmp_path}"
    print(f"door list PDF ({_pages(pdf)} pages) in {tmp_path}")
