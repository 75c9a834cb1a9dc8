"""The rate-limited sender: Telegram's limits on a fake clock, flood control, blocked users."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.methods import SendMediaGroup, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import Chat, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.factory import blocked_marker
from bot.sender import Limits, Outgoing, Sender, Window, parse_chat_id
from services.privacy import Pseudonyms
from services.users import Users
from tests.harness import BOT_USER, RecordingSession

PNG = b"\x89PNG\r\n\x1a\nfake"
CHANNEL = -1001234567890


class FakeClock:
    """Monotonic seconds that only move when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@dataclass
class AlbumSession(RecordingSession):
    """The recording session, also answering photos and albums like Telegram, and noting
    the (fake) time of every call."""

    clock: Any = None
    sent: list[tuple[float, TelegramMethod[Any]]] = field(default_factory=list)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        self.sent.append((self.clock() if self.clock else 0.0, method))
        if not isinstance(method, SendPhoto | SendMediaGroup):
            return await super().make_request(bot, method, timeout)
        self.calls.append(method)
        queued = self.errors.get(type(method).__name__)
        if queued:
            raise queued.pop(0)
        count = len(method.media) if isinstance(method, SendMediaGroup) else 1
        chat_id = int(method.chat_id) if str(method.chat_id).lstrip("-").isdigit() else 0
        chat = Chat(id=chat_id, type="private" if chat_id > 0 else "channel")
        messages = [
            Message(
                message_id=next(self._ids), date=datetime.now(UTC), chat=chat, from_user=BOT_USER
            )
            for _ in range(count)
        ]
        return messages if isinstance(method, SendMediaGroup) else messages[0]

    def times(self, chat_id: int | str | None = None) -> list[float]:
        return [
            at
            for at, method in self.sent
            if chat_id is None or getattr(method, "chat_id", None) == chat_id
        ]

    def albums(self) -> list[SendMediaGroup]:
        return [m for _, m in self.sent if isinstance(m, SendMediaGroup)]


def max_in_window(times: list[float], period: float, weights: list[int] | None = None) -> int:
    weights = weights or [1] * len(times)
    pairs = sorted(zip(times, weights, strict=True))
    return max(
        (sum(w for t, w in pairs if start <= t < start + period - 1e-9) for start, _ in pairs),
        default=0,
    )


