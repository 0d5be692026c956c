"""CSV and XLSX files of a report and of an event's interview outcomes.

Both write exactly what the page shows: counts as numbers, rates as per cent with one
decimal, hidden counts as the text "< 5". CSV is UTF-8 with a byte-order mark, because that
is how Excel recognises UTF-8 (ä, ö, å) when the file is opened with a double click.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from recruit.reports.report import Report, cell_value

PERCENT_FORMAT = "0.0"
# Excel refuses sheet titles longer than this.
SHEET_TITLE_MAX = 31


def report_lines(report: Report) -> list[tuple[str, list[Any]]]:
    """The report as (kind, row): its title and dates, then per section a title, a header
    and the rows, sections apart by an empty row. CSV and XLSX both write exactly these."""
    return [(kind, row) for kind, row, _key in keyed_report_lines(report)]


def keyed_report_lines(report: Report) -> list[tuple[str, list[Any], str]]:
    """`report_lines` with each line's stable name: the section's key on its title and
    header, the figure's key on a row, "" elsewhere (for the API, whose readers must find a
    figure without reading its translated label)."""
    lines: list[tuple[str, list[Any], str]] = [("title", [report.title], "")]
    if report.start and report.end:
        lines.append(("dates", [report.start, report.end], ""))
    for section in report.sections:
        lines.append(("blank", [], ""))
        lines.append(("section", [section.title], section.key))
        lines.append(("header", list(section.columns), section.key))
        lines.extend(("row", [row.label, *map(cell_value, row.cells)], row.key)
                     for row in section.rows)
    return lines


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def to_csv(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([_text(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_csv(report: Report) -> bytes:
    return to_csv(row for _kind, row in report_lines(report))


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


STYLES = {"title": Font(bold=True, size=14), "section": Font(bold=True, size=12),
          "header": Font(bold=True)}


def report_xlsx(report: Report) -> bytes:
    """One sheet with every section: bold titles and headers, numbers as numbers."""
    book = _workbook()
    sheet = book.active
    sheet.title = sheet_title(report.title, "Report")
    for kind, row in report_lines(report):
        sheet.append(row)
        cells = sheet[sheet.max_row] if row else ()
        for cell in cells:
            if kind in STYLES:
                cell.font = STYLES[kind]
            if kind == "dates":
                cell.number_format = "yyyy-mm-dd"
            elif kind == "row" and isinstance(cell.value, float):
                cell.number_format = PERCENT_FORMAT
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
