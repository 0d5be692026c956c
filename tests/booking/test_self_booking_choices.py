"""Self-booking offers only the vacancies the young person chose, or any suitable one when
they are open to other vacancies (as the engine schedules them)."""

from __future__ import annotations

from recruit.booking.free_slots import free_slots


def test_only_chosen_vacancies_unless_open_to_other(
    app, make_event, make_employer, make_vacancy, make_candidate
):
    event = make_event()
    chosen = make_vacancy(make_employer(event, vacancies=0), title="Barista")
    other = make_vacancy(make_employer(event, vacancies=0), title="Myyjä")
    picky = make_candidate(event, interests=[chosen], open_to_other=False)
    open_one = make_candidate(event, interests=[chosen], open_to_other=True)

    now = event.local_datetime(0)  # the morning of the event day, before it starts
    picky_slots = free_slots(picky, now=now)
    open_slots = free_slots(open_one, now=now)

    assert picky_slots and {s.vacancy_id for s in picky_slots} == {chosen.id}
    assert {s.vacancy_id for s in open_slots} == {chosen.id, other.id}
