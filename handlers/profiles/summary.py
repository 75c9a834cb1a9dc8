"""The working-group toolkit in /my_index for a region's experts and in the staff reminders:
the region's profiles against the target of 10 and the ones due for a refresh (seed 002), and
the pilot roadmap's progress (seed 003)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from services.centres.timezones import region_timezone
from services.profiles.rules import Profiles, Summary
from services.roadmap.pilots import Roadmap, progress
from storage.models import Region

MAX_REGIONS = 10
MAX_NAMES = 8


def summary_lines(t: Translator, summary: Summary) -> list[str]:
    lines = [t("profiles-summary", count=summary.count, target=summary.target)]
    if summary.overdue:
        names = ", ".join(summary.overdue[:MAX_NAMES]) + (
            "…" if len(summary.overdue) > MAX_NAMES else ""
        )
        lines.append(t("profiles-summary-overdue", count=len(summary.overdue), names=escape(names)))
    return lines


async def toolkit_text(
    session: AsyncSession, t: Translator, region_codes: Iterable[str], now: datetime
) -> str | None:
    parts: list[str] = []
    for code in sorted(region_codes)[:MAX_REGIONS]:
        region = await session.get(Region, code)
        if region is None:
            continue
        lines = [f"<b>{escape(region.name)}</b>"]
        lines += summary_lines(t, await Profiles(session).summary(code, now))
        roadmap = Roadmap(session)
        pilot = await roadmap.pilot_of(code)
        if pilot is not None:
            done = progress(await roadmap.steps(pilot), await region_timezone(session, code))
            lines.append(t("roadmap-summary", on_time=done.on_time, late=done.late, open=done.open))
        parts.append("\n".join(lines))
    return "\n\n".join(parts) if parts else None
