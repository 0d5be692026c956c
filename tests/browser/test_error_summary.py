"""A refused public form shows its errors at the top, links each to its field and takes the
focus there, on a desktop and on a phone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from recruit.extensions import db
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE, LiveServer

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import expect


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_error_summary_takes_the_focus_and_links_to_the_fields(
    live_server: LiveServer, new_page: Callable[..., Any], shoot: Callable[..., Any],
    viewport: dict[str, int],
) -> None:
    with live_server.app.app_context():
        event = factories.make_event(date=dt.date.today() + dt.timedelta(days=40),
                                     signup_deadline=None)
        event_id = event.id
        db.session.remove()
    page = new_page(viewport=viewport)
    page.goto(live_server.path(f"/employers/events/{event_id}/signup?lang=en"))
    page.get_by_label("Business ID").fill("1234567-8")
    page.get_by_role("button", name="Send the sign-up").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    box = summary.bounding_box()
    assert box is not None and box["y"] < viewport["height"]  # at the top, not below the fold
    shoot(page, f"error-summary-{viewport['width']}", full_page=False)
    summary.locator('a[href="#business_id"]').click()
    expect(page.locator("#business_id")).to_be_focused()