def retry_after(seconds: int) -> TelegramRetryAfter:
    method = SendMessage(chat_id=1, text="x")
    return TelegramRetryAfter(method, f"Too Many Requests: retry after {seconds}", seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(clock: FakeClock) -> AlbumSession:
    return AlbumSession(clock=clock)


@pytest.fixture
def raw_bot(session: AlbumSession) -> Bot:
    # No RetryMiddleware: these tests are about what the sender does by itself.
    return Bot("42:TEST", session=session)


def sender_for(bot: Bot, clock: FakeClock, **kwargs: Any) -> Sender:
    return Sender(bot, clock=clock, sleep=clock.sleep, **kwargs)


# --- the limits -------------------------------------------------------------------------------


async def test_overall_limit_is_30_a_second(raw_bot: Bot, session: AlbumSession, clock: FakeClock):
    sender = sender_for(raw_bot, clock, concurrency=1)
    results = await sender.send_all(Outgoing(1000 + n, f"hi {n}") for n in range(90))
    assert all(r.ok for r in results)
    times = session.times()
    assert len(times) == 90
    assert max_in_window(times, 1.0) == 30
    # 30 at 0 s, 30 at 1.1 s, 30 at 2.2 s (0.1 s of slack for network jitter): no slower.
    assert max(times) == pytest.approx(2.2)


async def test_one_message_a_second_per_private_chat(
    raw_bot: Bot, session: AlbumSession, clock: FakeClock
) -> None:
    sender = sender_for(raw_bot, clock)
    results = await sender.send_all([Outgoing(7, f"message {n}") for n in range(5)])
    assert [r.ok for r in results] == [True] * 5
    assert session.times(7) == pytest.approx([0.0, 1.1, 2.2, 3.3, 4.4])
    # In order, one after another.
    assert [m.text for _, m in session.sent if isinstance(m, SendMessage)] == [
        f"message {n}" for n in range(5)
    ]


async def test_twenty_a_minute_per_group_or_channel(
    raw_bot: Bot, session: AlbumSession, clock: FakeClock
) -> None:
    sender = sender_for(raw_bot, clock)
    await sender.send_all([Outgoing(CHANNEL, f"post {n}") for n in range(25)])
    times = session.times(CHANNEL)
    assert max_in_window(times, 60.0) == 20
    assert sorted(times)[20] == pytest.approx(60.1)
    assert parse_chat_id("@channel") == "@channel"
    await sender.send(Outgoing("@channel", "by username"))  # a username is a channel too
    assert sender._chat("@channel").limit == 20


async def test_an_album_counts_one_message_per_photo(
    raw_bot: Bot, session: AlbumSession, clock: FakeClock
) -> None:
    sender = sender_for(raw_bot, clock)
    album = Outgoing(CHANNEL, "caption", tuple((f"{n}.png", PNG) for n in range(6)))
    result = await sender.send(album)
    assert result.ok and len(result.message_ids) == 6
    await sender.send_all([Outgoing(CHANNEL, f"after {n}") for n in range(15)])
    times = session.times(CHANNEL)
    weights = [6] + [1] * 15
    assert max_in_window(times, 60.0, weights) == 20
    assert times[-1] >= 60.0  # the 15th text waited for the album's photos to age out


async def test_many_chats_concurrently_stay_within_every_limit(
    raw_bot: Bot, session: AlbumSession, clock: FakeClock
) -> None:
    sender = sender_for(raw_bot, clock, concurrency=8)
    items = [Outgoing(2000 + n % 40, f"p{n}") for n in range(120)]
    items += [Outgoing(CHANNEL, f"c{n}") for n in range(22)]
    results = await sender.send_all(items)
    assert [r.item for r in results] == items  # results in the order given
    assert all(r.ok for r in results)
    assert max_in_window(session.times(), 1.0) <= 30
    for chat in range(2000, 2040):
        assert max_in_window(session.times(chat), 1.0) <= 1
    assert max_in_window(session.times(CHANNEL), 60.0) <= 20


def test_window_arithmetic() -> None:
    window = Window(2, 1.0)
    assert window.wait(0.0) == 0
    window.take(0.0)
    window.take(0.25)
    assert window.wait(0.5) == pytest.approx(0.5)
    assert window.wait(1.0) == 0  # the first send aged out
    window.pause(5.0)
    assert window.wait(1.0) == pytest.approx(4.0)
    big = Window(1, 1.0)
    big.take(0.0, 5)  # an album in a private chat fills the window for a whole period
    assert big.wait(0.5, 1) == pytest.approx(0.5)
    assert big.idle(1.0)


# --- flood control, errors, blocked users -----------------------------------------------------


async def test_a_429_is_waited_out_and_pauses_the_bot(
    raw_bot: Bot, session: AlbumSession, clock: FakeClock
) -> None:
    sender = sender_for(raw_bot, clock)
    session.fail_next("SendMessage", retry_after(30))
    first = await sender.send(Outgoing(5, "first"))
    assert first.ok and first.attempts == 2
    assert clock.now >= 30.0
    second = await sender.send(Outgoing(6, "another chat"))
    assert second.ok
    assert session.times(6)[0] >= 30.0  # the whole bot waited, as Telegram asked


async def test_flood_control_is_bounded(
    raw_bot: Bot, session: AlbumSession, clock: FakeClock
) -> None:
    sender = sender_for(raw_bot, clock, limits=Limits(retries=2, max_retry_after=120))
    for _ in range(3):
        session.fail_next("SendMessage", retry_after(5))
    result = await sender.send(Outgoing(5, "never"))
    assert result.status == "failed" and result.attempts == 3
    assert "RetryAfter" in (result.error or "")
    session.fail_next("SendMessage", retry_after(3600))  # an hour: fail, do not hang
    before = clock.now
    result = await sender.send(Outgoing(8, "later"))
    assert result.status == "failed" and result.attempts == 1
    assert clock.now - before < 60


async def test_blocked_users_are_marked_and_skipped(
    raw_bot: Bot,
    session: AlbumSession,
    clock: FakeClock,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    pseudonyms = Pseudonyms("test-secret")
    async with sessionmaker() as db:
        await Users(db, pseudonyms).set_language(5, "ru")
    method = SendMessage(chat_id=5, text="x")
    session.fail_next("SendMessage", TelegramForbiddenError(method, "bot was blocked by the user"))
    sender = sender_for(raw_bot, clock, on_blocked=blocked_marker(sessionmaker, pseudonyms))
    results = await sender.send_all(
        [Outgoing(5, "one"), Outgoing(5, "two"), Outgoing(6, "someone else")]
    )
    assert [r.status for r in results] == ["blocked", "blocked", "sent"]
    assert results[1].attempts == 0  # not even tried
    async with sessionmaker() as db:
        user = await Users(db, pseudonyms).get(5)
        assert user is not None and user.blocked_at is not None


async def test_a_bad_message_fails_alone(
    raw_bot: Bot, session: AlbumSession, clock: FakeClock
) -> None:
    method = SendMessage(chat_id=5, text="x")
    session.fail_next("SendMessage", TelegramBadRequest(method, "can't parse entities"))
    sender = sender_for(raw_bot, clock)
    results = await sender.send_all([Outgoing(5, "<b>broken"), Outgoing(6, "fine")])
    assert [r.status for r in results] == ["failed", "sent"]
    assert "can't parse entities" in (results[0].error or "")


def test_outgoing_builds_the_right_method() -> None:
    assert isinstance(Outgoing(1, "text").method(), SendMessage)
    photo = Outgoing(1, "caption", (("a.png", PNG),)).method()
    assert isinstance(photo, SendPhoto) and photo.caption == "caption"
    album = Outgoing(1, "caption", (("a.png", PNG), ("b.png", PNG))).method()
    assert isinstance(album, SendMediaGroup)
    assert [m.caption for m in album.media] == ["caption", None]
    with pytest.raises(ValueError):
        Outgoing(1, "x", tuple((f"{n}.png", PNG) for n in range(11)))
    with pytest.raises(ValueError):
        Outgoing(1)
