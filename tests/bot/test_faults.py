"""Faults: redelivered updates, Telegram errors, locked SQLite, random input."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import EditMessageText, GetUpdates, SendMessage
from aiogram.types import Message, Update, User
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.inbox import Inbox
from services import updates
from storage.models import Answer, ProcessedUpdate
from tests.harness import Person, RecordingSession

SM = async_sessionmaker[AsyncSession]
pytestmark = pytest.mark.backends("sqlite", "postgresql")


async def start_survey(user: Person) -> None:
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")


async def answers(sm: SM) -> int:
    async with sm() as session:
        return int(await session.scalar(select(func.count()).select_from(Answer)) or 0)


async def test_same_update_twice_is_processed_once(
    user: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    await start_survey(user)
    update = tap_update(user, "4", 777_000)
    await user.dp.feed_update(user.bot, update)
    calls = len(recording.calls)
    await user.dp.feed_update(user.bot, update)  # redelivered
    assert len(recording.calls) == calls  # nothing sent the second time
    assert await answers(sessionmaker) == 1
    assert "Вопрос 2 из 19" in user.last().text


async def test_concurrent_copies_are_processed_once(sessionmaker: SM) -> None:
    async def one() -> bool:
        async with sessionmaker() as session:
            return await updates.claim(session, 42_000)

    results = await asyncio.gather(*(one() for _ in range(5)))
    assert sorted(results) == [False, False, False, False, True]
    async with sessionmaker() as session:
        assert await updates.prune(session, datetime(2100, 1, 1, tzinfo=UTC)) == 1
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 0


def tap_update(user: Person, label: str, update_id: int) -> Update:
    """The update Telegram sends when `user` taps `label` under the last message."""
    question = user.last()
    return Update(
        update_id=update_id,
        callback_query={
            "id": f"cq-{update_id}",
            "from": user.user,
            "chat_instance": "ci",
            "data": question.button(label),
            "message": Message(
                message_id=question.message_id,
                date=datetime.now(UTC),
                chat={"id": user.user.id, "type": "private"},
                from_user=User(id=42, is_bot=True, first_name="b"),
                text=question.text,
            ),
        },
    )


async def test_update_cut_off_by_a_crash_is_replayed_at_start(
    user: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    await start_survey(user)
    update = tap_update(user, "4", 778_000)

    async def telegram(bot: object, method: object) -> list[Update]:
        return [update]

    crashed = Inbox(sessionmaker, user.dp["pseudonyms"])
    await crashed(telegram, user.bot, GetUpdates())  # stored, then the process was killed
    async with sessionmaker() as session:
        row = await session.get(ProcessedUpdate, update.update_id)
        assert row is not None and row.payload is not None and not row.finished
        assert str(user.user.id) not in row.payload  # sealed: it names the person
        # What Telegram sent, not a null for every field it left out (~9× the size).
        assert "null" not in user.dp["pseudonyms"].unseal_text(row.payload)
    assert await answers(sessionmaker) == 0

    async with sessionmaker() as session:  # the bot stayed down longer than the lease
        row = await session.get(ProcessedUpdate, update.update_id)
        assert row is not None
        row.processed_at -= updates.LEASE * 3
        await session.commit()
    restarted = Inbox(sessionmaker, user.dp["pseudonyms"])
    user.dp["inbox"] = restarted
    assert await restarted.replay(user.dp, user.bot) == 1
    await restarted.drain()
    assert await answers(sessionmaker) == 1
    assert "Вопрос 2 из 19" in user.last().text

    calls = len(recording.calls)
    await user.dp.feed_update(user.bot, update)  # Telegram's own redelivery of it
    assert len(recording.calls) == calls and await answers(sessionmaker) == 1

    async with sessionmaker() as session:
        row = await session.get(ProcessedUpdate, update.update_id)
        assert row is not None and row.finished and row.payload is None
    assert await restarted.replay(user.dp, user.bot) == 0


async def test_replayed_claims_are_not_retaken_while_they_run(sessionmaker: SM) -> None:
    start = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    async with sessionmaker() as session:
        assert await updates.store(session, [(9, "sealed")], now=start) == {9}
        restart = start + updates.LEASE * 5  # down longer than the lease
        assert await updates.unfinished(session, now=restart) == [(9, "sealed")]
        # Telegram's redelivery while the replay still runs: not a second handler.
        assert not await updates.claim(session, 9, now=restart + updates.LEASE / 2)


async def test_inbox_hands_each_fetched_update_to_one_handler(
    user: Person, sessionmaker: SM
) -> None:
    await start_survey(user)
    update = tap_update(user, "4", 779_000)

    async def telegram(bot: object, method: object) -> list[Update]:
        return [update]

    inbox = Inbox(sessionmaker, user.dp["pseudonyms"])
    user.dp["inbox"] = inbox
    await inbox(telegram, user.bot, GetUpdates())
    await inbox(telegram, user.bot, GetUpdates())  # the same batch again: not claimed twice
    await user.dp.feed_update(user.bot, update)
    await user.dp.feed_update(user.bot, update)
    assert await answers(sessionmaker) == 1


async def test_abandoned_claim_is_retaken_after_the_lease(sessionmaker: SM) -> None:
    start = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    async with sessionmaker() as session:
        assert await updates.claim(session, 5, now=start)
        # Another replica may still be handling it: not within the lease.
        assert not await updates.claim(session, 5, now=start + updates.LEASE / 2)
        assert await updates.claim(session, 5, now=start + updates.LEASE * 2)
        await updates.finish(session, 5)
        await session.commit()
        # Once finished it is never handled again, however late the copy comes.
        assert not await updates.claim(session, 5, now=start + updates.LEASE * 10)


async def test_failing_handler_finishes_its_claim(
    user: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    recording.fail_next(
        "SendMessage", TelegramBadRequest(SendMessage(chat_id=1, text="x"), "Bad Request: boom")
    )
    await user.send("/help")
    assert "Извините" in user.last().text  # the error handler apologised
    async with sessionmaker() as session:
        claims = (await session.scalars(select(ProcessedUpdate))).all()
    assert len(claims) == 1 and claims[0].finished


@pytest.mark.parametrize(
    "error",
    [
        TelegramRetryAfter(EditMessageText(text="x"), "Too Many Requests", retry_after=1),
        TelegramServerError(EditMessageText(text="x"), "Internal Server Error"),
        TelegramNetworkError(EditMessageText(text="x"), "connection dropped"),
    ],
    ids=["429", "500", "dropped"],
)
async def test_telegram_errors_are_retried_boundedly(
    user: Person,
    recording: RecordingSession,
    sessionmaker: SM,
    error: Exception,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waits: list[float] = []

    async def no_sleep(delay: float) -> None:
        waits.append(delay)

    monkeypatch.setattr("bot.retry.asyncio.sleep", no_sleep)
    await start_survey(user)
    before = len(recording.calls)
    recording.fail_next("EditMessageText", error)
    await user.tap("4")
    assert "Вопрос 2 из 19" in user.last().text  # the edit went through on the retry
    assert len(waits) == 1
    if isinstance(error, TelegramRetryAfter):
        assert waits == [1.0]  # exactly what Telegram asked for
    assert await answers(sessionmaker) == 1
    edits = [c for c in recording.calls[before:] if isinstance(c, EditMessageText)]
    assert len(edits) == 2  # the failed try and the retry: no third copy


async def test_retries_give_up_and_apologise(
    user: Person, recording: RecordingSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_sleep(delay: float) -> None:
        return None

    monkeypatch.setattr("bot.retry.asyncio.sleep", no_sleep)
    await start_survey(user)
    before = len(recording.calls)
    for _ in range(4):
        recording.fail_next(
            "EditMessageText", TelegramServerError(EditMessageText(text="x"), "down")
        )
    await user.tap("4")
    calls = recording.calls[before:]
    assert len([c for c in calls if isinstance(c, EditMessageText)]) == 4  # then it gives up
    assert "/start" in (user.last_alert() or "")  # the error handler's apology on the button


async def test_a_reply_is_not_repeated_after_a_5xx(
    user: Person, recording: RecordingSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Telegram may have delivered it before answering 500: no second copy, an apology instead.
    async def no_sleep(delay: float) -> None:
        return None

    monkeypatch.setattr("bot.retry.asyncio.sleep", no_sleep)
    recording.fail_next(
        "SendMessage", TelegramServerError(SendMessage(chat_id=1, text="x"), "down")
    )
    await user.send("/help")
    sent = [c for c in recording.calls if isinstance(c, SendMessage)]
    assert len(sent) == 2  # one try of /help, then the apology
    assert "Извините" in sent[-1].text


async def test_locked_sqlite_is_waited_out(sessionmaker: SM, backend: str, settings) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite only")
    import sqlite3

    path = settings.database.database_url.split("///", 1)[1]
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    blocker.execute(
        "INSERT INTO processed_updates (update_id, processed_at) VALUES (1, '2026-01-01')"
    )

    async def release() -> None:
        await asyncio.sleep(0.5)
        blocker.commit()

    async with sessionmaker() as session:
        claimed, _ = await asyncio.gather(updates.claim(session, 2), release())
    assert claimed
    blocker.close()


async def test_dropped_send_is_not_repeated(
    user: Person, recording: RecordingSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Telegram may have delivered it before the connection dropped: no second copy.
    async def no_sleep(delay: float) -> None:
        return None

    monkeypatch.setattr("bot.retry.asyncio.sleep", no_sleep)
    recording.fail_next(
        "SendMessage", TelegramNetworkError(SendMessage(chat_id=1, text="x"), "connection reset")
    )
    before = len(recording.calls)
    await user.send("/help")
    sends = [c for c in recording.calls[before:] if isinstance(c, SendMessage)]
    assert len(sends) == 2  # the lost /help, then the apology — never /help twice
    assert "Извините" in sends[-1].text
