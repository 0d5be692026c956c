"""Plain-language sentences about a schedule: tier figures, the greedy comparison, reasons.

The engine writes its reasons in English with the solver's ids ("C12", "E3-V1"). Staff read
them in their own language with real names, so each reason is rebuilt here from its stable
`code` and `detail` (see solver/explain.py for the table of codes and keys). A code this module
does not know falls back to the engine's English sentence, so a new reason is never hidden;
tests/scheduling/test_text.py fails when the engine documents a code that has no sentence here.
Counts go through ngettext and clock times through the page's own formatting (recruit.core.i18n).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from babel import Locale
from babel.lists import format_list
from flask_babel import format_decimal, get_locale, gettext, lazy_gettext, ngettext

from recruit.core.i18n import format_locale, format_minute
from recruit.scheduling.bridge import MINIMISED, Reason, TierResult
from recruit.scheduling.names import Names

TIER_LABELS = {
    "kept_published": lazy_gettext("Published interviews moved or dropped"),
    "priority_covered": lazy_gettext("Priority youth with an interview"),
    "covered": lazy_gettext("Youth with an interview"),
    "shortfall": lazy_gettext("Candidates missing below employers' minimums"),
    "preference": lazy_gettext("Preference score"),
    "waiting": lazy_gettext("Minutes youth wait between interviews"),
}


# What the build is doing at each step, in the order it takes them (the engine's tiers).
STEP_LABELS = {
    "kept_published": lazy_gettext("Keeping the published interviews"),
    "priority_covered": lazy_gettext("Placing the priority youth"),
    "covered": lazy_gettext("Placing everyone who can be placed"),
    "shortfall": lazy_gettext("Filling employers up to their minimums"),
    "preference": lazy_gettext("Matching the young people's choices"),
    "waiting": lazy_gettext("Shortening the waits between interviews"),
}


def build_step(stage: str | None, finished: bool) -> tuple[int, int, str]:
    """(step, steps, what it is doing) for the build's progress bar."""
    order = list(STEP_LABELS)
    if finished:
        return len(order), len(order), gettext("Finished")
    if stage not in STEP_LABELS:
        return 0, len(order), gettext("Reading the event")
    step = order.index(stage) + 1
    return step, len(order), str(STEP_LABELS[stage])


def tier_label(name: str) -> str:
    return str(TIER_LABELS.get(name, name))


def _longer(tier: TierResult, sentence: str) -> str:
    """The sentence, with a plain word on whether a longer build could do better."""
    if tier.proven:
        return sentence
    return f"{sentence} " + gettext("A longer build might still improve this.")


def tier_sentence(tier: TierResult, *, candidates: int, published: int) -> str | None:
    """One sentence a coordinator understands about one tier, or None when the tier says
    nothing for this event. No solver words: no bounds, gaps or proofs, only people,
    interviews and minutes."""
    name, value, bound = tier.name, tier.value, tier.bound
    if name == "kept_published":
        if not published:
            return None
        if value == 0:
            return ngettext(
                "%(num)s published interview is kept.",
                "All %(num)s published interviews are kept.",
                published,
            )
        return _longer(tier, ngettext(
            "%(num)s published interview had to move or be dropped.",
            "%(num)s published interviews had to move or be dropped.",
            value,
        ))
    if name == "priority_covered":
        if bound == 0:
            return None
        if value >= bound:
            return ngettext(
                "Every priority young person who can be placed has an interview: %(num)s.",
                "Every priority young person who can be placed has an interview: %(num)s.",
                value,
            )
        return ngettext(
            "%(num)s priority young person has an interview; a longer build might place "
            "up to %(more)s more.",
            "%(num)s priority youth have an interview; a longer build might place up to "
            "%(more)s more.",
            value,
            more=bound - value,
        )
    if name == "covered":
        total = max(candidates, value)
        if value >= bound:
            text = gettext(
                "Everyone who can be placed has an interview: %(num)s of %(total)s.",
                num=value, total=total,
            )
        else:
            text = gettext(
                "%(num)s of %(total)s young people have an interview; a longer build might "
                "place up to %(more)s more.",
                num=value, total=total, more=bound - value,
            )
        if total > bound:
            text += " " + ngettext(
                "%(num)s cannot be placed — see why below.",
                "%(num)s cannot be placed — see why below.",
                total - bound,
            )
        return text
    if name == "shortfall":
        if value == 0:
            return gettext("Every employer meets at least its wished minimum number of youth.")
        return _longer(tier, ngettext(
            "Employers are together %(num)s young person short of the minimums they asked for.",
            "Employers are together %(num)s young people short of the minimums they asked for.",
            value,
        ))
    if name == "preference":
        if tier.proven:
            return gettext("Young people get the vacancies they ranked highest as far as the "
                           "rules allow.")
        return gettext("Young people mostly get the vacancies they ranked highest; a longer "
                       "build might match a few more to a higher choice.")
    if name == "waiting":
        if tier.proven:
            return gettext("Waiting between interviews is as short as it can be: %(value)s "
                           "minutes in all.", value=value)
        return gettext("Waiting between interviews: %(value)s minutes in all; a longer build "
                       "might shorten it.", value=value)
    return None


