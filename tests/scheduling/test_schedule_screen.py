"""The schedule page shows what is on screen: a page of employers (or one employer, or one
hour) with jump links to the rest, a page of the young people without an interview, and the
engine's explanation kept per draft, computed again after any change to it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import (
    Candidate,
    DraftExplanation,
    DraftExplanationNote,
    Employer,
    Interview,
)
from recruit.scheduling import publishing
from recruit.scheduling.board import EMPLOYERS_PER_PAGE, LEFT_OUT_PER_PAGE
from recruit.scheduling.explanation import draft_explanation, draft_fingerprint
from tests.scheduling.board_fill import demo_with_draft


@pytest.fixture
def fair(app):
    """Eight employers, 200 youth, a first-come-first-served draft: more employers than one
    page holds and more people without an interview than one page lists."""
    event = demo_with_draft(employers=8, youth=200, seed=11)
    return event.id


def _page(client, event_id: int, query: str = "") -> str:
    response = client.get(f"/staff/events/{event_id}/schedule?lang=en{query}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _blocks(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'<section class="grid-employer" '
                                               r'aria-labelledby="emp-(\d+)"', html)]


def _employers(event_id: int) -> list[Employer]:
    return list(db.session.scalars(sa.select(Employer).where(Employer.event_id == event_id)
                                   .order_by(Employer.id)))


def test_one_page_of_employers_with_jump_links_to_every_employer(logged_in_client, fair):
    employers = _employers(fair)
    first = _page(logged_in_client, fair)
    assert _blocks(first) == [e.id for e in employers[:EMPLOYERS_PER_PAGE]]
    # Every employer has a jump link, the ones on later pages too.
    for employer in employers:
        assert f"employer={employer.id}#emp-{employer.id}" in first
    assert "Employers, page 1 of 2." in first
    second = _page(logged_in_client, fair, "&page=2")
    assert _blocks(second) == [e.id for e in employers[EMPLOYERS_PER_PAGE:]]
    # A jump link shows that employer alone, with all its interviews.
    last = employers[-1]
    alone = _page(logged_in_client, fair, f"&employer={last.id}")
    assert _blocks(alone) == [last.id]
    rows = db.session.scalars(sa.select(Interview).where(
        Interview.employer_id == last.id, Interview.cancelled_at.is_(None))).all()
    assert rows
    assert all(f'id="i{row.id}"' in alone for row in rows)
    other = db.session.scalars(sa.select(Interview).where(
        Interview.event_id == fair, Interview.employer_id != last.id)).first()
    assert f'id="i{other.id}"' not in alone


def test_an_hour_window_keeps_the_interviews_starting_in_it(logged_in_client, fair):
    employer = _employers(fair)[0]
    rows = db.session.scalars(sa.select(Interview).where(
        Interview.employer_id == employer.id, Interview.cancelled_at.is_(None))).all()
    hour = rows[0].start_minute // 60
    html = _page(logged_in_client, fair, f"&employer={employer.id}&hour={hour}")
    for row in rows:
        shown = f'id="i{row.id}"' in html
        assert shown == (hour * 60 <= row.start_minute < hour * 60 + 60), row.start_minute


@pytest.mark.parametrize("query", ["&page=abc", "&page=0", "&page=99", "&hour=25",
                                   "&employer=999999", "&left=999", "&employer=-1"])
def test_a_page_hour_or_employer_it_does_not_have_is_a_400_that_says_so(
    logged_in_client, fair, query
):
    response = logged_in_client.get(f"/staff/events/{fair}/schedule?lang=en{query}")
    assert response.status_code == 400
    assert "There is no such page, hour or employer" in response.get_data(as_text=True)


def test_the_young_people_without_an_interview_come_a_page_at_a_time(logged_in_client, fair):
    explanation = draft_explanation(db.session.get_one(type(_employers(fair)[0].event), fair))
    db.session.commit()
    assert explanation.total > LEFT_OUT_PER_PAGE
    first = _page(logged_in_client, fair)
    assert f"Young people without an interview ({explanation.total})" in first
    listed = re.findall(r"Add an interview by hand<span class=\"visually-hidden\">", first)
    assert len(listed) == LEFT_OUT_PER_PAGE
    # The counts by reason still count everyone, not the page.
    bars = [int(n) for n in re.findall(r'<span class="bar w\d+">(\d+)</span>', first)]
    assert sum(bars) == explanation.total
    notes = explanation.notes()
    last_page = -(-explanation.total // LEFT_OUT_PER_PAGE)
    last = _page(logged_in_client, fair, f"&left={last_page}")
    last_person = db.session.get(Candidate, notes[-1].candidate_id)
    assert last_person.full_name in last
    assert db.session.get(Candidate, notes[0].candidate_id).full_name not in last


def _computed_at(event_id: int):
    db.session.expire_all()
    return db.session.get(DraftExplanation, event_id).computed_at


def test_the_explanation_is_kept_and_computed_again_after_a_change(logged_in_client, fair):
    _page(logged_in_client, fair)
    kept = _computed_at(fair)
    _page(logged_in_client, fair, "&page=2")
    assert _computed_at(fair) == kept, "a second load computed the explanation again"

    # Removing someone's only interview puts them on the list, with a reason.
    event = _employers(fair)[0].event
    rows = db.session.scalars(sa.select(Interview).where(
        Interview.event_id == fair, Interview.cancelled_at.is_(None))).all()
    per_person: dict[int, list[Interview]] = {}
    for row in rows:
        per_person.setdefault(row.candidate_id, []).append(row)
    only = next(own[0] for own in per_person.values() if len(own) == 1)
    person = only.candidate_id
    before = draft_fingerprint(event)
    publishing.remove_interview(only, None)
    db.session.commit()
    assert draft_fingerprint(event) != before
    _page(logged_in_client, fair)
    assert _computed_at(fair) != kept
    listed = set(db.session.scalars(sa.select(DraftExplanationNote.candidate_id)
                                    .where(DraftExplanationNote.event_id == fair)))
    assert person in listed


def test_a_changed_person_changes_the_fingerprint(app, fair):
    event = _employers(fair)[0].event
    before = draft_fingerprint(event)
    person = next(p for p in db.session.scalars(
        sa.select(Candidate).where(Candidate.event_id == fair)) if p.windows)
    person.windows[0].end_minute -= 5
    db.session.commit()
    assert draft_fingerprint(event) != before
