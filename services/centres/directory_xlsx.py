"""The centre directory from an Excel workbook (.xlsx): the first sheet, read as the CSV is.

Same header, same validation, same messages (services.centres.directory_csv.validate_records);
a "line" is the sheet's row number, as Excel shows it. Cells are turned into the text a CSV
would hold: a region code Excel stored as the number 77 is "77", a coordinate 55.7715 is
"55.7715". An empty cell and a missing one are the same in a sheet, so rows are padded (or
trimmed of empty cells) to the header's width. The workbook is read in openpyxl's read-only
mode, row by row.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from services.centres.directory_csv import (
    CentreCsvError,
    CentreRow,
    read_centres_csv,
    validate_records,
)

XLSX_SUFFIXES = (".xlsx", ".xlsm")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _records(path: Path) -> list[tuple[int, list[str]]]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        raise CentreCsvError(
            [(1, f"the file is not a readable .xlsx workbook ({type(exc).__name__}); "
                 "save it from Excel as 'Excel Workbook (*.xlsx)' or as CSV UTF-8")]
        ) from None  # fmt: skip
    try:
        sheet = book.worksheets[0]
        records: list[tuple[int, list[str]]] = []
        width: int | None = None
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            fields = [_text(v) for v in row]
            if width is None:
                if not any(f.strip() for f in fields):
                    continue  # blank rows above the header
                while fields and not fields[-1].strip():
                    fields.pop()
                width = len(fields)
            else:
                extra = fields[width:]
                if not any(f.strip() for f in extra):  # empty cells past the header
                    fields = fields[:width] + [""] * max(0, width - len(fields))
            records.append((number, fields))
        return records
    finally:
        book.close()


def read_centres_xlsx(path: Path) -> list[CentreRow]:
    """Read and validate the first sheet of a workbook; CentreCsvError lists every problem."""
    return validate_records(_records(path), [])


def read_centres_file(path: Path) -> list[CentreRow]:
    """A directory file of either kind, by its suffix: .xlsx (or .xlsm) or CSV."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return read_centres_xlsx(path)
    return read_centres_csv(path)
