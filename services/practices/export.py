"""`python -m bot practices export`: accepted practices as rows for the federal knowledge base
(CSV always; XLSX when the xlsxwriter package is installed). Authors' texts are input from
outside: CSV cells go through services.csv_safe, XLSX cells are written as strings, never as
formulas."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.csv_safe import safe_cell
from services.practices.rules import ACCEPTED
from storage.models import Centre, Region
from storage.models_practices import Practice, PracticeVote
from storage.models_profiles import ClientProfile

COLUMNS = (
    "id", "region_code", "region", "centre_code", "centre", "title", "indicators", "groups",
    "client_group", "profile", "problem", "done", "result", "started_on", "accepted_at", "useful",
    "channel_link",
)  # fmt: skip


async def rows(session: AsyncSession) -> list[dict[str, Any]]:
    votes = (
        select(func.count())
        .where(PracticeVote.practice_id == Practice.id)
        .correlate(Practice)
        .scalar_subquery()
    )
    result = await session.execute(
        select(Practice, Centre.name, Region.name, votes, ClientProfile.name)
        .join(Centre, Centre.code == Practice.centre_code)
        .join(Region, Region.code == Practice.region_code)
        .outerjoin(ClientProfile, ClientProfile.id == Practice.profile_id)
        .where(Practice.status == ACCEPTED)
        .order_by(Practice.decided_at, Practice.id)
    )
    out = []
    for practice, centre, region, useful, profile in result.all():
        out.append(
            {
                "id": practice.id, "region_code": practice.region_code, "region": region,
                "centre_code": practice.centre_code, "centre": centre, "title": practice.title,
                "indicators": " ".join(practice.codes()), "groups": practice.groups.strip(),
                "client_group": practice.client_group, "profile": profile or "",
                "problem": practice.problem,
                "done": practice.done, "result": practice.result,
                "started_on": practice.started_on.isoformat() if practice.started_on else "",
                "accepted_at": practice.decided_at.isoformat() if practice.decided_at else "",
                "useful": int(useful or 0), "channel_link": practice.post_link or "",
            }
        )  # fmt: skip
    return out


def to_csv(items: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows({name: safe_cell(item[name]) for name in COLUMNS} for item in items)
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read UTF-8


def to_xlsx(items: list[dict[str, Any]]) -> bytes:
    import xlsxwriter  # optional: ImportError tells the CLI to say so

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("practices")
    for column, name in enumerate(COLUMNS):
        sheet.write(0, column, name)
    for row, item in enumerate(items, start=1):
        for column, name in enumerate(COLUMNS):
            value = item[name]
            if isinstance(value, int):
                sheet.write_number(row, column, value)
            else:
                sheet.write_string(row, column, "" if value is None else str(value))
    book.close()
    return buffer.getvalue()
