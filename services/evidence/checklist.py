"""A centre's checklist: the requirements that apply to it (the default list with the region's
own rows replacing whole indicators) and the state of every one for a viewer.

The base of EvidenceService (services.evidence.workflow): a session and the Rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.evidence.model import (
    ACCEPTED,
    DECISIONS,
    DRAFT,
    PENDING,
    REJECTED,
    CentreChecklist,
    IndicatorStatus,
    RequirementStatus,
    Rules,
)
from services.refusal import Refusal
from storage.models import Centre, Evidence, EvidenceFile, ObjectiveIndicator, Requirement


class Checklists:
    """What applies to a centre and the state of each requirement, over one session."""

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
            raise Refusal("ev-error", "stale")
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
