"""A router declares its role once: a router-level filter, and the polite refusal after it.

A feature's role handlers live on a router made by `role_router(name, IS_ADMIN)` (the filter is
on its message and callback observers, so no handler repeats the check). An outsider's command
or button then falls through that router; a `refusal_router` included right after it answers
with the refusal text the command always had (a message for a command, an alert for a button),
so the update never reaches the catch-all fallback.

The filter only says who may open a feature. What a person may do to one row (this centre,
this evidence) is still re-checked by the service on every press: callback data never carries
authority.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram import Router
from aiogram.dispatcher.event.handler import CallbackType
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.i18n import Translator
from services.team.roles import Access


class Role(Filter):
    """Passes when the update's `access` (bot.middlewares) holds the role."""

    def __init__(self, name: str, allowed: Callable[[Access], bool]) -> None:
        self.name = name
        self.allowed = allowed

    async def __call__(self, event: TelegramObject, access: Access | None = None) -> bool:
        return access is not None and self.allowed(access)

    def __str__(self) -> str:
        return f"Role({self.name})"


IS_ADMIN = Role("admin", lambda a: a.admin)
EXPERT_OR_ADMIN = Role("expert or admin", lambda a: a.admin or a.is_expert)
IS_STAFF = Role("staff", lambda a: a.is_staff)
STAFF_OR_ADMIN = Role("staff or admin", lambda a: a.is_staff or a.admin)


def role_router(name: str, role: Role) -> Router:
    """A router whose every message and button handler needs `role`."""
    router = Router(name=name)
    router.message.filter(role)
    router.callback_query.filter(role)
    return router


def refusal_router(
    name: str,
    key: str,
    *message_filters: CallbackType,
    buttons: Sequence[type[CallbackData]] = (),
) -> Router:
    """Answers the outsiders of a role router: `key` as a message to a command matching
    `message_filters` (if given), as an alert to a press of one of `buttons`."""
    router = Router(name=name)

    async def refuse_message(message: Message, i18n: Translator) -> None:
        await message.answer(i18n(key))

    async def refuse_button(callback: CallbackQuery, i18n: Translator) -> None:
        await callback.answer(i18n(key), show_alert=True)

    if message_filters:
        router.message.register(refuse_message, *message_filters)
    for button in buttons:
        router.callback_query.register(refuse_button, button.filter())
    return router
