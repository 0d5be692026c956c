"""The report pages and files as staff use them (the figures: test_figures.py)."""

from __future__ import annotations

import base64
import csv
import io
import re

import openpyxl
import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import AuditEntry, Interview
from tests.reports.known_event import make_known_event

H = "< 5"


@pytest.fixture
def known(app):
    return make_known_event(name="Kevään treffit")


def read_csv(response):
    assert response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def read_xlsx(response):
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def row_of(rows, label):
    return next(row for row in rows if row and row[0] == label)


def test_every_page_and_file_needs_a_login(client, known):
    event_id = known.event.id
    for path in (f"/staff/reports/events/{event_id}",
                 f"/staff/reports/events/{event_id}/report.csv",
                 f"/staff/reports/events/{event_id}/report.xlsx",
                 f"/staff/reports/events/{event_id}/outcomes",
                 f"/staff/reports/events/{event_id}/outcomes.csv",
                 f"/staff/reports/events/{event_id}/outcomes.xlsx",
                 "/staff/reports/", "/staff/reports/range.csv?start=2027-01-01&end=2027-12-31"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/auth/login" in response.headers["Location"], path
        assert b"Nuori" not in response.data


def test_event_report_page(logged_in_client, known):
    response = logged_in_client.get(f"/staff/reports/events/{known.event.id}?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "30 young people signed up and 20 had at least one interview (coverage 66.7%)." in page
    assert "6 young people lacked the card or licence: Occupational safety card." in page
    assert page.count("&lt; 5") >= 10
    # Counts only: no name, e-mail address or note of anybody appears in the report.
    assert "Nuori" not in page and "@example" not in page
    charts = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert len(charts) == 3
    outcome_chart = base64.b64decode(charts[0]).decode()
    assert "<script" not in outcome_chart
    assert "Second round" in outcome_chart and "&lt; 5" in outcome_chart


@pytest.mark.parametrize(("language", "sentence", "heading"), [
    ("fi", "6 nuorelta puuttui kortti tai lupa: Työturvallisuuskortti.", "Ikäryhmät"),
    ("sv", "6 unga saknade kortet eller tillståndet: Arbetarskyddskort.", "Åldersgrupper"),
    ("en", "6 young people lacked the card or licence: Occupational safety card.", "Age groups"),
])
def test_report_in_each_language(logged_in_client, known, language, sentence, heading):
    page = logged_in_client.get(
        f"/staff/reports/events/{known.event.id}?lang={language}").get_data(as_text=True)
    assert sentence in page
    assert heading in page
    assert f'<html lang="{language}">' in page


def test_report_csv_and_xlsx_hold_the_page_figures(logged_in_client, known):
    base = f"/staff/reports/events/{known.event.id}/report"
    rows = read_csv(logged_in_client.get(base + ".csv?lang=en"))
    assert rows[0] == ["Kevään treffit"]
    assert row_of(rows, "Young people signed up") == ["Young people signed up", "30"]
    assert row_of(rows, "Coverage (share of sign-ups with an interview), %")[1] == "66.7"
    assert row_of(rows, "Second round") == ["Second round", "6", "25.0"]
    assert row_of(rows, "Did not come") == ["Did not come", H, H]
    assert row_of(rows, "15–17") == ["15–17", H, H, "0"]
    sheet = read_xlsx(logged_in_client.get(base + ".xlsx?lang=en"))
    assert row_of(sheet, "Young people signed up")[:2] == ["Young people signed up", 30]
    assert row_of(sheet, "Second round")[:3] == ["Second round", 6, 25.0]
    assert row_of(sheet, "Did not come")[:3] == ["Did not come", H, H]
    # Cell by cell, the spreadsheet says what the CSV says: dates and numbers are real
    # dates and numbers in the spreadsheet, text in the CSV; "< 5" is text in both.
    assert len(sheet) == len(rows)
    for csv_row, sheet_row in zip(rows, sheet, strict=True):
        cells = [c for c in sheet_row if c is not None]
        assert len(cells) == len(csv_row)
        for sheet_cell, csv_cell in zip(cells, csv_row, strict=True):
            if isinstance(sheet_cell, int | float):
                assert float(csv_cell) == sheet_cell
            elif hasattr(sheet_cell, "isoformat"):
                assert sheet_cell.date().isoformat() == csv_cell
            else:
                assert sheet_cell == csv_cell


def test_range_report_page_and_files(logged_in_client, known):
    response = logged_in_client.get("/staff/reports/?start=2027-01-01&end=2027-12-31&lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Kevään treffit" in page and "30 young people signed up" in page
    rows = read_csv(logged_in_client.get(
        "/staff/reports/range.csv?start=2027-01-01&end=2027-12-31&lang=en"))
    assert row_of(rows, "Events") == ["Events", "1"]
    assert row_of(rows, "Kevään treffit") == ["Kevään treffit", "2027-03-12", "2", "30", "20",
                                              "24", "5"]
    sheet = read_xlsx(logged_in_client.get(
        "/staff/reports/range.xlsx?start=2027-01-01&end=2027-12-31&lang=en"))
    assert row_of(sheet, "Kevään treffit")[:7] == ["Kevään treffit", "2027-03-12", 2, 30, 20,
                                                   24, 5]


def test_the_range_defaults_to_this_year(logged_in_client):
    page = logged_in_client.get("/staff/reports/?lang=en").get_data(as_text=True)
    assert re.search(r'name="start" value="\d{4}-01-01"', page)


@pytest.mark.parametrize(("query", "message"), [
    ("start=2027-13-01&end=2027-12-31", "Enter the dates as year-month-day"),
    ("start=yesterday", "Enter the dates as year-month-day"),
    ("start=2027-12-31&end=2027-01-01", "The first day is after the last day."),
])
def test_bad_dates_are_refused_with_a_message(logged_in_client, query, message):
    for path in ("/staff/reports/", "/staff/reports/range.csv"):
        response = logged_in_client.get(f"{path}?{query}&lang=en")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)


def test_unknown_events_and_file_types_are_not_found(logged_in_client, known):
    assert logged_in_client.get("/staff/reports/events/999999").status_code == 404
    assert logged_in_client.get("/staff/reports/events/999999/report.csv").status_code == 404
    assert logged_in_client.get(
        f"/staff/reports/events/{known.event.id}/report.pdf").status_code == 404
    assert logged_in_client.get(
        f"/staff/reports/events/{known.event.id}/outcomes.exe").status_code == 404


def test_outcome_table_names_people_for_staff(logged_in_client, known):
    known_event = known.event
    hired = db.session.scalar(sa.select(Interview).where(
        Interview.candidate_id == known.people[8].id))
    hired.outcome_note = "Aloittaa maanantaina"
    db.session.commit()
    page = logged_in_client.get(
        f"/staff/reports/events/{known_event.id}/outcomes?lang=en").get_data(as_text=True)
    assert page.count(" data-interview=") == 24
    assert "Nuori8 Virtanen" in page and "Aloittaa maanantaina" in page
    assert f'data-interview="{hired.id}" data-outcome="hired"' in page

    rows = read_csv(logged_in_client.get(
        f"/staff/reports/events/{known_event.id}/outcomes.csv?lang=en"))
    assert rows[0] == ["Start", "End", "Employer", "Vacancy", "Table", "Sign-up number",
                       "Young person", "Came", "Outcome"]
    assert len(rows) == 25
    hired_row = next(r for r in rows if r[6] == "Nuori8 Virtanen")
    assert hired_row[2:4] == ["Alfa Oy", "Myyjä"] and hired_row[-2:] == ["yes", "Hired"]
    assert "Aloittaa maanantaina" not in str(rows)  # the note stays in the service
    no_show = next(r for r in rows if r[6] == "Nuori2 Virtanen")
    assert no_show[-2:] == ["no", "Did not come"]
    sheet = read_xlsx(logged_in_client.get(
        f"/staff/reports/events/{known_event.id}/outcomes.xlsx?lang=en"))
    # Empty cells (attendance not recorded) read back as None.
    assert [["" if c is None else str(c) for c in r] for r in sheet] == rows
    exports = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "report.outcomes_export")).all()
    assert [(e.event_id, e.object_id) for e in exports] == [(known_event.id, known_event.id)] * 2
    assert all(e.staff_user_id is not None for e in exports)


def test_event_page_links_to_the_report(logged_in_client, known):
    page = logged_in_client.get(f"/staff/events/{known.event.id}").get_data(as_text=True)
    assert f'href="/staff/reports/events/{known.event.id}"' in page
    assert 'href="/staff/reports/"' in page  # the staff navigation
