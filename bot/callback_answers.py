"""A callback answer Telegram no longer takes does not abort the handler that gives it.

The answer only stops the button's spinner (or shows a short toast). Telegram refuses it
once the query is old, or answered already: which is what a redelivered tap meets when the
replica that first got it was killed after answering (issue 18), and always after the claim
lease of a webhook redelivery. The handler raising there never showed the next screen, so
the tap was handled "once" but the person was left looking at the old question.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.methods.base import TelegramType

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

LATE = ("query is too old", "query id is invalid")


class LateCallbackAnswers(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as error:
            if not isinstance(method, AnswerCallbackQuery) or not any(
                part in error.message.lower() for part in LATE
            ):
                raise
            log.info("callback answer refused as too late; the handler goes on: %s", error)
            return True
