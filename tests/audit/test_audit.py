"""The audit log (issue 15): admins' and experts' actions appended, never changed; /audit."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from bot.i18n import Translations
from handlers.audit.callbacks import AuditCb
from services import audit
from services.evidence.objective import set_objective
from services.team.groups import Team
from services.team.roles import EXPERT, STAFF, Access, Invitations
from storage.models_audit import AuditEntry
from tests.desk_support import SM, grant
from tests.harness import Person

RU = Translations().get("ru")
ADMIN_ID, EXPERT_ID, NEWCOMER = 9001, 2001, 3003
ADMIN = Access(user_id=ADMIN_ID, admin=True)


async def entries(sm: SM) -> list[AuditEntry]:
    async with sm() as session:
        return list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


async def test_invitations_roles_and_objective_changes_are_logged(
    sessionmaker: SM, centres: None
) -> None:
    async with sessionmaker() as session:
        token, invitation = await Team(session).invite(ADMIN, STAFF, "77-cao", timedelta(days=7))
        await session.commit()
        role = await Invitations(session).redeem(token, NEWCOMER)
        await session.commit()
        _, other = await Team(session).invite(ADMIN, EXPERT, "16", timedelta(days=7))
        await Invitations(session).revoke(other.id, by=ADMIN_ID)
        await session.commit()
        await Team(session).revoke(ADMIN, role.id)
        await session.commit()
        await set_objective(session, "77", ["K1", "M1"], ["K1", "M1", "M2"], by=ADMIN_ID)
        await set_objective(session, "77", ["K1", "M1"], ["K1", "M1", "M2"], by=ADMIN_ID)
        await session.commit()  # the caller commits (services/__init__.py)
    log = [(e.kind, e.actor_id, e.object_type) for e in await entries(sessionmaker)]
    assert log == [
        ("invite_created", ADMIN_ID, "invitation"),
        ("invite_used", NEWCOMER, "invitation"),
        ("role_granted", ADMIN_ID, "role"),  # who granted it: the inviting admin
        ("invite_created", ADMIN_ID, "invitation"),
        ("invite_revoked", ADMIN_ID, "invitation"),
        ("role_revoked", ADMIN_ID, "role"),
        ("objective_changed", ADMIN_ID, "region"),  # the second call changed nothing
    ]
    granted = (await entries(sessionmaker))[2]
    assert granted.detail == {
        "user_id": NEWCOMER, "role": STAFF, "scope": "77-cao", "invitation": invitation.id
    }  # fmt: skip
    changed = (await entries(sessionmaker))[-1]
    assert changed.detail == {"before": [], "after": ["K1", "M1"]}


async def test_the_log_cannot_be_changed(sessionmaker: SM, settings) -> None:  # type: ignore[no-untyped-def]
    async with sessionmaker() as session:
        await audit.record(session, ADMIN_ID, audit.EXPORT_MADE, "export", "rating")
        await session.commit()
    for statement in (update(AuditEntry).values(kind="role_granted"), delete(AuditEntry)):
        async with sessionmaker() as session:
            with pytest.raises(DBAPIError, match="append-only"):
                await session.execute(statement)
    path = settings.database.database_url.removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as db, pytest.raises(sqlite3.DatabaseError):
        db.execute("delete from audit_log")
    assert len(await entries(sessionmaker)) == 1
    async with sessionmaker() as session:
        with pytest.raises(ValueError):
            await audit.record(session, ADMIN_ID, "made_up", "x", 1)
        assert (await session.execute(text("select count(*) from audit_log"))).scalar() == 1


async def test_audit_command_filters_by_kind_and_person(
    user: Person, sessionmaker: SM, centres: None
) -> None:
    async with sessionmaker() as session:
        for n in range(12):
            await audit.record(session, ADMIN_ID, audit.EXPORT_MADE, "export", f"rating{n}")
        await audit.record(session, EXPERT_ID, audit.EVIDENCE_REJECTED, "evidence", 7, reason="x")
        await session.commit()
    await user.send("/audit")
    assert user.last().text == RU("audit-not-admin")
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    expert = user.as_user(EXPERT_ID)
    await expert.send("/audit")
    assert expert.last().text == RU("audit-not-admin")
    await expert.press(AuditCb(a="show").pack(), expert.last())
    assert expert.last_alert() == RU("audit-not-admin")

    await grant(sessionmaker, ADMIN_ID, "admin", None)
    admin = user.as_user(ADMIN_ID)
    await admin.send("/audit")
    page = admin.last().text
    assert "13 записей" in page
    assert "Подтверждение отклонено" in page  # newest first
    assert [label for label, _ in admin.last().buttons()][:2] == ["1 из 2", "▶️"]
    await admin.tap("Действие")
    await admin.tap("Подтверждение отклонено")
    filtered = admin.last().text
    assert "1 запись" in filtered and "Выгрузка" not in filtered.split("\n\n", 2)[-1]
    await admin.tap("Сбросить")
    await admin.tap("Кто")
    labels = [label for label, _ in admin.last().buttons()]
    assert labels[:2] == [f"Анна · {EXPERT_ID}", f"Анна · {ADMIN_ID}"]  # the latest first
    await admin.tap(str(ADMIN_ID))
    assert "12 записей" in admin.last().text
    await admin.send(f"/audit {EXPERT_ID} evidence_rejected")
    assert "1 запись" in admin.last().text
    # The log exports as Excel from the same screen (and the export is logged in its turn).
    assert any("Excel" in label for label, _ in admin.last().buttons())
