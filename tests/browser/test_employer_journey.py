"""The employer's journey in a real browser: a company signs up on the event's public
form (a wrong Y-tunnus check digit first, then corrected), an organiser approves the sign-up
on the staff pages, and the contact person opens the private link from the e-mail the app
really sent (over SMTP to a recording server) and sees the event and their vacancy.

Each step leaves a screenshot `employer-*.png` in artifacts/screenshots/.
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

from recruit.extensions import db
from recruit.models import Employer
from tests import factories
from tests.browser._mailbox import Mailbox
from tests.browser.conftest import PHONE, LiveServer, log_in

pytestmark = pytest.mark.browser

EVENT_NAME = "Kesätyötreffit Selain"
CONTACT_EMAIL = "rekry@kahvila-akero.example"
# 1572860-0 is valid; the same digits with another check digit are not.
WRONG_BUSINESS_ID = "1572860-1"
BUSINESS_ID = "1572860-0"


@pytest.fixture
def employer_event(mailing_server: LiveServer) -> int:
    """An upcoming event open for sign-up, with the shipped cards and no employers yet."""
    with mailing_server.app.app_context():
        event = factories.make_event(
            name=EVENT_NAME,
            date=dt.date.today() + dt.timedelta(days=45),
            signup_deadline=None,
            venue_name="Ohjaamo Selain",
            venue_address="Fredrikinkatu 48, 00100 Helsinki",
        )
        event_id = event.id
        db.session.remove()
    return event_id


def _fill_sign_up(page: Page, business_id: str) -> None:
    page.get_by_label("Yritys", exact=True).fill("Kahvila Åkerö Oy")
    page.get_by_label("Y-tunnus").fill(business_id)
    page.get_by_label("Yhteyshenkilö").fill("Aino Åkerö")
    page.get_by_label("Sähköposti").fill(CONTACT_EMAIL)
    page.get_by_label("Puhelin").fill("040 123 4567")
    page.get_by_label("Työpaikan osoite").fill("Aleksanterinkatu 1, 00100 Helsinki")
    first = page.locator("fieldset.vacancy-row").first
    first.get_by_label("Tehtävänimike").fill("Barista")
    first.get_by_label("Lyhyt kuvaus").fill("Kahvinkeittoa ja asiakaspalvelua.")
    first.get_by_label("Paikkojen määrä").fill("2")
    first.get_by_label("Hygieniapassi").check()
    page.get_by_label("Yhden haastattelun pituus (minuuttia)").select_option("15")
    page.get_by_label("Haastattelupöytiä samaan aikaan").fill("2")
    page.get_by_label("Haastatteluaikanne").fill("09:00-12:00")
    page.get_by_label("Taukonne").fill("10:30-10:45")
    page.locator("input[name=consent]").check()


def test_employer_signs_up_is_approved_and_opens_the_link(
    mailing_server: LiveServer,
    mailbox: Mailbox,
    employer_event: int,
    new_page: Callable[..., Page],
    shoot: Callable[..., Any],
) -> None:
    page = new_page()
    signup_url = mailing_server.path(f"/employers/events/{employer_event}/signup")

    # The public form, reached from the list of events open for sign-up.
    page.goto(mailing_server.path("/employers/"))
    shoot(page, "employer-01-events")
    page.get_by_role("link", name=re.compile(EVENT_NAME)).click()
    expect(page).to_have_url(signup_url)
    expect(page.locator("h1")).to_contain_text(EVENT_NAME)
    _fill_sign_up(page, WRONG_BUSINESS_ID)
    shoot(page, "employer-02-form-filled")

    # A wrong check digit: the message beside the field, everything typed still there.
    page.get_by_role("button", name="Lähetä ilmoittautuminen").last.click()
    field = page.get_by_label("Y-tunnus")
    expect(page.locator("#business_id-error")).to_be_visible()
    expect(page.locator("#business_id-error")).to_contain_text("tarkist")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(WRONG_BUSINESS_ID)
    expect(page.get_by_label("Yritys", exact=True)).to_have_value("Kahvila Åkerö Oy")
    expect(page.locator("fieldset.vacancy-row").first.get_by_label("Hygieniapassi")).to_be_checked()
    expect(page.get_by_label("Haastatteluaikanne")).to_have_value("09:00-12:00")
    with mailing_server.app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 0
        db.session.remove()
    field.scroll_into_view_if_needed()
    shoot(page, "employer-03-wrong-business-id", full_page=False)

    # Corrected and sent: the thank-you page.
    field.fill(BUSINESS_ID)
    page.get_by_role("button", name="Lähetä ilmoittautuminen").last.click()
    expect(page).to_have_url(re.compile(r"/signup/thanks$"))
    shoot(page, "employer-04-thanks")
    with mailing_server.app.app_context():
        employer = db.session.scalars(sa.select(Employer)).one()
        assert (employer.status, employer.business_id) == ("pending", BUSINESS_ID)
        assert employer.phone == "+358401234567"
        assert [v.title for v in employer.vacancies] == ["Barista"]
        assert [c.code for c in employer.vacancies[0].requirements] == ["hygiene_passport"]
        employer_id = employer.id
        db.session.remove()
    # Only the receipt so far (it may still be on its way): no link before approval.
    assert all("/employers/link/" not in m.as_string() for m in mailbox.messages_to(CONTACT_EMAIL))

    # An organiser approves the sign-up on the staff pages.
    staff = new_page()
    log_in(staff, mailing_server)
    staff.goto(mailing_server.path(f"/staff/events/{employer_event}/employers"))
    staff.get_by_role("link", name="Kahvila Åkerö Oy").click()
    expect(staff).to_have_url(re.compile(rf"/employers/{employer_id}$"))
    shoot(staff, "employer-05-staff-pending")
    staff.get_by_role("button", name="Hyväksy").click()
    expect(staff.locator(".flashes")).to_be_visible()
    shoot(staff, "employer-06-staff-approved")

    # The approval e-mail carries the private link; the employer opens it.
    link = mailbox.wait_for_link(CONTACT_EMAIL, "/employers/link/")
    assert link.startswith(mailing_server.url)
    employer_page = new_page()
    response = employer_page.goto(link)
    assert response is not None and response.status == 200
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(employer_page.locator("h1")).to_have_text(f"Kahvila Åkerö Oy: {EVENT_NAME}")
    main = employer_page.locator("main")
    expect(main).to_contain_text("Ohjaamo Selain")
    expect(main).to_contain_text("Fredrikinkatu 48")
    vacancy = employer_page.locator("article.vacancy")
    expect(vacancy).to_have_count(1)
    expect(vacancy.locator("h3")).to_have_text("Barista")
    expect(vacancy).to_contain_text("Hygieniapassi")
    shoot(employer_page, "employer-07-private-link")

    # The same page in Swedish and English through the visible language switch.
    for switch, heading in (("På svenska", "Era tjänster"), ("In English", "Your vacancies")):
        employer_page.locator("nav.language-switch").get_by_role("link", name=switch).click()
        expect(employer_page.locator("#vacancies-heading")).to_have_text(heading)
        expect(vacancy).to_contain_text(
            "Hygienpass" if switch == "På svenska" else "Hygiene passport"
        )
        shoot(employer_page, f"employer-08-private-link-{switch.split()[-1].lower()}")

    # The public form in Swedish and English too, on a phone.
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(signup_url)
    for switch, language, heading in (
        ("På svenska", "sv", "Arbetsgivarens anmälan"),
        ("In English", "en", "Employer sign-up"),
    ):
        phone.locator("nav.language-switch").get_by_role("link", name=switch).click()
        expect(phone.locator("html")).to_have_attribute("lang", language)
        expect(phone.locator("h1")).to_have_text(f"{heading}: {EVENT_NAME}")
        shoot(phone, f"employer-09-form-phone-{language}")
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the {language} form is {overflow} px wider than a phone"
