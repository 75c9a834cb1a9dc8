"""Starting a region's pilot, the steps' states, marking a step done, review, meetings.

Who may do what, re-checked on every call (a button names a row, it grants nothing):
- start a pilot: an admin, or an expert of the region;
- mark a step done, record a meeting: the working group (staff of the region's centres);
- accept or return a step: an expert of the region (or an admin);
- read: all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.evidence.media import MediaStore
from services.evidence.model import Fetch
from services.refusal import Refusal
from services.roadmap.files import Attachment, keep
from services.roadmap.programme import Programme, load_programme
from services.team.roles import Access
from storage.models import Centre, Region
from storage.models_roadmap import Pilot, PilotMeeting, PilotStep

OPEN, SUBMITTED, ACCEPTED, RETURNED = "open", "submitted", "accepted", "returned"
# What a step shows: the `roadmap-state-*` texts.
STATES = ("todo", "soon", "overdue", "review", "returned", "done")
# Why something is refused: the `roadmap-error-*` texts (tests/test_locale_keys.py reads it).
REASONS = (
    "forbidden", "gone", "exists", "no_pilot", "date_format", "date_past", "date_far",
    "date_future", "date_before_start", "wrong_file", "too_long", "state", "stale", "too_big",
    "download_failed",
)  # fmt: skip
COMMENT_MAX = 1000
REASON_MAX = 500
START_AHEAD_DAYS = 366
# Where a result's bytes come from and where they go: the Bot API downloader and MEDIA_DIR.
Store = tuple[Fetch, MediaStore]
_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str | None) -> date:
    """«16.08.2026», «16.08.26», «16-08-2026» or «2026-08-16»."""
    raw = text or ""
    try:
        if match := _ISO.match(raw):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DATE.match(raw):
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return date(year, int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise Refusal("roadmap-error", "date_format")


def clean_comment(text: str | None, limit: int = COMMENT_MAX) -> str | None:
    value = (text or "").strip()
    if len(value) > limit:
        raise Refusal("roadmap-error", "too_long", limit=limit, length=len(value))
    return value or None


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


def step_state(step: PilotStep, today: date, soon_days: int) -> str:
    if step.status == ACCEPTED:
        return "done"
    if step.status == SUBMITTED:
        return "review"
    if step.status == RETURNED:
        return "returned"
    if today > step.deadline:
        return "overdue"
    if (step.deadline - today).days <= soon_days:
        return "soon"
    return "todo"


@dataclass(frozen=True, slots=True)
class Progress:
    on_time: int
    late: int
    open: int


def progress(steps: list[PilotStep], timezone: str) -> Progress:
    """Accepted steps done by their deadline (the day the result was sent, locally) or late."""
    on_time = late = 0
    for step in steps:
        if step.status != ACCEPTED:
            continue
        sent = step.submitted_at or step.decided_at
        if sent is not None and local_today(sent, timezone) <= step.deadline:
            on_time += 1
        else:
            late += 1
    return Progress(on_time, late, len(steps) - on_time - late)


def next_meeting_due(pilot: Pilot, last: date | None, programme: Programme) -> date:
    return (last or pilot.start_date) + timedelta(days=programme.meetings_every_days)


class Roadmap:
    def __init__(self, session: AsyncSession, programme: Programme | None = None) -> None:
        self.session = session
        self.programme = programme or load_programme()

    # --- who ----------------------------------------------------------------------------

    async def group_regions(self, access: Access) -> set[str]:
        if not access.staff_centres:
            return set()
        rows = await self.session.scalars(
            select(Centre.region_code).where(Centre.code.in_(sorted(access.staff_centres)))
        )
        return set(rows)

    async def in_group(self, access: Access, region_code: str) -> bool:
        return region_code in await self.group_regions(access)

    async def may_read(self, access: Access, region_code: str) -> bool:
        return access.reviews(region_code) or await self.in_group(access, region_code)

    async def readable_regions(self, access: Access) -> list[Region]:
        query = select(Region).order_by(Region.code)
        if not (access.admin or access.expert_everywhere):
            codes = await self.group_regions(access) | set(access.expert_regions)
            query = query.where(Region.code.in_(sorted(codes)))
        return list(await self.session.scalars(query))

    # --- the pilot ----------------------------------------------------------------------

    async def region(self, access: Access, region_code: str) -> Region:
        region = await self.session.get(Region, region_code)
        if region is None or not await self.may_read(access, region_code):
            raise Refusal("roadmap-error", "forbidden")
        return region

    async def pilot_of(self, region_code: str) -> Pilot | None:
        return await self.session.scalar(select(Pilot).where(Pilot.region_code == region_code))

    async def start(self, access: Access, region_code: str, start: date, today: date) -> Pilot:
        if not access.reviews(region_code) or await self.session.get(Region, region_code) is None:
            raise Refusal("roadmap-error", "forbidden")
        if start < today:
            raise Refusal("roadmap-error", "date_past")
        if start > today + timedelta(days=START_AHEAD_DAYS):
            raise Refusal("roadmap-error", "date_far")
        if await self.pilot_of(region_code) is not None:
            raise Refusal("roadmap-error", "exists")
        pilot = Pilot(
            region_code=region_code, programme=self.programme.name, start_date=start,
            started_by=access.user_id,
        )  # fmt: skip
        self.session.add(pilot)
        await self.session.flush()
        for step in self.programme.steps:
            self.session.add(
                PilotStep(
                    pilot_id=pilot.id,
                    code=step.code,
                    position=step.position,
                    deadline=step.deadline(start),
                    status=OPEN,
                )
            )
        await self.session.flush()
        return pilot

    async def steps(self, pilot: Pilot) -> list[PilotStep]:
        rows = await self.session.scalars(
            select(PilotStep).where(PilotStep.pilot_id == pilot.id).order_by(PilotStep.position)
        )
        return list(rows)

    async def meetings(self, pilot: Pilot) -> list[PilotMeeting]:
        rows = await self.session.scalars(
            select(PilotMeeting)
            .where(PilotMeeting.pilot_id == pilot.id)
            .order_by(PilotMeeting.held_on.desc(), PilotMeeting.id.desc())
        )
        return list(rows)

    async def last_meeting(self, pilot: Pilot) -> date | None:
        held: date | None = await self.session.scalar(
            select(func.max(PilotMeeting.held_on)).where(PilotMeeting.pilot_id == pilot.id)
        )
        return held

    async def step(self, access: Access, step_id: int) -> tuple[Pilot, PilotStep]:
        step = await self.session.get(PilotStep, step_id)
        pilot = await self.session.get(Pilot, step.pilot_id) if step is not None else None
        # A step of another region is indistinguishable from one that is gone.
        if step is None or pilot is None or not await self.may_read(access, pilot.region_code):
            raise Refusal("roadmap-error", "gone")
        return pilot, step

    # --- results and review -------------------------------------------------------------

    async def submit(
        self,
        access: Access,
        step_id: int,
        file: Attachment,
        comment: str | None,
        now: datetime,
        store: Store | None = None,
    ) -> tuple[Pilot, PilotStep]:
        """Send a step's result for review; with `store` (the bot always passes it) the file
        is first copied under MEDIA_DIR, after the checks, so nothing is fetched for a refusal
        and nothing is recorded for a failed download."""
        pilot, step = await self.step(access, step_id)
        if not await self.in_group(access, pilot.region_code):
            raise Refusal("roadmap-error", "forbidden")
        if step.status not in (OPEN, RETURNED):
            raise Refusal("roadmap-error", "state")
        clean_comment(comment)
        if store is not None:
            file = await keep(file, *store)
        step.status = SUBMITTED
        step.file_id, step.file_kind, step.file_name = file.file_id, file.kind, file.name
        step.stored_path, step.file_size = file.stored_path, file.stored_size
        step.comment = clean_comment(comment)
        step.submitted_by, step.submitted_at = access.user_id, now
        step.decided_by = step.decided_at = step.reason = None
        await self.session.flush()
        return pilot, step

    async def decide(
        self, access: Access, step_id: int, *, accept: bool, reason: str | None, now: datetime
    ) -> tuple[Pilot, PilotStep]:
        pilot, step = await self.step(access, step_id)
        if not access.reviews(pilot.region_code):
            raise Refusal("roadmap-error", "forbidden")
        if step.status != SUBMITTED:
            raise Refusal("roadmap-error", "state")
        step.status = ACCEPTED if accept else RETURNED
        step.decided_by, step.decided_at = access.user_id, now
        step.reason = None if accept else clean_comment(reason, REASON_MAX)
        await self.session.flush()
        return pilot, step

    # --- meetings -----------------------------------------------------------------------

    async def check_meeting_date(
        self, access: Access, region_code: str, held_on: date, today: date
    ) -> Pilot:
        pilot = await self.pilot_of(region_code)
        if pilot is None:
            raise Refusal("roadmap-error", "no_pilot")
        if not await self.in_group(access, region_code):
            raise Refusal("roadmap-error", "forbidden")
        if held_on > today:
            raise Refusal("roadmap-error", "date_future")
        if held_on < pilot.start_date:
            raise Refusal("roadmap-error", "date_before_start")
        return pilot

    async def record_meeting(
        self,
        access: Access,
        region_code: str,
        held_on: date,
        file: Attachment,
        comment: str | None,
        now: datetime,
        today: date,
        store: Store | None = None,
    ) -> PilotMeeting:
        pilot = await self.check_meeting_date(access, region_code, held_on, today)
        clean_comment(comment)
        if store is not None:
            file = await keep(file, *store)
        meeting = PilotMeeting(
            pilot_id=pilot.id, held_on=held_on, file_id=file.file_id, file_kind=file.kind,
            file_name=file.name, stored_path=file.stored_path, file_size=file.stored_size,
            comment=clean_comment(comment), recorded_by=access.user_id, recorded_at=now,
        )  # fmt: skip
        self.session.add(meeting)
        await self.session.flush()
        return meeting
