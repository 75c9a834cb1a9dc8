"""Each `Response[...]` class built once per process (see KeepResponseTypes)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods.base import Response, TelegramType
from pydantic import BaseModel

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.methods import TelegramMethod


class KeepResponseTypes(BaseRequestMiddleware):
    """Holds on to each `Response[...]` class a Bot API call is read with.

    aiogram reads every reply as `Response[method.__returning__]`; pydantic caches such a class
    only weakly, so a garbage collection drops it and the next call builds it again, schema and
    all (up to ~6 % of the bot's CPU under load). Held here, each is built once per process.
    """

    def __init__(self) -> None:
        self._kept: dict[Any, type[BaseModel]] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._kept:
            self._kept[returning] = Response[returning]  # type: ignore[valid-type]
        return await make_request(bot, method)
