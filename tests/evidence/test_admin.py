"""Admins and experts through the production dispatcher: /invite and /roles."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram.methods import DeleteMyCommands, SetMyCommands
from aiogram.types import BotCommandScopeChat
from aiogram.types import User as TgUser
from sqlalchemy import func, select

from bot.app_commands import COMMANDS, ROLE_COMMANDS
from handlers.team.callbacks import InviteCb, RolesCb
from services.team.roles import ADMIN, EXPERT, STAFF, Invitations, Roles
from storage.models import Invitation, Role, utcnow
from storage.models import Person as PersonRow
from tests.evidence_support import (
    ADMIN_ID,
    EXPERT_ID,
    SM,
    grant,
    invite_token,
)
from tests.harness import Person, RecordingSession

STAFF_MENU = list(ROLE_COMMANDS[STAFF])
pytestmark = pytest.mark.backends("sqlite", "postgresql")


@pytest.fixture
def admin(user: Person) -> Person:
    return user.as_user(ADMIN_ID)


async def roles_of(sm: SM, user_id: int) -> list[tuple[str, str | None]]:
    async with sm() as session:
        rows = await session.execute(
            select(Role.role, Role.scope).where(Role.user_id == user_id).order_by(Role.id)
        )
        return [(role, scope) for role, scope in rows]


async def test_admin_invites_staff_with_buttons(admin: Person, sessionmaker: SM) -> None:
    await admin.send("/invite")
    assert "Кого пригласить?" in admin.last().text
    await admin.tap("Сотрудника рабочей группы")
    assert "В каком регионе центр?" in admin.last().text
    await admin.tap("Москва")
    assert "Центр — г. Москва:" in admin.last().text
    await admin.tap("ЦАО — ЦЗН")  # the directory's short name
    ready = admin.last().text
    assert "Приглашение готово" in ready and "рабочая группа центра «Центр занятости" in ready
    assert "Действует 7 дней" in ready
    token = invite_token(ready)
    assert "https://t.me/czn_star_bot?start=i_" in ready and len(token) >= 32
    async with sessionmaker() as session:
        invitation = await session.scalar(select(Invitation))
    assert invitation is not None and invitation.role == STAFF and invitation.scope == "77-cao"
    assert invitation.created_by == ADMIN_ID
    left = invitation.expires_at - utcnow()
    assert timedelta(days=6, hours=23) < left <= timedelta(days=7)

    newcomer = admin.as_user(3001)
    await newcomer.send(f"/start i_{token}")
    assert "вы в рабочей группе центра" in newcomer.last().text
    assert await roles_of(sessionmaker, 3001) == [(STAFF, "77-cao")]
    again = admin.as_user(3002)
    await again.send(f"/start i_{token}")
    assert "уже использовано" in again.last().text  # single use


async def test_admin_invites_experts_for_a_region_or_all(admin: Person, sessionmaker: SM) -> None:
    await admin.send("/invite")
    await admin.tap("Эксперта")
    assert "Какой регион будет проверять эксперт?" in admin.last().text
    await admin.tap("Все регионы")
    assert "эксперт всех регионов" in admin.last().text
    everywhere = invite_token(admin.last().text)
    await admin.send("/invite")
    await admin.tap("Эксперта")
    await admin.tap("Татарстан")
    assert "эксперт региона «Республика Татарстан»" in admin.last().text
    regional = invite_token(admin.last().text)

    everywhere_expert, regional_expert = admin.as_user(3003), admin.as_user(3004)
    await everywhere_expert.send(f"/start i_{everywhere}")
    await regional_expert.send(f"/start i_{regional}")
    # Not the raw key `invite-granted-expert` (a Fluent syntax error had dropped the message).
    assert everywhere_expert.texts()[0].startswith("Готово: вы эксперт по всем регионам.")
    assert regional_expert.texts()[0].startswith(
        "Готово: вы эксперт региона «Республика Татарстан»."
    )
    assert await roles_of(sessionmaker, 3003) == [(EXPERT, None)]
    assert await roles_of(sessionmaker, 3004) == [(EXPERT, "16")]

    await admin.send("/invite")
    await admin.tap("Отмена")
    assert admin.last().text == "Хорошо, приглашение не создано."


async def test_regions_and_centres_are_paged(admin: Person) -> None:
    await admin.send("/invite")
    await admin.tap("Сотрудника рабочей группы")
    first = admin.last()
    assert "▶️" not in [label for label, _ in first.buttons()]  # 8 regions fit one page
    await admin.tap("Москва")
    labels = [label for label, _ in admin.last().buttons()]
    assert "1 из 2" in labels and "▶️" in labels  # Moscow has more centres than a page
    await admin.tap("▶️")
    assert "2 из 2" in [label for label, _ in admin.last().buttons()]


async def test_roles_and_revoking_name_invited_people(admin: Person, sessionmaker: SM) -> None:
    """Issue 9 item 11: the name they had in Telegram when they accepted, escaped, refreshed
    when it changes; respondents are never stored."""
    await admin.send("/invite")
    await admin.tap("Сотрудника рабочей группы")
    await admin.tap("Москва")
    await admin.tap("ЦАО")
    token = invite_token(admin.last().text)
    newcomer = admin.as_user(3001)
    newcomer.user = TgUser(
        id=3001, is_bot=False, first_name="Ива <b>", last_name="Петрова", username="iva_p"
    )
    await newcomer.send(f"/start i_{token}")
    respondent = admin.as_user(3005)
    await respondent.send("/start")

    await admin.send("/roles")
    listing = admin.last().text
    assert '<a href="tg://user?id=3001">Ива &lt;b&gt; Петрова (@iva_p)</a>' in listing
    assert "рабочая группа центра «Центр занятости населения г. Москвы — филиал ЦАО»" in listing
    async with sessionmaker() as session:
        stored = {p.user_id: p.full_name for p in await session.scalars(select(PersonRow))}
    assert 3005 not in stored and stored[3001] == "Ива <b> Петрова"

    # A later update under a new name refreshes it (a role holder, so it is kept).
    newcomer.user = TgUser(id=3001, is_bot=False, first_name="Ива", username="iva")
    await newcomer.send("/checklist")
    await admin.send("/roles")
    assert '<a href="tg://user?id=3001">Ива (@iva)</a>' in admin.last().text
    await admin.tap("✖ 1")
    assert admin.last().text.startswith("Отозвать роль «рабочая группа центра")
    assert "(Ива (@iva))?" in admin.last().text


async def test_non_admins_cannot_invite(user: Person, sessionmaker: SM) -> None:
    await user.send("/invite")
    assert user.last().text == "Эта команда доступна только администраторам бота."
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    expert = user.as_user(EXPERT_ID)
    await expert.send("/invite")
    assert "только администраторам" in expert.last().text
    # A forged button press gets nothing either.
    for person in (user, expert):
        await person.press(InviteCb(step="make", role=STAFF, code="77-cao").pack())
        assert person.last_alert() == "Эта команда доступна только администраторам бота."
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Invitation)) == 0


async def test_forged_invitation_scope_is_refused(admin: Person, sessionmaker: SM) -> None:
    await admin.send("/invite")
    await admin.press(InviteCb(step="make", role=STAFF, code="no-such").pack())
    assert admin.last_alert() == "Центр или регион не найден."
    await admin.press(InviteCb(step="make", role=ADMIN, code="*").pack())
    assert admin.last_alert() == "Центр или регион не найден."
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Invitation)) == 0


async def test_roles_listing_and_revoking(admin: Person, sessionmaker: SM) -> None:
    await grant(sessionmaker, 3001, STAFF, "77-cao")
    await grant(sessionmaker, 3002, STAFF, "16-kazan-1")
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    await admin.send("/roles")
    listing = admin.last().text
    assert "Роли</b> (всего 3)" in listing
    # Granted from the command line, never talked to the bot: no name to show.
    assert '<a href="tg://user?id=3001">пользователь 3001</a>' in listing
    assert "эксперт региона «г. Москва»" in listing

    # The expert of Moscow sees Moscow only and may revoke its staff, not other experts.
    expert = admin.as_user(EXPERT_ID)
    await expert.send("/roles")
    seen = expert.last()
    assert "3001" in seen.text and "3002" not in seen.text
    staff_role = await _role_id(sessionmaker, 3001)
    kazan_role = await _role_id(sessionmaker, 3002)
    expert_role = await _role_id(sessionmaker, EXPERT_ID)
    assert [data for _, data in seen.buttons()] == [
        RolesCb(action="ask", role_id=staff_role).pack()
    ]
    for role_id in (kazan_role, expert_role):  # tampered ids
        await expert.press(RolesCb(action="revoke", role_id=role_id).pack())
        assert expert.last_alert() in ("Этой роли уже нет.", "У вас нет прав на это действие.")
    assert await roles_of(sessionmaker, 3002) == [(STAFF, "16-kazan-1")]
    assert await roles_of(sessionmaker, EXPERT_ID) == [(EXPERT, "77")]

    await expert.tap("✖ 2")  # listed by role, then scope: the expert's own role is #1
    assert "Отозвать роль «рабочая группа центра" in expert.last().text
    await expert.tap("Да, отозвать")
    assert expert.last_alert() == "Роль отозвана."
    assert await roles_of(sessionmaker, 3001) == []
    assert "Ролей пока нет" not in expert.last().text  # the expert's own role is still listed

    # An admin may revoke anyone, e.g. the expert.
    await admin.send("/roles")
    await admin.tap("✖ 1")  # roles are listed by role then scope: the expert first
    await admin.tap("Да, отозвать")
    assert await roles_of(sessionmaker, EXPERT_ID) == []
    async with sessionmaker() as session:
        access = await Roles(session).access(EXPERT_ID)
    assert not access.is_expert


async def test_respondent_reaches_no_role_command(user: Person, sessionmaker: SM) -> None:
    await grant(sessionmaker, 3001, STAFF, "77-cao")
    for command, refusal in (
        ("/roles", "Список ролей доступен администраторам и экспертам."),
        ("/invite", "Эта команда доступна только администраторам бота."),
    ):
        await user.send(command)
        assert user.last().text == refusal
    await user.press(RolesCb(action="revoke", role_id=await _role_id(sessionmaker, 3001)).pack())
    assert user.last_alert() == "Список ролей доступен администраторам и экспертам."
    assert await roles_of(sessionmaker, 3001) == [(STAFF, "77-cao")]
    # Staff are not admins either.
    staff = user.as_user(3001)
    await staff.send("/roles")
    assert staff.last().text == "Список ролей доступен администраторам и экспертам."


async def _role_id(sm: SM, user_id: int) -> int:
    async with sm() as session:
        role_id = await session.scalar(select(Role.id).where(Role.user_id == user_id))
    assert role_id is not None
    return role_id


def menus(recording: RecordingSession, chat_id: int) -> list[list[str] | None]:
    """Each change of this chat's command menu: the command names, or None when deleted."""
    changes: list[list[str] | None] = []
    for call in recording.calls:
        scope = getattr(call, "scope", None)
        if not isinstance(scope, BotCommandScopeChat) or scope.chat_id != chat_id:
            continue
        if isinstance(call, SetMyCommands):
            changes.append([command.command for command in call.commands])
        elif isinstance(call, DeleteMyCommands):
            changes.append(None)
    return changes


