"""Bounded retries of Bot API calls: flood control (429), server errors (5xx), dropped links.

Telegram's 429 says how long to wait and that it did nothing; we wait exactly that and repeat
any call. A 5xx or a dropped connection leaves it unknown whether Telegram acted, so those get
exponential back-off only for calls a second copy of which is harmless: edits, callback
answers, getters, settings (`repeatable`). A call that creates something (a message, an
album, a copy, an invite link...) is repeated only when the connection was never made; else
the error goes to the caller (the Sender reports it as `uncertain`), so a news item or a
reminder is never delivered twice. Everything is bounded, so a hopeless call fails instead of
hanging a handler. getUpdates is left to aiogram's poller, which has its own back-off.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import ClientConnectorError

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

# Calls a second copy of which changes nothing or only fails harmlessly ("message is not
# modified", "message to delete not found"), by their Bot API name. Everything else, any
# send*, copy*, forward*, create*, answerWebAppQuery..., may create something twice.
REPEATABLE_PREFIXES = ("get", "edit", "set", "delete", "pin", "unpin")
REPEATABLE_METHODS = frozenset(
    {"answerCallbackQuery", "answerInlineQuery", "sendChatAction", "stopPoll"}
)


def repeatable(method: TelegramMethod[Any]) -> bool:
    """Whether `method` may be repeated after a failure that leaves its outcome unknown."""
    name = method.__api_method__
    return name in REPEATABLE_METHODS or name.startswith(REPEATABLE_PREFIXES)


def never_reached(error: TelegramNetworkError) -> bool:
    """The connection was never made: Telegram cannot have acted on the request."""
    return isinstance(error.__cause__, ClientConnectorError)


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        *,
        attempts: int = 4,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        max_retry_after: float = 60.0,
    ) -> None:
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        attempts = 1 if isinstance(method, GetUpdates) else self.attempts
        for attempt in range(1, attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == attempts or error.retry_after > self.max_retry_after:
                    raise
                delay = float(error.retry_after)
            except (TelegramServerError, TelegramNetworkError) as error:
                safe = repeatable(method) or (
                    isinstance(error, TelegramNetworkError) and never_reached(error)
                )
                if attempt == attempts or not safe:
                    raise
                delay = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
                log.warning(
                    "%s failed (%s); retry %d in %.1fs",
                    type(method).__name__,
                    error,
                    attempt,
                    delay,
                )
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover
