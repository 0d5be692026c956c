"""How a young person chooses to hear from us, in Chromium on a 390×844 phone: the choice on
the sign-up form (with the error for texts to a landline), and the "How we contact you" part
of the booking page with its own page to change it and the "Stop text messages" button.
Screenshots `contact-*.png` go to artifacts/screenshots/."""

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
from recruit.models import Candidate
from tests import factories
from tests.browser.conftest import PHONE, LiveServer

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def event_and_person(live_server: LiveServer) -> dict[str, Any]:
    with live_server.app.app_context():
        event = factories.make_event(
            name="Tekstiviestitreffit", date=dt.date.today() + dt.timedelta(days=30),
            signup_deadline=None)
        factories.make_vacancy(factories.make_employer(event), title="Barista")
        person = factories.make_candidate(
            event, first_name="Iida", last_name="Viesti", email="iida.viesti@example.org",
            phone="+358401234567", contact_channel="both")
        _link, token = issue(person, "booking")
        db.session.commit()
        result = {"event_id": event.id, "token": token, "candidate_id": person.id}
        db.session.remove()
    return result


def _fits(page: Any, viewport: dict[str, int]) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page scrolls sideways ({width} px)"


def _channel(server: LiveServer, candidate_id: int) -> tuple[str, str]:
    with server.app.app_context():
        person = db.session.get(Candidate, candidate_id)
        assert person is not None
        result = (person.contact_channel, person.phone)
        db.session.remove()
    return result


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_sign_up_choice(
    texts_on: LiveServer, event_and_person: dict[str, Any], new_page: Callable[..., Any],
    shoot: Callable[..., Any], viewport: dict[str, int],
) -> None:
    size = "phone" if viewport is PHONE else "desktop"
    page = new_page(viewport=viewport)
    page.goto(texts_on.path(f"/youth/events/{event_and_person['event_id']}/sign-up?lang=en"))
    group = page.locator("#contact_channel-group")
    assert group.locator("legend").inner_text() == (
        "How should we remind you and tell you about changes?")
    assert page.get_by_label("E-mail only").is_checked()
    page.get_by_label("Phone number", exact=True).fill("09 123 4567")
    page.get_by_label("Text message: the reminder comes as a text instead of an e-mail").check()
    _fits(page, viewport)
    group.scroll_into_view_if_needed()
    shoot(page, f"contact-signup-choice-{size}", full_page=False)
    page.locator("input[name=privacy]").check()
    page.get_by_role("button", name="Sign up", exact=True).click()
    error = page.locator("#contact_channel-error")
    assert "looks like a landline" in error.inner_text()
    # The choice is kept as made, and the number as typed.
    assert page.get_by_label(
        "Text message: the reminder comes as a text instead of an e-mail").is_checked()
    assert page.get_by_label("Phone number", exact=True).input_value() == "09 123 4567"
    _fits(page, viewport)
    group.scroll_into_view_if_needed()
    shoot(page, f"contact-signup-error-{size}", full_page=False)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_booking_page_part_changes_and_stops_texts(
    texts_on: LiveServer, event_and_person: dict[str, Any], new_page: Callable[..., Any],
    shoot: Callable[..., Any], viewport: dict[str, int],
) -> None:
    size = "phone" if viewport is PHONE else "desktop"
    page = new_page(viewport=viewport)
    page.goto(texts_on.path(f"/youth/b/{event_and_person['token']}?lang=en"))
    part = page.locator("#contact")
    assert "Both e-mail and text message" in part.inner_text()
    part.scroll_into_view_if_needed()
    _fits(page, viewport)
    shoot(page, f"contact-booking-part-{size}", full_page=False)

    part.get_by_role("link", name="Change how we contact you").click()
    assert page.locator("h1").inner_text() == "How we contact you"
    page.get_by_label("Text message: the reminder comes as a text instead of an e-mail").check()
    page.get_by_label("Phone number", exact=True).fill("050 765 4321")
    _fits(page, viewport)
    shoot(page, f"contact-page-{size}")
    page.get_by_role("button", name="Save").click()
    assert "We now contact you as you chose" in page.locator("main").inner_text()
    assert _channel(texts_on, event_and_person["candidate_id"]) == ("sms", "+358507654321")

    page.locator("#contact").get_by_role("button", name="Stop text messages").click()
    assert "Text messages are stopped" in page.locator("main").inner_text()
    assert page.locator("#contact-channel").inner_text() == "E-mail only"
    assert page.locator("#contact").get_by_role("button", name="Stop text messages").count() == 0
    page.locator("#contact").scroll_into_view_if_needed()
    _fits(page, viewport)
    shoot(page, f"contact-stopped-{size}", full_page=False)
    assert _channel(texts_on, event_and_person["candidate_id"])[0] == "email"
    # The own-data page shows the choice, and the change among the person's own actions.
    page.goto(texts_on.path(f"/youth/b/{event_and_person['token']}/data?lang=en"))
    assert page.locator("#own-contact-channel").inner_text() == "E-mail only"
    assert "You stopped text messages" in page.locator("main").inner_text()
    _fits(page, viewport)
    shoot(page, f"contact-own-data-{size}")
