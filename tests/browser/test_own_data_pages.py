"""A young person's own data in Chromium on a 390×844 phone, in Finnish, Swedish and English:
the page fits the screen and runs under the strict Content-Security-Policy without a single
violation, the download is JSON, and erasure asks first and then ends the link.
Screenshots `own-data-*.png` go to artifacts/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
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

HEADINGS = {"fi": "Tietosi", "sv": "Dina uppgifter", "en": "Your data"}
ERASE = {"fi": "Poista tietoni", "sv": "Radera mina uppgifter", "en": "Delete my data"}


@pytest.fixture
def signed_up(live_server: LiveServer) -> dict[str, Any]:
    with live_server.app.app_context():
        event = factories.make_event(
            name="Omat tiedot -treffit", date=dt.date.today() + dt.timedelta(days=30),
            signup_deadline=None)
        vacancy = factories.make_vacancy(factories.make_employer(event), title="Barista")
        person = factories.make_candidate(
            event, first_name="Iida", last_name="Omatieto", email="iida.omatieto@example.org",
            interests=(vacancy,), introduction="Pidän ihmisistä ja kahvista.")
        _link, token = issue(person, "booking")
        db.session.commit()
        result = {"token": token, "candidate_id": person.id}
        db.session.remove()
    return result


def _watch_violations(page: Any) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_own_data_page_on_a_phone(
    live_server: LiveServer, signed_up: dict[str, Any], new_page: Callable[..., Any],
    shoot: Callable[..., Any], language: str,
) -> None:
    page = new_page(viewport=PHONE)
    violations = _watch_violations(page)
    page.goto(live_server.path(f"/youth/b/{signed_up['token']}?lang={language}"))
    page.get_by_role("link", name=HEADINGS[language], exact=True).click()
    assert page.locator("h1").inner_text() == HEADINGS[language]
    assert page.locator("html").get_attribute("lang") == language
    text = page.locator("main").inner_text()
    for expected in ("Iida Omatieto", "iida.omatieto@example.org", "Barista",
                     "Pidän ihmisistä ja kahvista."):
        assert expected in text
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width} px)"
    shoot(page, f"own-data-{language}")
    with page.expect_download() as download:
        page.locator("a[href$='/data.json']").first.click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["sign_up"]["email"] == "iida.omatieto@example.org"
    assert violations == []


def test_erasure_asks_first_then_the_link_stops(
    live_server: LiveServer, signed_up: dict[str, Any], new_page: Callable[..., Any],
    shoot: Callable[..., Any],
) -> None:
    page = new_page(viewport=PHONE)
    violations = _watch_violations(page)
    page.goto(live_server.path(f"/youth/b/{signed_up['token']}/data/erase?lang=fi"))
    page.get_by_role("button", name=ERASE["fi"], exact=True).click()
    assert "Rastita ruutu" in page.locator("main").inner_text()  # nothing deleted yet
    shoot(page, "own-data-erase-unconfirmed-fi")
    page.get_by_label("Kyllä, poista kaikki tietoni ja peru haastatteluni").check()
    page.get_by_role("button", name=ERASE["fi"], exact=True).click()
    assert page.locator("h1").inner_text() == "Tietosi poistettiin"
    shoot(page, "own-data-erased-fi")
    with live_server.app.app_context():
        assert db.session.get(Candidate, signed_up["candidate_id"]) is None
        db.session.remove()
    response = page.goto(live_server.path(f"/youth/b/{signed_up['token']}"))
    assert response.status == 404
    assert violations == []
