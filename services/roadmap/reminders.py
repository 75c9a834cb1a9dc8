"""Roadmap reminders (seed 003): before each deadline and on the day it is overdue, and the
meetings of the cross-functional team, at least once every 3 weeks.

- a step of the region (owner region or both) not yet done: once when its deadline is
  `before_days` away or closer, and once on the first day after it (the day it is overdue);
- meetings: the working group once when 3 weeks since the last meeting (or the start) are
  about to pass, the region's experts once when they have passed;
- each reminder is sent once (stored: `pilot_steps.*_reminded_at`, `pilot_notices`), in the
  recipient's language, with dates in the region's time zone; a person gets at most one
  roadmap message a (local) day, which lists everything due for them.

`due_reminders` marks what it returns as sent (flush; the caller commits before sending, so a
crash sends nothing twice), like the evidence expiry reminders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.centres.timezones import region_timezone
from services.privacy import Pseudonyms
from services.roadmap.pilots import ACCEPTED, SUBMITTED, next_meeting_due
from services.roadmap.programme import Programme, load_programme
from services.team.roles import EXPERT, STAFF
from storage.models import Centre, Role, User
from storage.models_roadmap import Pilot, PilotMeeting, PilotNotice, PilotStep, RoadmapMessageDay
from storage.upsert import upsert


@dataclass(frozen=True, slots=True)
class Line:
    region_code: str
    key: str  # roadmap-remind-*
    args: dict[str, Any]


@dataclass(slots=True)
class Reminder:
    """One person's message: every line due for them today, of every region they are in."""

    user_id: int
    today: date
    language: str | None = None
    lines: list[Line] = field(default_factory=list)


async def _people(session: AsyncSession, region_code: str) -> tuple[list[int], list[int]]:
    """(the working group: staff of the region's centres, the region's experts)."""
    centres = select(Centre.code).where(Centre.region_code == region_code)
    staff = await session.scalars(
        select(Role.user_id).where(Role.role == STAFF, Role.scope.in_(centres)).distinct()
    )
    experts = await session.scalars(
        select(Role.user_id).where(Role.role == EXPERT, Role.scope == region_code).distinct()
    )
    return sorted({int(u) for u in staff}), sorted({int(u) for u in experts})


async def due_reminders(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    now: datetime,
    *,
    before_days: int = 3,
    programme: Programme | None = None,
) -> list[Reminder]:
    programme = programme or load_programme()
    out: dict[int, Reminder] = {}
    pilots = list(await session.scalars(select(Pilot).order_by(Pilot.id)))
    for pilot in pilots:
        zone = await region_timezone(session, pilot.region_code)
        today = now.astimezone(ZoneInfo(zone)).date()
        group_lines, expert_lines = await _pilot_lines(
            session, pilot, today, now, before_days, programme
        )
        if not group_lines and not expert_lines:
            continue
        staff, experts = await _people(session, pilot.region_code)
        for user_ids, lines in ((staff, group_lines), (experts, expert_lines)):
            for user_id in user_ids if lines else []:
                out.setdefault(user_id, Reminder(user_id, today)).lines.extend(lines)
    reminders: list[Reminder] = []
    for user_id, reminder in sorted(out.items()):
        user = await session.get(User, pseudonyms.user(user_id))
        if user is not None and user.blocked_at is not None:
            continue
        # At most one a day: someone who already had one today hears the rest tomorrow
        # (the job runs daily, so this only holds back a second run on the same day).
        if not await _first_today(session, user_id, reminder.today):
            continue
        reminder.language = user.language if user is not None else None
        reminders.append(reminder)
    await session.flush()
    return reminders


async def _first_today(session: AsyncSession, user_id: int, today: date) -> bool:
    """Claim today's roadmap message for this person; False if they already had one."""
    row = await session.get(RoadmapMessageDay, user_id)
    if row is not None and row.day >= today:
        return False
    await upsert(
        session, RoadmapMessageDay, {"user_id": user_id, "day": today},
        keys=["user_id"], update=["day"],
    )  # fmt: skip
    return True


async def _pilot_lines(
    session: AsyncSession,
    pilot: Pilot,
    today: date,
    now: datetime,
    before_days: int,
    programme: Programme,
) -> tuple[list[Line], list[Line]]:
    group: list[Line] = []
    experts: list[Line] = []
    steps = await session.scalars(
        select(PilotStep).where(PilotStep.pilot_id == pilot.id).order_by(PilotStep.position)
    )
    for step in steps:
        spec = programme.step(step.code)
        if spec is None or not spec.regional or step.status in (ACCEPTED, SUBMITTED):
            continue
        args = {"code": step.code, "title": spec.title_ru, "title_en": spec.title_en,
                "deadline": step.deadline}  # fmt: skip
        if today > step.deadline:
            if step.overdue_reminded_at is None:
                step.overdue_reminded_at = now
                step.soon_reminded_at = step.soon_reminded_at or now
                group.append(Line(pilot.region_code, "roadmap-remind-overdue", args))
        elif (step.deadline - today).days <= before_days and step.soon_reminded_at is None:
            step.soon_reminded_at = now
            days = (step.deadline - today).days
            group.append(Line(pilot.region_code, "roadmap-remind-soon", {**args, "days": days}))
    if today <= pilot.start_date + timedelta(days=programme.length_days):
        meeting = await _meeting_lines(session, pilot, today, now, before_days, programme)
        if meeting is not None:
            (group if meeting.key == "roadmap-remind-meeting" else experts).append(meeting)
    return group, experts


async def _meeting_lines(
    session: AsyncSession,
    pilot: Pilot,
    today: date,
    now: datetime,
    before_days: int,
    programme: Programme,
) -> Line | None:
    held = await session.scalars(
        select(PilotMeeting.held_on).where(PilotMeeting.pilot_id == pilot.id)
    )
    last = max(held, default=None)
    due = next_meeting_due(pilot, last, programme)
    since = last or pilot.start_date
    if today > due:
        kind, key = "late", "roadmap-remind-meeting-late"
    elif (due - today).days <= before_days:
        kind, key = "soon", "roadmap-remind-meeting"
    else:
        return None
    notice_key = f"{kind}:{since.isoformat()}"
    if await session.get(PilotNotice, (pilot.id, notice_key)) is not None:
        return None
    session.add(PilotNotice(pilot_id=pilot.id, key=notice_key, sent_at=now))
    return Line(pilot.region_code, key, {"last": last, "due": due, "days": (due - today).days})
