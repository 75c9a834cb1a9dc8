"""CSV cells that a spreadsheet shows as text, never runs as a formula.

Names come from outside (the centres directory, people's input): a centre called
`=HYPERLINK("http://…")` or `+cmd|' /C calc'!A0` would become a live formula when an exported
CSV is opened in Excel or LibreOffice (CSV/formula injection). Every CSV the bot writes goes
through `safe_cell`/`safe_row`: a text cell starting with = + - @ or a tab or carriage return
gets a leading apostrophe, which spreadsheets show as text. Numbers are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in values]
