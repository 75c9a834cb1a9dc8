"""Moderation: an expert of the centre's region decides pending evidence once (pending →
accepted | rejected), never their own; every decision is appended to evidence_decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, and_, func, or_, select, update

from services.evidence.model import (
    DECISIONS,
    DRAFT,
    MAX_REASON,
    PENDING,
    PHOTO_GEO,
    REJECTED,
    Duplicate,
)
from services.evidence.placement import Placement
from services.refusal import Refusal
from services.team.roles import Access
from services.text import clean_text
from storage.models import Centre, Evidence, EvidenceDecision, EvidenceFile, Requirement


class Review(Placement):
    """The queue of pending evidence an expert may decide, and the decision."""

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
            raise Refusal("rv-error", "stale")
        centre = await self.session.get(Centre, evidence.centre_code)
        if centre is None or not (access.is_expert or access.admin):
            raise Refusal("rv-error", "forbidden")
        if not access.reviews(centre.region_code):
            raise Refusal("rv-error", "forbidden")
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
            raise Refusal("rv-error", "own")
        reason = clean_text(reason) or None
        if decision == REJECTED and reason is None:
            raise Refusal("rv-error", "reason_needed")
        if reason is not None and len(reason) > MAX_REASON:
            raise Refusal("rv-error", "reason_too_long", length=len(reason), limit=MAX_REASON)
        # Conditional on `pending` in one statement: two experts pressing at once cannot both
        # win, and a decided row is never silently overwritten.
        result = await self.session.execute(
            update(Evidence)
            .where(Evidence.id == evidence_id, Evidence.status == PENDING)
            .values(status=decision, decided_by=access.user_id, decided_at=now, reason=reason)
            .execution_options(synchronize_session=False)
        )
        if cast(CursorResult[Any], result).rowcount != 1:
            raise Refusal("rv-error", "already_decided")
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


async def review_card(service: Review, access: Access, evidence: Evidence) -> ReviewCard:
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
