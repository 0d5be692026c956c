"""The base stylesheet (style.css) on the public pages, in Chromium on a 390×844 phone:
danger buttons are red (not the blue of every other submit button), and a single checkbox
keeps its label beside it, the label's lines wrapping next to the box, not below it.
Screenshots `style-*.png` go to artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from recruit.core.links import issue
from recruit.extensions import db
from tests import factories
from tests.browser.conftest import PHONE, LiveServer

pytestmark = pytest.mark.browser

DANGER_RED = "rgb(164, 22, 26)"  # --bad in style.css


@pytest.fixture
def open_event(live_server: LiveServer) -> dict[str, Any]:
    """An event open for sign-up, and one signed-up young person's booking link."""
    with live_server.app.app_context():
        event = factories.make_event(
            name="Tyylitreffit", date=dt.date.today() + dt.timedelta(days=40),
            signup_deadline=None)
        factories.make_vacancy(factories.make_employer(event), title="Barista")
        person = factories.make_candidate(event, email="tyyli@example.org")
        _link, token = issue(person, "booking")
        db.session.commit()
        event_id = event.id
        db.session.remove()
    return {"event_id": event_id, "token": token}


def _beside_its_box(page: Any, check: Any) -> None:
    box = check.locator("input[type=checkbox]").bounding_box()
    label = check.locator("label").bounding_box()
    name = check.locator("label").inner_text()
    assert label["x"] >= box["x"] + box["width"], f"label left of its box: {name}"
    # The label's first line is level with the box: it starts on the box's line.
    assert label["y"] < box["y"] + box["height"], f"label below its box: {name}"
    assert label["x"] + label["width"] <= PHONE["width"], f"label past the screen: {name}"


def test_checkbox_labels_stay_beside_the_box_on_a_phone(
    live_server: LiveServer, open_event: dict[str, Any], new_page: Callable[..., Any],
    shoot: Callable[..., Any],
) -> None:
    page = new_page(viewport=PHONE)
    page.goto(live_server.path(f"/youth/events/{open_event['event_id']}/sign-up"))
    checks = page.locator("form .field-check")
    assert checks.count() >= 3  # any other job, sharing with employers, privacy
    for index in range(checks.count()):
        check = checks.nth(index)
        check.scroll_into_view_if_needed()
        _beside_its_box(page, check)
    # The long privacy label wraps over several lines beside the box.
    privacy = page.locator("form .field-check", has=page.locator("input[name=privacy]"))
    assert privacy.locator("label").bounding_box()["height"] > 40
    shoot(page, "style-youth-signup-phone")


def test_danger_buttons_are_red_on_public_pages(
    live_server: LiveServer, open_event: dict[str, Any], new_page: Callable[..., Any],
    shoot: Callable[..., Any],
) -> None:
    page = new_page(viewport=PHONE)
    page.goto(live_server.path(f"/youth/b/{open_event['token']}"))
    cancel = page.locator("#cancel button.button-danger")
    cancel.scroll_into_view_if_needed()
    colour = cancel.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour == DANGER_RED
    cancel.hover()
    hovered = cancel.evaluate("b => getComputedStyle(b).backgroundColor")
    assert hovered not in ("rgb(11, 92, 173)", "rgb(8, 63, 120)")  # the blues of --accent
    _beside_its_box(page, page.locator("#cancel .field-check"))
    shoot(page, "style-youth-booking-cancel-phone")
