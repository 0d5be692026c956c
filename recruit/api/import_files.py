"""Reading a CSV or XLSX file into rows of cells, with the problems of the file itself.

CSV must be UTF-8 (Excel's "CSV UTF-8"; a byte-order mark is fine), separated by commas or
semicolons (Finnish Excel writes semicolons). XLSX: the first sheet. The first row names the
columns. Every problem names its line (1 is the header), as a spreadsheet shows it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# A file of more rows is refused before any row is checked.
MAX_ROWS = 20_000


@dataclass
class Sheet:
    header: list[str]
    # (line, {column: cell}) for every non-empty data row.
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


class FileRefused(ValueError):
    def __init__(self, message: Any, line: int = 1) -> None:
        super().__init__(str(message))
        self.message, self.line = message, line


def _column(name: Any) -> str:
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _sheet(lines: list[tuple[int, list[Any]]]) -> Sheet:
    if not lines:
        raise FileRefused(_l("The file is empty."))
    first_line, header_cells = lines[0]
    header = [_column(cell) for cell in header_cells]
    sheet = Sheet(header=header)
    for line, cells in lines[1:]:
        values = {name: cell for name, cell in zip(header, cells, strict=False)
                  if name and cell not in (None, "") and str(cell).strip() != ""}
        if values:
            sheet.rows.append((line, values))
    if len(sheet.rows) > MAX_ROWS:
        raise FileRefused(_l("The file has more than %(max)d rows; split it into smaller "
                             "files.", max=MAX_ROWS))
    del first_line
    return sheet


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise FileRefused(_l(
            "The file is not UTF-8 text (line %(line)d). In Excel, save it as \"CSV UTF-8\".",
            line=line), line) from None


def read_csv(content: bytes) -> Sheet:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = []
    try:
        for cells in reader:
            lines.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error:
        raise FileRefused(_l("Line %(line)d cannot be read as CSV (check its quotes).",
                             line=reader.line_num + 1), reader.line_num + 1) from None
    return _sheet(lines)


def read_xlsx(content: bytes) -> Sheet:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise FileRefused(_l("The file is not an Excel workbook (.xlsx) that can be read."
                             )) from None
    try:
        sheet = book.worksheets[0]
        lines = [(number, list(cells)) for number, cells in
                 enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()
    return _sheet(lines)


def read_file(filename: str, content: bytes) -> Sheet:
    """The sheet of a .csv or .xlsx file (told apart by content, then by name)."""
    if content[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return read_xlsx(content)
    return read_csv(content)
