"""Bounds (issue 10, item 10): the daily purge and the hourly prune of update claims run as
scheduler jobs on the clock they are given; the per-chat lock table of the event isolation
empties itself; evidence downloads are streamed in chunks, hashed on the way, size-limited."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import GetFile, TelegramMethod
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_sender
from bot.i18n import Translations
from bot.isolation import BoundedEventIsolation
from bot.scheduler import JOB_PRUNE, JOB_PURGE, PRUNE_EVERY, Jobs, build_scheduler
from handlers.evidence.download import telegram_fetch
from services.evidence.media import MediaStore
from services.privacy import Pseudonyms
from services.refusal import Refusal
from services.updates import KEEP
from storage.models import (
    CentreNews,
    NewsDelivery,
    ProcessedUpdate,
    Questionnaire,
    User,
)
from tests.evidence_support import FileServingSession

SM = async_sessionmaker[AsyncSession]
NOW = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def jobs(settings: Settings, sm: SM, clock: Clock) -> Jobs:
    bot = Bot("42:TEST", session=FileServingSession())
    pseudonyms = Pseudonyms.from_settings(settings)
    return Jobs(
        settings=settings,
        bot=bot,
        sessionmaker=sm,
        translations=Translations(),
        sender=create_sender(bot, sm, pseudonyms),
        pseudonyms=pseudonyms,
        clock=clock,
    )


async def test_purge_and_prune_are_scheduled(settings: Settings, sessionmaker: SM) -> None:
    scheduler = build_scheduler(jobs(settings, sessionmaker, Clock(NOW)), run_catch_up=False)
    scheduler.start(paused=True)
    try:
        by_id = {job.id: job for job in scheduler.get_jobs()}
        purge, prune = by_id[JOB_PURGE], by_id[JOB_PRUNE]
        assert purge.func.__name__ == "purge" and prune.func.__name__ == "prune_updates"
        # Daily at 03:30 in the digest's time zone; the prune every hour.
        after = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
        first = purge.trigger.get_next_fire_time(None, after)
        second = purge.trigger.get_next_fire_time(first, first + timedelta(seconds=1))
        assert second - first == timedelta(days=1)
        assert (first.hour, first.minute, str(first.tzinfo)) == (3, 30, "Europe/Moscow")
        assert prune.trigger.interval == PRUNE_EVERY == timedelta(hours=1)
    finally:
        scheduler.shutdown(wait=False)


async def test_the_purge_job_deletes_answers_past_the_retention(
    settings: Settings, sessionmaker: SM, centres: None
) -> None:
    days = settings.survey.retention_days
    clock = Clock(NOW)

    def questionnaire(age: timedelta) -> Questionnaire:
        started = NOW - age
        return Questionnaire(
            centre_code="77-cao",
            audience="seeker",
            respondent_key=f"r{age.days}",
            methodology="test",
            started_at=started,
            completed_at=started,
        )

    async with sessionmaker() as session:
        session.add_all(
            [questionnaire(timedelta(days=days + 1)), questionnaire(timedelta(days=days - 1))]
        )
        # Two finished news: the delivery log of the one finished 31 days ago goes.
        session.add(User(key="u1"))
        for number, finished in ((1, NOW - timedelta(days=31)), (2, NOW - timedelta(days=29))):
            session.add(
                CentreNews(
                    id=number,
                    centre_code="77-cao",
                    text="x",
                    author_key="a",
                    created_at=finished,
                    recipients=1,
                    delivered=1,
                    finished_at=finished,
                )
            )
        await session.flush()
        session.add_all([NewsDelivery(news_id=n, user_key="u1", state="sent") for n in (1, 2)])
        await session.commit()

    assert await jobs(settings, sessionmaker, clock).purge() == (1, 1)
    async with sessionmaker() as session:
        kept = await session.scalars(select(Questionnaire.respondent_key))
        assert list(kept) == [f"r{days - 1}"]
        assert list(await session.scalars(select(NewsDelivery.news_id))) == [2]
        assert await session.scalar(select(func.count()).select_from(CentreNews)) == 2
    # Two days later on the fake clock the others are past their windows too.
    clock.now += timedelta(days=2)
    assert await jobs(settings, sessionmaker, clock).purge() == (1, 1)


async def test_the_prune_job_keeps_what_dedup_and_replay_need(
    settings: Settings, sessionmaker: SM
) -> None:
    old, recent = NOW - KEEP - timedelta(minutes=1), NOW - KEEP + timedelta(minutes=1)
    rows = {
        1: (old, True, None),  # finished, too old to meet a redelivered copy: goes
        2: (recent, True, None),  # finished, a copy may still come: stays
        3: (old, False, "sealed"),  # cut off by a crash, waits for the polling replay: stays
        4: (old, False, None),  # a dead webhook handler's claim, never redelivered now: goes
        5: (recent, False, None),  # in flight: stays
    }
    async with sessionmaker() as session:
        for update_id, (at, finished, payload) in rows.items():
            session.add(
                ProcessedUpdate(
                    update_id=update_id, processed_at=at, finished=finished, payload=payload
                )
            )
        await session.commit()
    assert timedelta(hours=24) < KEEP  # Telegram redelivers for 24 hours at most
    assert await jobs(settings, sessionmaker, Clock(NOW)).prune_updates() == 2
    async with sessionmaker() as session:
        left = await session.scalars(select(ProcessedUpdate.update_id).order_by("update_id"))
        assert list(left) == [2, 3, 5]


# --- the event isolation ------------------------------------------------------------------


def key(chat: int) -> StorageKey:
    return StorageKey(bot_id=42, chat_id=chat, user_id=chat)


async def test_the_lock_table_does_not_grow_with_the_chats_seen() -> None:
    isolation = BoundedEventIsolation()
    for chat in range(10_000):
        async with isolation.lock(key(chat)):
            assert isolation.chats == 1
    assert isolation.chats == 0
    # At once, too: the table holds the chats being handled, then nothing.
    release = asyncio.Event()

    async def hold(chat: int) -> None:
        async with isolation.lock(key(chat)):
            await release.wait()

    tasks = [asyncio.create_task(hold(chat)) for chat in range(10_000)]
    await asyncio.sleep(0)
    assert isolation.chats == 10_000
    release.set()
    await asyncio.gather(*tasks)
    assert isolation.chats == 0


async def test_two_updates_of_one_chat_still_go_one_after_the_other() -> None:
    isolation = BoundedEventIsolation()
    order: list[str] = []
    first_in = asyncio.Event()
    release = asyncio.Event()

    async def first() -> None:
        async with isolation.lock(key(7)):
            order.append("first in")
            first_in.set()
            await release.wait()
            order.append("first out")

    async def second() -> None:
        await first_in.wait()
        async with isolation.lock(key(7)):
            order.append("second in")

    async def other_chat() -> None:
        await first_in.wait()
        async with isolation.lock(key(8)):
            order.append("other chat")

    tasks = [asyncio.create_task(job()) for job in (first, second, other_chat)]
    await first_in.wait()
    for _ in range(5):
        await asyncio.sleep(0)
    assert order == ["first in", "other chat"]  # another chat is not held up; chat 7 waits
    assert isolation.chats == 1  # chat 7: held and waited for
    release.set()
    await asyncio.gather(*tasks)
    assert order == ["first in", "other chat", "first out", "second in"]
    assert isolation.chats == 0


def test_the_production_dispatcher_uses_it(dispatcher: Dispatcher) -> None:
    assert isinstance(dispatcher.fsm.events_isolation, BoundedEventIsolation)


# --- streamed downloads -------------------------------------------------------------------


@dataclass
class SizeHidingSession(FileServingSession):
    """getFile without a file_size (Telegram omits it at times): only the stream can tell."""

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        result = await super().make_request(bot, method, timeout)
        if isinstance(method, GetFile):
            return result.model_copy(update={"file_size": None})
        return result


CHUNK = 64 * 1024


def leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob(".part-*")]


async def test_a_download_is_streamed_in_chunks_and_stored_by_its_hash(tmp_path: Path) -> None:
    api = SizeHidingSession()
    data = bytes(range(256)) * 1000  # 256,000 bytes: four chunks
    file_id, _ = api.add_file(data)
    store = MediaStore(tmp_path / "media")
    with store.spool() as spool:
        await telegram_fetch(Bot("42:TEST", session=api), chunk_size=CHUNK)(file_id, spool)
        digest, relative = await store.keep(spool)
    assert api.chunks_served == 4
    assert digest == hashlib.sha256(data).hexdigest() and relative == f"{digest[:2]}/{digest}"
    assert store.path(relative).read_bytes() == data and spool.size == len(data)
    assert leftovers(store.root) == []
    # The same bytes again: one file, no temporary left behind.
    with store.spool() as spool:
        await telegram_fetch(Bot("42:TEST", session=api), chunk_size=CHUNK)(file_id, spool)
        assert await store.keep(spool) == (digest, relative)
    assert leftovers(store.root) == [] and len(list(store.root.rglob("*"))) == 2  # dir + file


async def test_a_download_past_the_limit_is_cut_off_while_streaming(tmp_path: Path) -> None:
    api = SizeHidingSession()
    file_id, _ = api.add_file(b"\xff" * (5 * CHUNK))
    store = MediaStore(tmp_path / "media")
    with pytest.raises(Refusal) as error, store.spool(limit=CHUNK + 100) as spool:
        await telegram_fetch(Bot("42:TEST", session=api), chunk_size=CHUNK)(file_id, spool)
    assert error.value.reason == "too_big" and error.value.details == {"mb": 20}
    assert api.chunks_served == 2  # stopped at the chunk that passed the limit, not all five
    assert spool.size > spool.limit and leftovers(store.root) == []
