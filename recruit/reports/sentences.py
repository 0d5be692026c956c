"""Plain sentences of a report in the reader's language, and figures written for people.

Counts that are hidden ("< 5") read as a plural: "< 5 young people were hired".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from babel.numbers import format_percent
from flask_babel import format_decimal, get_locale, gettext, ngettext

from recruit.core.i18n import plural_msgids
from recruit.reports.anonymity import SMALLEST_SHOWN_GROUP, Count, Rate

if TYPE_CHECKING:
    from recruit.reports.report import Section


def display(cell: Any) -> str:
    """A cell as the page shows it: "1 234" / "< 5" / "90,5 %" in the current language."""
    if isinstance(cell, Count):
        return str(cell.shown) if cell.hidden else format_decimal(cell.value)
    if isinstance(cell, Rate):
        if cell.hidden or cell.percent is None:
            return str(cell.shown) or "–"
        # Babel's own pattern per language ("66,7 %", "66.7%"), with at most one decimal.
        share = Decimal(str(round(cell.percent, 1))) / 100
        return format_percent(share, locale=get_locale() or "fi", decimal_quantization=False)
    if isinstance(cell, int):
        return format_decimal(cell)
    return str(cell)


def _n(count: Count) -> int:
    """The number that picks the plural form: a hidden count reads as "< 5 people"."""
    return SMALLEST_SHOWN_GROUP if count.hidden else count.value


# One sentence per reason code of the engine (solver/explain.py) and of the app's own
# "left out" codes, as (singular, plural) msgids; `count` is how many young people it concerns
# and `card` names the card where the reason is one.
_REASONS: dict[str, tuple[str, str]] = {
    "missing_card": plural_msgids(
        "%(count)s young person lacked the card or licence: %(card)s.",
        "%(count)s young people lacked the card or licence: %(card)s.",
    ),
    "language": plural_msgids(
        "%(count)s young person spoke none of the interview languages of the vacancies they "
        "wanted.",
        "%(count)s young people spoke none of the interview languages of the vacancies they "
        "wanted.",
    ),
    "too_young": plural_msgids(
        "%(count)s young person was younger than the minimum age of a vacancy they wanted.",
        "%(count)s young people were younger than the minimum age of a vacancy they wanted.",
    ),
    "no_eligible_vacancy": plural_msgids(
        "%(count)s young person met the requirements of none of the vacancies they wanted.",
        "%(count)s young people met the requirements of none of the vacancies they wanted.",
    ),
    "no_preferences": plural_msgids(
        "%(count)s young person chose no vacancy and was not open to other vacancies.",
        "%(count)s young people chose no vacancy and were not open to other vacancies.",
    ),
    "no_common_time": plural_msgids(
        "%(count)s young person was available at no interview time of an employer they wanted.",
        "%(count)s young people were available at no interview time of an employer they wanted.",
    ),
    "employer_full": plural_msgids(
        "%(count)s young person wanted an employer who was already full.",
        "%(count)s young people wanted an employer who was already full.",
    ),
    "tables_taken": plural_msgids(
        "%(count)s young person found every interview table taken at the times they could come.",
        "%(count)s young people found every interview table taken at the times they could come.",
    ),
    "busy": plural_msgids(
        "%(count)s young person had free interview times only when they had another interview.",
        "%(count)s young people had free interview times only when they had another interview.",
    ),
    "others_blocked": plural_msgids(
        "%(count)s young person was open to other vacancies, but those employers had no room or "
        "time for them.",
        "%(count)s young people were open to other vacancies, but those employers had no room or "
        "time for them.",
    ),
    "slot_left_free": plural_msgids(
        "%(count)s young person still fits a free interview time (the schedule run was stopped "
        "early).",
        "%(count)s young people still fit a free interview time (the schedule run was stopped "
        "early).",
    ),
    "max_reached": plural_msgids(
        "%(count)s young person already had the most interviews allowed.",
        "%(count)s young people already had the most interviews allowed.",
    ),
    "same_employer": plural_msgids(
        "%(count)s young person already met the employer for another vacancy.",
        "%(count)s young people already met the employer for another vacancy.",
    ),
    "no_time": plural_msgids(
        "%(count)s young person gave available times all outside the event.",
        "%(count)s young people gave available times all outside the event.",
    ),
    "age_out_of_range": plural_msgids(
        "%(count)s young person had a birth year outside the accepted ages.",
        "%(count)s young people had a birth year outside the accepted ages.",
    ),
}


def reason_sentence(code: str, card: str, count: Count) -> str:
    """ "12 young people lacked the card or licence: Occupational safety card." A code this
    module does not know still shows, with its code, so no reason is hidden."""
    msgids = _REASONS.get(code)
    if msgids is None:
        return ngettext(
            "%(count)s young person: %(code)s",
            "%(count)s young people: %(code)s",
            _n(count),
            count=display(count),
            code=code,
        )
    singular, plural = msgids
    return ngettext(singular, plural, _n(count), count=display(count), card=card)


def summary_sentences(sections: Sequence[Section]) -> tuple[str, ...]:
    """The report's figures in a few sentences for the top of the page."""
    overview = {row.key: row for row in sections[0].rows}
    by_key = {section.key: section for section in sections}
    signups, came = overview["signups"].count(), overview["came"].count()
    hired = overview["hired"].count()
    priority = by_key["priority"].row("scheduled").count(1)
    second_round = by_key["outcomes"].row("second_round").count()
    no_show = by_key["outcomes"].row("no_show").count()
    left_out = by_key["reasons"].row("left_out").count()
    said = [
        ngettext(
            "%(count)s young person signed up and %(scheduled)s had at least one "
            "interview (coverage %(coverage)s).",
            "%(count)s young people signed up and %(scheduled)s had at least one "
            "interview (coverage %(coverage)s).",
            _n(signups),
            count=display(signups),
            scheduled=display(overview["scheduled"].cells[0]),
            coverage=display(overview["coverage"].cells[0]),
        ),
        ngettext(
            "%(count)s young person in the priority group had an interview.",
            "%(count)s young people in the priority group had an interview.",
            _n(priority),
            count=display(priority),
        ),
        ngettext(
            "%(count)s young person came to at least one interview.",
            "%(count)s young people came to at least one interview.",
            _n(came),
            count=display(came),
        ),
        ngettext(
            "%(count)s young person was hired.",
            "%(count)s young people were hired.",
            _n(hired),
            count=display(hired),
        ),
        ngettext(
            "%(count)s interview led to a second round.",
            "%(count)s interviews led to a second round.",
            _n(second_round),
            count=display(second_round),
        ),
        ngettext(
            "%(count)s interview was missed (no-show rate %(rate)s).",
            "%(count)s interviews were missed (no-show rate %(rate)s).",
            _n(no_show),
            count=display(no_show),
            rate=display(overview["no_show_rate"].cells[0]),
        ),
    ]
    if left_out.value:
        said.append(
            ngettext(
                "%(count)s young person could not be given an interview; the reasons are below.",
                "%(count)s young people could not be given an interview; the reasons are below.",
                _n(left_out),
                count=display(left_out),
            )
        )
    if "follow_up" in by_key:
        follow_up = by_key["follow_up"]
        answered = follow_up.row("youth_answered").count()
        said.append(
            ngettext(
                "%(count)s young person answered the follow-up; of those who answered, %(share)s "
                "were working, studying or in guidance.",
                "%(count)s young people answered the follow-up; of those who answered, %(share)s "
                "were working, studying or in guidance.",
                _n(answered),
                count=display(answered),
                share=display(follow_up.row("active_rate").cells[0]),
            )
        )
    if not overview["employers"].cells[0]:
        said.insert(0, gettext("No employer has been approved yet."))
    return tuple(said)
