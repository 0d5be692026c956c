"""The sign-up form's jobs as cards: what each card tells, "I qualify" from what the young
person entered, and choosing and ranking by plain form buttons (no JavaScript)."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Candidate, CandidateInterest
from recruit.youth.job_cards import apply_rank_action
from tests.booking.support import signup_data


@pytest.fixture
def jobs(make_event: Any, make_employer: Any, make_vacancy: Any) -> dict[str, Any]:
    event = make_event(max_ranked_interests=3)
    cafe = make_employer(event, company_name="Kahvila Oy", interview_minutes=20,
                         available=[(10 * 60, 12 * 60)])
    barista = make_vacancy(cafe, title="Barista", requires=["hygiene_passport"],
                           languages=["sv"], min_age=18,
                           description="Kahvin valmistusta ja asiakaspalvelua.")
    waiter = make_vacancy(cafe, title="Tarjoilija")
    shop = make_employer(event, company_name="Kauppa Oy")
    seller = make_vacancy(shop, title="Myyjä")
    return {"event": event, "barista": barista, "waiter": waiter, "seller": seller}


def _url(event: Any) -> str:
    return f"/youth/events/{event.id}/sign-up?lang=en"


def _card(page: str, vacancy: Any) -> str:
    return page.split(f'id="job-{vacancy.id}"', 1)[1].split("</li>", 1)[0]


def _ranked(page: str) -> list[str]:
    return [v for v in re.findall(r'name="interests-\d" value="([^"]*)"', page) if v]


def test_a_card_tells_what_the_job_is_needs_and_when(client: Any, jobs: dict[str, Any]) -> None:
    page = client.get(_url(jobs["event"])).get_data(as_text=True)
    card = _card(page, jobs["barista"])
    assert "<h3>Barista</h3>" in card and "Kahvila Oy" in card
    assert "Kahvin valmistusta ja asiakaspalvelua." in card
    assert "Hygiene passport" in card  # the card's name, not its code
    assert "Swedish" in card  # the interview language
    assert "18 years" in card
    assert "10:00–12:00" in card and "20 min each" in card
    plain = html.unescape(_card(page, jobs["waiter"]))
    assert "No cards or licences" in plain and "Any of the event's languages" in plain
    # Nothing said about qualifying before the young person has told anything.
    assert "You qualify" not in page and "You do not qualify" not in page


def test_choosing_and_ranking_without_javascript(client: Any, jobs: dict[str, Any]) -> None:
    event, barista, waiter, seller = (jobs[k] for k in ("event", "barista", "waiter", "seller"))
    form = signup_data(first_name="Kept Name", cards=[str(barista.requirements[0].id)],
                       languages=["sv"], birth_year=str(event.date.year - 19))
    form.pop("open_to_other")

    def press(button: str, ranked: list[str]) -> str:
        data = {**form, "rank": button}
        data.update({f"interests-{i}": v for i, v in enumerate(ranked)})
        response = client.post(_url(event), data=data)
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert 'value="Kept Name"' in page  # what was typed stays
        assert 'class="error"' not in page  # choosing is not sending: nothing is checked
        return page

    page = press(f"add:{waiter.id}", [])
    assert _ranked(page) == [str(waiter.id)]
    page = press(f"add:{barista.id}", _ranked(page))
    page = press(f"add:{seller.id}", _ranked(page))
    assert _ranked(page) == [str(waiter.id), str(barista.id), str(seller.id)]
    page = press(f"up:{seller.id}", _ranked(page))
    assert _ranked(page) == [str(waiter.id), str(seller.id), str(barista.id)]
    page = press(f"down:{waiter.id}", _ranked(page))
    assert _ranked(page) == [str(seller.id), str(waiter.id), str(barista.id)]
    # With cards, languages and age entered, each card says whether they qualify.
    assert "You qualify" in _card(page, barista)
    assert "Your choice 3" in _card(page, barista)
    # Three is the event's most: the other cards say so instead of offering a button.
    page = press(f"remove:{waiter.id}", _ranked(page))
    assert _ranked(page) == [str(seller.id), str(barista.id)]
    assert f'value="add:{waiter.id}"' in page

    # Sending the form signs up with the choices in that order.
    sent = client.post(_url(event), data={
        **form, "interests-0": str(seller.id), "interests-1": str(barista.id)})
    assert sent.status_code == 302
    candidate = db.session.scalar(sa.select(Candidate))
    ranks = db.session.execute(
        sa.select(CandidateInterest.vacancy_id, CandidateInterest.rank)
        .where(CandidateInterest.candidate_id == candidate.id)
        .order_by(CandidateInterest.rank)).all()
    assert [v for v, _rank in ranks] == [seller.id, barista.id]


def test_a_card_says_why_they_do_not_qualify(client: Any, jobs: dict[str, Any]) -> None:
    event, barista = jobs["event"], jobs["barista"]
    data = {**signup_data(languages=["fi"], birth_year=str(event.date.year - 16)),
            "rank": f"add:{jobs['waiter'].id}"}
    page = client.post(_url(event), data=data).get_data(as_text=True)
    card = _card(page, barista)
    assert "You do not qualify yet" in card
    assert "needs Hygiene passport" in card and "requires age 18 or over" in card
    assert "You qualify" in _card(page, jobs["waiter"])


@pytest.mark.parametrize("action", ["explode", "add:", "add:abc", "up:999999", "steal:1"])
def test_an_unknown_job_button_is_a_400_and_keeps_the_form(client: Any, jobs: dict[str, Any],
                                                           action: str) -> None:
    response = client.post(_url(jobs["event"]),
                           data={**signup_data(first_name="Kept Name"), "rank": action})
    assert response.status_code == 400
    assert 'value="Kept Name"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 0


def test_rank_actions_keep_the_list_valid() -> None:
    allowed = {1, 2, 3, 4}
    assert apply_rank_action([1, 2], "add:3", allowed, 3) == [1, 2, 3]
    assert apply_rank_action([1, 2, 3], "add:4", allowed, 3) == [1, 2, 3]  # full
    assert apply_rank_action([1, 2], "add:2", allowed, 3) == [1, 2]  # no repeats
    assert apply_rank_action([1, 2], "up:1", allowed, 3) == [1, 2]  # already first
    assert apply_rank_action([1, 2], "down:2", allowed, 3) == [1, 2]  # already last
    assert apply_rank_action([1, 1, 9, 2], "up:2", allowed, 3) == [2, 1]  # junk dropped
    assert apply_rank_action([1], "add:9", allowed, 3) is None
