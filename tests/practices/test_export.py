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
