"""What each employer offers a person (`free_offers`, the fair's booking page summary) agrees
with the free slots, and with the whole-problem reference, on random events.

For every person of a random event (tests/booking/test_free_slots_property.py builds them,
with random bookings and declines), per employer: the number of slots the summary stands for
(times × vacancies) is `len(free_slots(...))` at that employer and the reference's count there;
its times are the slots' distinct starts, the first of them the earliest; and asking for that
one employer alone (the employer's times page) gives the same offer.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruit.booking.free_slots import FreeSlot, free_offers, free_slots
from tests.booking.engine_free_slots import engine_free_slots
from tests.booking.test_free_slots_property import random_event_with_bookings


def _by_employer(slots: list[FreeSlot]) -> dict[int, list[FreeSlot]]:
    grouped: dict[int, list[FreeSlot]] = defaultdict(list)
    for slot in slots:
        grouped[slot.employer_id].append(slot)
    return dict(grouped)


@pytest.mark.slow
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_the_summary_counts_what_free_slots_offer(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    data: st.DataObject,
) -> None:
    people = random_event_with_bookings(data, {
        "event": make_event, "employer": make_employer, "vacancy": make_vacancy,
        "candidate": make_candidate})
    for person in people:
        offers = {offer.employer_id: offer for offer in free_offers(person)}
        slots = _by_employer(free_slots(person))
        reference = _by_employer(engine_free_slots(person))
        assert set(offers) == set(slots) == set(reference)
        for employer_id, offer in offers.items():
            count = len(offer.times) * len(offer.vacancies)
            assert count == len(slots[employer_id]) == len(reference[employer_id])
            starts = sorted({s.start_minute for s in slots[employer_id]})
            assert [start for start, _end, _table in offer.times] == starts
            assert offer.times[0][0] == min(s.start_minute for s in reference[employer_id])
            assert {v for v, _title in offer.vacancies} == {
                s.vacancy_id for s in reference[employer_id]}
            assert free_offers(person, employer_id=employer_id) == [offer]
