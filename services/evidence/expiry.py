"""Expiry reminders: accepted evidence stops counting when it leaves the methodology's
validity window; the centre's staff are told once, `reminder_days` before."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.evidence.model import ACCEPTED, PENDING
from services.privacy import Pseudonyms
from services.team.roles import STAFF
from services.users import Users
from storage.models import Centre, Evidence, Requirement, Role

log = logging.getLogger(__name__)


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
