"""The exports open in LibreOffice, what staff on domestic office suites use (issue 15).

Runs `soffice --headless --convert-to csv` on each workbook where LibreOffice is installed;
elsewhere the test is skipped and says so. Also: `python -m bot export` from the command line.
"""

from __future__ import annotations

import asyncio
import csv
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from bot.config import Settings
from tests.bot.test_cli import run
from tests.desk_support import SM, add_questionnaires
from tests.exports.test_exports import ADMIN, export

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
async def answers(sessionmaker: SM, centres: None) -> None:
    await add_questionnaires(sessionmaker, "77-cao", "seeker", 6, value=3)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here")
@pytest.mark.parametrize("kind", ["rating", "answers", "evidence", "audit"])
async def test_libreoffice_opens_the_workbook(
    sessionmaker: SM, settings: Settings, answers: None, tmp_path: Path, kind: str
) -> None:
    assert SOFFICE is not None
    path = await export(sessionmaker, settings, kind, ADMIN, tmp_path / f"{kind}.xlsx")
    out = tmp_path / "out"
    done = await asyncio.to_thread(
        subprocess.run,
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "csv", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    converted = out / f"{kind}.csv"
    with converted.open(encoding="utf-8", errors="replace", newline="") as f:
        rows = list(csv.reader(f))
    first_sheet = openpyxl.load_workbook(path).worksheets[0]
    assert len(rows) == first_sheet.max_row  # every row of the first sheet came through


def test_cli_export(tmp_path: Path) -> None:
    from tests.conftest import SAMPLE_CENTRES

    assert run(tmp_path, "import-centres", str(SAMPLE_CENTRES)).returncode == 0
    out = tmp_path / "out" / "rating.xlsx"
    result = run(tmp_path, "export", "rating", "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "rating:" in result.stdout and out.exists()
    assert openpyxl.load_workbook(out).sheetnames == ["Страна", "Регионы", "Центры"]
    csv_out = tmp_path / "answers.csv"
    result = run(tmp_path, "export", "answers", "--format", "csv", "--out", str(csv_out))
    assert result.returncode == 0, result.stderr
    assert csv_out.read_text(encoding="utf-8-sig").startswith("Код,Название,Регион")
    refused = run(tmp_path, "export", "comments", "--out", str(tmp_path / "c.xlsx"))
    assert refused.returncode == 1 and "--centre" in refused.stderr
    ok = run(
        tmp_path, "export", "comments", "--centre", "77-cao", "--out", str(tmp_path / "c.xlsx")
    )
    assert ok.returncode == 0, ok.stderr
