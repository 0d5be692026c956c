"""In a real browser: after publishing, deleting a young person and taking an employer off
the event first show what will be sent, and only the confirmation does it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

import pytest

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import expect

from recruit.extensions import db
from recruit.models import Candidate, Employer, Interview
from recruit.scheduling.publishing import publish_schedule
from tests import factories
from tests.browser.conftest import PHONE, LiveServer, log_in

pytestmark = pytest.mark.browser


def _published(server: LiveServer) -> dict[str, int]:
    with server.app.app_context():
        event = factories.make_event(start_minute=9 * 60, end_minute=11 * 60)
        cafe = factories.make_employer(event, company_name="Kahvila Kuppi Oy",
                                       available=[(9 * 60, 10 * 60)])
        barista = factories.make_vacancy(cafe, title="Barista")
        youth = [factories.make_candidate(event, interests=[barista],
                                          first_name=name, last_name="Virtanen")
                 for name in ("Aada", "Bert")]
        for n, person in enumerate(youth):
            factories.make_interview(person, barista, start_minute=9 * 60 + 15 * n)
        publish_schedule(event, None)
        db.session.commit()
        return {"event": event.id, "cafe": cafe.id, "aada": youth[0].id}


def test_deleting_a_person_and_removing_an_employer_ask_first(
    live_server: LiveServer, new_page: Callable[..., Any], shoot: Callable[..., Any]
) -> None:
    ids = _published(live_server)
    page = new_page()
    log_in(page, live_server)
    base = f"/staff/events/{ids['event']}"

    page.goto(live_server.path(f"{base}/candidates/{ids['aada']}?lang=fi"))
    page.locator("#confirm-delete").check()
    page.get_by_role("button", name="Poista", exact=True).click()
    preview = page.locator(".message-preview")
    expect(preview).to_contain_text("Lähetetään 0 kutsua, 0 päivitystä ja 1 peruutus.")
    expect(page.locator("h1")).to_have_text("Poista Aada Virtanen")
    shoot(page, "fi-change-01-delete-person-preview")
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True,
                     storage_state=page.context.storage_state())
    phone.goto(live_server.path(f"{base}/candidates/{ids['aada']}?lang=fi"))
    phone.locator("#confirm-delete").check()
    phone.get_by_role("button", name="Poista", exact=True).click()
    expect(phone.locator(".message-preview")).to_be_visible()
    shoot(phone, "phone-change-01-delete-person-preview")
    with live_server.app.app_context():
        assert db.session.get(Candidate, ids["aada"]) is not None  # nothing done yet

    page.get_by_role("button", name="Poista ja lähetä").click()
    page.wait_for_url(re.compile(r"/candidates$"))
    with live_server.app.app_context():
        assert db.session.get(Candidate, ids["aada"]) is None

    page.goto(live_server.path(f"{base}/employers/{ids['cafe']}?lang=en"))
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".message-preview")).to_contain_text(
        "0 invitations, 0 updates and 1 cancellation will be sent.")
    expect(page.locator("h1")).to_have_text("Reject Kahvila Kuppi Oy")
    shoot(page, "en-change-02-remove-employer-preview")
    page.get_by_role("button", name="Confirm and send").click()
    page.wait_for_url(re.compile(rf"/employers/{ids['cafe']}$"))
    with live_server.app.app_context():
        assert db.session.get(Employer, ids["cafe"]).status == "rejected"
        live = db.session.query(Interview).filter(Interview.cancelled_at.is_(None)).count()
        assert live == 0


def test_recording_that_a_person_withdrew_asks_first(
    live_server: LiveServer, new_page: Callable[..., Any], shoot: Callable[..., Any]
) -> None:
    ids = _published(live_server)
    page = new_page()
    log_in(page, live_server)
    edit = live_server.path(f"/staff/events/{ids['event']}/candidates/{ids['aada']}/edit?lang=fi")
    page.goto(edit)
    page.locator("select[name=status]").select_option("cancelled")
    page.get_by_role("button", name="Tallenna", exact=True).click()
    expect(page.locator(".message-preview")).to_contain_text(
        "Lähetetään 0 kutsua, 0 päivitystä ja 1 peruutus.")
    expect(page.locator("h1")).to_have_text("Peru nuoren Aada Virtanen osallistuminen tapahtumaan")
    shoot(page, "fi-change-03-withdraw-person-preview")
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True,
                     storage_state=page.context.storage_state())
    phone.goto(edit)
    phone.locator("select[name=status]").select_option("cancelled")
    phone.get_by_role("button", name="Tallenna", exact=True).click()
    expect(phone.locator(".message-preview")).to_be_visible()
    shoot(phone, "phone-change-03-withdraw-person-preview")
    with live_server.app.app_context():
        assert db.session.get(Candidate, ids["aada"]).status == "active"  # nothing done yet

    page.get_by_role("button", name="Vahvista ja lähetä").click()
    page.wait_for_url(re.compile(rf"/candidates/{ids['aada']}$"))
    with live_server.app.app_context():
        assert db.session.get(Candidate, ids["aada"]).status == "cancelled"
        assert db.session.query(Interview).filter(
            Interview.candidate_id == ids["aada"], Interview.cancelled_at.is_(None)).count() == 0
