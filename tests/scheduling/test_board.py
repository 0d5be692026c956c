"""The board over HTTP: the day on one screen, its filters and statuses, a person's day, the
cells an interview may move to, and moving it through the change path (with its preview)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from recruit.changes.notify import notify_changes
from recruit.extensions import db
from recruit.models import Interview, OutboxMessage, utcnow
from tests.scheduling.board_fill import demo_with_draft, vary_statuses

NINE = 9 * 60


@pytest.fixture
def scene(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    """Aino (free 9–10) meets the café at 9.00, table 1, and the shop at 9.30; Bertta holds
    the café's table 2 at 9.15; Celia booked the café herself at 11.00 and was told."""
    event = make_event()
    cafe = make_employer(event, tables=2, company_name="Kahvila Oy")
    barista = make_vacancy(cafe, title="Barista")
    shop = make_employer(event, company_name="Kauppa Oy")
    seller = make_vacancy(shop, title="Myyjä")
    aino = make_candidate(event, first_name="Aino", last_name="Aalto",
                          windows=[(NINE, NINE + 60)], interests=[barista, seller])
    bertta = make_candidate(event, first_name="Bertta", last_name="Berg", interests=[barista])
    celia = make_candidate(event, first_name="Celia", last_name="Cajander",
                           interests=[barista])
    moved = make_interview(aino, barista, start_minute=NINE, table_no=1)
    make_interview(aino, seller, start_minute=NINE + 30)
    make_interview(bertta, barista, start_minute=NINE + 15, table_no=2)
    booked = make_interview(celia, barista, start_minute=11 * 60, table_no=1, source="self")
    notify_changes(event, reason="test.booking")
    db.session.commit()
    return {"event": event, "cafe": cafe, "shop": shop, "barista": barista, "aino": aino,
            "moved": moved, "booked": booked, "celia": celia}


def _board(client, event, query: str = "") -> tuple[int, str]:
    response = client.get(f"/staff/events/{event.id}/schedule/board?lang=en{query}")
    return response.status_code, response.get_data(as_text=True)


def test_the_board_shows_every_interview_with_its_statuses(logged_in_client, scene):
    status, html = _board(logged_in_client, scene["event"])
    assert status == 200
    for interview in db.session.scalars(sa.select(Interview)):
        assert f'id="i{interview.id}"' in html
    # Employers across, each with its tables; time down.
    assert "Kahvila Oy" in html and "Kauppa Oy" in html
    assert re.search(r'<th scope="row"[^>]*>09:00</th>', html)
    # Not by colour alone: each card carries its statuses in words.
    booked = re.search(rf'id="i{scene["booked"].id}".*?</td>', html, re.S).group(0)
    assert 'aria-label="Draft (not published), Booked by the young person"' in booked
    assert "s-self_booked" in booked


def test_two_people_of_the_same_name_are_told_apart(logged_in_client, scene, make_candidate,
                                                     make_interview):
    event = scene["event"]
    twin = make_candidate(event, first_name="Aino", last_name="Aalto",
                          birth_year=event.date.year - 17)
    make_interview(twin, scene["barista"], start_minute=NINE + 30, table_no=1)
    _status, html = _board(logged_in_client, event)
    assert f"Aino Aalto ({scene['aino'].birth_year})" in html
    assert f"Aino Aalto ({twin.birth_year})" in html


def test_filters_by_employer_vacancy_and_status(logged_in_client, scene):
    event, cafe, booked = scene["event"], scene["cafe"], scene["booked"]
    _status, html = _board(logged_in_client, event, f"&employer={cafe.id}")
    assert 'class="board-employer">Kahvila Oy' in html
    assert 'class="board-employer">Kauppa Oy' not in html
    _status, html = _board(logged_in_client, event, f"&vacancy={scene['barista'].id}")
    assert 'class="board-employer">Kauppa Oy' not in html
    _status, html = _board(logged_in_client, event, "&status=self_booked")

    def classes(interview: Interview) -> str:
        return re.search(rf'id="i{interview.id}" class="([^"]*)"', html).group(1)

    # The others stay in place (the day keeps its shape), faded.
    assert "dim" not in classes(booked)
    assert "dim" in classes(scene["moved"])
    assert '<option value="self_booked" selected>' in html


@pytest.mark.parametrize("huge", ["person", "moved"])
def test_an_id_beyond_the_database_s_integers_is_ignored(logged_in_client, scene, huge):
    status, html = _board(logged_in_client, scene["event"], f"&{huge}={10**20}")
    assert status == 200 and f'id="i{scene["moved"].id}"' in html


