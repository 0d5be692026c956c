"""The young person's journey in a real browser, on a phone-sized window (390×844): sign
up, confirm the e-mail address through the link the app really sent (over SMTP to a recording
server), and after the schedule is published open the booking link from the invitation,
confirm one interview, decline another and book a free time; download the .ics; the booking
page in Swedish and English through the visible language switch.

The organisers' build and publish are done through the operations (the staff journey tests
them in the browser). Each step leaves a screenshot `youth-*.png` in artifacts/screenshots/.
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
from playwright.sync_api import Page, Response, expect

from recruit.extensions import db
from recruit.models import Candidate, Event, Interview, StaffUser
from recruit.scheduling import solving
from recruit.scheduling.publishing import publish_schedule
from tests import factories
from tests.booking.support import wait_for_refills
from tests.browser._mailbox import Mailbox
from tests.browser.conftest import PHONE, STAFF_EMAIL, LiveServer

pytestmark = pytest.mark.browser

EMAIL = "maija.makinen@example.org"
EVENT_DATE = dt.date.today() + dt.timedelta(days=50)
BIRTH_YEAR = EVENT_DATE.year - 19
# (company, job, required card): the person ranks the first two and is open to any other
# suitable job; the third is such a job. Two interviews at most per person, so the schedule
# gives her the two she ranked and leaves the third's times free for booking.
RANKED_FIRST = ("Kahvila Åkerö Oy", "Barista", "hygiene_passport")
RANKED_SECOND = ("Rauta-Aitta Oy", "Myyjä", None)
NOT_RANKED = ("Kirjasto Kanerva", "Kirjastoapulainen", None)


@pytest.fixture
def youth_event(mailing_server: LiveServer) -> int:
    """An upcoming event open for sign-up with three approved employers, 09:00-10:00 each."""
    with mailing_server.app.app_context():
        event = factories.make_event(
            name="Nuorten kesätyötreffit",
            date=EVENT_DATE,
            signup_deadline=None,
            max_interviews_per_candidate=2,
            max_ranked_interests=3,
            # Waiting-list changes wait for staff: with "automatic" the re-solve after the
            # decline would publish a new version at a moment of its own, racing the page's
            # reload (tests/scheduling/test_waitlist.py covers the automatic waiting list).
            change_policy="review",
        )
        for company, title, card in (RANKED_FIRST, RANKED_SECOND, NOT_RANKED):
            employer = factories.make_employer(
                event,
                company_name=company,
                available=[(9 * 60, 10 * 60)],
                min_candidates=1,
                max_candidates=10,
            )
            factories.make_vacancy(employer, title=title, requires=[card] if card else [])
        event_id = event.id
        db.session.remove()
    return event_id


def _build_and_publish(server: LiveServer, event_id: int) -> None:
    """What the organiser does on the schedule page: build, then publish."""
    with server.app.app_context():
        staff = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == STAFF_EMAIL))
        run = solving.queue_run(db.session.get(Event, event_id), staff, time_limit=2)
        solving.run_solve(run.id)
        db.session.expire_all()
        publish_schedule(db.session.get(Event, event_id), staff)
        db.session.commit()
        db.session.remove()


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url}: {overflow} px wider than a {PHONE['width']} px phone"


def _private(response: Response | None) -> Response:
    assert response is not None and response.status == 200, response
    assert response.headers.get("referrer-policy") == "no-referrer", response.url
    return response


def _interview(page: Page, company: str) -> Any:
    return page.locator("li.interview", has=page.locator("h3", has_text=company))


def test_young_person_signs_up_confirms_and_books_on_a_phone(
    mailing_server: LiveServer,
    mailbox: Mailbox,
    youth_event: int,
    new_page: Callable[..., Page],
    shoot: Callable[..., Any],
) -> None:
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)

    # Sign up on the public form.
    page.goto(mailing_server.path(f"/youth/events/{youth_event}/sign-up"))
    expect(page.locator("h1")).to_have_text("Ilmoittaudu työhaastatteluihin")
    shoot(page, "youth-01-signup-form")
    page.get_by_label("Etunimi").fill("Maija")
    page.get_by_label("Sukunimi").fill("Mäkinen")
    page.get_by_label("Sähköposti", exact=True).fill(EMAIL)
    page.get_by_label("Puhelinnumero", exact=True).fill("040 765 4321")
    # First a year that makes her too old for the event.
    page.get_by_label("Syntymävuosi").fill(str(EVENT_DATE.year - 35))
    page.get_by_label("suomi", exact=True).check()
    page.get_by_label("englanti", exact=True).check()
    page.get_by_label("Hygieniapassi").check()
    # Jobs are cards; choosing one sends the form back with it added to her choices.
    for company, title, _card in (RANKED_FIRST, RANKED_SECOND):
        card = page.locator("li.job-card").filter(
            has=page.get_by_role("heading", name=title, exact=True)).filter(has_text=company)
        card.get_by_role("button", name="Valitse").click()
        expect(card).to_contain_text("Sinun valintasi")
    expect(page.locator("ol.my-jobs > li")).to_have_count(2)
    expect(page.get_by_label("Etunimi")).to_have_value("Maija")
    page.get_by_label("Olen kiinnostunut myös mistä tahansa muusta sopivasta työstä").check()
    page.get_by_label("Muutama sana itsestäsi").fill("Olen ollut kesätöissä kahvilassa.")
    page.locator("input[name=share_with_employers]").check()
    page.locator("input[name=privacy]").check()
    shoot(page, "youth-02-signup-filled")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Ilmoittaudu", exact=True).click()

    # A kind message beside the birth year; everything else is kept, nothing is saved.
    birth_year = page.get_by_label("Syntymävuosi")
    expect(page.locator("#birth_year-error")).to_contain_text(
        "Tapahtuma on 15–29-vuotiaille nuorille"
    )
    expect(birth_year).to_have_value(str(EVENT_DATE.year - 35))
    expect(page.get_by_label("Etunimi")).to_have_value("Maija")
    expect(page.get_by_label("Hygieniapassi")).to_be_checked()
    expect(page.locator("ol.my-jobs > li")).to_have_count(2)
    expect(page.locator("input[name=privacy]")).to_be_checked()
    with mailing_server.app.app_context():
        # The live server is shared with other browser modules: nothing saved for this event.
        assert db.session.scalars(
            sa.select(Candidate).where(Candidate.event_id == youth_event)
        ).all() == []
        db.session.remove()
    birth_year.scroll_into_view_if_needed()
    shoot(page, "youth-02b-birth-year-message", full_page=False)
    _no_sideways_scroll(page)
    birth_year.fill(str(BIRTH_YEAR))
    page.get_by_role("button", name="Ilmoittaudu", exact=True).click()
    expect(page).to_have_url(re.compile(r"/sign-up/sent$"))
    shoot(page, "youth-03-signup-sent")
    with mailing_server.app.app_context():
        candidate = db.session.scalars(sa.select(Candidate).where(Candidate.email == EMAIL)).one()
        assert (candidate.status, candidate.email_verified_at) == ("unverified", None)
        assert candidate.phone == "+358407654321"
        db.session.remove()

    # Confirm the e-mail address through the link in the message (double opt-in).
    confirm_link = mailbox.wait_for_link(EMAIL, "/youth/confirm/")
    assert confirm_link.startswith(mailing_server.url)
    _private(page.goto(confirm_link))
    shoot(page, "youth-04-confirm-email")
    page.get_by_role("button", name="Vahvista ja ilmoittaudu").click()
    expect(page.locator(".flashes")).to_contain_text("Sähköpostiosoitteesi on vahvistettu")
    expect(page.locator("h1")).to_have_text("Hei Maija!")
    expect(page.locator("section.status")).to_have_class(re.compile(r"\bstatus-waiting\b"))
    shoot(page, "youth-05-booking-before-schedule")
    with mailing_server.app.app_context():
        candidate = db.session.scalars(sa.select(Candidate).where(Candidate.email == EMAIL)).one()
        assert candidate.status == "active" and candidate.email_verified_at is not None
        db.session.remove()

    # The confirmation also sends the booking link by e-mail; the invitations come after it.
    assert mailbox.wait_for_link(EMAIL, "/youth/b/").startswith(mailing_server.url)
    read = len(mailbox.messages_to(EMAIL))

    # The organisers build and publish; the invitation carries the booking link.
    _build_and_publish(mailing_server, youth_event)
    booking_link = mailbox.wait_for_link(EMAIL, "/youth/b/", after=read)
    _private(page.goto(booking_link))
    expect(page.locator("section.status")).to_have_class(re.compile(r"\bstatus-scheduled\b"))
    first, second = _interview(page, RANKED_FIRST[0]), _interview(page, RANKED_SECOND[0])
    expect(page.locator("li.interview")).to_have_count(2)
    expect(first).to_contain_text("Hygieniapassi")  # what to bring
    expect(first).to_contain_text("Ei vielä vastattu")
    expect(second).to_contain_text("Ei vielä vastattu")
    shoot(page, "youth-06-booking-scheduled")
    _no_sideways_scroll(page)

    # Confirm the first interview.
    first.get_by_role("button", name="Vahvista").click()
    expect(page.locator(".flashes")).to_contain_text("Haastattelu on vahvistettu")
    expect(first).to_contain_text("Vahvistettu")
    expect(first.get_by_role("button", name="Vahvista")).to_have_count(0)
    shoot(page, "youth-07-confirmed")

    # Decline the second: the page asks once more.
    second.get_by_role("link", name="En pääse").click()
    expect(page.locator("h1")).to_have_text("Etkö pääse?")
    shoot(page, "youth-08-decline-asks")
    page.get_by_role("button", name="Kyllä, en pääse").click()
    expect(page.locator(".flashes")).to_contain_text("Haastattelu on peruttu")
    expect(second).to_have_class(re.compile(r"\binterview-cancelled\b"))
    expect(second).to_contain_text("Kieltäydytty")
    expect(second.get_by_role("link", name="En pääse")).to_have_count(0)
    shoot(page, "youth-09-declined")

    # Her decline offered the freed time to the waiting list, whose draft (the event's changes
    # wait for staff review) may propose her for the job she did not rank. She does not see
    # that proposal, and it does not stand in her way: her own booking there replaces it.
    with mailing_server.app.app_context():
        wait_for_refills()
        db.session.remove()
    page.reload()

    # Book a free time of the job they did not rank (offered because she is open to others).
    free = page.locator("#book")
    group = free.locator("h3", has_text=NOT_RANKED[0])
    expect(group).to_be_visible()
    slot_list = group.locator("xpath=following-sibling::ul[1]")
    first_slot = slot_list.get_by_role("button").first
    slot_label = first_slot.inner_text()
    first_slot.scroll_into_view_if_needed()
    shoot(page, "youth-10-free-times", full_page=False)
    first_slot.click()
    expect(page.locator(".flashes")).to_contain_text("Varattu!")
    booked = _interview(page, NOT_RANKED[0])
    expect(booked).to_contain_text("Vahvistettu")
    expect(booked).to_contain_text(slot_label.removeprefix("Varaa "))
    expect(page.locator("li.interview:not(.interview-cancelled)")).to_have_count(2)
    shoot(page, "youth-11-booked")
    with mailing_server.app.app_context():
        candidate = db.session.scalars(sa.select(Candidate).where(Candidate.email == EMAIL)).one()
        live = db.session.scalars(
            sa.select(Interview).where(
                Interview.candidate_id == candidate.id, Interview.cancelled_at.is_(None)
            )
        ).all()
        assert sorted(i.employer.company_name for i in live) == [RANKED_FIRST[0], NOT_RANKED[0]]
        assert {i.response for i in live} == {"confirmed"}
        db.session.remove()

    # The calendar download: the live interviews, as text/calendar.
    calendar_link = page.get_by_role("link", name="Lisää haastattelut kalenteriisi (.ics)")
    with page.expect_download() as download:
        calendar_link.click()
    assert download.value.suggested_filename == "interviews.ics"
    ics = page.context.request.get(mailing_server.path(calendar_link.get_attribute("href") or ""))
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    calendar = ics.text()
    assert calendar.startswith("BEGIN:VCALENDAR") and calendar.count("BEGIN:VEVENT") == 2
    unfolded = calendar.replace("\r\n ", "")
    assert RANKED_FIRST[0] in unfolded and NOT_RANKED[0] in unfolded
    assert RANKED_SECOND[0] not in unfolded

    # The same page in Swedish and English through the visible language switch.
    for switch, language, texts in (
        ("På svenska", "sv", ("Hej Maija!", "Dina intervjuer", "Bekräftad", "Hygienpass")),
        ("In English", "en", ("Hi Maija!", "Your interviews", "Confirmed", "Hygiene passport")),
    ):
        with page.expect_response(lambda r: "/youth/b/" in r.url) as answer:
            page.locator("nav.language-switch").get_by_role("link", name=switch).click()
        _private(answer.value)
        expect(page.locator("html")).to_have_attribute("lang", language)
        heading, interviews, confirmed, card = texts
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("#interviews-heading")).to_have_text(interviews)
        expect(_interview(page, RANKED_FIRST[0])).to_contain_text(confirmed)
        expect(_interview(page, RANKED_FIRST[0])).to_contain_text(card)
        shoot(page, f"youth-12-booking-{language}")
        _no_sideways_scroll(page)
