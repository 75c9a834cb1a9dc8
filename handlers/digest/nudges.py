"""Reminders to centre staff: a sample still short of the 100 / 20 rule, or checklist
requirements without accepted evidence. At most one a week per person, never after an opt-out.

A daily job (bot.scheduler) calls `due_nudges`, sends the messages through the rate-limited
sender and then `mark_nudged` for those delivered. The opt-out button carries `NudgeCb`;
handlers/my_index.py turns it into `set_nudges`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from handlers.profiles.summary import summary_lines
from scoring import Methodology, SampleRules
from services.index.ratings import Inputs, Window, gather
from services.privacy import Pseudonyms
from services.profiles.rules import Profiles, Summary
from services.team.roles import STAFF
from storage.models import Centre, Role, User

WEEK = timedelta(days=7)


class NudgeCb(CallbackData, prefix="nd"):
    on: bool  # False: stop the reminders; True: send them again


def nudge_markup(t: Translator, *, off: bool) -> InlineKeyboardMarkup:
    """One button: opt out (reminders on now) or opt back in (they are off)."""
    b = InlineKeyboardBuilder()
    if off:
        b.button(text=t("mi-nudges-on-button"), callback_data=NudgeCb(on=True))
    else:
        b.button(text=t("mi-nudges-off-button"), callback_data=NudgeCb(on=False))
    return b.as_markup()


@dataclass(frozen=True, slots=True)
class CentreGap:
    code: str
    name: str
    respondents: int
    employers: int
    min_respondents: int
    min_employers: int
    missing: int  # requirements of counted indicators without valid accepted evidence

    @property
    def short_sample(self) -> bool:
        return self.respondents < self.min_respondents or self.employers < self.min_employers

    @property
    def behind(self) -> bool:
        return self.short_sample or self.missing > 0


@dataclass(frozen=True, slots=True)
class Nudge:
    user_id: int
    language: str | None
    centres: tuple[CentreGap, ...]
    # The client-group profiles of their regions short of 10 or due for a refresh (seed 002).
    profiles: tuple[Summary, ...] = ()


def centre_gap(centre: Centre, inputs: Inputs | None, rules: SampleRules) -> CentreGap:
    inputs = inputs or Inputs()
    missing = sum(n - x for x, n in inputs.checklist.values())
    return CentreGap(
        code=centre.code,
        name=centre.name,
        respondents=inputs.respondents,
        employers=inputs.employers,
        min_respondents=rules.min_respondents,
        min_employers=rules.min_employers,
        missing=missing,
    )


def recently_nudged(user: User | None, now: datetime) -> bool:
    return user is not None and user.last_nudge_at is not None and now - user.last_nudge_at < WEEK


async def due_nudges(
    session: AsyncSession,
    m: Methodology,
    rules: SampleRules,
    pseudonyms: Pseudonyms,
    now: datetime,
    *,
    window_days: int = 90,
) -> list[Nudge]:
    """Who gets a reminder now, and about which of their centres."""
    roles = (
        await session.execute(
            select(Role.user_id, Role.scope)
            .where(Role.role == STAFF, Role.scope.is_not(None))
            .order_by(Role.user_id, Role.scope)
        )
    ).all()
    if not roles:
        return []
    centres_of: dict[int, list[str]] = defaultdict(list)
    for user_id, scope in roles:
        centres_of[int(user_id)].append(str(scope))
    eligible: dict[int, User | None] = {}
    for user_id in centres_of:
        user = await session.get(User, pseudonyms.user(user_id))
        if user is not None and (user.nudges_off or user.blocked_at is not None):
            continue
        if recently_nudged(user, now):
            continue
        eligible[user_id] = user
    if not eligible:
        return []

    window = Window.trailing(now, window_days, m.evidence_validity_days)
    per_centre = await gather(session, m, window)
    codes = {code for user_id in eligible for code in centres_of[user_id]}
    found = await session.scalars(select(Centre).where(Centre.code.in_(codes)))
    centres = {c.code: c for c in found}
    summaries = {
        region: await Profiles(session).summary(region, now)
        for region in sorted({c.region_code for c in centres.values()})
    }
    out: list[Nudge] = []
    for user_id, user in eligible.items():
        gaps = tuple(
            gap
            for code in centres_of[user_id]
            if code in centres
            and (gap := centre_gap(centres[code], per_centre.get(code), rules)).behind
        )
        regions = sorted({centres[c].region_code for c in centres_of[user_id] if c in centres})
        profiles = tuple(
            summaries[r] for r in regions if summaries[r].short or summaries[r].overdue
        )
        # Profiles due for a refresh are a reason of their own; a short count rides along.
        if gaps or any(p.overdue for p in profiles):
            out.append(Nudge(user_id, user.language if user else None, gaps, profiles))
    return out


async def _user(session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, now: datetime) -> User:
    user = await session.get(User, pseudonyms.user(user_id))
    if user is None:
        # Staff hold a role, so a preferences row for them is expected (language, opt-out).
        user = User(key=pseudonyms.user(user_id), created_at=now)
        session.add(user)
    return user


async def mark_nudged(
    session: AsyncSession, pseudonyms: Pseudonyms, user_ids: Iterable[int], now: datetime
) -> None:
    """Remember when each was reminded (flushes; the caller commits)."""
    for user_id in user_ids:
        (await _user(session, pseudonyms, user_id, now)).last_nudge_at = now
    await session.flush()


async def set_nudges(
    session: AsyncSession, pseudonyms: Pseudonyms, user_id: int, *, on: bool, now: datetime
) -> bool:
    """Switch someone's reminders; False (nothing stored) for a person who has no row and
    holds no staff role: a forged button must not create a row for someone who never
    consented to anything."""
    user = await session.get(User, pseudonyms.user(user_id))
    if user is None:
        if not await _holds_staff_role(session, user_id):
            return False
        user = await _user(session, pseudonyms, user_id, now)
    user.nudges_off = not on
    await session.commit()
    return True


async def _holds_staff_role(session: AsyncSession, user_id: int) -> bool:
    found = await session.scalar(
        select(Role.id).where(Role.user_id == user_id, Role.role == STAFF).limit(1)
    )
    return found is not None


def nudge_text(t: Translator, nudge: Nudge, *, days: int = 90) -> str:
    """The reminder in the recipient's language (Telegram HTML; names escaped)."""
    from html import escape

    lines = [t("nudge-title")]
    for gap in nudge.centres:
        lines.append("")
        lines.append(t("nudge-centre", name=escape(gap.name, quote=False)))
        if gap.short_sample:
            lines.append(
                t(
                    "nudge-sample",
                    days=days,
                    respondents=gap.respondents,
                    employers=gap.employers,
                    min_respondents=gap.min_respondents,
                    min_employers=gap.min_employers,
                    need_respondents=max(0, gap.min_respondents - gap.respondents),
                    need_employers=max(0, gap.min_employers - gap.employers),
                )
            )
        if gap.missing:
            lines.append(t("nudge-evidence", count=gap.missing))
    for summary in nudge.profiles:
        lines.append("")
        lines += summary_lines(t, summary)
    if nudge.profiles:
        lines.append(t("profiles-summary-hint"))
    lines.append("")
    lines.append(t("nudge-footer"))
    return "\n".join(lines)
