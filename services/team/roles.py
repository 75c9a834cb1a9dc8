"""Who may do what: staff of centres, experts of regions, admins; invitations that grant it.

Every check happens on the server for every event: a button press carries no authority.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.refusal import Refusal
from storage.models import Centre, Invitation, Region, Role, utcnow

STAFF, EXPERT, ADMIN = "staff", "expert", "admin"
ROLES = (STAFF, EXPERT, ADMIN)
INVITE_PREFIX = "i_"


@dataclass(frozen=True, slots=True)
class Access:
    """A user's powers, loaded once per update."""

    user_id: int
    admin: bool = False
    staff_centres: frozenset[str] = frozenset()
    expert_regions: frozenset[str] = frozenset()
    expert_everywhere: bool = False

    @property
    def is_staff(self) -> bool:
        return bool(self.staff_centres)

    @property
    def is_expert(self) -> bool:
        return self.expert_everywhere or bool(self.expert_regions)

    def works_at(self, centre_code: str) -> bool:
        return centre_code in self.staff_centres

    def reviews(self, region_code: str) -> bool:
        return self.admin or self.expert_everywhere or region_code in self.expert_regions


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Runs on every update (UserContextMiddleware): a Core statement built once.
_ROLES_OF = select(Role.__table__.c.role, Role.__table__.c.scope).where(
    Role.__table__.c.user_id == bindparam("user_id")
)


class Roles:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def access(self, user_id: int, admin_ids: Iterable[int] = ()) -> Access:
        rows = (await self.session.execute(_ROLES_OF, {"user_id": user_id})).all()
        staff = frozenset(scope for role, scope in rows if role == STAFF and scope)
        regions = frozenset(scope for role, scope in rows if role == EXPERT and scope)
        everywhere = any(role == EXPERT and scope is None for role, scope in rows)
        admin = user_id in set(admin_ids) or any(role == ADMIN for role, _ in rows)
        return Access(user_id, admin, staff, regions, everywhere)

    async def works_at(self, user_id: int, centre_code: str) -> bool:
        """Staff of this centre: they may not answer the questionnaire for it (issue 9)."""
        found = await self.session.scalar(
            select(Role.id)
            .where(Role.user_id == user_id, Role.role == STAFF, Role.scope == centre_code)
            .limit(1)
        )
        return found is not None

    async def scope_exists(self, role: str, scope: str | None) -> bool:
        if role == STAFF:
            return scope is not None and await self.session.get(Centre, scope) is not None
        if role == EXPERT:
            return scope is None or await self.session.get(Region, scope) is not None
        return role == ADMIN and scope is None

    async def grant(self, user_id: int, role: str, scope: str | None, by: int | None) -> Role:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        existing = await self.session.scalar(
            select(Role).where(Role.user_id == user_id, Role.role == role, Role.scope == scope
                               if scope is not None else Role.scope.is_(None))
        )  # fmt: skip
        if existing is not None:
            return existing
        granted = Role(user_id=user_id, role=role, scope=scope, granted_by=by, granted_at=utcnow())
        self.session.add(granted)
        await self.session.flush()
        return granted

    async def revoke(self, role_id: int) -> Role | None:
        found = await self.session.get(Role, role_id)
        if found is not None:
            await self.session.execute(delete(Role).where(Role.id == role_id))
        return found

    async def listing(self, *, regions: frozenset[str] | None = None) -> list[tuple[Role, str]]:
        """Roles with the region of their scope; `regions` limits to an expert's regions."""
        rows = (await self.session.execute(select(Role).order_by(Role.role, Role.scope))).scalars()
        centres = dict((await self.session.execute(select(Centre.code, Centre.region_code))).all())
        out = []
        for role in rows:
            region = centres.get(role.scope or "", role.scope or "")
            if regions is None or region in regions:
                out.append((role, region))
        return out


class Invitations:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self, role: str, scope: str | None, by: int, valid_for: timedelta
    ) -> tuple[str, Invitation]:
        """A fresh single-use token (192 random bits); only its hash is stored."""
        token = secrets.token_urlsafe(24)
        invitation = Invitation(
            token_hash=token_hash(token), role=role, scope=scope, created_by=by,
            created_at=utcnow(), expires_at=utcnow() + valid_for,
        )  # fmt: skip
        self.session.add(invitation)
        await self.session.flush()
        return token, invitation

    async def redeem(self, token: str, user_id: int, now: datetime | None = None) -> Role:
        """Use the invitation, once: one conditional UPDATE claims it, so of several people
        opening the same link at the same moment exactly one gets the role."""
        now = now or utcnow()
        digest = token_hash(token)
        claimed = await self.session.execute(
            update(Invitation)
            .where(
                Invitation.token_hash == digest,
                Invitation.used_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
            .values(used_by=user_id, used_at=now)
            .execution_options(synchronize_session=False)
        )
        found = await self.session.scalar(
            select(Invitation)
            .where(Invitation.token_hash == digest)
            .execution_options(populate_existing=True)
        )
        if cast(CursorResult[Any], claimed).rowcount != 1 or found is None:
            raise Refusal("invite-error", _refusal(found))
        await audit.record(self.session, user_id, audit.INVITE_USED, "invitation", found.id)
        role = await Roles(self.session).grant(user_id, found.role, found.scope, found.created_by)
        await audit.record(
            self.session, found.created_by, audit.ROLE_GRANTED, "role", role.id,
            user_id=user_id, role=role.role, scope=role.scope, invitation=found.id,
        )  # fmt: skip
        return role

    async def pending(self, now: datetime | None = None) -> list[Invitation]:
        """Invitations that can still be used (not used, revoked or expired), newest first."""
        rows = await self.session.scalars(
            select(Invitation)
            .where(
                Invitation.used_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > (now or utcnow()),
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
        return list(rows)

    async def revoke(
        self, invitation_id: int, now: datetime | None = None, *, by: int | None = None
    ) -> Invitation:
        """Revoke an unused invitation, once; a Refusal with why it cannot be."""
        now = now or utcnow()
        revoked = await self.session.execute(
            update(Invitation)
            .where(
                Invitation.id == invitation_id,
                Invitation.used_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > now,
            )
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
        found = await self.session.get(Invitation, invitation_id, populate_existing=True)
        if cast(CursorResult[Any], revoked).rowcount != 1 or found is None:
            raise Refusal("adm-invite-gone", _refusal(found))
        await audit.record(self.session, by, audit.INVITE_REVOKED, "invitation", invitation_id)
        return found


# Why an invitation cannot be used or revoked: the `invite-error-*` / `adm-invite-gone-*` texts.
REFUSALS = ("unknown", "revoked", "used", "expired")


def _refusal(found: Invitation | None) -> str:
    """Why an invitation could not be used (or revoked)."""
    if found is None:
        return "unknown"
    if found.revoked_at is not None:
        return "revoked"
    if found.used_at is not None:
        return "used"
    return "expired"
