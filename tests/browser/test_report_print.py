"""The event report in Chromium: charts load under the strict Content-Security-Policy, the page
fits a 390×844 phone without sideways scrolling, and the printout fits A4 (nothing wider than
the printable width, navigation and file links left out). Screenshots and the PDF go to the
test's temporary folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from recruit.extensions import db
from tests.browser.conftest import DESKTOP, PHONE, LiveServer, log_in
from tests.reports.known_event import make_known_event

pytestmark = pytest.mark.browser

# A4 less the report's print margins (12 mm each side), in CSS pixels (96 per inch).
PRINTABLE_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)


@pytest.fixture
def report_path(live_server: LiveServer) -> str:
    with live_server.app.app_context():
        known = make_known_event(name="Tulostettavat treffit")
        path = f"/staff/reports/events/{known.event.id}?lang=en"
        db.session.remove()
    return path


def _charts_loaded(page: Any) -> list[int]:
    return page.eval_on_selector_all(
        ".report-chart img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")


def _widest_right_edge(page: Any) -> float:
    return page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('main *')]"
        ".filter(e => e.getClientRects().length)"
        ".map(e => e.getBoundingClientRect().right))")


def test_report_on_desktop_phone_and_paper(
    live_server: LiveServer, report_path: str, new_page: Callable[..., Any], tmp_path: Path,
) -> None:
    page = new_page(viewport=DESKTOP)
    log_in(page, live_server)
    page.goto(live_server.path(report_path))
    assert page.locator("h1").inner_text() == "Tulostettavat treffit"
    assert page.get_by_text("6 young people lacked the card or licence").is_visible()
    assert _charts_loaded(page) == [800, 800, 800]
    page.screenshot(path=str(tmp_path / "report-desktop.png"), full_page=True)

    phone = new_page(viewport=PHONE, storage_state=page.context.storage_state())
    phone.goto(live_server.path(report_path))
    assert _charts_loaded(phone) == [800, 800, 800]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chart_width = phone.locator(".report-chart img").first.bounding_box()["width"]
    assert chart_width <= PHONE["width"]
    phone.screenshot(path=str(tmp_path / "report-phone.png"), full_page=True)

    paper = new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1000},
                     storage_state=page.context.storage_state())
    paper.goto(live_server.path(report_path))
    paper.emulate_media(media="print")
    assert not paper.locator(".site-header").is_visible()
    assert not paper.locator(".report-actions").is_visible()
    assert paper.locator(".report-chart img").first.is_visible()
    assert _widest_right_edge(paper) <= PRINTABLE_WIDTH_PX
    for box in (paper.locator(".report-chart img").nth(i).bounding_box() for i in range(3)):
        assert box["width"] <= PRINTABLE_WIDTH_PX and box["height"] > 150
    assert paper.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_WIDTH_PX
    paper.screenshot(path=str(tmp_path / "report-print.png"), full_page=True)
    pdf = paper.pdf(path=str(tmp_path / "report.pdf"), format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 6, f"{pages} A4 pages"
    print(f"report screenshots and PDF ({pages} pages) in {tmp_path}")


def test_the_outcome_table_is_a_card_per_interview_on_a_phone(
    live_server: LiveServer, report_path: str, new_page: Callable[..., Any], tmp_path: Path,
) -> None:
    outcomes_path = report_path.replace("?lang=en", "/outcomes?lang=en")
    phone = new_page(viewport=PHONE)
    log_in(phone, live_server)
    phone.goto(live_server.path(outcomes_path))
    rows = phone.locator(".outcome-table tbody tr")
    assert rows.count() > 5
    # Every cell, the young person, the outcome and the correction link included, is on the
    # screen: eight columns used to run off it, the link last of all.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    off_screen = phone.eval_on_selector_all(
        ".outcome-table td", "cells => cells.filter(td => td.getClientRects().length"
        " && td.getBoundingClientRect().right > window.innerWidth + 1).length")
    assert off_screen == 0
    first = rows.first
    assert first.locator("td.who").is_visible()
    labels = first.locator("td[data-label]").evaluate_all(
        "cells => cells.filter(td => td.getClientRects().length).map(td => td.dataset.label)")
    assert labels[:4] == ["Employer", "Vacancy", "Table", "Outcome"]
    link = first.get_by_role("link", name=re.compile("Correct the outcome"))
    assert link.bounding_box()["height"] >= 44
    phone.screenshot(path=str(tmp_path / "outcomes-phone.png"))

    # A desktop keeps the table with its header.
    desk = new_page(viewport=DESKTOP, storage_state=phone.context.storage_state())
    desk.goto(live_server.path(outcomes_path))
    assert desk.locator(".outcome-table thead th").first.is_visible()
    assert desk.locator(".outcome-table tbody tr").first.evaluate(
        "tr => getComputedStyle(tr).display") == "table-row"
