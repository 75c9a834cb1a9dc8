"""Writing and reviewing practices: the draft (a row, so it survives restarts), sending it for
review, and the experts' decision. Every call re-checks the caller's `Access` against the row:
a button names a practice, it grants nothing.

Who writes: staff of the centre, or an expert of its region. Who decides: experts of the
practice's region (or of every region) and admins, never the author; once per submission
(a conditional UPDATE on `status = 'pending'`, so a double tap or a second expert finds it
decided). Every step is appended to `practice_decisions`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scoring import Methodology
from services.evidence.media import MAX_DOWNLOAD_BYTES, MediaStore, Spool, TooBig
from services.practices.rules import (
    ACCEPTED,
    DECISIONS,
    EDITABLE,
    MAX_COMMENT,
    MAX_PHOTOS,
    PENDING,
    REQUIRED,
    RETURNED,
    TEXT_FIELDS,
    clean_text,
    clean_title,
    client_group,
    fold,
    groups_of,
    is_photo,
)
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import Centre
from storage.models_practices import Practice, PracticeDecision, PracticeFile
from storage.models_profiles import ClientProfile

# Downloads a Telegram file into the spool, chunk by chunk (services.evidence.media).
Fetch = Callable[[str, Spool], Awaitable[None]]
SUBMITTED = "submitted"


def may_write(access: Access) -> bool:
    return access.is_staff or access.is_expert


def may_write_for(access: Access, centre: Centre) -> bool:
    regions = access.expert_regions
    return access.works_at(centre.code) or access.expert_everywhere or centre.region_code in regions


def may_review(access: Access) -> bool:
    return access.admin or access.is_expert


async def waiting_review(
    session: AsyncSession, user_id: int, regions: frozenset[str] | None
) -> tuple[int, datetime | None]:
    """(how many pending, the newest submission) in the regions (None: all), not their own:
    what an expert's review notice counts (services.evidence.review_notify)."""
    stmt = (
        select(func.count(), func.max(Practice.submitted_at))
        .select_from(Practice)
        .where(Practice.status == PENDING, Practice.author_id != user_id)
    )
    if regions is not None:
        stmt = stmt.where(Practice.region_code.in_(sorted(regions)))
    count, newest = (await session.execute(stmt)).one()
    return int(count or 0), newest


