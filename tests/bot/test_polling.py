"""Long polling hands out at most POLLING_CONCURRENCY updates at once (issue 16).

A rush of people costs queued updates, not a task, a database session and a stack each: the
rest of a fetched batch waits (already in the inbox) and is handled as room frees up. The
real `bot.app.serve` against the fake Bot API, with every update made slow on purpose.
"""

from __future__ import annotations

import asyncio
import gc
from contextlib import suppress
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from pydantic import SecretStr

from bot.app import serve
from bot.config import Settings
from tests.fakebotapi import FakeBotAPI

PEOPLE = range(5001, 5007)  # six at once


async def test_at_most_the_configured_updates_are_handled_at_once(
    settings: Settings, monkeypatch: Any
) -> None:
    in_hand, most, handled = 0, 0, []
    feed = Dispatcher.feed_update

    async def slow_feed(self: Dispatcher, bot: Bot, update: Update, **kwargs: Any) -> Any:
        nonlocal in_hand, most
        in_hand += 1
        most = max(most, in_hand)
        try:
            await asyncio.sleep(0.1)  # long enough for the others to pile up
            return await feed(self, bot, update, **kwargs)
        finally:
            in_hand -= 1
            handled.append(update.update_id)

    monkeypatch.setattr(Dispatcher, "feed_update", slow_feed)
    async with FakeBotAPI() as api:
        configured = Settings(
            telegram=settings.telegram.model_copy(
                update={"telegram_api_url": api.url, "bot_token": SecretStr(api.token)}
            ),
            database=settings.database,
            survey=settings.survey,
            webhook=settings.webhook.model_copy(update={"polling_concurrency": 2}),
            digest=settings.digest.model_copy(update={"scheduler_enabled": False}),
        )
        for person in PEOPLE:
            api.send_message(person, "/start")
        running = asyncio.create_task(serve(configured))
        try:
            for person in PEOPLE:  # everybody is answered, in turn
                await api.wait_for(
                    lambda c, p=person: c.method == "sendMessage" and c.chat_id == p, timeout=20
                )
        finally:
            running.cancel()
            with suppress(asyncio.CancelledError):
                await running
            gc.unfreeze()  # serve() froze what it had built: give the test process it back
    assert len(handled) == len(PEOPLE)
    assert most == 2
