"""The private booking page: status, interview details, confirm/decline/cancel, .ics, QR,
and self-booking of free slots after publishing."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from recruit.booking.free_slots import free_slots
from recruit.booking.operations import booking_open
from recruit.extensions import db
from recruit.models import Candidate, Interview
from recruit.scheduling.publishing import move_interview
from tests.booking.support import booking_token, count, outbox, publish, wait_for_refills
from tests.calendar.ical_checks import parse_all


@pytest.fixture(autouse=True)
def _refills_finish(app: Any) -> Any:
    # A decline starts a waiting-list run in a thread; let it end before the rows go.
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 2
    yield
    wait_for_refills()


@pytest.fixture
def scene(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
          make_interview: Any) -> dict[str, Any]:
    """One employer with one table and 15-minute slots 9.00–10.00, a published interview."""
    event = make_event(venue_name="Ohjaamo", venue_address="Fredrikinkatu 48, Helsinki")
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(540, 600)])
    barista = make_vacancy(cafe, title="Barista", requires=["hygiene_passport"])
    shop = make_employer(event, company_name="Kauppa Oy", available=[(540, 600)])
    seller = make_vacancy(shop, title="Myyjä")
    # Open to other vacancies: self-booking offers her the shop's too (not only her choice).
    aino = make_candidate(event, first_name="Aino", cards=["hygiene_passport"],
                          interests=[barista], open_to_other=True)
    interview = make_interview(aino, barista, start_minute=540)
    return {"event": event, "cafe": cafe, "barista": barista, "shop": shop, "seller": seller,
            "aino": aino, "interview": interview, "token": booking_token(aino)}


def _page(client: Any, token: str, lang: str = "en") -> str:
    response = client.get(f"/youth/b/{token}?lang={lang}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_waiting_before_publishing(client: Any, scene: dict[str, Any]) -> None:
    page = _page(client, scene["token"])
    assert "Hi Aino!" in page
    assert "We are making the schedule now" in page
    assert "Kahvila Oy" not in page  # the draft is never shown
    assert "Book a free time" not in page


def test_published_interview_details(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    page = _page(client, scene["token"])
    assert "You have interviews" in page
    assert "Kahvila Oy: Barista" in page
    assert "09:00–09:15" in page  # the event's local time
    assert "table 1" in page
    assert "Fredrikinkatu 48, Helsinki" in page
    assert "Hygiene passport" in page  # what to bring, in the page's language
    finnish = _page(client, scene["token"], "fi")
    assert "Hygieniapassi" in finnish and "9.00" in finnish
    assert "<svg" in page and 'class="qr"' in page  # the check-in code, drawn inline


def test_private_page_headers_and_no_third_party(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    response = client.get(f"/youth/b/{scene['token']}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    for attribute in ('src="http', "src='http", 'href="http', "href='http", "//cdn"):
        assert attribute not in page


def test_confirm_is_idempotent(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    url = f"/youth/b/{scene['token']}/interviews/{scene['interview'].id}/confirm"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    interview = db.session.get(Interview, scene["interview"].id)
    assert interview.response == "confirmed" and interview.cancelled_at is None
    page = _page(client, scene["token"])
    assert "Confirmed" in page
    # Nothing left to confirm: the status no longer asks for it.
    assert "You have confirmed all your interviews" in page
    assert "Please confirm each one" not in page
    assert "Olet vahvistanut kaikki haastattelusi" in _page(client, scene["token"], "fi")


def test_decline_is_idempotent_and_frees_the_time(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    url = f"/youth/b/{scene['token']}/interviews/{scene['interview'].id}/decline"
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    interview = db.session.get(Interview, scene["interview"].id)
    assert interview.response == "declined" and interview.cancelled_at is not None
    assert interview.sequence == 1  # raised once, for the one CANCEL
    assert interview.candidate_cells == [] and interview.table_cells == []
    [cancel] = outbox("interview_cancel")
    assert cancel.recipient == scene["aino"].email and cancel.calendar_method == "CANCEL"
    # Declined cannot be confirmed afterwards; the page says why.
    confirm = f"/youth/b/{scene['token']}/interviews/{scene['interview'].id}/confirm?lang=en"
    client.post(confirm)
    assert "can no longer be confirmed" in _page(client, scene["token"])
    # Declined and cancelled read differently in every language.
    assert "Kieltäydytty" in _page(client, scene["token"], "fi")
    assert "Avböjd" in _page(client, scene["token"], "sv")
    assert db.session.get(Interview, scene["interview"].id).response == "declined"


def test_cancel_everything_is_idempotent(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    url = f"/youth/b/{scene['token']}/cancel"
    not_sure = client.post(url)
    assert not_sure.status_code == 302
    assert db.session.get(Candidate, scene["aino"].id).status == "active"
    assert client.post(url, data={"sure": "y"}).status_code == 302
    assert client.post(url, data={"sure": "y"}).status_code == 302
    aino = db.session.get(Candidate, scene["aino"].id)
    assert aino.status == "cancelled"
    assert count(Interview, Interview.cancelled_at.is_(None)) == 0
    assert len(outbox("interview_cancel")) == 1
    assert "You have cancelled your sign-up" in _page(client, scene["token"])


def test_calendar_download(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    response = client.get(f"/youth/b/{scene['token']}/interviews.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    [entry] = [c for c in calendar.walk("VEVENT")]
    assert str(entry["UID"]) == scene["interview"].uid
    assert entry.decoded("DTSTART").hour == 9
    # The three parsers of the mail tests agree on it (line rules, VTIMEZONE, times).
    [parsed] = parse_all(response.data)
    assert parsed.method == "PUBLISH" and parsed.uid == scene["interview"].uid
    assert "Europe/Helsinki" in parsed.tzids


def test_free_slots_only_for_eligible_vacancies_and_buffer(
    client: Any, scene: dict[str, Any], make_candidate: Any
) -> None:
    event, seller = scene["event"], scene["seller"]
    publish(event)
    page = _page(client, scene["token"])
    assert "Book a free time" in page
    # Aino has 9.00–9.15 at the café and a 5-minute buffer after it: the shop's 9.00 slot
    # overlaps and its 9.15 slot starts inside the buffer; 9.30 is free.
    section = page.split('id="book"', 1)[1]
    assert "<h3>Kauppa Oy</h3>" in section and "Myyjä" in section
    assert "Book 09:30–09:45" in section and "Book 09:45–10:00" in section
    assert "Book 09:00" not in section and "Book 09:15" not in section
    assert "Kahvila Oy" not in section  # one interview per employer
    # Someone without the hygiene passport is not offered the barista job at all.
    other = make_candidate(event, interests=[seller])
    other_page = _page(client, booking_token(other)).split('id="book"', 1)[1]
    assert "Kahvila Oy" not in other_page and "<h3>Kauppa Oy</h3>" in other_page


def test_free_times_are_shown_once_per_employer_not_per_vacancy(
    client: Any, scene: dict[str, Any], make_vacancy: Any
) -> None:
    event, shop = scene["event"], scene["shop"]
    cashier = make_vacancy(shop, title="Kassa")
    publish(event)
    section = _page(client, scene["token"]).split('id="book"', 1)[1]
    assert section.count("Book 09:30–09:45") == 1
    # The vacancy is chosen beside the times: both of the shop's, the first chosen.
    assert section.count("<h3>Kauppa Oy</h3>") == 1
    assert f'name="vacancy_id" value="{scene["seller"].id}"' in section
    assert f'name="vacancy_id" value="{cashier.id}"' in section
    assert "Kassa" in section and "Myyjä" in section


def test_self_booking(client: Any, scene: dict[str, Any]) -> None:
    event, seller = scene["event"], scene["seller"]
    publish(event)
    invites_before = len(outbox("interview_invite"))  # the published one's
    url = f"/youth/b/{scene['token']}/book"
    response = client.post(url, data={"vacancy_id": seller.id, "start_minute": 570})
    assert response.status_code == 302
    booked = db.session.scalar(sa.select(Interview).where(Interview.vacancy_id == seller.id))
    assert booked is not None and booked.candidate_id == scene["aino"].id
    assert (booked.source, booked.locked, booked.response) == ("self", True, "confirmed")
    assert booked.start_minute == 570 and booked.table_no == 1
    invites = outbox("interview_invite")
    assert len(invites) == invites_before + 1
    assert invites[-1].recipient == scene["aino"].email
    assert "Kauppa Oy" in invites[-1].subject and invites[-1].calendar_method == "REQUEST"
    # The same booking again (a double tap) changes nothing.
    assert client.post(url, data={"vacancy_id": seller.id, "start_minute": 570}
                       ).status_code == 302
    assert count(Interview, Interview.vacancy_id == seller.id) == 1
    assert "Kauppa Oy: Myyjä" in _page(client, scene["token"]).split('id="book"', 1)[0]


def test_a_declined_employer_is_not_offered_again(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    token, cafe, barista = scene["token"], scene["cafe"], scene["barista"]
    url = f"/youth/b/{token}/interviews/{scene['interview'].id}/decline"
    assert client.post(url).status_code == 302
    wait_for_refills()
    aino = db.session.get(Candidate, scene["aino"].id)
    # The shop is still hers: offered, or already given to her by the waiting list.
    at_shop = count(Interview, Interview.candidate_id == aino.id,
                    Interview.employer_id == scene["shop"].id, Interview.cancelled_at.is_(None))
    offered = {s.employer_id for s in free_slots(aino)}
    assert offered == (set() if at_shop else {scene["shop"].id})
    assert "Kahvila Oy" not in _page(client, token).split('id="book"', 1)[1]
    booking = client.post(f"/youth/b/{token}/book?lang=en",
                          data={"vacancy_id": barista.id, "start_minute": 555})
    assert booking.status_code == 302
    assert count(Interview, Interview.employer_id == cafe.id,
                 Interview.cancelled_at.is_(None)) == 0


def test_a_declined_interview_stays_on_the_page_after_a_new_version(
    client: Any, scene: dict[str, Any]
) -> None:
    event, token = scene["event"], scene["token"]
    publish(event)
    url = f"/youth/b/{token}/interviews/{scene['interview'].id}/decline"
    assert client.post(url).status_code == 302
    wait_for_refills()
    publish(event)  # a later version (a waiting-list refill) no longer lists it
    page = _page(client, token).split('id="book"', 1)[0]
    assert "Kahvila Oy: Barista" in page and "Declined" in page
    assert "09:00–09:15" in page


@pytest.mark.parametrize("slot", [
    {"vacancy_id": "barista", "start_minute": 585},  # second interview with the same employer
    {"vacancy_id": "seller", "start_minute": 555},  # inside the buffer after 9.00–9.15
    {"vacancy_id": "seller", "start_minute": 571},  # not on the employer's slot grid
    {"vacancy_id": "999999", "start_minute": 570},  # no such vacancy
])
def test_times_that_cannot_be_booked(client: Any, scene: dict[str, Any], slot: dict) -> None:
    publish(scene["event"])
    vacancy = scene.get(slot["vacancy_id"])
    data = {"vacancy_id": vacancy.id if vacancy else slot["vacancy_id"],
            "start_minute": slot["start_minute"]}
    before = count(Interview)
    response = client.post(f"/youth/b/{scene['token']}/book?lang=en", data=data)
    assert response.status_code == 302
    assert count(Interview) == before
    assert "This time cannot be booked." in _page(client, scene["token"])


def test_junk_booking_input_is_400(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    url = f"/youth/b/{scene['token']}/book"
    assert client.post(url, data={"vacancy_id": "x", "start_minute": "y"}).status_code == 400
    assert client.post(url, data={}).status_code == 400


def test_no_self_booking_before_publishing(client: Any, scene: dict[str, Any]) -> None:
    response = client.post(f"/youth/b/{scene['token']}/book?lang=en",
                           data={"vacancy_id": scene["seller"].id, "start_minute": 570})
    assert response.status_code == 302
    assert count(Interview) == 1
    assert "Booking opens when the schedule has been published." in _page(client, scene["token"])


def test_taken_slot_gets_the_just_taken_page(
    client: Any, scene: dict[str, Any], make_candidate: Any
) -> None:
    event, seller = scene["event"], scene["seller"]
    publish(event)
    first = make_candidate(event, interests=[seller])
    second = make_candidate(event, interests=[seller])
    data = {"vacancy_id": seller.id, "start_minute": 540}
    assert client.post(f"/youth/b/{booking_token(first)}/book", data=data).status_code == 302
    taken = client.post(f"/youth/b/{booking_token(second)}/book?lang=en", data=data)
    assert taken.status_code == 409
    assert "This time was just taken" in taken.get_data(as_text=True)
    assert count(Interview, Interview.vacancy_id == seller.id) == 1


def test_out_of_range_numbers_are_refused_not_500(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    token = scene["token"]
    huge = str(2**63)
    assert client.post(f"/youth/b/{token}/book",
                       data={"vacancy_id": huge, "start_minute": "540"}).status_code == 400
    assert client.post(f"/youth/b/{token}/book",
                       data={"vacancy_id": scene["seller"].id, "start_minute": huge}
                       ).status_code == 400
    assert client.post(f"/youth/b/{token}/interviews/{huge}/confirm").status_code == 404
    assert client.get(f"/youth/events/{huge}/sign-up").status_code == 404
    assert client.get("/youth/b/%00abc").status_code == 404


def test_decline_asks_once_more(client: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    url = f"/youth/b/{scene['token']}/interviews/{scene['interview'].id}/decline?lang=en"
    assert url.split("?")[0] in _page(client, scene["token"])
    page = client.get(url)
    assert page.status_code == 200 and "Yes, I cannot come" in page.get_data(as_text=True)
    assert db.session.get(Interview, scene["interview"].id).cancelled_at is None
    client.post(url)
    assert client.get(url).status_code == 302  # declined: nothing more to ask


def test_times_already_gone_are_not_offered(scene: dict[str, Any]) -> None:
    event, aino = scene["event"], scene["aino"]
    publish(event)
    starts = {s.start_minute for s in free_slots(aino)}
    assert starts == {570, 585}  # the shop, after Aino's 9.00 at the café and its buffer
    assert {s.start_minute for s in free_slots(aino, now=event.local_datetime(575))} == {585}
    assert booking_open(aino, now=event.local_datetime(599))
    assert not booking_open(aino, now=event.local_datetime(event.end_minute))


def test_a_cancellation_names_the_time_the_person_was_told(
    client: Any, scene: dict[str, Any]
) -> None:
    publish(scene["event"])
    # Staff move the interview in the draft; the person still knows 9.00.
    move_interview(db.session.get(Interview, scene["interview"].id), start_minute=570,
                   table_no=1, by=None)
    db.session.commit()
    client.post(f"/youth/b/{scene['token']}/interviews/{scene['interview'].id}/decline")
    [cancel] = outbox("interview_cancel")
    assert "9.00" in cancel.body_text and "9.30" not in cancel.body_text


def test_actions_need_the_csrf_token(make_app: Any, scene: dict[str, Any]) -> None:
    publish(scene["event"])
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    token, interview = scene["token"], scene["interview"]
    page = client.get(f"/youth/b/{token}").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    for url, data in ((f"/youth/b/{token}/interviews/{interview.id}/decline", {}),
                      (f"/youth/b/{token}/cancel", {"sure": "y"}),
                      (f"/youth/b/{token}/book",
                       {"vacancy_id": scene["seller"].id, "start_minute": 570})):
        assert client.post(url, data=data).status_code == 400
    assert db.session.get(Interview, interview.id).cancelled_at is None
    assert db.session.get(Candidate, scene["aino"].id).status == "active"
    assert count(Interview) == 1
