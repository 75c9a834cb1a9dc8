"""`python -m bot practices export`: accepted practices only, CSV and XLSX."""

from __future__ import annotations

import asyncio
import csv
import io
import zipfile
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import get_settings
from services.practices import export
from storage.models_practices import Practice
from tests.evidence_support import SM
from tests.practices.test_publish import accepted


async def test_export_csv_and_xlsx(
    sessionmaker: SM,
    centres: None,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await accepted(sessionmaker)
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        out = tmp_path / "p.csv"
        code = await asyncio.to_thread(main, ["practices", "export", "--out", str(out)])
        assert code == 0
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert [r["title"] for r in rows] == ["Запись на приём за минуту"]
        assert rows[0]["indicators"] == "M8" and rows[0]["region"] == "г. Москва"
        xlsx = tmp_path / "p.xlsx"
        code = await asyncio.to_thread(
            main, ["practices", "export", "--format", "xlsx", "--out", str(xlsx)]
        )
        assert code == 0 and zipfile.is_zipfile(xlsx)
    finally:
        get_settings.cache_clear()


def test_an_authors_formula_stays_text_in_csv_and_xlsx() -> None:
    # Titles and texts come from authors: "=HYPERLINK(…)" must not become a live formula.
    item = {name: "" for name in export.COLUMNS}
    item.update(id=7, useful=3, title='=HYPERLINK("http://evil","клик")', problem="+cmd", done=None)
    text = export.to_csv([item]).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["title"] == '\'=HYPERLINK("http://evil","клик")' and row["problem"] == "'+cmd"
    with zipfile.ZipFile(io.BytesIO(export.to_xlsx([item]))) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in strings
    assert "<v>3</v>" in sheet  # numbers stay numbers


async def test_publish_dry_run_prints_the_posts_due_and_sends_nothing(
    sessionmaker: SM,
    centres: None,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    practice_id = await accepted(sessionmaker)
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        code = await asyncio.to_thread(main, ["practices", "publish", "--dry-run"])
        assert code == 0
        printed = capsys.readouterr().out
        assert "1 accepted practices due" in printed and "nothing posted" in printed
        assert f"practice {practice_id}, message 1 of 1: a message" in printed
        assert "<b>Запись на приём за минуту</b>" in printed and "#М8_" in printed
        # Without --dry-run the command explains that the running bot posts.
        assert await asyncio.to_thread(main, ["practices", "publish"]) == 2
        assert "--dry-run" in capsys.readouterr().err
    finally:
        get_settings.cache_clear()
    async with sessionmaker() as session:
        practice = await session.get(Practice, practice_id)
        assert practice is not None and practice.post_status is None  # still due