def tier_sentences(
    objectives: Sequence[TierResult], *, candidates: int, published: int
) -> list[str]:
    sentences = (tier_sentence(t, candidates=candidates, published=published) for t in objectives)
    return [s for s in sentences if s]


@dataclass(frozen=True)
class Comparison:
    """One row of "this schedule against first come, first served"."""

    name: str
    label: str
    ours: int
    greedy: int
    better: bool
    worse: bool


def compare_with_greedy(
    objectives: Sequence[TierResult], baseline: Sequence[TierResult]
) -> list[Comparison]:

    greedy = {t.name: t.value for t in baseline}
    rows = []
    for tier in objectives:
        if tier.name not in greedy:
            continue
        theirs = greedy[tier.name]
        lower_is_better = tier.name in MINIMISED
        better = tier.value < theirs if lower_is_better else tier.value > theirs
        worse = tier.value > theirs if lower_is_better else tier.value < theirs
        rows.append(
            Comparison(tier.name, tier_label(tier.name), tier.value, theirs, better, worse)
        )
    return rows


def coverage_gain_sentence(
    objectives: Sequence[TierResult], baseline: Sequence[TierResult]
) -> str | None:
    ours = next((t.value for t in objectives if t.name == "covered"), None)
    theirs = next((t.value for t in baseline if t.name == "covered"), None)
    if ours is None or theirs is None:
        return None
    if ours > theirs:
        return ngettext(
            "First come, first served would have given an interview to %(greedy)s youth; "
            "this schedule gives one to %(ours)s (%(num)s more).",
            "First come, first served would have given an interview to %(greedy)s youth; "
            "this schedule gives one to %(ours)s (%(num)s more).",
            ours - theirs,
            greedy=theirs,
            ours=ours,
        )
    return gettext(
        "First come, first served would have given an interview to %(greedy)s youth; "
        "this schedule gives one to %(ours)s.",
        greedy=theirs,
        ours=ours,
    )


# --- reasons ------------------------------------------------------------------------------


def _split(value: str) -> list[str]:
    return [part for part in value.split(",") if part]


# "finska eller engelska" (any one will do) or "svenska och engelska" (all of them).
ListStyle = Literal["or", "standard"]


def _language_names(codes: str, style: ListStyle) -> str:
    """Language names in the reader's language: "finska eller engelska" for a vacancy's
    interview languages (any one will do), "svenska och engelska" for what a person speaks."""
    locale = Locale.parse(str(get_locale() or "fi"))
    names = [locale.languages.get(code, code) for code in _split(codes)]
    return format_list(names, style=style, locale=format_locale()) if names else ""


def _clock(hhmm: str) -> str:
    """The engine's "HH:MM" written as the rest of the page writes times ("9.00", "09:00")."""
    hours, _, minutes = hhmm.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit()):
        return hhmm
    return format_minute(int(hours) * 60 + int(minutes))


def _window(window: str) -> str:
    """One "HH:MM–HH:MM" window in the page's time format."""
    start, dash, end = window.partition("–")
    return f"{_clock(start)}–{_clock(end)}" if dash else _clock(window)


def _windows(value: str) -> str:
    return ", ".join(_window(w) for w in _split(value))


