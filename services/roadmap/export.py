"""The regions' roadmap progress as a table: `python -m bot roadmap export --format csv|xlsx`.

One row per step of every pilot: its deadline, state, when the result was sent and decided,
whether it was done on time, and where its result's copy lies (`stored_path`, relative to
MEDIA_DIR, content-addressed like evidence files). Cells people typed (comments, file names)
are not exported; texts are CSV-safe (services.csv_safe) and written as strings in XLSX,
never as formulas.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.centres.timezones import region_timezone
from services.csv_safe import safe_row
from services.roadmap.pilots import ACCEPTED, local_today
from services.roadmap.programme import Programme, load_programme
from storage.models import Region
from storage.models_roadmap import Pilot, PilotStep

HEADER = (
    "region_code", "region", "pilot_start", "step", "title", "deadline", "status",
    "submitted_on", "decided_on", "result", "stored_path",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Row:
    region_code: str
    region: str
    pilot_start: date
    step: str
    title: str
    deadline: date
    status: str  # open | submitted | accepted | returned
    submitted_on: date | None
    decided_on: date | None
    result: str  # on_time | late | open
    stored_path: str = ""  # the result's copy under MEDIA_DIR, if any

    def values(self) -> list[object]:
        return [
            self.region_code, self.region, self.pilot_start.isoformat(), self.step, self.title,
            self.deadline.isoformat(), self.status,
            self.submitted_on.isoformat() if self.submitted_on else "",
            self.decided_on.isoformat() if self.decided_on else "", self.result,
            self.stored_path,
        ]  # fmt: skip


async def progress_rows(
    session: AsyncSession, region_code: str | None = None, programme: Programme | None = None
) -> list[Row]:
    programme = programme or load_programme()
    query = select(Pilot, Region.name).join(Region, Region.code == Pilot.region_code)
    if region_code:
        query = query.where(Pilot.region_code == region_code)
    rows: list[Row] = []
    for pilot, region_name in (await session.execute(query.order_by(Pilot.region_code))).all():
        zone = await region_timezone(session, pilot.region_code)
        steps = await session.scalars(
            select(PilotStep).where(PilotStep.pilot_id == pilot.id).order_by(PilotStep.position)
        )
        for step in steps:
            spec = programme.step(step.code)
            sent = local_today(step.submitted_at, zone) if step.submitted_at else None
            decided = local_today(step.decided_at, zone) if step.decided_at else None
            if step.status != ACCEPTED:
                result = "open"
            else:
                result = "on_time" if sent is not None and sent <= step.deadline else "late"
            rows.append(
                Row(
                    pilot.region_code,
                    region_name,
                    pilot.start_date,
                    step.code,
                    spec.title_ru if spec else step.code,
                    step.deadline,
                    step.status,
                    sent,
                    decided,
                    result,
                    step.stored_path or "",
                )
            )
    return rows


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow(safe_row(row.values()))
    return out.getvalue()


def to_xlsx(rows: list[Row]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("roadmap")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, HEADER, bold)
    for n, row in enumerate(rows, 1):
        for col, value in enumerate(row.values()):
            sheet.write_string(n, col, str(value))
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 28)
    sheet.set_column(4, 4, 60)
    sheet.set_column(10, 10, 70)
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
