"""Evidence of the checklist: drafts, the geo check, moderation, and expiry reminders.

The rules live here, callable without Telegram; handlers/staff.py and handlers/review.py only
turn events into these calls. Every call that acts on a row re-checks the caller's `Access`
against that row: a button press (callback data) names a row, it never grants anything.

Life of an evidence row: `draft` (being assembled by one staff member; survives restarts) →
`pending` (sent for review) → `accepted` | `rejected` (by an expert of the centre's region,
once: a decided row is never decided again; every decision is also appended to
`evidence_decisions`). Accepted evidence counts in X of the centre's checklist while its
`captured_at` lies within the methodology's validity window (services.index.ratings).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    and_,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from services.evidence.exif import ExifInfo, read_exif
from services.evidence.geocheck import GeoVerdict, check_exif, check_location
from services.evidence.image_files import is_readable_image
from services.evidence.media import MAX_DOWNLOAD_BYTES, IncomingFile, MediaStore, Spool, TooBig
from services.privacy import Pseudonyms
from services.team.roles import STAFF, Access
from services.text import clean_text
from services.users import Users
from storage.models import (
    Centre,
    Evidence,
    EvidenceDecision,
    EvidenceFile,
    ObjectiveIndicator,
    Requirement,
    Role,
)

log = logging.getLogger(__name__)

DRAFT, PENDING, ACCEPTED, REJECTED = "draft", "pending", "accepted", "rejected"
DECISIONS = (ACCEPTED, REJECTED)
PHOTO_GEO, SCREENSHOT, DOCUMENT = "photo_geo", "screenshot", "document"
# What /checklist shows per requirement, best first.
STATES = ("accepted", "expiring", "pending", "draft", "rejected", "expired", "none")

MAX_FILES = 10  # an album holds at most 10 items; one submission needs no more
MAX_COMMENT = 1000
MAX_REASON = 500
# Preset reasons for a rejection; stored as "preset:<code>" and shown in the reader's language.
REJECT_PRESETS = ("mismatch", "place", "unreadable", "outdated", "duplicate")
PRESET_PREFIX = "preset:"
# An EXIF capture time may run this far ahead of the message (camera clocks drift).
EXIF_CLOCK_SKEW = timedelta(minutes=10)

# Downloads a Telegram file (by file_id) into the spool, chunk by chunk (services.evidence.media).
Fetch = Callable[[str, Spool], Awaitable[None]]


class EvidenceError(Exception):
    """A refusal with a reason code the bot maps to a text (`ev-error-<reason>`)."""

    def __init__(self, reason: str, **args: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.args_ = args


class GeoCheckFailed(EvidenceError):
    """Submitting photo evidence whose geo check fails needs an explicit "send anyway"."""

    def __init__(self, verdict: GeoVerdict) -> None:
        super().__init__("geo_failed")
        self.verdict = verdict


@dataclass(frozen=True, slots=True)
class Rules:
    validity_days: int = 180
    reminder_days: int = 14
    max_distance_m: float = 300.0
    max_gap: timedelta = timedelta(minutes=10)
    max_accuracy_m: float = 100.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        evidence = settings.evidence
        return cls(
            validity_days=settings.scoring.load().evidence_validity_days,
            reminder_days=evidence.expiry_reminder_days,
            max_distance_m=evidence.geo_max_distance_m,
            max_gap=timedelta(minutes=evidence.geo_max_gap_minutes),
            max_accuracy_m=evidence.geo_max_accuracy_m,
        )

    @property
    def validity(self) -> timedelta:
        return timedelta(days=self.validity_days)


# --- what a centre's checklist looks like ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequirementStatus:
    requirement: Requirement
    number: int  # 1-based within its indicator
    state: str  # one of STATES
    reason: str | None = None  # of the latest rejection
    valid_until: datetime | None = None  # of the accepted evidence that counts
    draft_id: int | None = None  # the viewer's own draft, if any

    @property
    def fulfilled(self) -> bool:
        return self.state in ("accepted", "expiring")


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    code: str
    counted: bool  # the region has this indicator's objective part on (scoring counts it)
    items: tuple[RequirementStatus, ...]

    @property
    def x(self) -> int:
        return sum(1 for item in self.items if item.fulfilled)

    @property
    def n(self) -> int:
        return len(self.items)


@dataclass(frozen=True, slots=True)
class CentreChecklist:
    centre: Centre
    indicators: tuple[IndicatorStatus, ...]
    drafts: tuple[Evidence, ...]  # the viewer's drafts here, newest first

    @property
    def x(self) -> int:
        return sum(i.x for i in self.indicators)

    @property
    def n(self) -> int:
        return sum(i.n for i in self.indicators)

    def indicator(self, code: str) -> IndicatorStatus | None:
        return next((i for i in self.indicators if i.code == code), None)


@dataclass(frozen=True, slots=True)
class AddedFile:
    file: EvidenceFile
    count: int  # files in the draft now
    first_of_group: bool  # the first stored item of its album (or not in an album)
    repeated: bool = False  # the very same Telegram file was already in this draft
    unreadable: bool = False  # named an image but does not open as one (kept all the same)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """The same picture (bytes or Telegram file) in another submission."""

    evidence_id: int
    centre_code: str
    requirement_id: str
    status: str


@dataclass(frozen=True, slots=True)
class ExpiryReminder:
    """One message for the scheduler to send: `ev-expiry-reminder` with `args`."""

    user_id: int
    language: str | None
    evidence_id: int
    centre_code: str
    centre_name: str
    requirement_id: str
    requirement_ru: str
    requirement_en: str
    expires_at: datetime
    timezone: str

    key = "ev-expiry-reminder"

    def args(self) -> dict[str, Any]:
        """Fluent arguments for the recipient's language (HTML-escaped where needed)."""
        text = self.requirement_en if self.language == "en" else self.requirement_ru
        local = self.expires_at.astimezone(ZoneInfo(self.timezone))
        return {
            "centre": escape(self.centre_name),
            "requirement": escape(text),
            "date": local.strftime("%d.%m.%Y"),
        }


