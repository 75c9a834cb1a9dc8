"""Writing an export: sheets of typed columns, streamed row by row into .xlsx or .csv.

The workbook is written with xlsxwriter in `constant_memory` mode: each row goes to a
temporary file as soon as it is written, so 100,000 questionnaires cost a row's memory, not a
workbook's (bench/bench_export.py measures it). xlsxwriter rather than openpyxl because it
streams with formats, frozen panes, filters and widths intact, where openpyxl's write-only
mode keeps fewer of them; and it writes the OOXML that Excel and LibreOffice both read.

Text always goes in with `write_string`: a centre named `=HYPERLINK(…)` stays text (xlsxwriter's
plain `write` would turn it into a formula, or a URL into a link). Numbers are numbers with an
Excel number format ("0.00"): Excel shows the decimal comma of the reader's own locale. Dates
are real dates. CSV (UTF-8 with a BOM, so Excel detects the encoding; comma-separated, dot
decimals: for programs, the .xlsx is for people) passes every cell through services.csv_safe.
"""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from services.csv_safe import safe_row

TEXT, INT, NUMBER, DATE, DATETIME = "text", "int", "number", "date", "datetime"
FORMATS = ("xlsx", "csv")
SHEET_NAME_MAX = 31
_NUMBER_FORMATS = {INT: "0", NUMBER: "0.00", DATE: "dd.mm.yyyy", DATETIME: "dd.mm.yyyy hh:mm"}
_WIDTHS = {TEXT: 14, INT: 9, NUMBER: 9, DATE: 12, DATETIME: 17}

Cell = str | int | float | date | datetime | None
Rows = Callable[[], AsyncIterator[Sequence[Cell]]]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    kind: str = TEXT
    width: int | None = None  # characters; default by kind, at least the title's length

    def fitted(self) -> int:
        return max(self.width or _WIDTHS[self.kind], min(len(self.title) + 2, 40))


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    columns: Sequence[Column]
    rows: Rows  # called once, when the sheet is written
    in_csv: bool = True  # False: a sheet of notes, for people only (the CSV stays one table)


@dataclass
class Written:
    rows: int = 0
    sheets: int = 0


def rows_of(rows: Sequence[Sequence[Cell]]) -> Rows:
    """Rows already in memory (a rating: a few thousand at most) as a sheet's source."""

    async def generate() -> AsyncIterator[Sequence[Cell]]:
        for row in rows:
            yield row

    return generate


def sheet_name(text: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in text).strip("'")
    return cleaned[:SHEET_NAME_MAX] or "Sheet"


async def write(path: Path, fmt: str, sheets: Sequence[Sheet]) -> Written:
    if fmt == "xlsx":
        return await write_xlsx(path, sheets)
    if fmt == "csv":
        return await write_csv(path, sheets)
    raise ValueError(f"unknown format {fmt!r} (expected xlsx or csv)")


async def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> Written:
    done = Written()
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_date_format": _NUMBER_FORMATS[DATE],
        },
    )
    try:
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True})
        formats = {
            kind: workbook.add_format({"num_format": f}) for kind, f in _NUMBER_FORMATS.items()
        }
        used: set[str] = set()
        for sheet in sheets:
            name = sheet_name(sheet.name)
            while name.casefold() in used:  # Excel compares sheet names case-insensitively
                name = sheet_name(name[: SHEET_NAME_MAX - 2] + "_" + str(len(used)))
            used.add(name.casefold())
            ws = workbook.add_worksheet(name)
            for i, column in enumerate(sheet.columns):
                ws.set_column(i, i, column.fitted())
            for i, column in enumerate(sheet.columns):
                ws.write_string(0, i, column.title, header)
            ws.freeze_panes(1, 0)
            row = 0
            async for values in sheet.rows():
                row += 1
                for i, (column, value) in enumerate(zip(sheet.columns, values, strict=True)):
                    _cell(ws, row, i, column.kind, value, formats)
            ws.autofilter(0, 0, max(row, 1), len(sheet.columns) - 1)
            if sheet.in_csv:  # the data, not the notes
                done.rows += row
                done.sheets += 1
    finally:
        workbook.close()
    return done


def _cell(ws: Any, row: int, col: int, kind: str, value: Cell, formats: dict[str, Any]) -> None:
    if value is None or value == "":
        return
    if kind in (INT, NUMBER) and isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, col, value, formats[kind])
    elif kind in (DATE, DATETIME) and isinstance(value, date | datetime):
        moment = value.replace(tzinfo=None) if isinstance(value, datetime) else value
        ws.write_datetime(row, col, moment, formats[kind])
    else:
        ws.write_string(row, col, str(value))


def _csv_value(kind: str, value: Cell) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if kind == DATETIME else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


async def write_csv(path: Path, sheets: Sequence[Sheet]) -> Written:
    """One CSV: the sheets one after another under one header (the union of their columns;
    the export's sheets share theirs, e.g. the rating's levels, which carry a `level` column)."""
    done = Written()
    columns: list[Column] = []
    sheets = [sheet for sheet in sheets if sheet.in_csv]
    for sheet in sheets:
        for column in sheet.columns:
            if column.key not in {c.key for c in columns}:
                columns.append(column)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(safe_row(c.title for c in columns))
        for sheet in sheets:
            where = {c.key: i for i, c in enumerate(sheet.columns)}
            async for values in sheet.rows():
                line = [
                    _csv_value(c.kind, values[where[c.key]]) if c.key in where else ""
                    for c in columns
                ]
                writer.writerow(safe_row(line))
                done.rows += 1
            done.sheets += 1
    return done
