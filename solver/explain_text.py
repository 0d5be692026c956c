"""The reasons staff read: one builder per reason code (see the table in explain.py).

Each builder returns a `Reason` whose `detail` holds every value its English sentence uses,
under stable keys, so that the web app can rebuild the sentence in Finnish or Swedish from
`code` and `detail` alone. Lists inside `detail` are joined with "," (no spaces); windows are
written "HH:MM–HH:MM".
"""

from __future__ import annotations

from collections.abc import Sequence

from solver.problem import Reason, Window, format_hhmm


def _reason(code: str, text: str, **detail: str) -> Reason:
    return Reason(code=code, text=text, detail=tuple(detail.items()))


def _windows(windows: Sequence[Window]) -> str:
    return ",".join(f"{format_hhmm(a)}–{format_hhmm(b)}" for a, b in windows)


def _readable(joined: str) -> str:
    return joined.replace(",", ", ")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# English names of the card codes in the shared domain list (cards.csv); the web app shows
# its own translations by code, these are for the English sentence.
CARD_NAMES = {
    "hygiene_passport": "hygiene passport",
    "alcohol_passport": "alcohol serving passport",
    "occupational_safety_card": "occupational safety card",
    "hot_work_card": "hot work licence",
    "first_aid_card": "first aid certificate EA 1",
    "driving_licence_b": "category B driving licence",
    "forklift_card": "forklift licence",
    "electrical_safety_card": "electrical work safety card",
    "road_safety_card": "road work safety card Tieturva 1",
    "security_steward_card": "security steward card",
    "taxi_licence": "taxi driver's licence",
}


def _card_name(card: str) -> str:
    return f"the {CARD_NAMES.get(card, card.replace('_', ' '))} ({card})"


def no_preferences(candidate: str) -> Reason:
    return _reason(
        "no_preferences",
        f"{candidate} ranked no vacancy and is not open to other vacancies.",
        candidate=candidate,
    )


def missing_card(candidate: str, vacancy: str, employer: str, card: str) -> Reason:
    return _reason(
        "missing_card",
        f"{vacancy} needs {_card_name(card)}, which {candidate} does not have.",
        candidate=candidate,
        vacancy=vacancy,
        employer=employer,
        card=card,
    )


def language(
    candidate: str, vacancy: str, employer: str, needed: Sequence[str], spoken: Sequence[str]
) -> Reason:
    spoken_text = ", ".join(spoken) if spoken else "no language listed"
    return _reason(
        "language",
        f"{vacancy} is held in {', '.join(needed)}; {candidate} speaks {spoken_text}.",
        candidate=candidate,
        vacancy=vacancy,
        employer=employer,
        languages=",".join(needed),
        candidate_languages=",".join(spoken),
    )


def too_young(candidate: str, vacancy: str, employer: str, min_age: int, age: int) -> Reason:
    return _reason(
        "too_young",
        f"{vacancy} requires age {min_age} or over; {candidate} is {age}.",
        candidate=candidate,
        vacancy=vacancy,
        employer=employer,
        min_age=str(min_age),
        age=str(age),
    )


def no_eligible_vacancy(candidate: str, ranked: int, open_to_other: bool, total: int) -> Reason:
    if open_to_other and total == 1:
        why = "they do not meet the requirements of the event's only vacancy"
    elif open_to_other:
        why = f"they meet the requirements of none of the event's {total} vacancies"
    elif ranked == 1:
        why = "they do not meet the requirements of the one vacancy they ranked"
    else:
        why = f"they meet the requirements of none of the {ranked} vacancies they ranked"
    text = f"{candidate} wants no vacancy they are eligible for: {why}."
    return _reason(
        "no_eligible_vacancy",
        text,
        candidate=candidate,
        ranked=str(ranked),
        open_to_other="true" if open_to_other else "false",
        vacancies=str(total),
    )


def no_common_time(
    candidate: str,
    employer: str,
    vacancies: Sequence[str],
    available: Sequence[Window],
    employer_available: Sequence[Window],
) -> Reason:
    return _reason(
        "no_common_time",
        f"{candidate}'s availability ({_readable(_windows(available))}) meets no interview "
        f"slot of {employer} ({', '.join(vacancies)}), which interviews "
        f"{_readable(_windows(employer_available))}.",
        candidate=candidate,
        employer=employer,
        vacancies=",".join(vacancies),
        available=_windows(available),
        employer_available=_windows(employer_available),
    )