@pytest.mark.parametrize("query", ["&status=everything", "&employer=abc", "&vacancy=-1"])
def test_an_unknown_filter_is_a_400_that_says_so(logged_in_client, scene, query):
    status, html = _board(logged_in_client, scene["event"], query)
    assert status == 400
    assert "That filter is not one the board knows" in html
    assert f'id="i{scene["moved"].id}"' in html


def test_a_person_s_day_and_choices(logged_in_client, scene):
    aino = scene["aino"]
    _status, html = _board(logged_in_client, scene["event"], f"&person={aino.id}")
    day = re.search(r'<section class="person-day".*?</section>', html, re.S).group(0)
    assert "Aino Aalto" in day
    assert "09:00–09:15" in day and "Kahvila Oy" in day
    assert "09:30–09:45" in day and "Kauppa Oy" in day
    assert "09:00–10:00" in day  # when she is available
    # Her choices, in her order, each marked when she meets that employer.
    assert day.index("Barista") < day.index("Myyjä")
    assert day.count("has an interview") == 2


def test_the_cells_an_interview_may_go_to_follow_the_rules(logged_in_client, scene):
    event, moved = scene["event"], scene["moved"]
    response = logged_in_client.get(
        f"/staff/events/{event.id}/schedule/interviews/{moved.id}/targets?lang=en")
    assert response.status_code == 200
    targets = {t["cell"]: t for t in response.json["targets"]}
    allowed = {cell for cell, t in targets.items() if t["allowed"]}
    # Table 2 at 9.00 is the only cell: table 2 is Bertta's at 9.15, Aino meets the shop at
    # 9.30 (with 5 minutes between interviews), and she is free only until 10.
    assert allowed == {f"{NINE}-2"}
    assert targets[f"{NINE}-1"]["current"]
    assert targets[f"{NINE + 15}-2"]["reason"] == "Table 2 is taken then."
    assert "another interview at 09:30 (Kauppa Oy)" in targets[f"{NINE + 15}-1"]["reason"]
    assert targets[f"{NINE + 90}-1"]["reason"] == "Aino is not available then."


def _place(client, event, interview, cell: str, **extra: str):
    return client.post(
        f"/staff/events/{event.id}/schedule/interviews/{interview.id}/place?lang=en",
        data={"cell": cell, **extra},
    )


def _where(interview_id: int) -> tuple[int, int]:
    db.session.rollback()
    row = db.session.get(Interview, interview_id)
    return row.start_minute, row.table_no


def test_moving_to_an_allowed_cell_moves_it_and_offers_a_lock(logged_in_client, scene):
    event, moved = scene["event"], scene["moved"]
    response = _place(logged_in_client, event, moved, f"{NINE}-2")
    assert response.status_code == 302
    assert f"moved={moved.id}" in response.headers["Location"]
    assert _where(moved.id) == (NINE, 2)
    board = logged_in_client.get(response.headers["Location"] + "&lang=en")
    html = board.get_data(as_text=True)
    assert "Lock it there, so that the next build keeps it?" in html
    lock = logged_in_client.post(
        f"/staff/events/{event.id}/schedule/interviews/{moved.id}/lock",
        data={"back": "board"})
    assert lock.status_code == 302 and "/schedule/board" in lock.headers["Location"]
    db.session.rollback()
    assert db.session.get(Interview, moved.id).locked


def test_the_keyboard_list_offers_exactly_the_allowed_cells(logged_in_client, scene):
    event, moved = scene["event"], scene["moved"]
    page = logged_in_client.get(
        f"/staff/events/{event.id}/schedule/interviews/{moved.id}/place?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert re.findall(r'type="radio" name="cell" id="[^"]*" value="([^"]+)"', html) == [
        f"{NINE}-2"]
    assert "Table 2 is taken then." in html  # the refused cells, with why
    moved_and_locked = _place(logged_in_client, event, moved, f"{NINE}-2", lock="1")
    assert moved_and_locked.status_code == 302
    db.session.rollback()
    row = db.session.get(Interview, moved.id)
    assert (row.start_minute, row.table_no, row.locked) == (NINE, 2, True)


@pytest.mark.parametrize("cell,status,says", [
    (f"{NINE + 15}-2", 400, "Table 2 is taken then."),
    (f"{NINE + 90}-1", 400, "Aino is not available then."),
    (f"{NINE + 3}-1", 400, "That cell is not one of this employer's slots."),
    ("soon", 400, "Choose where the interview should go."),
    ("", 400, "Choose where the interview should go."),
])
def test_a_refused_move_is_explained_and_changes_nothing(logged_in_client, scene, cell, status,
                                                         says):
    event, moved = scene["event"], scene["moved"]
    response = _place(logged_in_client, event, moved, cell)
    assert response.status_code == status
    assert says in html.unescape(response.get_data(as_text=True))
    assert _where(moved.id) == (NINE, 1)


