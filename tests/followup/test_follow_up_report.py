"""The follow-up's answers in the reports: counted per event and over a date range, small
groups shown as "< 5", in the page, its chart, the CSV and the XLSX file; unchanged by the
purge of personal data."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pytest

from recruit.extensions import db
from recruit.followup import operations
from recruit.models import Candidate, Employer, utcnow
from recruit.privacy.retention import purge_event
from recruit.reports.scope import event_report, range_report

H = "< 5"
# Twelve young people asked, eleven answered: what they do now and whether it helped.
SITUATIONS = ["working"] * 6 + ["studying"] * 3 + ["none"] * 2
HELPED = ["yes"] * 6 + ["somewhat"] * 5


@pytest.fixture
def answered(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
             make_interview: Any) -> Any:
    event = make_event(name="Syksyn treffit", date=dt.date(2026, 9, 10), follow_up_days=90,
                       retention_days=120,
                       signup_deadline=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    employer = make_employer(event)
    vacancy = make_vacancy(employer)
    youth = [make_candidate(event, follow_up_consent_at=utcnow()) for _ in range(12)]
    make_candidate(event)  # did not agree: not asked, not counted
    make_interview(youth[0], vacancy)
    queued = operations.queue_questions(event)
    assert (queued.youth, queued.employers) == (12, 1)
    for person, situation, helped in zip(youth, SITUATIONS, HELPED, strict=False):
        assert operations.record_youth_answer(person, situation, helped)
    assert operations.record_employer_answer(employer, 5)
    db.session.commit()
    return event


def shown(report: Any, section: str, key: str) -> list[Any]:
    return [getattr(c, "shown", c) for c in report.section(section).row(key).cells]


def test_the_figures_are_counted_and_small_groups_hidden(app, answered):
    with app.test_request_context("/?lang=en"):
        report = event_report(answered)
    assert shown(report, "follow_up", "youth_asked") == [12]
    assert shown(report, "follow_up", "youth_answered") == [11]
    assert shown(report, "follow_up", "response_rate") == [91.7]
    # 3 studying and 2 with none of these are hidden; so is "working, studying or in
    # guidance" (9), which with the 11 answers would give the hidden 2 away.
    assert shown(report, "follow_up_situation", "working") == [6, 54.5]
    assert shown(report, "follow_up_situation", "studying") == [H, H]
    assert shown(report, "follow_up_situation", "guidance") == [0, 0.0]
    assert shown(report, "follow_up_situation", "none") == [H, H]
    assert shown(report, "follow_up", "active") == [H]
    assert shown(report, "follow_up", "active_rate") == [H]
    assert shown(report, "follow_up_helped", "yes") == [6, 54.5]
    assert shown(report, "follow_up_helped", "somewhat") == [5, 45.5]
    assert shown(report, "follow_up_helped", "no") == [0, 0.0]
    assert shown(report, "follow_up", "employers_asked") == [1]
    assert shown(report, "follow_up", "employers_answered") == [1]
    assert shown(report, "follow_up", "employer_hires") == [5]


def test_a_date_range_adds_up_its_events_and_the_purge_changes_nothing(app, answered):
    with app.test_request_context("/?lang=en"):
        before = range_report(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        purge_event(answered)
        db.session.commit()
        after = range_report(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert before.sections == after.sections
    assert shown(after, "follow_up", "youth_answered") == [11]
    assert shown(after, "follow_up_helped", "yes") == [6, 54.5]
    # The purge took the consent and the address with the rest of the personal data.
    assert all(c.follow_up_consent_at is None for c in db.session.query(Candidate))
    assert all(e.email.endswith("@erased.invalid") for e in db.session.query(Employer))


def test_page_chart_csv_and_xlsx_show_the_follow_up(logged_in_client, answered):
    base = f"/staff/reports/events/{answered.id}"
    page = logged_in_client.get(base + "?lang=en").get_data(as_text=True)
    assert "Follow-up after the event" in page
    assert "11 young people answered the follow-up" in page
    charts = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(charts) == 4
    chart = base64.b64decode(charts[3]).decode()
    assert "What the young people are doing after the event" in chart
    assert "Working" in chart and "&lt; 5" in chart and "<script" not in chart

    text = logged_in_client.get(base + "/report.csv?lang=en").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["Young people who answered", "11"] in rows
    assert ["Studying", H, H] in rows
    assert ["Somewhat", "5", "45.5"] in rows
    book = openpyxl.load_workbook(io.BytesIO(
        logged_in_client.get(base + "/report.xlsx?lang=en").data))
    sheet = [[c for c in row if c is not None] for row in book.active.iter_rows(values_only=True)]
    assert ["Young people who answered", 11] in sheet
    assert ["Studying", H, H] in sheet
    assert ["Somewhat", 5, 45.5] in sheet


def test_a_report_without_a_follow_up_has_no_such_section(app, make_event, make_candidate):
    event = make_event()
    make_candidate(event)
    with app.test_request_context("/?lang=en"):
        report = event_report(event)
    assert "follow_up" not in [section.key for section in report.sections]