def reason_text(t: Callable[..., str], reason: str | None) -> str:
    """A stored rejection reason for display: presets translated, free text escaped."""
    if not reason:
        return ""
    if reason.startswith(PRESET_PREFIX):
        return t(f"rv-preset-{reason.removeprefix(PRESET_PREFIX)}")
    return escape(reason)


def requirement_text(requirement: Requirement, language: str | None) -> str:
    return requirement.text_en if language == "en" else requirement.text_ru


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


class EvidenceService:
    def __init__(self, session: AsyncSession, rules: Rules | None = None) -> None:
        self.session = session
        self.rules = rules or Rules()

    # --- the checklist ----------------------------------------------------------------------

    async def effective_requirements(self, region_code: str) -> list[Requirement]:
        """The default list with the region's own rows replacing whole indicators."""
        rows = list(
            await self.session.scalars(
                select(Requirement)
                .where(
                    or_(Requirement.region_code.is_(None), Requirement.region_code == region_code),
                    Requirement.retired_at.is_(None),
                )
                .order_by(Requirement.position, Requirement.id)
            )
        )
        own = {r.indicator for r in rows if r.region_code == region_code}
        return [r for r in rows if r.region_code == region_code or r.indicator not in own]

    async def number_of(self, centre: Centre, requirement: Requirement) -> int:
        """The 1-based position of a requirement within its indicator for this centre."""
        items = [
            r.id
            for r in await self.effective_requirements(centre.region_code)
            if r.indicator == requirement.indicator
        ]
        return items.index(requirement.id) + 1 if requirement.id in items else 0

    async def requirement_at(self, centre: Centre, indicator: str, number: int) -> Requirement:
        """The `number`-th (1-based) requirement of an indicator for a centre, or `stale`."""
        items = [
            r
            for r in await self.effective_requirements(centre.region_code)
            if r.indicator == indicator
        ]
        if not 1 <= number <= len(items):
            raise EvidenceError("stale")
        return items[number - 1]

    async def checklist(self, centre: Centre, viewer: int, now: datetime) -> CentreChecklist:
        requirements = await self.effective_requirements(centre.region_code)
        counted = set(
            await self.session.scalars(
                select(ObjectiveIndicator.indicator).where(
                    ObjectiveIndicator.region_code == centre.region_code
                )
            )
        )
        rows = list(
            await self.session.scalars(
                select(Evidence)
                .where(
                    Evidence.centre_code == centre.code,
                    or_(Evidence.status != DRAFT, Evidence.submitted_by == viewer),
                )
                .order_by(Evidence.id)
            )
        )
        by_requirement: dict[str, list[Evidence]] = {}
        for row in rows:
            by_requirement.setdefault(row.requirement_id, []).append(row)

        grouped: dict[str, list[RequirementStatus]] = {}
        for req in requirements:
            items = grouped.setdefault(req.indicator, [])
            status = self._status(req, len(items) + 1, by_requirement.get(req.id, []), now)
            items.append(status)
        indicators = tuple(
            IndicatorStatus(code, code in counted, tuple(items)) for code, items in grouped.items()
        )
        drafts = tuple(
            sorted(
                (r for r in rows if r.status == DRAFT and r.submitted_by == viewer),
                key=lambda r: r.id,
                reverse=True,
            )
        )
        return CentreChecklist(centre, indicators, drafts)

    def _status(
        self, req: Requirement, number: int, rows: Sequence[Evidence], now: datetime
    ) -> RequirementStatus:
        draft = next((r.id for r in rows if r.status == DRAFT), None)
        since = now - self.rules.validity
        valid = [r for r in rows if r.status == ACCEPTED and since <= r.captured_at <= now]
        if valid:
            until = max(r.captured_at for r in valid) + self.rules.validity
            soon = until - now <= timedelta(days=self.rules.reminder_days)
            state = "expiring" if soon else "accepted"
            return RequirementStatus(req, number, state, valid_until=until, draft_id=draft)
        if any(r.status == PENDING for r in rows):
            return RequirementStatus(req, number, "pending", draft_id=draft)
        if draft is not None:
            return RequirementStatus(req, number, "draft", draft_id=draft)
        decided = [r for r in rows if r.status in DECISIONS and r.decided_at is not None]
        if decided:
            last = max(decided, key=lambda r: (r.decided_at or r.submitted_at, r.id))
            if last.status == REJECTED:
                return RequirementStatus(req, number, "rejected", reason=last.reason)
            return RequirementStatus(
                req, number, "expired", valid_until=last.captured_at + self.rules.validity
            )
        return RequirementStatus(req, number, "none")

    # --- drafts -----------------------------------------------------------------------------

    async def start_draft(
        self, access: Access, centre: Centre, requirement: Requirement, now: datetime
    ) -> tuple[Evidence, bool]:
        """The caller's draft for this requirement (True: an existing one), or a new one."""
        if not access.works_at(centre.code):
            raise EvidenceError("forbidden")
        effective = await self.effective_requirements(centre.region_code)
        if requirement.id not in {r.id for r in effective}:
            raise EvidenceError("stale")
        rows = list(
            await self.session.scalars(
                select(Evidence).where(
                    Evidence.centre_code == centre.code,
                    Evidence.requirement_id == requirement.id,
                    Evidence.status != REJECTED,
                )
            )
        )
        own = [r for r in rows if r.status == DRAFT and r.submitted_by == access.user_id]
        if own:
            return own[-1], True
        if any(r.status == PENDING for r in rows):
            raise EvidenceError("already_pending")
        status = self._status(requirement, 1, rows, now)
        if status.state == "accepted" and status.valid_until is not None:
            # A fresh proof is welcome once the current one is about to expire, not before.
            raise EvidenceError(
                "already_accepted", until=status.valid_until, timezone=centre.timezone
            )
        draft = Evidence(
            centre_code=centre.code,
            requirement_id=requirement.id,
            status=DRAFT,
            submitted_by=access.user_id,
            submitted_at=now,
            captured_at=now,  # replaced by the files' time on submission
        )
        self.session.add(draft)
        await self.session.flush()
        return draft, False

    async def own_draft(self, access: Access, evidence_id: int) -> Evidence:
        """The caller's own draft by id; anything else (gone, sent, someone else's) is stale."""
        draft = await self.session.get(Evidence, evidence_id)
        if draft is None or draft.status != DRAFT or draft.submitted_by != access.user_id:
            raise EvidenceError("stale")
        if not access.works_at(draft.centre_code):
            raise EvidenceError("forbidden")
        return draft

    async def context(self, evidence: Evidence) -> tuple[Centre, Requirement]:
        centre = await self.session.get(Centre, evidence.centre_code)
        requirement = await self.session.get(Requirement, evidence.requirement_id)
        if centre is None or requirement is None:  # foreign keys make this a bug, not input
            raise LookupError(f"evidence {evidence.id} points at a missing centre or requirement")
        return centre, requirement

    async def files(self, evidence_id: int) -> list[EvidenceFile]:
        return list(
            await self.session.scalars(
                select(EvidenceFile)
                .where(EvidenceFile.evidence_id == evidence_id)
                .order_by(EvidenceFile.id)
            )
        )

    async def add_file(
        self,
        draft: Evidence,
        incoming: IncomingFile,
        *,
        message_at: datetime,
        media_group_id: str | None,
        fetch: Fetch,
        store: MediaStore,
    ) -> AddedFile:
        """Check, download, store and attach one file. Nothing is attached on refusal."""
        centre, requirement = await self.context(draft)
        if not incoming.is_allowed:
            raise EvidenceError("file_type")
        if requirement.evidence_kind in (PHOTO_GEO, SCREENSHOT) and not incoming.is_image:
            raise EvidenceError(f"needs_image_{requirement.evidence_kind}")
        if incoming.too_big:  # before downloading: the Bot API would refuse anyway
            raise EvidenceError("too_big", mb=MAX_DOWNLOAD_BYTES // (1024 * 1024))
        files = await self.files(draft.id)
        for existing in files:
            if existing.file_unique_id == incoming.file_unique_id:
                return AddedFile(existing, len(files), first_of_group=False, repeated=True)
        if len(files) >= MAX_FILES:
            raise EvidenceError("too_many", max=MAX_FILES)
        with store.spool(MAX_DOWNLOAD_BYTES) as spool:
            try:
                await fetch(incoming.file_id, spool)
            except TooBig as error:  # the file said it was smaller
                raise EvidenceError("too_big", mb=MAX_DOWNLOAD_BYTES // (1024 * 1024)) from error
            digest, relative = await store.keep(spool)
        size = spool.size
        source = await store.exif_source(relative) if incoming.is_image else b""
        exif = read_exif(source) if incoming.is_image else None
        taken_at = exif.taken_at if exif is not None else None
        if taken_at is not None and taken_at.tzinfo is None:
            # The camera's wall clock: read it where the photo should have been taken.
            taken_at = taken_at.replace(tzinfo=ZoneInfo(centre.timezone))
        row = EvidenceFile(
            evidence_id=draft.id,
            kind=incoming.kind,
            file_id=incoming.file_id,
            file_unique_id=incoming.file_unique_id,
            sha256=digest,
            stored_path=relative,
            mime_type=incoming.mime_type or ("image/jpeg" if incoming.kind == "photo" else None),
            size=size,
            media_group_id=media_group_id,
            message_at=_utc(message_at),
            exif_lat=exif.latitude if exif is not None else None,
            exif_lon=exif.longitude if exif is not None else None,
            exif_taken_at=_utc(taken_at) if taken_at is not None else None,
        )
        self.session.add(row)
        await self.session.flush()
        first = media_group_id is None or all(f.media_group_id != media_group_id for f in files)
        # A file that does not open (a HEIC cut short on upload...) is kept for the moderator
        # as sent; the sender is told nothing could be read from it.
        unreadable = incoming.kind == "document" and incoming.is_image and exif is None
        unreadable = unreadable and not is_readable_image(source)
        return AddedFile(row, len(files) + 1, first_of_group=first, unreadable=unreadable)

    async def set_comment(self, draft: Evidence, text: str) -> None:
        text = clean_text(text)
        if not text:
            raise EvidenceError("comment_empty")
        if len(text) > MAX_COMMENT:
            raise EvidenceError("comment_too_long", length=len(text), limit=MAX_COMMENT)
        draft.comment = text
        await self.session.flush()

    async def set_location(
        self,
        draft: Evidence,
        *,
        latitude: float,
        longitude: float,
        at: datetime,
        accuracy: float | None,
        forwarded: bool,
    ) -> None:
        _, requirement = await self.context(draft)
        if requirement.evidence_kind != PHOTO_GEO:
            raise EvidenceError("location_not_needed")
        draft.location_lat, draft.location_lon = latitude, longitude
        draft.location_at, draft.location_accuracy = _utc(at), accuracy
        draft.location_forwarded = forwarded
        await self.session.flush()

    def geo_verdict(
        self, draft: Evidence, centre: Centre, files: Sequence[EvidenceFile]
    ) -> GeoVerdict:
        """Every photo must be placed: by its own EXIF, or by the shared location taken within
        the allowed gap of it. The first photo that is not is the verdict; otherwise the
        farthest placement is (the distance the moderator should see)."""
        if not files:
            return GeoVerdict(False, "no_location", None, "none")
        verdicts = [self._file_verdict(draft, centre, f) for f in files]
        failing = [v for v in verdicts if not v.ok]
        if failing:
            return failing[0]
        return max(verdicts, key=lambda v: v.distance_m or 0.0)

    def location_verdict(self, draft: Evidence, centre: Centre) -> GeoVerdict:
        """The shared location alone (before any photo): provenance, accuracy, distance."""
        if draft.location_at is None:
            return GeoVerdict(False, "no_location", None, "none")
        return self._location(draft, centre, draft.location_at)

    def _location(self, draft: Evidence, centre: Centre, photo_at: datetime) -> GeoVerdict:
        assert draft.location_at is not None
        return check_location(
            centre.latitude,
            centre.longitude,
            draft.location_lat,
            draft.location_lon,
            photo_at=photo_at,
            location_at=draft.location_at,
            forwarded=bool(draft.location_forwarded),
            horizontal_accuracy=draft.location_accuracy,
            max_distance_m=self.rules.max_distance_m,
            max_gap=self.rules.max_gap,
            max_accuracy_m=self.rules.max_accuracy_m,
        )

    def _file_verdict(self, draft: Evidence, centre: Centre, f: EvidenceFile) -> GeoVerdict:
        sent_at = f.message_at or draft.submitted_at
        by_exif: GeoVerdict | None = None
        if f.exif_lat is not None and f.exif_lon is not None:
            by_exif = check_exif(
                centre.latitude,
                centre.longitude,
                ExifInfo(f.exif_lat, f.exif_lon, f.exif_taken_at),
                message_at=sent_at,
                centre_tz=centre.timezone,
                max_distance_m=self.rules.max_distance_m,
            )
            if by_exif.ok:
                return by_exif
        by_location: GeoVerdict | None = None
        if draft.location_at is not None:
            by_location = self._location(draft, centre, sent_at)
            if by_location.ok:
                return by_location
        # What the submitter did last try says most about what to fix: the location first.
        return by_location or by_exif or GeoVerdict(False, "no_location", None, "none")

    async def submit(self, draft: Evidence, now: datetime, *, force: bool = False) -> Evidence:
        """draft → pending. A failed geo check needs `force` and is then kept, with its
        reason and distance, for the moderator (METHODOLOGY §5: never dropped)."""
        files = await self.files(draft.id)
        if not files:
            raise EvidenceError("empty")
        waiting = await self.session.scalar(
            select(func.count()).where(
                Evidence.centre_code == draft.centre_code,
                Evidence.requirement_id == draft.requirement_id,
                Evidence.status == PENDING,
            )
        )
        if waiting:  # a colleague's submission for the same requirement got there first
            raise EvidenceError("already_pending")
        centre, requirement = await self.context(draft)
        verdict: GeoVerdict | None = None
        if requirement.evidence_kind == PHOTO_GEO:
            verdict = self.geo_verdict(draft, centre, files)
            if not verdict.ok and not force:
                raise GeoCheckFailed(verdict)
        captured = min(min(_captured_at(f) for f in files), now)
        result = await self.session.execute(
            update(Evidence)
            .where(Evidence.id == draft.id, Evidence.status == DRAFT)
            .values(
                status=PENDING,
                submitted_at=now,
                captured_at=captured,
                geo_ok=verdict.ok if verdict else None,
                geo_reason=verdict.reason if verdict else None,
                distance_m=verdict.distance_m if verdict else None,
            )
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], result).rowcount != 1:
            raise EvidenceError("stale")
        await self.session.refresh(draft)
        return draft

    async def discard(self, draft: Evidence) -> None:
        # The stored copies stay: content-addressed files may be shared with other evidence.
        await self.session.execute(delete(EvidenceFile).where(EvidenceFile.evidence_id == draft.id))
        await self.session.execute(
            delete(Evidence).where(Evidence.id == draft.id, Evidence.status == DRAFT)
        )
        self.session.expunge(draft)

    # --- moderation -------------------------------------------------------------------------

    @staticmethod
    def _region_filter(access: Access) -> ColumnElement[bool] | None:
        if access.admin or access.expert_everywhere:
            return None
        return Centre.region_code.in_(sorted(access.expert_regions))

    def _queue(self, access: Access) -> Any:
        stmt = (
            select(Evidence)
            .join(Centre, Centre.code == Evidence.centre_code)
            .where(Evidence.status == PENDING, Evidence.submitted_by != access.user_id)
        )
        region = self._region_filter(access)
        return stmt if region is None else stmt.where(region)

    async def next_pending(self, access: Access, *, after: int | None = None) -> Evidence | None:
        """The oldest pending evidence this expert may decide (not their own), or the next
        one after `after` in the same order (Skip)."""
        if not (access.admin or access.is_expert):
            return None
        stmt = self._queue(access)
        if after is not None:
            previous = await self.session.get(Evidence, after)
            if previous is not None:
                stmt = stmt.where(
                    or_(
                        Evidence.submitted_at > previous.submitted_at,
                        and_(
                            Evidence.submitted_at == previous.submitted_at,
                            Evidence.id > previous.id,
                        ),
                    )
                )
        found = await self.session.scalar(
            stmt.order_by(Evidence.submitted_at, Evidence.id).limit(1)
        )
        return cast(Evidence | None, found)

    async def pending_count(self, access: Access) -> int:
        if not (access.admin or access.is_expert):
            return 0
        count = await self.session.scalar(
            select(func.count()).select_from(self._queue(access).subquery())
        )
        return int(count or 0)

    async def for_review(self, access: Access, evidence_id: int) -> Evidence:
        evidence = await self.session.get(Evidence, evidence_id)
        if evidence is None or evidence.status == DRAFT:
            raise EvidenceError("stale")
        centre = await self.session.get(Centre, evidence.centre_code)
        if centre is None or not (access.is_expert or access.admin):
            raise EvidenceError("forbidden")
        if not access.reviews(centre.region_code):
            raise EvidenceError("forbidden")
        return evidence

    async def duplicates(self, evidence: Evidence) -> list[Duplicate]:
        """Other submissions (not drafts) for another requirement or centre that contain the
        same bytes or the same Telegram file as this one."""
        files = await self.files(evidence.id)
        hashes = sorted({f.sha256 for f in files if f.sha256})
        uniques = sorted({f.file_unique_id for f in files})
        if not files:
            return []
        rows = await self.session.execute(
            select(Evidence.id, Evidence.centre_code, Evidence.requirement_id, Evidence.status)
            .join(EvidenceFile, EvidenceFile.evidence_id == Evidence.id)
            .where(
                or_(EvidenceFile.sha256.in_(hashes), EvidenceFile.file_unique_id.in_(uniques)),
                Evidence.id != evidence.id,
                Evidence.status != DRAFT,
                or_(
                    Evidence.centre_code != evidence.centre_code,
                    Evidence.requirement_id != evidence.requirement_id,
                ),
            )
            .distinct()
            .order_by(Evidence.id)
        )
        return [Duplicate(i, c, r, s) for i, c, r, s in rows]

    async def decide(
        self,
        access: Access,
        evidence_id: int,
        decision: str,
        reason: str | None,
        now: datetime,
    ) -> Evidence:
        """Accept or reject pending evidence, once. Re-checks the expert's region; refuses a
        decision on one's own submission and on anything already decided."""
        if decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}")
        evidence = await self.for_review(access, evidence_id)
        if evidence.submitted_by == access.user_id:
            raise EvidenceError("own")
        reason = clean_text(reason) or None
        if decision == REJECTED and reason is None:
            raise EvidenceError("reason_needed")
        if reason is not None and len(reason) > MAX_REASON:
            raise EvidenceError("reason_too_long", length=len(reason), limit=MAX_REASON)
        # Conditional on `pending` in one statement: two experts pressing at once cannot both
        # win, and a decided row is never silently overwritten.
        result = await self.session.execute(
            update(Evidence)
            .where(Evidence.id == evidence_id, Evidence.status == PENDING)
            .values(status=decision, decided_by=access.user_id, decided_at=now, reason=reason)
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], result).rowcount != 1:
            raise EvidenceError("already_decided")
        self.session.add(
            EvidenceDecision(
                evidence_id=evidence_id,
                decided_by=access.user_id,
                decided_at=now,
                decision=decision,
                reason=reason,
            )
        )
        await self.session.flush()
        await self.session.refresh(evidence)
        return evidence


