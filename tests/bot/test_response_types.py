"""A Bot API reply type outlives a garbage collection (bot/response_types.py)."""

from __future__ import annotations

import gc
import weakref

from aiogram import Bot
from aiogram.methods.base import Response
from aiogram.types import Message, WebhookInfo


async def test_the_reply_type_of_a_call_made_is_not_built_again(bot: Bot) -> None:
    await bot.send_message(1, "x")
    used = weakref.ref(Response[Message])
    # The premise: pydantic keeps such a class only as long as someone holds it.
    unused = weakref.ref(Response[WebhookInfo])
    gc.collect()
    assert unused() is None
    assert used() is not None
    assert used() is Response[Message]
