"""Self-booking offers only the vacancies a young person chose, or any suitable one when they
are open to other vacancies (as the engine schedules them), and what it books is shown to
them as booked."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from recruit.booking.free_slots import free_slots
from recruit.extensions import db
from recruit.models import Candidate, Interview
from tests.booking.support import booking_token, outbox, publish, wait_for_refills


@pytest.fixture(autouse=True)
def _refills_finish(app: Any) -> Any:
    # A decline starts a waiting-list run in a thread; let it end before the rows go.
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 2
    yield
    wait_for_refills()


@pytest.fixture
def three_jobs(make_event: Any, make_employer: Any, make_vacancy: Any) -> dict[str, Any]:
    """Three employers, one job each, 15-minute slots 9.00-10.00; staff review changes."""
    event = make_event(max_interviews_per_candidate=2, change_policy="review")
    jobs = {
        title: make_vacancy(make_employer(event, company_name=f"{title} Oy",
                                          available=[(540, 600)], min_candidates=1),
                            title=title)
        for title in ("Barista", "Myyjä", "Kirjastoapulainen")
    }
    return {"event": event, **jobs}


def _vacancies(slots: list[Any]) -> set[int]:
    return {slot.vacancy_id for slot in slots}


def test_only_chosen_vacancies_unless_open_to_other(
    three_jobs: dict[str, Any], make_candidate: Any
) -> None:
    event, barista = three_jobs["event"], three_jobs["Barista"]
    picky = make_candidate(event, interests=[barista], open_to_other=False)
    open_one = make_candidate(event, interests=[barista], open_to_other=True)

    now = event.local_datetime(0)  # the morning of the event day, before it starts
    assert _vacancies(free_slots(picky, now=now)) == {barista.id}
    assert _vacancies(free_slots(open_one, now=now)) == {
        three_jobs[title].id for title in ("Barista", "Myyjä", "Kirjastoapulainen")
    }


def test_a_job_not_chosen_cannot_be_booked_by_posting_it(
    client: Any, three_jobs: dict[str, Any], make_candidate: Any, make_interview: Any
) -> None:
    event, barista, seller = three_jobs["event"], three_jobs["Barista"], three_jobs["Myyjä"]
    picky = make_candidate(event, interests=[barista], open_to_other=False)
    make_interview(picky, barista, start_minute=540)
    publish(event)
    token = booking_token(picky)

    answer = client.post(f"/youth/b/{token}/book?lang=en",
                         data={"vacancy_id": seller.id, "start_minute": 570})

    assert answer.status_code == 302
    page = client.get(f"/youth/b/{token}?lang=en").get_data(as_text=True)
    assert "This time cannot be booked." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.candidate_id == picky.id, Interview.vacancy_id == seller.id)) == 0


def test_open_to_other_after_a_decline_books_another_job_and_sees_it_booked(
    client: Any, three_jobs: dict[str, Any], make_candidate: Any, make_interview: Any
) -> None:
    """The browser journey's steps: two ranked interviews, decline one, book an unranked job."""
    event = three_jobs["event"]
    barista, seller, library = (three_jobs[t] for t in ("Barista", "Myyjä", "Kirjastoapulainen"))
    aino = make_candidate(event, interests=[barista, seller], open_to_other=True)
    make_interview(aino, barista, start_minute=540)
    second = make_interview(aino, seller, start_minute=570)
    publish(event)
    token = booking_token(aino)
    assert client.post(f"/youth/b/{token}/interviews/{second.id}/decline").status_code == 302
    wait_for_refills()
    aino = db.session.get(Candidate, aino.id)
    # Declined the shop: never offered again; the library is offered (she is open to it),
    # unless the waiting list has already placed her there in the draft.
    offered = _vacancies(free_slots(aino))
    assert seller.id not in offered

    answer = client.post(f"/youth/b/{token}/book?lang=en",
                         data={"vacancy_id": library.id, "start_minute": 570})

    assert answer.status_code == 302
    page = client.get(f"/youth/b/{token}?lang=en").get_data(as_text=True)
    assert "Booked! The interview is now on your list below." in page
    listed = page.split('id="book"', 1)[0]
    assert "Kirjastoapulainen Oy" in listed
    booked = db.session.scalars(sa.select(Interview).where(
        Interview.candidate_id == aino.id, Interview.vacancy_id == library.id,
        Interview.cancelled_at.is_(None))).one()
    assert (booked.source, booked.locked, booked.response) == ("self", True, "confirmed")


