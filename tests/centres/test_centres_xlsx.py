"""The centre directory from .xlsx: the same validation and line numbers as the CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import xlsxwriter

from services.centres.directory_csv import CentreCsvError, parse_centres_csv, read_centres_csv
from services.centres.directory_xlsx import read_centres_file, read_centres_xlsx
from tests.bot.test_cli import run
from tests.conftest import SAMPLE_CENTRES


def as_xlsx(rows: list[list[str]], path: Path, *, numbers: bool = True) -> Path:
    """The CSV's rows in a workbook as Excel would hold them: numbers as numbers."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet("Центры")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            try:
                number = float(value) if numbers and r > 0 and value.strip() else None
            except ValueError:
                number = None
            if number is not None:
                sheet.write_number(r, c, number)
            elif value:
                sheet.write_string(r, c, value)
    book.close()
    return path


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_sample_directory_reads_the_same_from_xlsx(tmp_path: Path) -> None:
    text = SAMPLE_CENTRES.read_text(encoding="utf-8")
    path = as_xlsx(csv_rows(text), tmp_path / "centres.xlsx")
    from_xlsx = read_centres_file(path)
    assert from_xlsx == read_centres_csv(SAMPLE_CENTRES)
    assert {row.region_code for row in from_xlsx} >= {"77", "16"}  # 77.0 in Excel is "77"


def test_bad_rows_get_the_same_messages_and_line_numbers(tmp_path: Path) -> None:
    lines = SAMPLE_CENTRES.read_text(encoding="utf-8").splitlines()[:6]
    rows = csv_rows("\n".join(lines))
    rows[2][7] = "Mars/Olympus"  # line 3: a bad time zone
    rows[4][2] = rows[3][2]  # line 5: a duplicate centre code
    rows[5][5] = "north"  # line 6: latitude is not a number
    text = "\n".join(",".join(f'"{v}"' for v in row) for row in rows)
    with pytest.raises(CentreCsvError) as from_csv:
        parse_centres_csv(text)
    with pytest.raises(CentreCsvError) as from_xlsx:
        read_centres_xlsx(as_xlsx(rows, tmp_path / "bad.xlsx", numbers=False))
    assert from_xlsx.value.errors == from_csv.value.errors
    assert [line for line, _ in from_xlsx.value.errors] == [3, 5, 6]


def test_not_a_workbook_is_one_clear_line(tmp_path: Path) -> None:
    fake = tmp_path / "centres.xlsx"
    fake.write_text("region_code,region_name\n", encoding="utf-8")
    with pytest.raises(CentreCsvError) as caught:
        read_centres_file(fake)
    assert caught.value.errors[0][0] == 1
    assert "not a readable .xlsx workbook" in caught.value.errors[0][1]


def test_import_centres_takes_xlsx(tmp_path: Path) -> None:
    path = as_xlsx(csv_rows(SAMPLE_CENTRES.read_text(encoding="utf-8")), tmp_path / "centres.xlsx")
    result = run(tmp_path, "import-centres", str(path))
    assert result.returncode == 0, result.stderr
    assert "imported 48 centres in 8 regions" in result.stdout