def _outbox(kind: str) -> int:
    db.session.rollback()
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(OutboxMessage).where(OutboxMessage.kind == kind))


def test_moving_a_booking_people_were_told_of_previews_then_sends_the_update(
        logged_in_client, scene):
    event, booked = scene["event"], scene["booked"]
    updates_before = _outbox("interview_update")
    first = _place(logged_in_client, event, booked, f"{11 * 60 + 15}-1")
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "0 invitations, 1 update and 0 cancellations will be sent." in html
    # Nothing has happened yet.
    assert _where(booked.id) == (11 * 60, 1)
    assert _outbox("interview_update") == updates_before
    confirmed = _place(logged_in_client, event, booked, f"{11 * 60 + 15}-1",
                       confirm_messages="1")
    assert confirmed.status_code == 302
    assert _where(booked.id) == (11 * 60 + 15, 1)
    assert _outbox("interview_update") == updates_before + 1


@contextmanager
def _counting_statements() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def test_the_board_asks_the_database_the_same_few_times_whatever_the_size(
        logged_in_client, scene, app):
    small = scene["event"]
    big = demo_with_draft(employers=8, youth=120, seed=5)
    vary_statuses(big)
    db.session.expire_all()
    with _counting_statements() as on_small:
        assert _board(logged_in_client, small)[0] == 200
    with _counting_statements() as on_big:
        status, html = _board(logged_in_client, big)
    assert status == 200
    live = db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.event_id == big.id, Interview.cancelled_at.is_(None)))
    assert live > 50 and html.count('class="card ') == live
    assert len(on_big) == len(on_small) <= 15


def test_declined_interviews_stay_visible_in_their_freed_slot(logged_in_client, scene):
    moved = scene["moved"]
    row = db.session.get(Interview, moved.id)
    row.response, row.cancelled_at = "declined", utcnow()
    row.release_cells()
    db.session.commit()
    _status, html = _board(logged_in_client, scene["event"])
    freed = re.search(rf'data-cell="{NINE}-1">(.*?)</td>', html, re.S).group(1)
    assert "Aino Aalto" in freed and 'aria-label="Declined"' in freed


def test_staff_add_an_interview_by_hand_where_it_fits(logged_in_client, scene, make_candidate):
    event, barista = scene["event"], scene["barista"]
    newcomer = make_candidate(event, first_name="Eino", last_name="Esko",
                              windows=[(NINE, NINE + 30)], interests=[barista])
    url = f"/staff/events/{event.id}/schedule/people/{newcomer.id}/add?lang=en"
    page = logged_in_client.get(url + f"&vacancy={barista.id}").get_data(as_text=True)
    offered = re.findall(r'type="radio" name="cell" id="[^"]*" value="([^"]+)"', page)
    # Free 9.00–9.30; table 1 is Aino's at 9.00, table 2 Bertta's at 9.15.
    assert offered == [f"{NINE}-2", f"{NINE + 15}-1"]
    refused = _place_add(logged_in_client, url, barista, f"{NINE}-1")
    assert refused.status_code == 400
    assert "Table 1 is taken then." in refused.get_data(as_text=True)
    added = _place_add(logged_in_client, url, barista, f"{NINE + 15}-1", lock="1")
    assert added.status_code == 302
    db.session.rollback()
    row = db.session.scalar(sa.select(Interview).where(Interview.candidate_id == newcomer.id))
    assert (row.start_minute, row.table_no, row.source, row.locked) == (
        NINE + 15, 1, "staff", True)
    huge = logged_in_client.get(url + f"&vacancy={10**20}")
    assert huge.status_code == 200 and 'name="cell"' not in huge.get_data(as_text=True)
    again = _place_add(logged_in_client, url, barista, f"{NINE}-2")
    assert again.status_code == 400
    assert "Eino already has an interview with this employer." in again.get_data(as_text=True)


def _place_add(client, url, vacancy, cell, **extra):
    return client.post(url, data={"vacancy": str(vacancy.id), "cell": cell, **extra})


def test_young_people_without_an_interview_are_counted_by_main_reason(app):
    from recruit.scheduling.board import YouthNote, reason_counts

    notes = [YouthNote(1, "A", ["…"], "missing_card"), YouthNote(2, "B", ["…"], "language"),
             YouthNote(3, "C", ["…"], "missing_card"), YouthNote(4, "D", ["…"], "new_code")]
    with app.test_request_context("/?lang=en"):
        assert reason_counts(notes) == [
            ("Lacks a card or licence the vacancy needs", 2),
            ("Does not speak the interview language", 1),
            ("Other reasons", 1),
        ]