def _interview_names(value: str, names: Names) -> str:
    """'E3 09:00–09:15,E4 10:00–10:15' with the employers named and the times localised."""
    parts = []
    for item in _split(value):
        employer, _, times = item.partition(" ")
        parts.append(f"{names.employer(employer)} {_window(times) if times else ''}".strip())
    return ", ".join(parts)


def _and_list(items: Sequence[str]) -> str:
    """"A, B and C" in the current language."""
    return format_list(list(items), locale=format_locale()) if items else ""


# How many employers an others_blocked sentence names per group; the rest are counted.
OTHERS_NAMED = 5
# The detail keys of others_blocked that hold lists of employer ids.
EMPLOYER_LISTS = ("no_common_time", "full", "tables_taken")


def _employer_names(value: str, names: Names) -> str:
    """A few employers by name, then how many more: "A, B, C, D, E and 3 more"."""
    ids = _split(value)
    shown = [names.employer(e) for e in ids[:OTHERS_NAMED]]
    rest = len(ids) - len(shown)
    if rest > 0:
        shown.append(ngettext("%(num)s more", "%(num)s more", rest))
    return _and_list(shown)


def _readable(detail: Mapping[str, str], names: Names) -> dict[str, str]:
    """Every detail value made readable: ids to names, lists joined with ", ", times in the
    page's format; a list of employers also gets its length under "<key>_count"."""
    readable = dict(detail)
    for key, value in detail.items():
        if key == "candidate":
            readable[key] = names.person(value)
        elif key == "employer":
            readable[key] = names.employer(value)
        elif key in ("vacancy", "scheduled_vacancy"):
            readable[key] = names.vacancy(value)
        elif key == "vacancies" and not value.isdigit():
            readable[key] = ", ".join(names.vacancy(v) for v in _split(value))
        elif key == "card":
            readable[key] = names.card(value)
        elif key in EMPLOYER_LISTS:
            readable[key] = _employer_names(value, names)
            readable[f"{key}_count"] = str(len(_split(value)))
        elif key in ("languages", "candidate_languages"):
            style: ListStyle = "or" if key == "languages" else "standard"
            readable[key] = _language_names(value, style) or gettext("no language listed")
        elif key in ("available", "employer_available"):
            readable[key] = _windows(value)
        elif key == "start":
            readable[key] = _clock(value)
    if "interviews" in detail:
        if "buffer_minutes" in detail:
            readable["interviews"] = _interview_names(detail["interviews"], names)
        else:
            readable["interviews"] = ", ".join(names.vacancy(v) for v in
                                               _split(detail["interviews"]))
    return readable


def _no_eligible(d: Mapping[str, str]) -> str:
    # "None of the 1 vacancies" reads badly; one vacancy gets a sentence of its own (the count
    # is then always above one, so no plural forms are needed).
    if d.get("open_to_other") == "true":
        if d["vacancies"] == "1":
            return gettext(
                "%(candidate)s does not meet the requirements of the event's only vacancy.", **d
            )
        return gettext(
            "%(candidate)s meets the requirements of none of the event's %(vacancies)s "
            "vacancies.",
            **d,
        )
    if d["ranked"] == "1":
        return gettext(
            "%(candidate)s does not meet the requirements of the vacancy they chose.", **d
        )
    return gettext(
        "%(candidate)s meets the requirements of none of the %(ranked)s vacancies they ranked.",
        **d,
    )


def _tables_taken(d: Mapping[str, str]) -> str:
    slots = ngettext("%(num)s slot", "%(num)s slots", int(d["slots"]))
    return ngettext(
        "%(employer)s has %(num)s table, and it was taken in every slot during "
        "%(candidate)s's available time (%(available)s; %(slots)s).",
        "All %(num)s tables of %(employer)s were taken in every slot during "
        "%(candidate)s's available time (%(available)s; %(slots)s).",
        int(d["tables"]),
        **{**d, "slots": slots},
    )


def _busy(d: Mapping[str, str]) -> str:
    if d["buffer_minutes"] in ("", "0"):
        return gettext(
            "The free slots of %(employer)s clash with %(candidate)s's other interviews "
            "(%(interviews)s).",
            **d,
        )
    return gettext(
        "The free slots of %(employer)s clash with %(candidate)s's other interviews "
        "(%(interviews)s) or the %(buffer_minutes)s-minute gap kept between them.",
        **d,
    )


