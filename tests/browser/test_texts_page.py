"""The staff page of an event's text messages in Chromium, at desktop (1280×800) and phone
(390×844) size: counts, names, reasons, and "Send again" for a temporary failure, without the
page scrolling sideways. Screenshots `texts-page-*.png` go to artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable
from typing import Any

import pytest

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

from recruit.extensions import db
from recruit.models import SmsMessage, utcnow
from tests import factories
from tests.browser.conftest import PHONE, LiveServer, log_in

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def event_with_texts(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        event = factories.make_event(name="Viestitreffit",
                                     date=dt.date.today() + dt.timedelta(days=1))
        rows = (("Aino", "Aaltonen-Virtanen", "sent", None, "sms_reminder"),
                ("Olli", "Ojala", "queued", None, "sms_moved"),
                ("Pekka", "Peltonen", "dead", "HTTP 503", "sms_slot_opened"),
                ("Sanna", "Salo", "dead", "HTTP 422", "sms_reminder"),
                ("Tiina", "Tuominen", "dead", "outcome_unknown: TimeoutError", "sms_reminder"))
        for first, last, status, error, kind in rows:
            person = factories.make_candidate(event, first_name=first, last_name=last,
                                              contact_channel="sms")
            now = utcnow()
            db.session.add(SmsMessage(
                reference=uuid.uuid4().hex, event_id=event.id, candidate_id=person.id,
                kind=kind, recipient=person.phone, locale="fi", body="Muistutus.", segments=1,
                status=status, attempts=3 if error else 1, created_at=now,
                next_attempt_at=now, sent_at=now if status == "sent" else None,
                last_error=error))
        db.session.commit()
        event_id = event.id
        db.session.remove()
    return event_id


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_texts_page(
    texts_on: LiveServer, event_with_texts: int, new_page: Callable[..., Any],
    shoot: Callable[..., Any], viewport: dict[str, int],
) -> None:
    size = "phone" if viewport is PHONE else "desktop"
    page = new_page(viewport=viewport)
    log_in(page, texts_on)
    page.goto(texts_on.path(f"/staff/events/{event_with_texts}/outbox?lang=en"))
    assert "0 waiting" not in page.locator("#texts-link").inner_text()
    assert "1 sent, 1 waiting, 3 failed" in page.locator("#texts-link").inner_text()
    shoot(page, f"texts-outbox-link-{size}", full_page=False)
    page.locator("#texts-link a").click()
    assert page.locator("h1").inner_text() == "Text messages"
    counts = page.locator("#text-counts").inner_text()
    assert "Failed" in counts and "3" in counts
    table = page.locator("#text-list").inner_text()
    assert "Aino Aaltonen-Virtanen" in table and "The gateway was busy or down" in table
    assert page.get_by_role("button", name="Send again").count() == 1
    shoot(page, f"texts-page-{size}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page scrolls sideways ({width} px)"
    page.get_by_role("button", name="Send again").click()
    assert "The text is queued again" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Send again").count() == 0
    shoot(page, f"texts-page-after-retry-{size}")
