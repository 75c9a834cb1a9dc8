"""`python -m bot roadmap export --format csv|xlsx`: every pilot's steps, done on time / late /
open, in a separate process as an operator runs it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from openpyxl import load_workbook

from services.roadmap.files import Attachment
from services.roadmap.pilots import Roadmap
from services.team.roles import Access
from storage.db import create_engine, create_sessionmaker
from storage.models_roadmap import PilotStep
from tests.bot.test_cli import run
from tests.conftest import SAMPLE_CENTRES

START = date(2026, 7, 27)
GROUP = Access(1001, staff_centres=frozenset({"77-cao"}))
EXPERT = Access(2001, expert_regions=frozenset({"77"}))


async def pilot_with_two_results(url: str) -> None:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            service = Roadmap(session)
            await service.start(Access(9001, admin=True), "77", START, START)
            steps = {s.code: s for s in await service.steps(await service.pilot_of("77"))}  # type: ignore[arg-type]
            for code, day in (("1.2", 20), ("1.3", 25)):  # 1.2 on time, 1.3 late (due day 21)
                when = datetime.combine(START + timedelta(days=day), datetime.min.time(), UTC)
                step: PilotStep = steps[code]
                stored = f"ab/ab{code}" if code == "1.2" else None
                file = Attachment("f", "document", "=cmd.pdf", stored_path=stored)
                await service.submit(GROUP, step.id, file, "x", when)
                await service.decide(EXPERT, step.id, accept=True, reason=None, now=when)
    finally:
        await engine.dispose()


async def test_export_csv_and_xlsx(tmp_path: Path) -> None:
    assert run(tmp_path, "import-centres", str(SAMPLE_CENTRES)).returncode == 0
    await pilot_with_two_results(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")

    result = run(tmp_path, "roadmap", "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 20 and {r["region_code"] for r in rows} == {"77"}
    by_step = {r["step"]: r for r in rows}
    assert by_step["1.2"]["result"] == "on_time" and by_step["1.2"]["deadline"] == "2026-08-17"
    assert by_step["1.3"]["result"] == "late"
    assert sum(r["result"] == "open" for r in rows) == 18
    # Where the result's copy lies under MEDIA_DIR; the file's typed name is not exported.
    assert by_step["1.2"]["stored_path"] == "ab/ab1.2" and by_step["1.3"]["stored_path"] == ""
    assert "=cmd.pdf" not in result.stdout

    out = tmp_path / "roadmap.xlsx"
    result = run(tmp_path, "roadmap", "export", "--format", "xlsx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(out).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("region_code", "region", "pilot_start", "step") and len(values) == 21

    assert run(tmp_path, "roadmap", "export", "--format", "xlsx").returncode == 2
