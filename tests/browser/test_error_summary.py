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


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(("lang", "field", "message"), [
    ("fi", "Etunimi", "Tämä kenttä on pakollinen."),
    ("sv", "Förnamn", "Detta fält är obligatoriskt."),
    ("en", "First name", "This field is required."),
])
def test_youth_sign_up_error_is_one_summary_naming_field_and_message(
    live_server: LiveServer, new_page: Callable[..., Any], shoot: Callable[..., Any],
    viewport: dict[str, int], lang: str, field: str, message: str,
) -> None:
    """The message is translated lazily (it is chosen before the page's language is known)."""
    with live_server.app.app_context():
        event = factories.make_event(date=dt.date.today() + dt.timedelta(days=40),
                                     signup_deadline=None)
        factories.make_employer(event, vacancies=1)
        event_id = event.id
        db.session.remove()
    page = new_page(viewport=viewport)
    page.goto(live_server.path(f"/youth/events/{event_id}/sign-up?lang={lang}"))
    page.locator("form.youth-form button[type=submit]").last.click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("[role=alert]")).to_have_count(1)
    expect(summary.locator('a[href="#first_name"]')).to_have_text(f"{field}: {message}")
    shoot(page, f"youth-error-summary-{lang}-{viewport['width']}", full_page=False)
