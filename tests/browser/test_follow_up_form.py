"""The follow-up form on a 390×844 phone in Chromium: a young person answers through the link
they were e-mailed, the form fits the screen without sideways scrolling, a missing answer is
said beside its question, and the answer is stored once. Screenshots `follow-up-*.png`."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

import sqlalchemy as sa

from recruit.core.links import issue
from recruit.extensions import db
from recruit.followup import operations
from recruit.models import FollowUpAnswer, utcnow
from tests import factories
from tests.browser.conftest import PHONE, LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def asked(live_server: LiveServer) -> dict[str, Any]:
    with live_server.app.app_context():
        event = factories.make_event(
            name="Seurantatreffit", date=dt.date.today() - dt.timedelta(days=90),
            follow_up_days=90, retention_days=120, signup_deadline=None)
        person = factories.make_candidate(event, first_name="Veera",
                                          follow_up_consent_at=utcnow())
        operations.queue_questions(event)
        _link, token = issue(person, operations.LINK_PURPOSE)
        db.session.commit()
        result = {"token": token, "event_id": event.id}
        db.session.remove()
    return result


def _answers(live_server: LiveServer, event_id: int) -> list[tuple[str, str]]:
    with live_server.app.app_context():
        rows = db.session.execute(sa.select(FollowUpAnswer.situation, FollowUpAnswer.helped)
                                  .where(FollowUpAnswer.event_id == event_id)).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def test_a_young_person_answers_on_a_phone(
    live_server: LiveServer, asked: dict[str, Any], new_page: Callable[..., Any],
    shoot: Callable[..., Any],
) -> None:
    page = new_page(viewport=PHONE)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(live_server.path(f"/follow-up/{asked['token']}?lang=fi"))
    assert page.locator("h1").inner_text() == "Mitä sinulle kuuluu?"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width} px)"
    shoot(page, "follow-up-youth-phone-fi")

    page.get_by_label("Opiskelen").check()
    page.get_by_role("button", name="Lähetä vastaukseni").click()
    assert "Valitse kyllä, jonkin verran tai ei." in page.locator("main").inner_text()
    assert _answers(live_server, asked["event_id"]) == []
    shoot(page, "follow-up-youth-phone-missing-fi")

    page.get_by_label("Jonkin verran").check()
    page.get_by_role("button", name="Lähetä vastaukseni").click()
    assert page.locator("h1").inner_text() == "Kiitos"
    assert "Emme kysy uudelleen" in page.locator("main").inner_text()
    shoot(page, "follow-up-youth-phone-thanks-fi")
    assert _answers(live_server, asked["event_id"]) == [("studying", "somewhat")]
    page.goto(live_server.path(f"/follow-up/{asked['token']}?lang=en"))
    assert page.locator("h1").inner_text() == "Thank you"
    assert violations == []
