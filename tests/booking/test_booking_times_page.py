"""A fair's booking page: one row per employer with free times, each linking to a page of
that employer's times with the booking buttons; a small event keeps the times on the page."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Interview
from tests.booking.support import booking_token, count, publish, wait_for_refills


@pytest.fixture(autouse=True)
def _refills_finish(app: Any) -> Any:
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 2
    yield
    wait_for_refills()


@pytest.fixture
def fair(app: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
         make_candidate: Any, make_interview: Any) -> dict[str, Any]:
    """Three employers 9.00–10.00 (15-minute slots, one table); Aino has the café at 9.00
    and may still meet the shop (two jobs) and the bakery. The page shows the times itself
    up to three in all, so this event (six free times) is shown as a fair."""
    app.config["BOOKING_PAGE_INLINE_TIMES"] = 3
    event = make_event()
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(540, 600)])
    barista = make_vacancy(cafe, title="Barista")
    shop = make_employer(event, company_name="Kauppa Oy", available=[(540, 600)])
    seller = make_vacancy(shop, title="Myyjä")
    cashier = make_vacancy(shop, title="Kassa")
    bakery = make_employer(event, company_name="Leipomo Oy", available=[(540, 600)])
    baker = make_vacancy(bakery, title="Leipuri")
    other_event = make_event(name="Toinen tapahtuma")
    elsewhere = make_employer(other_event, company_name="Muualla Oy", available=[(540, 600)])
    make_vacancy(elsewhere, title="Siivooja")
    aino = make_candidate(event, first_name="Aino", interests=[barista], open_to_other=True)
    interview = make_interview(aino, barista, start_minute=540)
    publish(event)
    return {"event": event, "cafe": cafe, "shop": shop, "seller": seller, "cashier": cashier,
            "bakery": bakery, "baker": baker, "elsewhere": elsewhere, "aino": aino,
            "interview": interview, "token": booking_token(aino)}


def _get(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url + ("&" if "?" in url else "?") + "lang=en")
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def _book_section(page: str) -> str:
    return page.split('id="book"', 1)[1]


def _words(html: str) -> str:
    """The text as read, without the markup (a time is kept on one line by a span)."""
    return re.sub(r"<[^>]+>", "", html)


def test_the_booking_page_lists_each_employer_once_with_its_times(
    client: Any, fair: dict[str, Any]
) -> None:
    token, shop, bakery = fair["token"], fair["shop"], fair["bakery"]
    section = _book_section(_get(client, f"/youth/b/{token}"))
    # No booking buttons here: a row per employer she may still book with, in name order.
    assert "Book 09:" not in section and 'name="start_minute"' not in section
    assert section.index("Kauppa Oy") < section.index("Leipomo Oy")
    assert "Kahvila Oy" not in section  # she has her interview there already
    assert f'href="/youth/b/{token}/times/{shop.id}"' in section
    assert f'href="/youth/b/{token}/times/{bakery.id}"' in section
    # The shop's two jobs and its times after her 9.00–9.15 and the buffer: 9.30 and 9.45.
    assert "Kassa, Myyjä" in section
    assert "2 free times, first 09:30–09:45" in _words(section)
    assert "2 free times, first 09:30–09:45" in _words(section.split("Leipomo Oy", 1)[1])


def test_a_times_page_shows_that_employers_times_only(client: Any, fair: dict[str, Any]) -> None:
    token, shop, seller, cashier = fair["token"], fair["shop"], fair["seller"], fair["cashier"]
    page = _get(client, f"/youth/b/{token}/times/{shop.id}")
    assert "<h1>Free times: Kauppa Oy</h1>" in page
    section = _book_section(page)
    assert "Book 09:30–09:45" in section and "Book 09:45–10:00" in section
    assert "Book 09:00" not in section and "Book 09:15" not in section
    assert "Leipomo Oy" not in section and "Leipuri" not in section
    # The job is chosen beside the times, as on the booking page.
    assert f'name="vacancy_id" value="{seller.id}"' in section
    assert f'name="vacancy_id" value="{cashier.id}"' in section
    assert f'action="/youth/b/{token}/book?employer={shop.id}"' in section
    assert f'href="/youth/b/{token}#book"' in page


def test_booking_from_a_times_page(client: Any, fair: dict[str, Any]) -> None:
    token, shop, seller = fair["token"], fair["shop"], fair["seller"]
    response = client.post(f"/youth/b/{token}/book?employer={shop.id}",
                           data={"vacancy_id": seller.id, "start_minute": 570})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/youth/b/{token}")
    booked = db.session.scalar(sa.select(Interview).where(Interview.vacancy_id == seller.id))
    assert booked is not None and booked.candidate_id == fair["aino"].id
    assert (booked.source, booked.start_minute) == ("self", 570)
    page = _get(client, f"/youth/b/{token}")
    assert "Kauppa Oy: Myyjä" in page.split('id="book"', 1)[0]
    assert "Kauppa Oy" not in _book_section(page)  # one interview per employer
    # Her shop's times page now offers nothing (and says so), with the way back.
    times = _get(client, f"/youth/b/{token}/times/{shop.id}")
    assert "This employer has no free times for you right now." in times
    assert 'name="start_minute"' not in times


def test_a_time_taken_meanwhile_is_409_with_the_way_back_to_that_employer(
    client: Any, fair: dict[str, Any], make_candidate: Any
) -> None:
    event, token, bakery, baker = fair["event"], fair["token"], fair["bakery"], fair["baker"]
    rival = make_candidate(event, interests=[baker])
    data = {"vacancy_id": baker.id, "start_minute": 570}
    assert client.post(f"/youth/b/{booking_token(rival)}/book", data=data).status_code == 302
    taken = client.post(f"/youth/b/{token}/book?employer={bakery.id}&lang=en", data=data)
    assert taken.status_code == 409
    text = taken.get_data(as_text=True)
    assert "This time was just taken" in text
    assert f'href="/youth/b/{token}/times/{bakery.id}"' in text
    assert count(Interview, Interview.vacancy_id == baker.id) == 1
    # The times page no longer offers it.
    assert "Book 09:30–09:45" not in _get(client, f"/youth/b/{token}/times/{bakery.id}")


def test_a_time_that_cannot_be_booked_goes_back_to_the_times_page(
    client: Any, fair: dict[str, Any]
) -> None:
    token, shop, seller = fair["token"], fair["shop"], fair["seller"]
    response = client.post(f"/youth/b/{token}/book?employer={shop.id}&lang=en",
                           data={"vacancy_id": seller.id, "start_minute": 555})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/youth/b/{token}/times/{shop.id}")
    assert "This time cannot be booked." in _get(client, f"/youth/b/{token}/times/{shop.id}")
    assert count(Interview, Interview.vacancy_id == seller.id) == 0


@pytest.mark.parametrize("which", ["elsewhere", "unknown", "huge", "bad token"])
def test_a_times_page_of_no_employer_of_hers_is_404(
    client: Any, fair: dict[str, Any], which: str
) -> None:
    token = fair["token"]
    employer_id = {"elsewhere": fair["elsewhere"].id, "unknown": 999999,
                   "huge": 2**63}.get(which, fair["shop"].id)
    if which == "bad token":
        token = "x" * 43
    _get(client, f"/youth/b/{token}/times/{employer_id}", status=404)


def test_a_times_page_before_publishing_or_after_cancelling_goes_to_the_booking_page(
    client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, fair: dict[str, Any],
) -> None:
    event = make_event()
    shop = make_employer(event, company_name="Kauppa Oy", available=[(540, 600)])
    make_vacancy(shop, title="Myyjä")
    token = booking_token(make_candidate(event, open_to_other=True))
    response = client.get(f"/youth/b/{token}/times/{shop.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/youth/b/{token}")
    # Cancelled: booking is closed for her, so the times page sends her to her page too.
    token = fair["token"]
    assert client.post(f"/youth/b/{token}/cancel", data={"sure": "y"}).status_code == 302
    response = client.get(f"/youth/b/{token}/times/{fair['shop'].id}")
    assert response.status_code == 302


def test_few_times_stay_on_the_booking_page(client: Any, app: Any, fair: dict[str, Any]) -> None:
    app.config["BOOKING_PAGE_INLINE_TIMES"] = 24
    section = _book_section(_get(client, f"/youth/b/{fair['token']}"))
    assert "<h3>Kauppa Oy</h3>" in section and "<h3>Leipomo Oy</h3>" in section
    assert section.count("Book 09:30–09:45") == 2
    assert "/times/" not in section


@pytest.mark.parametrize("lang, words", [
    ("fi", "2 vapaata aikaa, ensimmäinen 9.30–9.45"),
    ("sv", "2 lediga tider, den första 9.30–9.45"),
])
def test_the_summary_speaks_finnish_and_swedish(
    client: Any, fair: dict[str, Any], lang: str, words: str
) -> None:
    response = client.get(f"/youth/b/{fair['token']}?lang={lang}")
    assert words in _words(response.get_data(as_text=True))