def _captured_at(f: EvidenceFile) -> datetime:
    """When the proof was made: the EXIF capture time when it is plausible, else when sent."""
    sent = f.message_at or datetime.now(UTC)
    taken = f.exif_taken_at
    if taken is not None and taken <= sent + EXIF_CLOCK_SKEW:
        return min(taken, sent)
    return sent


# --- reminders ------------------------------------------------------------------------------


async def expiry_reminders(
    session: AsyncSession,
    now: datetime,
    *,
    validity_days: int = 180,
    reminder_days: int = 14,
    pseudonyms: Pseudonyms | None = None,
) -> list[ExpiryReminder]:
    """Reminders for accepted evidence that stops counting within `reminder_days`.

    Each such evidence is reminded once (`expiry_reminded_at` is set here, flushed; the caller
    commits once the messages are queued). Evidence already renewed (a newer accepted or a
    pending one for the same centre and requirement) is marked without a message. Recipients
    are the centre's current staff: the submitter may have left the working group. With
    `pseudonyms` each reminder carries the recipient's language (else None: Russian).
    """
    validity = timedelta(days=validity_days)
    horizon = now - validity + timedelta(days=reminder_days)
    due = list(
        await session.scalars(
            select(Evidence)
            .where(
                Evidence.status == ACCEPTED,
                Evidence.expiry_reminded_at.is_(None),
                Evidence.captured_at > now - validity,
                Evidence.captured_at <= horizon,
            )
            .order_by(Evidence.captured_at, Evidence.id)
        )
    )
    out: list[ExpiryReminder] = []
    for evidence in due:
        evidence.expiry_reminded_at = now
        if await _renewed(session, evidence):
            continue
        centre = await session.get(Centre, evidence.centre_code)
        requirement = await session.get(Requirement, evidence.requirement_id)
        if centre is None or requirement is None:
            continue
        staff = await _staff_of(session, centre.code, pseudonyms)
        if not staff:
            log.info(
                "evidence %s expires soon but centre %s has no staff", evidence.id, centre.code
            )
        for user_id, language in staff:
            out.append(
                ExpiryReminder(
                    user_id=user_id,
                    language=language,
                    evidence_id=evidence.id,
                    centre_code=centre.code,
                    centre_name=centre.name,
                    requirement_id=requirement.id,
                    requirement_ru=requirement.text_ru,
                    requirement_en=requirement.text_en,
                    expires_at=evidence.captured_at + validity,
                    timezone=centre.timezone,
                )
            )
    await session.flush()
    return out


