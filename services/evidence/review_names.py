"""What the review card names instead of codes: the submitter, and the centres and
requirements of duplicate submissions (handlers.evidence.texts.review_card)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.evidence.review import ReviewCard
from services.team.people import Name, People
from storage.models import Centre, Requirement


@dataclass(frozen=True, slots=True)
class CardNames:
    submitter: Name | None = None
    centres: Mapping[str, str] = field(default_factory=dict)  # code -> name
    requirements: Mapping[str, Requirement] = field(default_factory=dict)  # id -> row


async def card_names(session: AsyncSession, card: ReviewCard) -> CardNames:
    codes = sorted({d.centre_code for d in card.duplicates})
    ids = sorted({d.requirement_id for d in card.duplicates})
    centres: dict[str, str] = {}
    requirements: dict[str, Requirement] = {}
    if codes:
        rows = await session.execute(select(Centre.code, Centre.name).where(Centre.code.in_(codes)))
        centres = {code: name for code, name in rows}
    if ids:
        found = await session.scalars(select(Requirement).where(Requirement.id.in_(ids)))
        requirements = {r.id: r for r in found}
    submitter = await People(session).name(card.evidence.submitted_by)
    return CardNames(submitter, centres, requirements)