def employer_full(
    candidate: str, employer: str, vacancies: Sequence[str], booked: int, maximum: int
) -> Reason:
    return _reason(
        "employer_full",
        f"{employer} full: {booked} of {maximum} candidates ({candidate} wanted "
        f"{', '.join(vacancies)}).",
        candidate=candidate,
        employer=employer,
        vacancies=",".join(vacancies),
        booked=str(booked),
        max_candidates=str(maximum),
    )


def tables_taken(
    candidate: str,
    employer: str,
    vacancies: Sequence[str],
    tables: int,
    slots: int,
    available: Sequence[Window],
) -> Reason:
    slot_phrase = "its only slot" if slots == 1 else f"all {slots} of its slots"
    return _reason(
        "tables_taken",
        f"All {employer} tables were taken ({tables} at once) in {slot_phrase} during "
        f"{candidate}'s available time ({_readable(_windows(available))}); {candidate} "
        f"wanted {', '.join(vacancies)}.",
        candidate=candidate,
        employer=employer,
        vacancies=",".join(vacancies),
        tables=str(tables),
        slots=str(slots),
        available=_windows(available),
    )


def busy(
    candidate: str,
    employer: str,
    vacancies: Sequence[str],
    slots_taken: int,
    slots_clashing: int,
    clashing_with: Sequence[str],
    buffer: int,
) -> Reason:
    taken = f"{slots_taken} had every table taken and " if slots_taken else ""
    verb = "clashes" if slots_clashing == 1 else "clash"
    gap = f" or the {buffer}-minute gap kept between them" if buffer else ""
    return _reason(
        "busy",
        f"Of {employer}'s slots during {candidate}'s available time, {taken}"
        f"{slots_clashing} {verb} with {candidate}'s other interviews "
        f"({', '.join(clashing_with)}){gap}; {candidate} wanted {', '.join(vacancies)}.",
        candidate=candidate,
        employer=employer,
        vacancies=",".join(vacancies),
        slots_taken=str(slots_taken),
        slots_clashing=str(slots_clashing),
        interviews=",".join(clashing_with),
        buffer_minutes=str(buffer),
    )


def slot_left_free(candidate: str, employer: str, vacancies: Sequence[str], start: int) -> Reason:
    return _reason(
        "slot_left_free",
        f"{employer} still has a free slot at {format_hhmm(start)} that fits {candidate} "
        f"({', '.join(vacancies)}): the schedule could add this interview.",
        candidate=candidate,
        employer=employer,
        vacancies=",".join(vacancies),
        start=format_hhmm(start),
    )


def max_reached(candidate: str, maximum: int, held: Sequence[str]) -> Reason:
    return _reason(
        "max_reached",
        f"{candidate} reached the maximum of {_count(maximum, 'interview', 'interviews')}"
        + (f" ({', '.join(held)})." if held else "."),
        candidate=candidate,
        max_interviews=str(maximum),
        interviews=",".join(held),
    )


def same_employer(candidate: str, employer: str, vacancy: str, scheduled: str) -> Reason:
    return _reason(
        "same_employer",
        f"{candidate} already has an interview with {employer} for {scheduled}, and a "
        f"candidate meets each employer only once, so not for {vacancy}.",
        candidate=candidate,
        employer=employer,
        vacancy=vacancy,
        scheduled_vacancy=scheduled,
    )


def _some(employers: Sequence[str]) -> str:
    """The first few employer ids, for a sentence; the detail holds them all."""
    shown = ", ".join(employers[:OTHERS_NAMED])
    more = len(employers) - OTHERS_NAMED
    return f"{shown} and {more} more" if more > 0 else shown


# How many employer ids an others_blocked sentence names per group.
OTHERS_NAMED = 5


def others_blocked(
    candidate: str,
    employers: int,
    no_common_time: Sequence[str],
    full: Sequence[str],
    tables_taken: Sequence[str],
    available: Sequence[Window],
) -> Reason:
    time = _readable(_windows(available))
    parts = []
    if no_common_time:
        parts.append(
            f"{len(no_common_time)} {'has' if len(no_common_time) == 1 else 'have'} no slot in "
            f"{candidate}'s available time {time} "
            f"({_some(no_common_time)})"
        )
    if full:
        parts.append(f"{len(full)} {'was' if len(full) == 1 else 'were'} full ({_some(full)})")
    if tables_taken:
        parts.append(
            f"{len(tables_taken)} had every table taken during {candidate}'s available time "
            f"{time} ({_some(tables_taken)})"
        )
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)
    return _reason(
        "others_blocked",
        f"Of the {employers} other employers {candidate} fits (open to other vacancies), {listed}.",
        candidate=candidate,
        employers=str(employers),
        no_common_time=",".join(no_common_time),
        full=",".join(full),
        tables_taken=",".join(tables_taken),
        available=_windows(available),
    )
