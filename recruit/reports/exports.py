"""CSV and XLSX files of a report and of an event's interview outcomes.

Both write exactly what the page shows: counts as numbers, rates as per cent with one
decimal, hidden counts as the text "< 5". CSV is UTF-8 with a byte-order mark, because that
is how Excel recognises UTF-8 (ä, ö, å) when the file is opened with a double click.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from recruit.reports.anonymity import Rate
from recruit.reports.report import Report, cell_value

PERCENT_FORMAT = "0.0"
# Excel refuses sheet titles longer than this.
SHEET_TITLE_MAX = 31


def report_rows(report: Report) -> list[list[Any]]:
    """The report as rows: a title row per section, its header, its rows, an empty row."""
    rows: list[list[Any]] = [[report.title]]
    if report.start and report.end:
        rows.append([report.start.isoformat(), report.end.isoformat()])
    rows.append([])
    for section in report.sections:
        rows.append([section.title])
        rows.append(list(section.columns))
        rows.extend([row.label, *map(cell_value, row.cells)] for row in section.rows)
        rows.append([])
    return rows


def to_csv(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_csv(report: Report) -> bytes:
    return to_csv(report_rows(report))


def _fit_columns(sheet: Any) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths.get(cell.column, 0), len(str(cell.value)))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 70)


def sheet_title(text: str, fallback: str) -> str:
    """A title Excel accepts: none of []:*?/\\ and at most 31 characters."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in text).strip()
    return cleaned[:SHEET_TITLE_MAX].strip() or fallback


def _workbook() -> Workbook:
    book = Workbook()
    book.properties.creator = "Täsmärekry"
    return book


def _to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_xlsx(report: Report) -> bytes:
    """One sheet with every section: bold titles and headers, numbers as numbers."""
    book = _workbook()
    sheet = book.active
    sheet.title = sheet_title(report.title, "Report")
    bold = Font(bold=True)
    sheet.append([report.title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    if report.start and report.end:
        sheet.append([report.start, report.end])
        for column in (1, 2):
            sheet.cell(row=sheet.max_row, column=column).number_format = "yyyy-mm-dd"
    for section in report.sections:
        sheet.append([])
        sheet.append([section.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append(list(section.columns))
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for row in section.rows:
            sheet.append([row.label, *map(cell_value, row.cells)])
            for offset, value in enumerate(row.cells, start=2):
                if isinstance(value, Rate) and not value.hidden:
                    sheet.cell(row=sheet.max_row, column=offset).number_format = PERCENT_FORMAT
    _fit_columns(sheet)
    return _to_bytes(book)


def table_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A plain table on one sheet, header bold and frozen (the per-interview outcomes)."""
    book = _workbook()
    sheet = book.active
    sheet.title = sheet_title(title, "Table")
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(list(row))
    _fit_columns(sheet)
    return _to_bytes(book)