def test_booking_the_time_a_draft_already_holds_for_the_person_makes_it_theirs(
    client: Any, three_jobs: dict[str, Any], make_candidate: Any, make_interview: Any
) -> None:
    """The waiting list (review policy) put her at 9.30 in the draft while her page showed
    9.30 as free; she books 9.30: she is told "Booked!", so it must be hers and shown."""
    event = three_jobs["event"]
    barista, library = three_jobs["Barista"], three_jobs["Kirjastoapulainen"]
    aino = make_candidate(event, interests=[barista], open_to_other=True)
    make_interview(aino, barista, start_minute=540)
    publish(event)
    draft = make_interview(aino, library, start_minute=570)  # not published
    token = booking_token(aino)

    answer = client.post(f"/youth/b/{token}/book?lang=en",
                         data={"vacancy_id": library.id, "start_minute": 570})

    assert answer.status_code == 302
    page = client.get(f"/youth/b/{token}?lang=en").get_data(as_text=True)
    assert "Kirjastoapulainen Oy" in page.split('id="book"', 1)[0]
    row = db.session.get(Interview, draft.id)
    assert (row.source, row.locked, row.response) == ("self", True, "confirmed")
    invitations = outbox("interview_invite", to=aino.email)
    assert any("Kirjastoapulainen" in m.body_text for m in invitations)


def test_her_own_hidden_draft_at_an_employer_gives_way_to_her_booking_there(
    client: Any, three_jobs: dict[str, Any], make_candidate: Any, make_interview: Any
) -> None:
    """The waiting list (review policy) put her at the library at 9.30 in the draft; her page
    does not show it. The library's other times are hers to book: the booking replaces the
    draft, in one transaction, and she is told of the booking only."""
    event = three_jobs["event"]
    barista, seller, library = (three_jobs[t] for t in ("Barista", "Myyjä", "Kirjastoapulainen"))
    aino = make_candidate(event, interests=[barista], open_to_other=True)
    make_interview(aino, barista, start_minute=540)
    publish(event)
    draft_id = make_interview(aino, library, start_minute=570).id  # not published, not booked
    token = booking_token(aino)
    page = client.get(f"/youth/b/{token}?lang=en").get_data(as_text=True)
    assert "Kirjastoapulainen Oy" not in page.split('id="book"', 1)[0]  # hidden from her

    offered = {(s.vacancy_id, s.start_minute) for s in free_slots(aino)}
    assert (library.id, 585) in offered  # the draft's employer is not closed to her
    # Elsewhere the draft still counts (it will be published): with it and the café she has
    # the event's two interviews, so the shop is not offered.
    assert seller.id not in {vacancy for vacancy, _start in offered}

    answer = client.post(f"/youth/b/{token}/book?lang=en",
                         data={"vacancy_id": library.id, "start_minute": 585})

    assert answer.status_code == 302
    assert db.session.get(Interview, draft_id) is None
    live = db.session.scalars(sa.select(Interview).where(
        Interview.candidate_id == aino.id, Interview.cancelled_at.is_(None))).all()
    assert sorted((i.vacancy_id, i.start_minute, i.source) for i in live) == [
        (barista.id, 540, "solver"), (library.id, 585, "self")]
    page = client.get(f"/youth/b/{token}?lang=en").get_data(as_text=True)
    assert "Kirjastoapulainen Oy" in page.split('id="book"', 1)[0]
    assert [m.subject for m in outbox("interview_cancel", to=aino.email)] == []
    assert any("Kirjastoapulainen" in m.body_text
               for m in outbox("interview_invite", to=aino.email))


def test_a_published_interview_at_an_employer_still_closes_it_to_her(
    client: Any, three_jobs: dict[str, Any], make_candidate: Any, make_interview: Any
) -> None:
    """Only a hidden draft gives way: the interview she was told of keeps the one-per-employer
    rule, and posting another time of that employer books nothing."""
    event = three_jobs["event"]
    barista = three_jobs["Barista"]
    aino = make_candidate(event, interests=[barista], open_to_other=True)
    told = make_interview(aino, barista, start_minute=540)
    publish(event)
    token = booking_token(aino)
    assert barista.id not in _vacancies(free_slots(aino))

    answer = client.post(f"/youth/b/{token}/book?lang=en",
                         data={"vacancy_id": barista.id, "start_minute": 585})

    assert answer.status_code == 302
    assert db.session.get(Interview, told.id).cancelled_at is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.candidate_id == aino.id, Interview.vacancy_id == barista.id)) == 1