class PracticeService:
    def __init__(self, session: AsyncSession, m: Methodology) -> None:
        self.session = session
        self.m = m

    # --- the draft ---------------------------------------------------------------------------

    async def current(self, access: Access) -> Practice | None:
        """The author's draft, or a practice sent back to them, newest first."""
        return await self.session.scalar(
            select(Practice)
            .where(Practice.author_id == access.user_id, Practice.status.in_(EDITABLE))
            .order_by(Practice.created_at.desc(), Practice.id.desc())
            .limit(1)
        )

    async def start(self, access: Access, centre_code: str, now: datetime) -> Practice:
        centre = await self.session.get(Centre, centre_code)
        if centre is None or not may_write_for(access, centre):
            raise Refusal("practices-error", "forbidden")
        existing = await self.current(access)
        if existing is not None:
            return existing  # one draft at a time: the unfinished one comes first
        draft = Practice(
            centre_code=centre.code, region_code=centre.region_code, author_id=access.user_id,
            status="draft", indicators="", groups="", search_text="", post_attempts=0,
            created_at=now,
        )  # fmt: skip
        self.session.add(draft)
        await self.session.flush()
        return draft

    async def own(self, access: Access, practice_id: int | None) -> Practice:
        practice = await self.session.get(Practice, practice_id) if practice_id else None
        if (
            practice is None
            or practice.author_id != access.user_id
            or practice.status not in EDITABLE
        ):
            raise Refusal("practices-error", "no_draft")
        centre = await self.session.get(Centre, practice.centre_code)
        if centre is None or not may_write_for(access, centre):
            raise Refusal("practices-error", "forbidden")
        return practice

    @staticmethod
    def missing(practice: Practice) -> list[str]:
        values: dict[str, Any] = {
            "title": practice.title,
            "indicators": practice.indicators.strip(),
            "client_group": practice.client_group or practice.profile_id,
            "problem": practice.problem,
            "done": practice.done,
            "result": practice.result,
            "started_on": practice.started_on,
        }
        return [name for name in REQUIRED if not values[name]]

    def set_title(self, practice: Practice, text: str | None) -> None:
        practice.title = clean_title(text)
        self._refold(practice)

    def set_indicators(self, practice: Practice, codes: Sequence[str]) -> None:
        known = {i.code for i in self.m.indicators}
        if not codes:
            raise Refusal("practices-error", "no_indicators")
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise Refusal("practices-error", "unknown_indicator", codes=", ".join(unknown))
        ordered = [i.code for i in self.m.indicators if i.code in set(codes)]
        practice.indicators = f" {' '.join(ordered)} "
        practice.groups = f" {' '.join(groups_of(self.m, ordered))} "

    @staticmethod
    def set_client_group(practice: Practice, code: str) -> None:
        if client_group(code) is None:
            raise Refusal("practices-error", "stale")
        practice.client_group, practice.profile = code, None

    async def set_profile(self, practice: Practice, profile_id: int) -> None:
        """The client group as a profile (seed 002) instead of a group of the list: only a
        profile of the practice's own region (a replayed button of another region is not)."""
        profile = await self.session.get(ClientProfile, profile_id)
        if profile is None or profile.region_code != practice.region_code:
            raise Refusal("practices-error", "profile")
        practice.client_group, practice.profile = None, profile

    def set_text(self, practice: Practice, field: str, text: str | None) -> None:
        if field not in TEXT_FIELDS:
            raise ValueError(field)
        setattr(practice, field, clean_text(text))
        self._refold(practice)

    @staticmethod
    def set_started(practice: Practice, started: date) -> None:
        practice.started_on = started

    @staticmethod
    def _refold(practice: Practice) -> None:
        parts = (practice.title, practice.problem, practice.done, practice.result)
        practice.search_text = fold(" ".join(p for p in parts if p))

    async def files(self, practice_id: int, kind: str | None = None) -> list[PracticeFile]:
        stmt = select(PracticeFile).where(PracticeFile.practice_id == practice_id)
        if kind is not None:
            stmt = stmt.where(PracticeFile.kind == kind)
        return list(await self.session.scalars(stmt.order_by(PracticeFile.id)))

    async def add_file(
        self,
        practice: Practice,
        *,
        kind: str,
        file_id: str,
        file_unique_id: str,
        size: int | None,
        mime_type: str | None,
        file_name: str | None,
        fetch: Fetch,
        store: MediaStore,
        as_photo: bool,
    ) -> int:
        """A photo of the album (as_photo) or the one document; returns how many of that kind
        the draft holds now. The bytes are copied under MEDIA_DIR first (Telegram's copy
        does not last for ever), so a failed download adds nothing."""
        if size is not None and size > MAX_DOWNLOAD_BYTES:
            raise Refusal("practices-error", "too_big", mb=MAX_DOWNLOAD_BYTES // (1024 * 1024))
        stored_kind = "photo" if as_photo else "document"
        if as_photo and not is_photo(kind, mime_type, file_name):
            raise Refusal("practices-error", "photo_type")
        existing = await self.files(practice.id, stored_kind)
        if any(f.file_unique_id == file_unique_id for f in existing):
            return len(existing)
        if as_photo and len(existing) >= MAX_PHOTOS:
            raise Refusal("practices-error", "too_many_photos", limit=MAX_PHOTOS)
        with store.spool(MAX_DOWNLOAD_BYTES) as spool:
            try:
                await fetch(file_id, spool)
            except TooBig as error:  # the file said it was smaller
                raise Refusal(
                    "practices-error", "too_big", mb=MAX_DOWNLOAD_BYTES // (1024 * 1024)
                ) from error
            digest, path = await store.keep(spool)
        stored_size = spool.size
        if not as_photo:
            for old in existing:  # one document: a new one replaces it
                await self.session.delete(old)
        self.session.add(
            PracticeFile(
                practice_id=practice.id, kind=stored_kind, file_id=file_id,
                file_unique_id=file_unique_id, sha256=digest, stored_path=path,
                mime_type=mime_type, file_name=file_name, size=stored_size,
            )
        )  # fmt: skip
        await self.session.flush()
        return 1 if not as_photo else len(existing) + 1

    async def clear_files(self, practice: Practice, kind: str) -> None:
        for row in await self.files(practice.id, kind):
            await self.session.delete(row)
        await self.session.flush()

    async def discard(self, practice: Practice) -> None:
        if practice.status != "draft":
            raise Refusal("practices-error", "stale")
        await self.session.delete(practice)
        await self.session.flush()

    async def submit(self, access: Access, practice: Practice, now: datetime) -> None:
        missing = self.missing(practice)
        if missing:
            raise Refusal("practices-error", "incomplete")
        practice.status, practice.submitted_at = PENDING, now
        self._log(practice.id, access.user_id, SUBMITTED, None, now)
        await self.session.flush()

    # --- the review --------------------------------------------------------------------------

    async def queue(self, access: Access, limit: int = 50) -> list[Practice]:
        """Pending practices the expert may decide on, oldest first (not their own)."""
        stmt = select(Practice).where(
            Practice.status == PENDING, Practice.author_id != access.user_id
        )
        if not (access.admin or access.expert_everywhere):
            stmt = stmt.where(Practice.region_code.in_(sorted(access.expert_regions)))
        stmt = stmt.order_by(Practice.submitted_at, Practice.id).limit(limit)
        return list(await self.session.scalars(stmt))

    async def queue_count(self, access: Access) -> int:
        if not may_review(access):
            return 0
        everywhere = access.admin or access.expert_everywhere
        regions = None if everywhere else access.expert_regions
        count, _ = await waiting_review(self.session, access.user_id, regions)
        return count

    async def reviewable(self, access: Access, practice_id: int) -> Practice:
        practice = await self.session.get(Practice, practice_id)
        if practice is None:
            raise Refusal("practices-error", "gone")
        if not access.reviews(practice.region_code):
            raise Refusal("practices-error", "forbidden")
        if practice.author_id == access.user_id:
            raise Refusal("practices-error", "own")
        if practice.status != PENDING:
            raise Refusal("practices-error", "decided")
        return practice

    async def decide(
        self, access: Access, practice_id: int, decision: str, comment: str | None, now: datetime
    ) -> Practice:
        if decision not in DECISIONS:
            raise ValueError(decision)
        practice = await self.reviewable(access, practice_id)
        reason = None if decision == ACCEPTED else clean_text(comment, MAX_COMMENT)
        changed = await self.session.execute(
            update(Practice)
            .where(Practice.id == practice.id, Practice.status == PENDING)
            .values(status=decision, decided_at=now, decided_by=access.user_id, comment=reason)
            .execution_options(synchronize_session=False)
        )
        if getattr(changed, "rowcount", 0) != 1:  # decided meanwhile (a double tap, a colleague)
            raise Refusal("practices-error", "decided")
        self._log(practice.id, access.user_id, decision, reason, now)
        await self.session.flush()
        await self.session.refresh(practice)
        return practice

    async def decisions(self, practice_id: int) -> list[PracticeDecision]:
        return list(
            await self.session.scalars(
                select(PracticeDecision)
                .where(PracticeDecision.practice_id == practice_id)
                .order_by(PracticeDecision.id)
            )
        )

    def _log(
        self, practice_id: int, who: int, decision: str, comment: str | None, now: datetime
    ) -> None:
        self.session.add(
            PracticeDecision(
                practice_id=practice_id, decided_by=who, decided_at=now, decision=decision,
                comment=comment,
            )
        )  # fmt: skip


__all__ = [
    "RETURNED",
    "Fetch",
    "PracticeService",
    "may_review",
    "may_write",
    "may_write_for",
    "waiting_review",
]
