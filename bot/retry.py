"""Bounded retries of Bot API calls: flood control (429), server errors (5xx), dropped links.

Telegram's 429 says how long to wait; we wait exactly that. 5xx and network errors get
exponential back-off. Both are bounded, so a hopeless call fails instead of hanging a handler.
getUpdates is left to aiogram's poller, which has its own back-off.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import (
    CopyMessage,
    ForwardMessage,
    GetUpdates,
    SendDocument,
    SendLocation,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

# Calls that create something new; an edit or a callback answer can be repeated safely.
CREATES: frozenset[type[TelegramMethod[Any]]] = frozenset(
    {
        SendMessage,
        SendPhoto,
        SendDocument,
        SendMediaGroup,
        SendLocation,
        CopyMessage,
        ForwardMessage,
    }
)


# Set while a message must reach Telegram at most once (the channel's digest): a 5xx on a
# call that creates something is then ambiguous too (Telegram may have posted it) and is not
# repeated here; the caller decides.
_AT_MOST_ONCE: ContextVar[bool] = ContextVar("at_most_once", default=False)


@contextmanager
def at_most_once() -> Iterator[None]:
    token = _AT_MOST_ONCE.set(True)
    try:
        yield
    finally:
        _AT_MOST_ONCE.reset(token)


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
                # A dropped connection leaves it unknown whether Telegram acted: re-sending a
                # message or an album could post it twice, so only idempotent calls retry it.
                ambiguous = type(method) in CREATES and (
                    isinstance(error, TelegramNetworkError) or _AT_MOST_ONCE.get()
                )
                if attempt == attempts or ambiguous:
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