def _others_blocked(d: Mapping[str, str]) -> str:
    """The employers an open_to_other candidate fits, grouped by what stopped each one."""
    groups = []
    for key in EMPLOYER_LISTS:
        count = int(d[f"{key}_count"])
        if not count:
            continue
        if key == "no_common_time":
            text = ngettext(
                "%(num)s has no interview slot in that time (%(names)s)",
                "%(num)s have no interview slot in that time (%(names)s)",
                count,
                names=d[key],
            )
        elif key == "full":
            text = ngettext(
                "%(num)s was full (%(names)s)", "%(num)s were full (%(names)s)", count,
                names=d[key],
            )
        else:
            text = ngettext(
                "%(num)s had every table taken in that time (%(names)s)",
                "%(num)s had every table taken in that time (%(names)s)",
                count,
                names=d[key],
            )
        groups.append(text)
    return ngettext(
        "%(candidate)s is available %(available)s. Of the %(num)s other employer they fit "
        "(open to other vacancies), %(groups)s.",
        "%(candidate)s is available %(available)s. Of the %(num)s other employers they fit "
        "(open to other vacancies), %(groups)s.",
        int(d["employers"]),
        **{**d, "groups": _and_list(groups)},
    )


_REASONS: dict[str, Callable[[Mapping[str, str]], str]] = {
    "no_preferences": lambda d: gettext(
        "%(candidate)s ranked no vacancy and is not open to other vacancies.", **d
    ),
    "missing_card": lambda d: gettext(
        "%(vacancy)s needs the %(card)s, which %(candidate)s does not have.", **d
    ),
    "language": lambda d: gettext(
        "%(vacancy)s is held in %(languages)s; %(candidate)s speaks %(candidate_languages)s.",
        **d,
    ),
    "too_young": lambda d: gettext(
        "%(vacancy)s requires age %(min_age)s or over; %(candidate)s is %(age)s.", **d
    ),
    "no_eligible_vacancy": _no_eligible,
    "no_common_time": lambda d: gettext(
        "%(candidate)s is available %(available)s, which meets no interview slot of "
        "%(employer)s (interviews %(employer_available)s).",
        **d,
    ),
    "employer_full": lambda d: ngettext(
        "%(employer)s is full: %(booked)s of %(num)s candidate "
        "(%(candidate)s wanted %(vacancies)s).",
        "%(employer)s is full: %(booked)s of %(num)s candidates "
        "(%(candidate)s wanted %(vacancies)s).",
        int(d["max_candidates"]),
        **d,
    ),
    "tables_taken": _tables_taken,
    "busy": _busy,
    "slot_left_free": lambda d: gettext(
        "%(employer)s still has a free slot at %(start)s that fits %(candidate)s: "
        "the schedule could add this interview.",
        **d,
    ),
    "max_reached": lambda d: ngettext(
        "%(candidate)s already has the maximum of %(num)s interview.",
        "%(candidate)s already has the maximum of %(num)s interviews.",
        int(d["max_interviews"]),
        **d,
    ),
    "same_employer": lambda d: gettext(
        "%(candidate)s already meets %(employer)s for %(scheduled_vacancy)s, and a candidate "
        "meets each employer only once.",
        **d,
    ),
    "others_blocked": _others_blocked,
}


def known_reason_codes() -> frozenset[str]:
    """The reason codes this module writes in the reader's language."""
    return frozenset(_REASONS)


def reason_sentence(reason: Reason, names: Names) -> str:
    """The reason in the current language with names, or the engine's own text."""
    build = _REASONS.get(reason.code)
    if build is None:
        return reason.text
    try:
        return build(_readable(dict(reason.detail), names))
    except (KeyError, ValueError):
        # An engine that drops a detail key (or sends a count that is not a number) still
        # gets its sentence shown, in English.
        return reason.text


# --- left out of the problem, and the validator's rules ------------------------------------

