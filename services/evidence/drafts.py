"""Drafts: one staff member assembles files, a location and a comment for one requirement,
then sends the draft for review (draft → pending). The draft is a database row: it survives
restarts. Every call re-checks the caller's Access against the row."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, delete, func, select, update

from services.evidence.exif import read_exif
from services.evidence.geocheck import GeoVerdict
from services.evidence.image_files import is_readable_image
from services.evidence.media import MAX_DOWNLOAD_BYTES, IncomingFile, MediaStore, TooBig
from services.evidence.model import (
    DRAFT,
    EXIF_CLOCK_SKEW,
    MAX_COMMENT,
    MAX_FILES,
    PENDING,
    PHOTO_GEO,
    REJECTED,
    SCREENSHOT,
    AddedFile,
    Fetch,
    utc,
)
from services.evidence.placement import Placement
from services.refusal import Refusal
from services.team.roles import Access
from services.text import clean_text
from storage.models import Centre, Evidence, EvidenceFile, Requirement


class GeoCheckFailed(Refusal):
    """Submitting photo evidence whose geo check fails needs an explicit "send anyway"."""

    def __init__(self, verdict: GeoVerdict) -> None:
        super().__init__("ev-error", "geo_failed")
        self.verdict = verdict


class Drafts(Placement):
    """A staff member's draft: start or resume it, fill it, send it for review or discard it."""

    async def start_draft(
        self, access: Access, centre: Centre, requirement: Requirement, now: datetime
    ) -> tuple[Evidence, bool]:
        """The caller's draft for this requirement (True: an existing one), or a new one."""
        if not access.works_at(centre.code):
            raise Refusal("ev-error", "forbidden")
        effective = await self.effective_requirements(centre.region_code)
        if requirement.id not in {r.id for r in effective}:
            raise Refusal("ev-error", "stale")
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
            raise Refusal("ev-error", "already_pending")
        status = self._status(requirement, 1, rows, now)
        if status.state == "accepted" and status.valid_until is not None:
            # A fresh proof is welcome once the current one is about to expire, not before.
            raise Refusal(
                "ev-error", "already_accepted", until=status.valid_until, timezone=centre.timezone
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
            raise Refusal("ev-error", "stale")
        if not access.works_at(draft.centre_code):
            raise Refusal("ev-error", "forbidden")
        return draft

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
            raise Refusal("ev-error", "file_type")
        if requirement.evidence_kind in (PHOTO_GEO, SCREENSHOT) and not incoming.is_image:
            raise Refusal("ev-error", f"needs_image_{requirement.evidence_kind}")
        if incoming.too_big:  # before downloading: the Bot API would refuse anyway
            raise Refusal("ev-error", "too_big", mb=MAX_DOWNLOAD_BYTES // (1024 * 1024))
        files = await self.files(draft.id)
        for existing in files:
            if existing.file_unique_id == incoming.file_unique_id:
                return AddedFile(existing, len(files), first_of_group=False, repeated=True)
        if len(files) >= MAX_FILES:
            raise Refusal("ev-error", "too_many", max=MAX_FILES)
        with store.spool(MAX_DOWNLOAD_BYTES) as spool:
            try:
                await fetch(incoming.file_id, spool)
            except TooBig as error:  # the file said it was smaller
                raise Refusal(
                    "ev-error", "too_big", mb=MAX_DOWNLOAD_BYTES // (1024 * 1024)
                ) from error
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
            message_at=utc(message_at),
            exif_lat=exif.latitude if exif is not None else None,
            exif_lon=exif.longitude if exif is not None else None,
            exif_taken_at=utc(taken_at) if taken_at is not None else None,
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
            raise Refusal("ev-error", "comment_empty")
        if len(text) > MAX_COMMENT:
            raise Refusal("ev-error", "comment_too_long", length=len(text), limit=MAX_COMMENT)
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
            raise Refusal("ev-error", "location_not_needed")
        draft.location_lat, draft.location_lon = latitude, longitude
        draft.location_at, draft.location_accuracy = utc(at), accuracy
        draft.location_forwarded = forwarded
        await self.session.flush()

    async def submit(self, draft: Evidence, now: datetime, *, force: bool = False) -> Evidence:
        """draft → pending. A failed geo check needs `force` and is then kept, with its
        reason and distance, for the moderator (METHODOLOGY §5: never dropped)."""
        files = await self.files(draft.id)
        if not files:
            raise Refusal("ev-error", "empty")
        waiting = await self.session.scalar(
            select(func.count()).where(
                Evidence.centre_code == draft.centre_code,
                Evidence.requirement_id == draft.requirement_id,
                Evidence.status == PENDING,
            )
        )
        if waiting:  # a colleague's submission for the same requirement got there first
            raise Refusal("ev-error", "already_pending")
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
            raise Refusal("ev-error", "stale")
        await self.session.refresh(draft)
        return draft

    async def discard(self, draft: Evidence) -> None:
        # The stored copies stay: content-addressed files may be shared with other evidence.
        await self.session.execute(delete(EvidenceFile).where(EvidenceFile.evidence_id == draft.id))
        await self.session.execute(
            delete(Evidence).where(Evidence.id == draft.id, Evidence.status == DRAFT)
        )
        self.session.expunge(draft)


def _captured_at(f: EvidenceFile) -> datetime:
    """When the proof was made: the EXIF capture time when it is plausible, else when sent."""
    sent = f.message_at or datetime.now(UTC)
    taken = f.exif_taken_at
    if taken is not None and taken <= sent + EXIF_CLOCK_SKEW:
        return min(taken, sent)
    return sent