async def _renewed(session: AsyncSession, evidence: Evidence) -> bool:
    newer = await session.scalar(
        select(func.count()).where(
            Evidence.centre_code == evidence.centre_code,
            Evidence.requirement_id == evidence.requirement_id,
            Evidence.id != evidence.id,
            or_(
                Evidence.status == PENDING,
                and_(Evidence.status == ACCEPTED, Evidence.captured_at > evidence.captured_at),
            ),
        )
    )
    return bool(newer)


async def _staff_of(
    session: AsyncSession, centre_code: str, pseudonyms: Pseudonyms | None
) -> list[tuple[int, str | None]]:
    user_ids = await session.scalars(
        select(Role.user_id)
        .where(Role.role == STAFF, Role.scope == centre_code)
        .order_by(Role.user_id)
    )
    out: list[tuple[int, str | None]] = []
    for user_id in user_ids:
        language = None
        if pseudonyms is not None:
            # Preferences are stored under a pseudonym of the id (services.privacy).
            user = await Users(session, pseudonyms).get(int(user_id))
            language = user.language if user is not None else None
        out.append((int(user_id), language))
    return out


@dataclass
class ReviewCard:
    """Everything the review screen shows about one evidence."""

    evidence: Evidence
    centre: Centre
    requirement: Requirement
    files: list[EvidenceFile]
    duplicates: list[Duplicate]
    queue: int
    geo_source: str | None  # where the photos' placement came from: location | exif | none


async def review_card(service: EvidenceService, access: Access, evidence: Evidence) -> ReviewCard:
    centre, requirement = await service.context(evidence)
    files = await service.files(evidence.id)
    source = None
    if requirement.evidence_kind == PHOTO_GEO:
        # The verdict depends on stored facts only, so recomputing it names its source.
        source = service.geo_verdict(evidence, centre, files).source
    return ReviewCard(
        evidence=evidence,
        centre=centre,
        requirement=requirement,
        files=files,
        duplicates=await service.duplicates(evidence),
        queue=await service.pending_count(access),
        geo_source=source,
    )
