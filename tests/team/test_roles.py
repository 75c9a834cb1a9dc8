"""Invitations grant roles once; access is computed on the server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiogram.methods import SetMyCommands
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.team.roles import EXPERT, STAFF, Invitations, Roles, token_hash
from storage.models import Invitation, utcnow
from tests.harness import Person, RecordingSession

# The same tests on SQLite and on PostgreSQL + Redis (the scale-out configuration).
pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]


async def invite(sm: SM, role: str, scope: str | None, days: int = 7) -> str:
    async with sm.begin() as session:
        token, _ = await Invitations(session).create(role, scope, 1, timedelta(days=days))
    return token


async def test_invitation_grants_role_once(user: Person, sessionmaker: SM) -> None:
    token = await invite(sessionmaker, STAFF, "77-cao")
    assert len(token) >= 32  # 192 random bits, URL-safe
    await user.send(f"/start i_{token}")
    assert "рабочей группе центра" in user.last().text and "ЦАО" in user.last().text
    async with sessionmaker() as session:
        access = await Roles(session).access(user.user.id)
        assert access.works_at("77-cao") and not access.works_at("77-sao")
        stored = await session.get(Invitation, 1)
        assert stored is not None and stored.token_hash == token_hash(token)
        assert token not in stored.token_hash  # only the hash is kept
    other = user.as_user(3003)
    await other.send(f"/start i_{token}")
    assert "уже использовано" in other.last().text


async def test_expired_forged_and_revoked_invitations(user: Person, sessionmaker: SM) -> None:
    expired = await invite(sessionmaker, EXPERT, "77", days=-1)
    await user.send(f"/start i_{expired}")
    assert "Срок действия" in user.last().text
    await user.send("/start i_" + "A" * 32)
    assert "не найдена" in user.last().text
    revoked = await invite(sessionmaker, EXPERT, None)
    async with sessionmaker.begin() as session:
        for row in (await session.execute(Invitation.__table__.select())).all():
            if row.token_hash == token_hash(revoked):
                found = await session.get(Invitation, row.id)
                assert found is not None
                found.revoked_at = utcnow()
    await user.send(f"/start i_{revoked}")
    assert "отозвано" in user.last().text
    async with sessionmaker() as session:
        access = await Roles(session).access(user.user.id)
    assert not access.is_expert and not access.is_staff


async def test_expert_everywhere_and_admin_from_config(sessionmaker: SM, centres: None) -> None:
    async with sessionmaker.begin() as session:
        roles = Roles(session)
        await roles.grant(10, EXPERT, None, by=1)
        await roles.grant(11, EXPERT, "16", by=1)
        again = await roles.grant(11, EXPERT, "16", by=1)
        assert again.id is not None
    async with sessionmaker() as session:
        roles = Roles(session)
        everywhere = await roles.access(10)
        assert everywhere.reviews("77") and everywhere.reviews("16")
        tatarstan = await roles.access(11)
        assert tatarstan.reviews("16") and not tatarstan.reviews("77")
        assert (await roles.access(12, admin_ids=[12])).admin
        assert len(await roles.listing()) == 2
        assert [r.scope for r, _ in await roles.listing(regions=frozenset({"16"}))] == ["16"]


async def test_invitation_shows_the_role_commands(
    user: Person, sessionmaker: SM, recording: RecordingSession
) -> None:
    token = await invite(sessionmaker, STAFF, "77-cao")
    await user.send(f"/start i_{token}")
    menus = [c for c in recording.calls if isinstance(c, SetMyCommands)]
    assert menus and menus[-1].scope.chat_id == user.user.id
    assert {"checklist", "my_index", "start"} <= {c.command for c in menus[-1].commands}