_LEFT_OUT = {
    "no_vacancy": lazy_gettext("The employer has no vacancy yet, so it was not scheduled."),
    "no_slot": lazy_gettext("No interview fits in the employer's available time."),
    "off_grid": lazy_gettext("The employer's interview length is not on the event's time grid."),
    "no_time": lazy_gettext("Their available time is all outside the event."),
    "too_late": lazy_gettext("The event is under way and none of their available time is left."),
    "age_out_of_range": lazy_gettext(
        "Their birth year gives an age the scheduler does not accept; check it."
    ),
}


# One short heading per reason, for counting the young people without an interview by their
# main reason (the first the engine gives).
_REASON_HEADINGS = {
    "no_preferences": lazy_gettext("Chose no vacancy"),
    "missing_card": lazy_gettext("Lacks a card or licence the vacancy needs"),
    "language": lazy_gettext("Does not speak the interview language"),
    "too_young": lazy_gettext("Under the vacancy's minimum age"),
    "no_eligible_vacancy": lazy_gettext("Meets the requirements of no vacancy they chose"),
    "no_common_time": lazy_gettext("Available only when the employer does not interview"),
    "employer_full": lazy_gettext("The employers they want are full"),
    "tables_taken": lazy_gettext("Every table is taken when they are available"),
    "busy": lazy_gettext("Their other interviews fill their time"),
    "slot_left_free": lazy_gettext("A free slot fits them: the schedule could add them"),
    "max_reached": lazy_gettext("Already has the most interviews allowed"),
    "same_employer": lazy_gettext("Already meets that employer"),
    "others_blocked": lazy_gettext("Placing them would take the place of someone else"),
    "no_time": lazy_gettext("Available only outside the event"),
    "too_late": lazy_gettext("None of their time is left today"),
    "age_out_of_range": lazy_gettext("Their birth year needs checking"),
}


def reason_heading(code: str) -> str:
    return str(_REASON_HEADINGS.get(code, lazy_gettext("Other reasons")))


def left_out_sentence(code: str) -> str:
    return str(_LEFT_OUT.get(code, code))


RULE_LABELS = {
    "unknown_candidate": lazy_gettext("The young person is not in the event's pool"),
    "unknown_employer": lazy_gettext("The employer is not approved for the event"),
    "unknown_vacancy": lazy_gettext("The vacancy is not open at the event"),
    "vacancy_not_of_employer": lazy_gettext("The vacancy belongs to another employer"),
    "wrong_length": lazy_gettext("The interview has the wrong length"),
    "off_grid": lazy_gettext("The time is not one of the employer's interview slots"),
    "employer_unavailable": lazy_gettext("The employer is not available then"),
    "in_break": lazy_gettext("The time falls in a break"),
    "candidate_unavailable": lazy_gettext("The young person is not available then"),
    "table_out_of_range": lazy_gettext("The employer has no such table"),
    "table_overlap": lazy_gettext("The table is already taken then"),
    "too_many_at_once": lazy_gettext("The employer has more interviews at once than tables"),
    "candidate_overlap": lazy_gettext("The young person has another interview then"),
    "candidate_buffer": lazy_gettext("Too little time between the young person's interviews"),
    "too_many_interviews": lazy_gettext("The young person would have too many interviews"),
    "employer_over_capacity": lazy_gettext("The employer would meet too many candidates"),
    "duplicate_pair": lazy_gettext("The young person already meets this employer"),
    "missing_card": lazy_gettext("The young person lacks a required card or licence"),
    "language": lazy_gettext("The young person speaks none of the interview languages"),
    "too_young": lazy_gettext("The young person is younger than the vacancy's minimum age"),
    "not_wanted": lazy_gettext("The young person did not ask for this vacancy"),
    "lock_not_kept": lazy_gettext("A locked interview would not be kept"),
}


def rule_label(rule: str) -> str:
    return str(RULE_LABELS.get(rule, rule))


RUN_STATUS_LABELS = {
    "queued": lazy_gettext("waiting to start"),
    "running": lazy_gettext("running"),
    "done": lazy_gettext("done"),
    "stopped": lazy_gettext("stopped early"),
    "failed": lazy_gettext("failed"),
}


def run_status_label(status: str) -> str:
    return str(RUN_STATUS_LABELS.get(status, status))


def seconds_label(seconds: float) -> str:
    return gettext("%(seconds)s s", seconds=format_decimal(seconds, format="0.0"))
