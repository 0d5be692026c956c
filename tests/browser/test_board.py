"""The board in a real browser: the day of 8 employers on one laptop screen, 40 employers
scrolling sideways with the time column and the headers fixed, moving an interview by dragging
it onto a highlighted cell (and a refused drop explained), and the keyboard way; on a desktop
and on a phone, with axe-core finding no serious accessibility problem.

Screenshots of the board go to docs/ (they are the product's documentation) and to
artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import Page, expect

from recruit.extensions import db
from recruit.models import Interview
from tests.browser._axe import serious_violations
from tests.browser.conftest import PHONE, LiveServer, _serving, log_in
from tests.scheduling.board_fill import demo_with_draft, vary_statuses

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
LAPTOP = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def board_server() -> Iterator[tuple[LiveServer, int, int]]:
    """A live server of its own with two drafts: the demo's 8 employers × 200 youth, and
    40 employers (with 400 youth: the board's width is what is tried here)."""
    with _serving({}) as served, served.app.app_context():
        small = demo_with_draft(8, 200, seed=2027)
        vary_statuses(small)
        large = demo_with_draft(40, 400, seed=2028)
        vary_statuses(large)
        ids = small.id, large.id
        db.session.remove()
        yield served, *ids


def _open_board(new_page: Callable[..., Page], server: LiveServer, event_id: int,
                viewport: dict[str, int], query: str = "") -> Page:
    page = new_page(viewport=viewport)
    log_in(page, server)
    page.goto(server.path(f"/staff/events/{event_id}/schedule/board{query}"))
    expect(page.locator("h1")).to_contain_text("Taulu")
    return page


def _box(page: Page, selector: str) -> dict[str, float]:
    return page.locator(selector).first.bounding_box()


def test_eight_employers_fit_a_laptop_screen(board_server, new_page, shoot) -> None:
    server, small, _large = board_server
    page = _open_board(new_page, server, small, LAPTOP)
    board = _box(page, "table.board")
    assert board["height"] <= 1.5 * LAPTOP["height"], board
    # Every status has its word in the legend, and every card its statuses in words.
    legend = page.locator(".board-legend").inner_text()
    for word in ("Luonnos", "Nuori vahvistanut", "Peruttu", "Nuoren itse varaama",
                 "Ohjaajan varaama", "Lukittu", "Ilmoittautunut paikalla"):
        assert word in legend, word
    labels = page.locator("td.card .st").evaluate_all("els => els.map(e => e.ariaLabel)")
    assert labels and all(labels)
    assert any("Lukittu" in label for label in labels)
    assert serious_violations(page) == []
    shoot(page, "board-8-employers", full_page=False)
    page.screenshot(path=str(DOCS / "board-8-employers.png"))


def test_forty_employers_scroll_sideways_with_time_and_headers_fixed(board_server, new_page,
                                                                        shoot) -> None:
    server, _small, large = board_server
    page = _open_board(new_page, server, large, LAPTOP)
    scroll = page.locator(".board-scroll")
    widths = scroll.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert widths[0] > 2 * widths[1], widths
    time_before = _box(page, "tbody th[scope=row]")
    head_before = _box(page, "thead th.board-employer")
    scroll.evaluate("el => { el.scrollLeft = 2000; el.scrollTop = 300; }")
    page.wait_for_timeout(100)
    # The time column stays at the left edge, the employers' row at the top.
    assert abs(_box(page, "thead th.board-time-head")["x"] - time_before["x"]) < 1
    assert abs(_box(page, "thead th.board-employer")["y"] - head_before["y"]) < 1
    assert serious_violations(page) == []
    page.screenshot(path=str(DOCS / "board-40-employers.png"))
    shoot(page, "board-40-employers", full_page=False)


def test_the_board_on_a_phone(board_server, new_page, shoot) -> None:
    server, small, _large = board_server
    page = _open_board(new_page, server, small, PHONE)
    # The page itself does not scroll sideways; the board does, inside its frame.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator(".board-scroll").evaluate("el => el.scrollWidth > el.clientWidth")
    assert serious_violations(page) == []
    shoot(page, "board-phone", full_page=False)


def _movable(page: Page, server: LiveServer, event_id: int) -> tuple[int, str, str, str]:
    """An interview with a free cell it may go to and a free cell it may not: (id, its
    employer, an allowed cell, a refused cell), as the board's own endpoint tells."""
    with server.app.app_context():
        rows = db.session.execute(
            sa.select(Interview.id, Interview.employer_id)
            .where(Interview.event_id == event_id, Interview.cancelled_at.is_(None),
                   Interview.source == "solver", Interview.locked.is_(False))
            .order_by(Interview.id)
        ).all()
        db.session.remove()
    free = set(page.locator("td.free").evaluate_all(
        "els => els.map(e => e.dataset.e + '/' + e.dataset.cell)"))
    for interview_id, employer_id in rows:
        data = page.request.get(server.path(
            f"/staff/events/{event_id}/schedule/interviews/{interview_id}/targets")).json()
        allowed = [t["cell"] for t in data["targets"]
                   if t["allowed"] and f"{employer_id}/{t['cell']}" in free]
        refused = [t["cell"] for t in data["targets"]
                   if not t["allowed"] and not t["current"]
                   and f"{employer_id}/{t['cell']}" in free]
        if allowed and refused:
            return interview_id, str(employer_id), allowed[0], refused[0]
    raise AssertionError("no interview with both an allowed and a refused free cell")


def _cell(page: Page, employer: str, cell: str) -> Any:
    return page.locator(f'td[data-e="{employer}"][data-cell="{cell}"]')


def _where(server: LiveServer, interview_id: int) -> str:
    with server.app.app_context():
        row = db.session.get(Interview, interview_id)
        where = f"{row.start_minute}-{row.table_no}"
        db.session.remove()
    return where


def _pick_up(page: Page, interview_id: int, over: Any) -> None:
    page.locator(f'a[data-i="{interview_id}"]').hover()
    page.mouse.down()
    over.hover()


def test_dragging_highlights_allowed_cells_and_moves(board_server, new_page, shoot) -> None:
    server, small, _large = board_server
    page = _open_board(new_page, server, small, LAPTOP)
    interview_id, employer, allowed, refused = _movable(page, server, small)
    before = _where(server, interview_id)

    # A refused drop: the cell is marked, and dropping there says why; nothing moves.
    _pick_up(page, interview_id, _cell(page, employer, refused))
    expect(page.locator("td.ok").first).to_be_visible()
    expect(_cell(page, employer, refused)).to_have_class(re.compile(r"\bno\b"))
    expect(_cell(page, employer, allowed)).to_have_class(re.compile(r"\bok\b"))
    shoot(page, "board-dragging", full_page=False)
    page.mouse.up()
    expect(page.locator("#board-message")).to_contain_text("Sinne sitä ei voi siirtää:")
    assert _where(server, interview_id) == before

    # An allowed drop moves it, and offers to lock it there.
    _pick_up(page, interview_id, _cell(page, employer, allowed))
    expect(_cell(page, employer, allowed)).to_have_class(re.compile(r"\bok\b"))
    page.mouse.up()
    expect(page.locator(".flashes")).to_contain_text("Haastattelu siirrettiin.")
    expect(page.locator(".moved-note")).to_contain_text("Lukitaanko")
    assert _where(server, interview_id) == allowed
    assert serious_violations(page) == []


def test_moving_with_the_keyboard(board_server, new_page, shoot) -> None:
    server, small, _large = board_server
    page = _open_board(new_page, server, small, LAPTOP)
    interview_id, _employer, _allowed, _refused = _movable(page, server, small)
    with server.app.app_context():
        candidate_id = db.session.get(Interview, interview_id).candidate_id
        db.session.remove()
    page.goto(server.path(f"/staff/events/{small}/schedule/board?person={candidate_id}"))
    day = page.locator("#person")
    expect(day).to_be_visible()
    link = day.locator(
        f'a[href*="/interviews/{interview_id}/place"]')
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Siirrä")
    assert serious_violations(page) == []
    first = page.locator("input[name=cell]").first
    chosen = first.get_attribute("value")
    first.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Siirrä haastattelu").focus()
    shoot(page, "board-keyboard-move", full_page=False)
    page.keyboard.press("Enter")
    expect(page.locator(".flashes")).to_contain_text("Haastattelu siirrettiin.")
    assert _where(server, interview_id) == chosen


class Finger:
    """One finger on a touch screen, through Chromium's input pipeline (CDP touch events):
    the page sees pointer events of type "touch", and the browser's own panning applies."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)

    def _touch(self, kind: str, x: float, y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        self.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    def hold_and_drag(self, start: dict[str, float], end: dict[str, float],
                      hold_ms: int = 600, steps: int = 8) -> None:
        x0, y0 = start["x"] + 6, start["y"] + 6
        x1, y1 = end["x"] + end["width"] / 2, end["y"] + end["height"] / 2
        self._touch("touchStart", x0, y0)
        self.page.wait_for_timeout(hold_ms)
        for step in range(1, steps + 1):
            self._touch("touchMove", x0 + (x1 - x0) * step / steps,
                        y0 + (y1 - y0) * step / steps)
            self.page.wait_for_timeout(30)
        self.last = (x1, y1)

    def lift(self) -> None:
        self._touch("touchEnd", *self.last)

    def swipe(self, start: dict[str, float], dx: float, dy: float) -> None:
        x0, y0 = start["x"] + 6, start["y"] + 6
        self._touch("touchStart", x0, y0)
        for step in range(1, 9):
            self._touch("touchMove", x0 + dx * step / 8, y0 + dy * step / 8)
            self.page.wait_for_timeout(20)
        self.last = (x0 + dx, y0 + dy)
        self.lift()


def _in_view(page: Page, locator: Any) -> bool:
    box = locator.bounding_box()
    frame = _box(page, ".board-scroll")
    return bool(box) and (frame["x"] + 40 <= box["x"] and box["x"] + box["width"]
                          <= frame["x"] + frame["width"] - 40
                          and frame["y"] + 50 <= box["y"] and box["y"] + box["height"]
                          <= frame["y"] + frame["height"] - 40)


def _touchable(page: Page, server: LiveServer, event_id: int) -> tuple[int, str, str, str]:
    """Like `_movable`, with the card, an allowed and a refused cell on the phone's screen
    together once the card is scrolled into view."""
    with server.app.app_context():
        rows = db.session.execute(
            sa.select(Interview.id, Interview.employer_id)
            .where(Interview.event_id == event_id, Interview.cancelled_at.is_(None),
                   Interview.source == "solver", Interview.locked.is_(False))
            .order_by(Interview.id)
        ).all()
        db.session.remove()
    for interview_id, employer_id in rows:
        card = page.locator(f'a[data-i="{interview_id}"]')
        card.scroll_into_view_if_needed()
        if not _in_view(page, card):
            continue
        data = page.request.get(server.path(
            f"/staff/events/{event_id}/schedule/interviews/{interview_id}/targets")).json()
        employer = str(employer_id)
        free = [t for t in data["targets"] if not t["current"]
                and _cell(page, employer, t["cell"]).count()
                and "free" in (_cell(page, employer, t["cell"]).get_attribute("class") or "")
                and _in_view(page, _cell(page, employer, t["cell"]))]
        allowed = [t["cell"] for t in free if t["allowed"]]
        refused = [t["cell"] for t in free if not t["allowed"]]
        if allowed and refused:
            return interview_id, employer, allowed[0], refused[0]
    raise AssertionError("no interview with an allowed and a refused free cell on screen")


def test_moving_by_touch_on_a_phone(board_server, new_page, shoot) -> None:
    server, small, _large = board_server
    page = new_page(viewport=PHONE, has_touch=True, is_mobile=True)
    log_in(page, server)
    page.goto(server.path(f"/staff/events/{small}/schedule/board"))
    expect(page.locator("h1")).to_contain_text("Taulu")
    assert page.evaluate("matchMedia('(pointer: coarse)').matches")
    finger = Finger(page)

    # A swipe that starts on a name scrolls the board and opens nothing.
    scroll = page.locator(".board-scroll")
    name = page.locator("td.card a[data-i]").first
    name.scroll_into_view_if_needed()
    left = scroll.evaluate("el => el.scrollLeft")
    finger.swipe(name.bounding_box(), -120, 0)
    page.wait_for_timeout(200)
    assert scroll.evaluate("el => el.scrollLeft") > left
    assert "person=" not in page.url

    interview_id, employer, allowed, refused = _touchable(page, server, small)
    before = _where(server, interview_id)
    card = page.locator(f'a[data-i="{interview_id}"]')

    # Held, the interview is picked up and the cells it may go to light up; dropped on a
    # refused cell, the board says why and nothing moves.
    finger.hold_and_drag(card.bounding_box(), _cell(page, employer, refused).bounding_box())
    expect(_cell(page, employer, allowed)).to_have_class(re.compile(r"\bok\b"))
    expect(_cell(page, employer, refused)).to_have_class(re.compile(r"\bno\b"))
    expect(_cell(page, employer, refused)).to_have_class(re.compile(r"\bover\b"))
    shoot(page, "board-touch-dragging", full_page=False)
    finger.lift()
    expect(page.locator("#board-message")).to_contain_text("Sinne sitä ei voi siirtää:")
    expect(page.locator("td.ok")).to_have_count(0)
    assert "person=" not in page.url
    assert _where(server, interview_id) == before

    # Dropped on an allowed cell, it moves (through the same move form as the mouse's drop).
    card.scroll_into_view_if_needed()
    target = _cell(page, employer, allowed)
    finger.hold_and_drag(card.bounding_box(), target.bounding_box())
    expect(target).to_have_class(re.compile(r"\bok\b"))
    finger.lift()
    expect(page.locator(".flashes")).to_contain_text("Haastattelu siirrettiin.")
    shoot(page, "board-touch-moved", full_page=False)
    assert _where(server, interview_id) == allowed

    # A short tap on a name still opens that person's day.
    name = page.locator("td.card a[data-i]").first
    name.scroll_into_view_if_needed()
    name.tap()
    expect(page.locator("#person")).to_be_visible()
    assert serious_violations(page) == []