async def test_command_menu_follows_the_roles(
    admin: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    # An admin named in ADMIN_IDS has no invitation: /start shows the admin menu.
    await admin.send("/start")
    assert "invite" in (menus(recording, ADMIN_ID)[-1] or [])

    async def invitation(role: str, scope: str) -> str:
        async with sessionmaker() as session:
            token, _ = await Invitations(session).create(role, scope, ADMIN_ID, timedelta(days=1))
            await session.commit()
        return token

    holder = admin.as_user(3005)
    await holder.send(f"/start i_{await invitation(STAFF, '77-cao')}")
    assert menus(recording, 3005)[-1] == [*COMMANDS, *STAFF_MENU]
    await holder.send(f"/start i_{await invitation(EXPERT, '77')}")
    both = menus(recording, 3005)[-1] or []
    assert set(STAFF_MENU) <= set(both) and "review" in both  # the staff commands stay

    async def revoke(role: str) -> None:
        async with sessionmaker() as session:
            role_id = await session.scalar(
                select(Role.id).where(Role.user_id == 3005, Role.role == role)
            )
        await admin.press(RolesCb(action="revoke", role_id=role_id).pack())
        assert admin.last_alert() == "Роль отозвана."

    await revoke(EXPERT)
    left = menus(recording, 3005)[-1] or []
    assert "review" not in left and set(STAFF_MENU) <= set(left)
    await revoke(STAFF)
    assert menus(recording, 3005)[-1] is None  # back to everyone's menu

    calls = len(recording.calls)
    await holder.send("/start")  # a respondent's /start changes no menu
    assert menus(RecordingSession(calls=recording.calls[calls:]), 3005) == []


async def test_invitation_expiry_is_shown_by_the_regions_clock(
    admin: Person, sessionmaker: SM
) -> None:
    await admin.send("/invite")
    await admin.tap("Эксперта")
    await admin.tap("Свердловская")  # its centres are on Asia/Yekaterinburg, UTC+5
    ready = admin.last().text
    async with sessionmaker() as session:
        invitation = await session.scalar(select(Invitation))
    assert invitation is not None
    local = invitation.expires_at.astimezone(ZoneInfo("Asia/Yekaterinburg"))
    assert f"до {local:%d.%m.%Y %H:%M} (UTC+5)" in ready
    assert "(UTC)" not in ready

    await admin.send("/invite")
    await admin.tap("Эксперта")
    await admin.tap("Все регионы")  # no region: Moscow time
    async with sessionmaker() as session:
        latest = await session.scalar(select(Invitation).order_by(Invitation.created_at.desc()))
    assert latest is not None
    moscow = latest.expires_at.astimezone(ZoneInfo("Europe/Moscow"))
    assert f"до {moscow:%d.%m.%Y %H:%M} (UTC+3)" in admin.last().text
