"""Who may read and write a region's profiles, what a value may be, their age and count.

Profiles belong to a region. Its working group (staff of its centres) writes them; the staff
and its experts read them (admins and experts of every region read all). Every call re-checks
the caller's Access: a button names a profile or a region, it grants nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.profiles.template import CHOICE, KINDS, LINES, Field, Template
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import Centre, Region
from storage.models_profiles import ClientProfile

NAME_MAX = 200
TARGET = 10  # seed 002 §9: at least 10 profiles per region
REFRESH_MONTHS = 12  # seed 002 §8: refreshed at least once a year


# Why a step is refused: the `profiles-error-*` texts (tests/test_locale_keys.py reads this).
REASONS = ("forbidden", "gone", "empty", "too_long", "too_many", "kind", "choice", "stale")


def months_between(earlier: datetime, later: datetime) -> int:
    """Whole calendar months from `earlier` to `later` (0 within the first month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


def needs_refresh(profile: ClientProfile, now: datetime) -> bool:
    return months_between(profile.updated_at, now) >= REFRESH_MONTHS


def clean_name(text: str | None) -> str:
    name = " ".join((text or "").split())
    if not name:
        raise Refusal("profiles-error", "empty")
    if len(name) > NAME_MAX:
        raise Refusal("profiles-error", "too_long", limit=NAME_MAX, length=len(name))
    return name


def clean_value(field: Field, text: str | None) -> str | list[str]:
    """A field's value from a message: one text, or one item per line for a list."""
    raw = (text or "").strip()
    if not raw:
        raise Refusal("profiles-error", "empty")
    if field.type == CHOICE:
        raise Refusal("profiles-error", "choice")
    if field.type == LINES:
        items = [" ".join(line.lstrip("•·-–*").split()) for line in raw.splitlines()]
        items = [item for item in items if item]
        if len(items) > field.max_items:
            raise Refusal("profiles-error", "too_many", limit=field.max_items, count=len(items))
        longest = max(len(item) for item in items)
        if longest > field.max_chars:
            raise Refusal("profiles-error", "too_long", limit=field.max_chars, length=longest)
        return items
    value = " ".join(raw.split())
    if len(value) > field.max_chars:
        raise Refusal("profiles-error", "too_long", limit=field.max_chars, length=len(value))
    return value


def shown_value(field: Field, value: Any, language: str) -> str:
    """A stored value as plain text (not escaped): lists joined with "; "."""
    if field.type == CHOICE and isinstance(value, int) and 0 <= value < len(field.options):
        ru, en = field.options[value]
        return en if language == "en" else ru
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value) if value is not None else ""


@dataclass(frozen=True, slots=True)
class Summary:
    """A region's profiles against the target: for /my_index and the reminders."""

    region_code: str
    count: int
    overdue: tuple[str, ...]  # names of profiles older than REFRESH_MONTHS
    target: int = TARGET

    @property
    def short(self) -> int:
        return max(0, self.target - self.count)


class Profiles:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _staff_regions(self, access: Access) -> set[str]:
        if not access.staff_centres:
            return set()
        rows = await self.session.scalars(
            select(Centre.region_code).where(Centre.code.in_(sorted(access.staff_centres)))
        )
        return set(rows)

    async def writable_regions(self, access: Access) -> set[str]:
        return await self._staff_regions(access)

    async def readable_regions(self, access: Access) -> list[Region]:
        if access.admin or access.expert_everywhere:
            codes: set[str] | None = None
        else:
            codes = await self._staff_regions(access) | set(access.expert_regions)
        query = select(Region).order_by(Region.code)
        if codes is not None:
            query = query.where(Region.code.in_(sorted(codes)))
        return list(await self.session.scalars(query))

    async def may_read(self, access: Access, region_code: str) -> bool:
        return access.reviews(region_code) or region_code in await self._staff_regions(access)

    async def region(self, access: Access, region_code: str) -> Region:
        region = await self.session.get(Region, region_code)
        if region is None or not await self.may_read(access, region_code):
            raise Refusal("profiles-error", "forbidden")
        return region

    async def listing(self, region_code: str) -> list[ClientProfile]:
        rows = await self.session.scalars(
            select(ClientProfile)
            .where(ClientProfile.region_code == region_code)
            .order_by(ClientProfile.kind.desc(), ClientProfile.name, ClientProfile.id)
        )
        return list(rows)

    async def readable(self, access: Access, profile_id: int) -> ClientProfile:
        profile = await self.session.get(ClientProfile, profile_id)
        # Another region's profile is indistinguishable from a deleted one.
        if profile is None or not await self.may_read(access, profile.region_code):
            raise Refusal("profiles-error", "gone")
        return profile

    async def save(
        self,
        access: Access,
        *,
        region_code: str,
        kind: str,
        name: str,
        fields: dict[str, Any],
        template: Template,
        now: datetime,
        profile_id: int | None = None,
    ) -> ClientProfile:
        """Create the profile, or replace an existing one's content (its age starts again)."""
        if region_code not in await self.writable_regions(access):
            raise Refusal("profiles-error", "forbidden")
        if kind not in KINDS or kind != template.kind:
            raise Refusal("profiles-error", "kind")
        kept = {k: v for k, v in fields.items() if template.field(k) is not None and v}
        if profile_id is None:
            profile = ClientProfile(
                region_code=region_code, kind=kind, created_by=access.user_id, created_at=now
            )
            self.session.add(profile)
        else:
            found = await self.session.get(ClientProfile, profile_id)
            if found is None or found.region_code != region_code:
                raise Refusal("profiles-error", "gone")
            profile = found
        profile.name = clean_name(name)
        profile.fields = kept
        profile.updated_by = access.user_id
        profile.updated_at = now
        await self.session.flush()
        return profile

    async def summary(self, region_code: str, now: datetime) -> Summary:
        profiles = await self.listing(region_code)
        overdue = tuple(p.name for p in profiles if needs_refresh(p, now))
        return Summary(region_code, len(profiles), overdue)
