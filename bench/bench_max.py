"""Benchmark: what the MAX session adds to a request (issue 17).

Times, on this machine, (1) translating a MAX update into an aiogram Update (a button press
on a question, the commonest update) and (2) a sendMessage with a keyboard through the bot's
session, against the fake MAX server and, for comparison, through aiogram's own session
against the fake Telegram Bot API; both fakes run in this process on 127.0.0.1. Message ids
are numbered in a migrated SQLite database, as in production (the cached path and the first
sight of a mid, which writes a row, separately).

    .venv/bin/python -m bench.bench_max [--requests 500]

Prints its figures; not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.max import ids, incoming
from bot.max.message_ids import MessageIds
from bot.max.session import PLACEHOLDER_TOKEN, MaxSession
from storage.db import create_engine, create_sessionmaker
from storage.migrate import upgrade
from tests.fakebotapi import FakeBotAPI
from tests.fakemax import FakeMax

KEYS = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text=str(n), callback_data=f"a:q{n}:{n}") for n in range(1, 6)],
        [InlineKeyboardButton(text="Затрудняюсь ответить", callback_data="a:q1:na")],
        [InlineKeyboardButton(text="◀️ Назад", callback_data="a:back")],
    ]
)
BOT_USER = {"id": ids.user_to_bot(1), "is_bot": True, "first_name": "Bot"}


def callback(n: int, mid: str) -> dict[str, object]:
    user = {"user_id": 10001, "first_name": "A", "is_bot": False}
    return {
        "update_type": "message_callback",
        "timestamp": 1770679803383 + n,
        "user_locale": "ru",
        "callback": {"timestamp": 1, "callback_id": f"cb{n}", "user": user, "payload": "a:q1:4"},
        "message": {
            "recipient": {"chat_id": -1, "chat_type": "dialog", "user_id": 10001},
            "timestamp": 1,
            "body": {"mid": mid, "seq": 1, "text": "Вопрос 1 из 19"},
            "sender": {"user_id": 1, "is_bot": True, "first_name": "Bot"},
        },
    }


def line(name: str, samples: list[float]) -> None:
    samples.sort()
    p50 = statistics.median(samples) * 1e6
    p99 = samples[int(len(samples) * 0.99) - 1] * 1e6
    print(f"{name:<52} p50 {p50:9.1f} µs   p99 {p99:9.1f} µs   (n={len(samples)})")


async def timed(fn: object, count: int) -> list[float]:
    samples = []
    for n in range(count):
        start = time.perf_counter()
        await fn(n)  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return samples


async def main(requests: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        engine = create_engine(url)
        numbers = MessageIds(create_sessionmaker(engine))

        async def translate_known(n: int) -> None:
            raw = await incoming.to_update(callback(n, "mid.same"), numbers, BOT_USER)
            Update.model_validate(raw)

        async def translate_new(n: int) -> None:
            raw = await incoming.to_update(callback(n, f"mid.new{n}"), numbers, BOT_USER)
            Update.model_validate(raw)

        line("MAX update → Update, mid cached", await timed(translate_known, requests))
        line("MAX update → Update, new mid (a row written)", await timed(translate_new, requests))

        async with FakeMax(token="bench") as fake_max, FakeBotAPI(token="1:bench") as fake_tg:
            max_bot = Bot(PLACEHOLDER_TOKEN, session=MaxSession(fake_max.url, "bench", numbers))
            memory = MaxSession(fake_max.url, "bench", MessageIds(None))
            max_memory_bot = Bot(PLACEHOLDER_TOKEN, session=memory)
            tg_session = AiohttpSession(api=TelegramAPIServer.from_base(fake_tg.url))
            tg_bot = Bot("1:bench", session=tg_session)
            person = ids.user_to_bot(10001)
            try:

                async def on_max(n: int) -> None:
                    await max_bot.send_message(person, f"Вопрос {n}", reply_markup=KEYS)

                async def on_max_memory(n: int) -> None:
                    await max_memory_bot.send_message(person, f"Вопрос {n}", reply_markup=KEYS)

                async def on_telegram(n: int) -> None:
                    await tg_bot.send_message(10001, f"Вопрос {n}", reply_markup=KEYS)

                await on_max(0), await on_max_memory(0), await on_telegram(0)  # warm connections
                line("sendMessage+keyboard, MaxSession → fake MAX", await timed(on_max, requests))
                line(
                    "  the same, mids numbered in memory (no DB row)",
                    await timed(on_max_memory, requests),
                )
                line(
                    "sendMessage+keyboard, aiogram → fake Telegram",
                    await timed(on_telegram, requests),
                )
            finally:
                await max_bot.session.close()
                await memory.close()
                await tg_bot.session.close()
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    asyncio.run(main(parser.parse_args().requests))
