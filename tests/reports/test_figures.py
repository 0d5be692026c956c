"""The report's figures against the hand-counted event of `known_event` (see its docstring)."""

from __future__ import annotations

import datetime as dt

import pytest

from recruit.reports.anonymity import Count, hide_group, hide_small, rate
from recruit.reports.scope import event_report, range_report
from tests.reports.known_event import make_known_event

H = "< 5"


def shown(section, key):
    return [getattr(cell, "shown", cell) for cell in section.row(key).cells]


@pytest.fixture
def report(app):
    known = make_known_event()
    with app.test_request_context("/?lang=en"):
        yield event_report(known.event)


def test_overview_figures(report):
    overview = report.section("overview")
    assert {row.key: shown(overview, row.key)[0] for row in overview.rows} == {
        "employers": 2, "vacancies": 3, "positions": 6,
        "signups": 30, "cancelled": H, "scheduled": 20, "coverage": 66.7,
        "interviews": 24, "came": 15,
        # 18 who came / 22 with attendance recorded = 81.8 %, but the no-shows (4) and the
        # interviews not recorded (2) are hidden, and either rate would give them away.
        "attendance_rate": H,
        "no_show_rate": H,
        "hired": 5,
    }


def test_outcomes_add_up_and_hide_small_groups(report):
    outcomes = report.section("outcomes")
    assert [shown(outcomes, key)[0] for key in (
        "hired", "second_round", "not_selected", "no_show", "came_no_outcome", "not_recorded",
        "total")] == [5, 6, 5, H, H, H, 24]
    assert shown(outcomes, "second_round")[1] == 25.0
    assert shown(outcomes, "no_show")[1] == H


def test_priority_group(report):
    priority = report.section("priority")
    assert shown(priority, "signups") == [30, 7, 23.3]
    assert shown(priority, "scheduled") == [20, 7, 35.0]
    assert shown(priority, "came") == [15, 6, 40.0]
    assert shown(priority, "hired") == [5, H, H]


def test_age_groups_hide_a_second_cell_when_one_would_follow_from_the_total(report):
    ages = report.section("ages")
    # Signed up 3 / 12 / 6 / 9: the 3 is hidden, and so is the next smallest (6), since
    # 30 − 12 − 9 would give it away. With an interview 2 / 12 / 3 / 3; hired 0 / 4 / 0 / 1.
    assert shown(ages, "15–17") == [H, H, 0]
    assert shown(ages, "18–20") == [12, 12, H]
    assert shown(ages, "21–24") == [H, H, 0]
    assert shown(ages, "25–29") == [9, H, H]
    assert shown(ages, "total") == [30, 20, 5]
    assert [row.key for row in ages.rows] == ["15–17", "18–20", "21–24", "25–29", "total"]


def test_languages(report):
    languages = report.section("languages")
    assert [(row.key, row.cells[0].shown) for row in languages.rows] == [
        ("fi", 29), ("sv", 7), ("en", 23)]


def test_left_out_reasons_come_from_the_latest_finished_run(report):
    reasons = report.section("reasons")
    assert shown(reasons, "left_out") == [10]
    assert {row.key: row.cells[0].shown for row in reasons.rows[1:]} == {
        "missing_card:occupational_safety_card": 6,
        "missing_card:hygiene_passport": H,
        "no_common_time:": H,
        "language:": H,
        "no_time:": H,
    }
    labels = [row.label for row in reasons.rows]
    assert "6 young people lacked the card or licence: Occupational safety card." in labels
    assert "< 5 young people were available at no interview time of an employer they wanted." \
        in labels


def test_summary_sentences(report):
    assert report.summary[0] == (
        "30 young people signed up and 20 had at least one interview (coverage 66.7%).")
    assert "5 young people were hired." in report.summary
    assert "< 5 interviews were missed (no-show rate < 5)." in report.summary


def test_range_report_sums_events_and_lists_each(app, make_event):
    first = make_known_event(name="Kevät")
    second = make_known_event(name="Syksy", date=dt.date(2027, 9, 1))
    third = make_known_event(name="Talvi", date=dt.date(2027, 12, 31))
    make_known_event(name="Ensi vuonna", date=dt.date(2028, 1, 1))
    with app.test_request_context("/?lang=en"):
        report = range_report(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    overview = report.section("overview")
    assert shown(overview, "events") == [3]
    assert shown(overview, "signups") == [90]
    assert shown(overview, "hired") == [15]
    # 12 no-shows and 6 not recorded: no longer small groups, so the rates show.
    assert shown(overview, "no_show_rate") == [18.2]  # 12 of 66
    assert shown(overview, "attendance_rate") == [81.8]  # 54 of 66
    events = report.section("events")
    assert [row.key for row in events.rows] == [
        str(first.event.id), str(second.event.id), str(third.event.id)]
    assert shown(events, str(first.event.id))[1:] == [2, 30, 20, 24, 5]
    assert shown(report.section("reasons"), "missing_card:occupational_safety_card") == [18]


def test_an_empty_range_is_a_report_of_zeros(app):
    with app.test_request_context("/?lang=en"):
        report = range_report(dt.date(2030, 1, 1), dt.date(2030, 12, 31))
    assert shown(report.section("overview"), "signups") == [0]
    assert report.section("events").rows == ()


@pytest.mark.parametrize(("values", "hidden"), [
    ([0, 12, 9], [False, False, False]),
    ([3, 12, 6, 9], [True, False, True, False]),
    ([3, 4, 12], [True, True, False]),
    ([3, 0, 0], [True, False, False]),  # nothing else to hide: the total is hidden instead
])
def test_hide_group(values, hidden):
    assert [count.hidden for count in hide_group(values)] == hidden


def test_rates_of_hidden_counts_are_hidden():
    assert rate(hide_small(3), hide_small(40)).shown == H
    assert rate(hide_small(0), hide_small(40)).shown == 0.0
    assert rate(Count(10), Count(0)).shown == ""
