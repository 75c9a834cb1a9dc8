"""Working groups and experts: who may invite, see and revoke whom (handlers/admin.py).

Admins (config ids or an `admin` role) invite anyone and revoke any role. Experts see the roles
in the regions they hold and may revoke staff there, not other experts: a peer cannot remove a
peer. Every call re-checks the caller's Access; the buttons carry only row ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.refusal import Refusal
from services.team.roles import EXPERT, INVITE_PREFIX, STAFF, Access, Invitations, Roles
from storage.models import Centre, Invitation, Region, Role

ALL_REGIONS = "*"  # what an invitation button says for "an expert of every region"


@dataclass(frozen=True, slots=True)
class RoleEntry:
    role: Role
    region: str  # the region of the scope ("" for everywhere / admin)
    scope_name: str  # a centre's or region's name, "" when the role has no scope
    revocable: bool


def can_revoke(access: Access, role: str, region: str) -> bool:
    if access.admin:
        return True
    if role != STAFF:
        return False
    return access.expert_everywhere or region in access.expert_regions


def invite_link(bot_username: str, token: str, site: str = "https://t.me") -> str:
    return f"{site}/{bot_username.lstrip('@')}?start={INVITE_PREFIX}{token}"


class Team:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def invite(
        self, access: Access, role: str, scope: str | None, valid_for: timedelta
    ) -> tuple[str, Invitation]:
        if not access.admin:
            raise Refusal("adm-error", "forbidden")
        if role not in (STAFF, EXPERT) or not await Roles(self.session).scope_exists(role, scope):
            raise Refusal("adm-error", "scope")
        token, invitation = await Invitations(self.session).create(
            role, scope, access.user_id, valid_for
        )
        await audit.record(
            self.session, access.user_id, audit.INVITE_CREATED, "invitation", invitation.id,
            role=role, scope=scope, expires_at=invitation.expires_at.isoformat(),
        )  # fmt: skip
        return token, invitation

    async def visible(self, access: Access) -> list[RoleEntry]:
        """Admins see every role; experts the roles in their regions; others nothing."""
        if access.admin or access.expert_everywhere:
            listed = await Roles(self.session).listing()
        elif access.is_expert:
            listed = await Roles(self.session).listing(regions=access.expert_regions)
        else:
            return []
        centres = dict((await self.session.execute(select(Centre.code, Centre.name))).all())
        regions = dict((await self.session.execute(select(Region.code, Region.name))).all())
        out = []
        for role, region in listed:
            scope = role.scope or ""
            name = centres.get(scope, "") if role.role == STAFF else regions.get(scope, "")
            out.append(RoleEntry(role, region, name, can_revoke(access, role.role, region)))
        return out

    async def revoke(self, access: Access, role_id: int) -> RoleEntry:
        """Remove a role if the caller may; Refusal "adm-error" "gone" if it no longer exists."""
        if not (access.admin or access.is_expert):
            raise Refusal("adm-error", "forbidden")
        for entry in await self.visible(access):
            if entry.role.id == role_id:
                if not entry.revocable:
                    raise Refusal("adm-error", "forbidden")
                await Roles(self.session).revoke(role_id)
                await audit.record(
                    self.session, access.user_id, audit.ROLE_REVOKED, "role", role_id,
                    user_id=entry.role.user_id, role=entry.role.role, scope=entry.role.scope,
                )  # fmt: skip
                await self.session.flush()
                return entry
        # Outside the caller's regions is indistinguishable from gone: reveal nothing.
        raise Refusal("adm-error", "gone")
