"""The organiser's journey in a real browser: an organiser logs in, creates an event, imports
the demo people, builds the schedule, reads the grid and publishes it; then the same pages in
Swedish and English through the visible language switch, and the result page on a phone.

Each step leaves a screenshot in artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

if os.environ.get("REQUIRE_BROWSER") != "1":
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
from playwright.sync_api import Page, expect

from recruit.events.demo import add_demo_people
from recruit.extensions import db
from recruit.models import Employer, Event, Interview, ScheduleVersion, SolveRun, StaffUser
from recruit.scheduling import solving
from recruit.scheduling.board import EMPLOYERS_PER_PAGE
from recruit.scheduling.publishing import publish_schedule
from tests import factories
from tests.browser.conftest import (
    PHONE,
    SOLVER_TIME_LIMIT_SECONDS,
    STAFF_EMAIL,
    LiveServer,
    log_in,
)

pytestmark = pytest.mark.browser

# A build ends at its time limit; the rest is storing the answer and the page's next poll.
BUILD_TIMEOUT_MS = (SOLVER_TIME_LIMIT_SECONDS + 40) * 1000


def _event_date() -> dt.date:
    # Always upcoming, so the event is listed where an organiser looks first.
    return dt.date.today() + dt.timedelta(days=60)


def _flash(page: Page) -> Any:
    return page.locator(".flashes")


def _heading_texts(page: Page, selector: str) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(selector).all_inner_texts()]


def _live_interviews(event_id: int) -> list[Interview]:
    return list(
        db.session.scalars(
            sa.select(Interview).where(
                Interview.event_id == event_id, Interview.cancelled_at.is_(None)
            )
        )
    )


def test_organiser_builds_and_publishes_a_schedule(
    live_server: LiveServer, new_page: Callable[..., Page], shoot: Callable[..., Any]
) -> None:
    page = new_page()

    # Log in.
    page.goto(live_server.path("/auth/login"))
    expect(page.locator("h1")).to_have_text("Kirjaudu sisään")
    shoot(page, "fi-01-login")
    log_in(page, live_server)
    expect(page.locator("h1")).to_have_text("Tapahtumat")
    shoot(page, "fi-02-events")

    # Create an event by filling the form.
    page.get_by_role("link", name="Uusi tapahtuma").click()
    expect(page.locator("h1")).to_have_text("Uusi tapahtuma")
    page.get_by_label("Tapahtuman nimi").fill("Työnantajatreffit Selain")
    page.get_by_label("Päivämäärä", exact=True).fill(_event_date().isoformat())
    page.get_by_label("Paikka", exact=True).fill("Ohjaamo Helsinki")
    page.get_by_label("Haastattelut alkavat").fill("09:00")
    page.get_by_label("Haastattelut päättyvät").fill("13:00")
    shoot(page, "fi-03-new-event-form")
    page.get_by_role("button", name="Tallenna").click()
    expect(_flash(page)).to_contain_text("Tapahtuma luotiin.")
    expect(page.locator("h1")).to_have_text("Työnantajatreffit Selain")
    event_id = int(re.search(r"/staff/events/(\d+)$", page.url).group(1))

    # Import the demo people.
    page.get_by_role("button", name="Tuo demotyönantajat ja -nuoret").click()
    expect(_flash(page)).to_contain_text("Demohenkilöt lisätty: 8 työnantajaa ja 200 nuorta.")
    counts = page.locator("dl.counts")
    expect(counts.locator("div", has_text="Hyväksytyt työnantajat").locator("dd")).to_have_text("8")
    shoot(page, "fi-04-event-with-demo-people")

    # Build the schedule with a small time limit, and watch the progress page.
    page.locator("nav.event-nav").get_by_role("link", name="Aikataulu").click()
    expect(page.locator("h1")).to_have_text("Aikataulu: Työnantajatreffit Selain")
    expect(page.locator("main")).to_contain_text("Mukana on 200 nuorta.")
    page.locator("form.build-form summary").click()
    page.get_by_label("Aikaraja (sekuntia)").fill(str(SOLVER_TIME_LIMIT_SECONDS))
    # The page lists all 200 youth as not yet placed: its top is what matters here.
    shoot(page, "fi-05-schedule-before-build", full_page=False)
    page.get_by_role("button", name="Rakenna aikataulu").click()
    page.wait_for_url(re.compile(r"/schedule/runs/\d+$"))
    expect(page.locator("h1")).to_have_text("Aikataulun rakentaminen")
    shoot(page, "fi-06-progress")
    # The page's own script moves on to the schedule when the background solve has ended.
    page.wait_for_url(re.compile(r"/schedule$"), timeout=BUILD_TIMEOUT_MS)

    # The grid: every employer with interviews, its tables, the interviews, the tier sentences.
    with live_server.app.app_context():
        run = db.session.scalars(sa.select(SolveRun).where(SolveRun.event_id == event_id)).one()
        assert run.status == "done", run.error
        interviews = _live_interviews(event_id)
        employers = {
            employer.id: employer
            for employer in db.session.scalars(
                sa.select(Employer).where(Employer.event_id == event_id)
            )
        }
        busy = {interview.employer_id for interview in interviews}
        names = sorted(employers[employer_id].company_name for employer_id in busy)
        widest = max(busy, key=lambda employer_id: employers[employer_id].tables)
        most_tables = employers[widest].tables
        placed = len({interview.candidate_id for interview in interviews})
        db.session.remove()
    assert len(interviews) > 100
    # The grid comes a page of employers at a time; together the pages show every employer
    # with interviews and every interview.
    grid = page.locator("section.grid-employer")
    schedule_url = page.url
    shown: list[str] = []
    taken = 0
    pages = -(-len(busy) // EMPLOYERS_PER_PAGE)
    for number in range(1, pages + 1):
        if number > 1:
            page.goto(live_server.path(f"/staff/events/{event_id}/schedule?page={number}"))
        expect(grid).to_have_count(min(EMPLOYERS_PER_PAGE,
                                       len(busy) - (number - 1) * EMPLOYERS_PER_PAGE))
        shown += [text.split(" (")[0]
                  for text in _heading_texts(page, "section.grid-employer h3")]
        taken += page.locator("td.slot:not(.slot-free)").count()
    assert sorted(shown) == names
    assert taken == len(interviews)
    # Every table of the employer with the most, on its own view (it may be on any page).
    page.goto(live_server.path(f"/staff/events/{event_id}/schedule?employer={widest}"))
    expect(page.locator("table.schedule-grid th", has_text="Pöytä 1").first).to_be_visible()
    expect(
        page.locator("table.schedule-grid th", has_text=f"Pöytä {most_tables}").first
    ).to_be_visible()
    page.goto(schedule_url)
    sentences = _heading_texts(page, "ul.tier-sentences li")
    assert len(sentences) >= 3
    # The coverage sentence states how many youth the draft really places.
    assert any(f"{placed} " in sentence and "nuor" in sentence for sentence in sentences)
    expect(page.locator("table.comparison caption")).to_have_text(
        "Tämä aikataulu verrattuna ilmoittautumisjärjestykseen"
    )
    shoot(page, "fi-07-schedule-result")
    page.locator("#grid-heading").scroll_into_view_if_needed()
    shoot(page, "fi-07b-schedule-grid", full_page=False)

    # Publish: version 1 exists, with the draft's interviews.
    page.get_by_role("button", name="Julkaise luonnos").click()
    # First the preview of the messages it sends, then the confirmation.
    page.get_by_role("button", name="Julkaise ja lähetä").click()
    expect(_flash(page)).to_contain_text("Aikataulun versio 1 on julkaistu.")
    # The messages go out from a background job; its page shows how far it has got.
    expect(page.locator("h1")).to_have_text("Version 1 viestien lähetys")
    expect(page.locator("main")).to_contain_text("Kaikki tämän julkaisun viestit ovat jonossa.",
                                                 timeout=BUILD_TIMEOUT_MS)
    shoot(page, "fi-08a-publish-progress", full_page=False)
    page.get_by_role("link", name="Katso aikataulu").click()
    expect(page.get_by_role("link", name="Versio 1")).to_be_visible()
    with live_server.app.app_context():
        versions = db.session.scalars(
            sa.select(ScheduleVersion).where(ScheduleVersion.event_id == event_id)
        ).all()
        assert [version.number for version in versions] == [1]
        assert len(versions[0].snapshot["interviews"]) == len(interviews)
        db.session.remove()
    shoot(page, "fi-08-published", full_page=False)
    page.locator("#publish-heading").scroll_into_view_if_needed()
    shoot(page, "fi-08b-published-versions", full_page=False)
    page.get_by_role("link", name="Versio 1").click()
    expect(page.locator("h1")).to_have_text("Julkaistu versio 1")
    shoot(page, "fi-09-version-1", full_page=False)

    # The result page on a phone: readable without the page itself scrolling sideways.
    phone = new_page(
        viewport=PHONE, is_mobile=True, has_touch=True, storage_state=page.context.storage_state()
    )
    phone.goto(live_server.path(f"/staff/events/{event_id}/schedule"))
    expect(phone.locator("h1")).to_have_text("Aikataulu: Työnantajatreffit Selain")
    shoot(phone, "phone-01-schedule-result", full_page=False)
    phone.locator("#grid-heading").scroll_into_view_if_needed()
    shoot(phone, "phone-02-schedule-grid", full_page=False)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a 390 px phone"


@pytest.fixture
def published_event(live_server: LiveServer) -> dict[str, int]:
    """A small event already built and published, made through the operations directly."""
    with live_server.app.app_context():
        staff = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == STAFF_EMAIL))
        event = factories.make_event(name="Kielitreffit", date=_event_date(), signup_deadline=None)
        add_demo_people(event, employers=3, candidates=40, seed=7)
        db.session.commit()
        run = solving.queue_run(event, staff, time_limit=2)
        solving.run_solve(run.id)
        db.session.expire_all()
        publish_schedule(db.session.get(Event, event.id), staff)
        db.session.commit()
        ids = {"event": event.id, "run": run.id}
        db.session.remove()
    return ids


def test_key_pages_in_swedish_and_english(
    live_server: LiveServer,
    new_page: Callable[..., Page],
    shoot: Callable[..., Any],
    published_event: dict[str, int],
) -> None:
    page = new_page()
    log_in(page, live_server)
    event_id, run_id = published_event["event"], published_event["run"]
    switch = page.locator("nav.language-switch")
    expectations = {
        "sv": {
            "switch": "På svenska",
            "events": "Evenemang",
            "glance": "I korthet",
            "tabs": ["Översikt", "Arbetsgivare", "Unga", "Schema", "Tavla", "Incheckning",
                     "E-post", "Rapport"],
            "schedule": "Schema: Kielitreffit",
            "sections": [
                "Bygg",
                "Resultatet av det senaste bygget",
                "Utkast till schema",
                "Unga utan intervju",
                "Publicera",
            ],
            "table": "Bord 1",
            "versions": "Publicerade versioner",
            "progress": "Schemat byggs",
        },
        "en": {
            "switch": "In English",
            "events": "Events",
            "glance": "At a glance",
            "tabs": ["Overview", "Employers", "Young people", "Schedule", "Board", "Check-in",
                     "E-mail",
                     "Report"],
            "schedule": "Schedule: Kielitreffit",
            "sections": [
                "Build",
                "Result of the last build",
                "Draft schedule",
                "Young people without an interview",
                "Publish",
            ],
            "table": "Table 1",
            "versions": "Published versions",
            "progress": "Building the schedule",
        },
    }
    page.goto(live_server.path(f"/staff/events/{event_id}"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    for language, texts in expectations.items():
        # The switch links to the same page in the other language; the choice then sticks.
        switch.get_by_role("link", name=texts["switch"]).click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("#counts-heading")).to_have_text(texts["glance"])
        assert _heading_texts(page, "nav.event-nav a") == texts["tabs"]
        shoot(page, f"{language}-01-event")

        page.locator("nav.event-nav").get_by_role("link", name=texts["tabs"][3]).click()
        expect(page.locator("h1")).to_have_text(texts["schedule"])
        headings = _heading_texts(page, "main h2")
        assert [h.split(" (")[0] for h in headings] == texts["sections"]
        expect(
            page.locator("table.schedule-grid th", has_text=texts["table"]).first
        ).to_be_visible()
        expect(page.locator("main h3", has_text=texts["versions"])).to_be_visible()
        shoot(page, f"{language}-02-schedule")

        page.goto(live_server.path(f"/staff/events/{event_id}/schedule/runs/{run_id}"))
        expect(page.locator("h1")).to_have_text(texts["progress"])
        shoot(page, f"{language}-03-progress")

        page.goto(live_server.path("/staff/events"))
        expect(page.locator("h1")).to_have_text(texts["events"])
        shoot(page, f"{language}-04-events")
        page.get_by_role("link", name="Kielitreffit").click()
