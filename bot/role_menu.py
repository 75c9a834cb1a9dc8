"""The command menu of a role holder's chat: everyone's commands plus those of all their roles.

Set when a role is granted (an invitation), when a role holder sends /start (admins named in
ADMIN_IDS have no invitation), and when a role is revoked — then the chat falls back to the
default menu once no role is left, so nobody is shown commands they may no longer use.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand, BotCommandScopeChat

from bot.app_commands import COMMANDS, ROLE_COMMANDS
from bot.i18n import Translator
from services.team.roles import ADMIN, EXPERT, STAFF, Access


def role_names(access: Access) -> list[str]:
    names = []
    if access.admin:
        names.append(ADMIN)
    if access.is_expert:
        names.append(EXPERT)
    if access.is_staff:
        names.append(STAFF)
    return names


def menu(access: Access) -> list[str]:
    """Command names in menu order; only everyone's when the user holds no role."""
    extra = [name for role in role_names(access) for name in ROLE_COMMANDS.get(role, ())]
    return list(dict.fromkeys([*COMMANDS, *extra]))


def role_commands(access: Access) -> list[str]:
    """The commands the person has beyond everyone's, in menu order."""
    return [name for name in menu(access) if name not in COMMANDS]


def commands_text(access: Access, t: Translator) -> str:
    """The person's commands, one a line ("/review — …"): everyone's, then their roles'."""
    return "\n".join(f"/{name} — {t(f'cmd-{name}')}" for name in menu(access))


async def sync_role_menu(bot: Bot, chat_id: int, access: Access, t: Translator) -> None:
    scope = BotCommandScopeChat(chat_id=chat_id)
    if not role_names(access):
        await bot.delete_my_commands(scope=scope)
        return
    commands = [BotCommand(command=name, description=t(f"cmd-{name}")) for name in menu(access)]
    await bot.set_my_commands(commands, scope=scope)
