"""A news broadcast cut off mid-way is finished at the next start (issue 10, item 9).

12 subscribers; the broadcast is killed (its task cancelled, as a stop would cut it) after
some messages. The next start resumes it with the pending subscribers only: everybody ends up
with the news once, except the recipient whose message Telegram had accepted in the instant
before the kill, before it was recorded: they get it twice (the designed "at most one
duplicate per send in flight"; one send is in flight here, CONCURRENCY = 1).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import SendMessage, TelegramMethod

from bot.config import Settings
from bot.factory import create_bot, create_sender
from bot.i18n import Translations
from handlers.news import broadcast as news_broadcast
from services.news import deliveries as news_deliveries
from services.news.rules import NewsRules, NewsService
from services.team.roles import Access
from storage.models import utcnow
from tests.harness import Person, RecordingSession
from tests.news.test_news import CAO, NEWS, SM, framed, news_rows, pseudonyms, staff, subscribe

pytestmark = pytest.mark.backends("sqlite", "postgresql")

SUBSCRIBERS = list(range(4001, 4013))  # 12
STAFF_ID = 1001
RU = Translations().get("ru")


def kill_broadcasts() -> None:
    """What a stop does to the broadcast tasks (bot.background names them)."""
    for task in asyncio.all_tasks():
        if task.get_name().startswith("news ") and task.get_name().endswith(" broadcast"):
            task.cancel()


@dataclass
class KillingSession(RecordingSession):
    """Telegram; the process is killed at the news message number `kill_at` (1-based):
    after Telegram accepted it (`accepted=True`) or before the request left."""

    kill_at: int | None = None
    accepted: bool = True
    news_sent: list[int] = field(default_factory=list)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        is_news = isinstance(method, SendMessage) and int(method.chat_id) in SUBSCRIBERS
        if is_news and self.kill_at == len(self.news_sent) + 1 and not self.accepted:
            self.kill_at = None
            kill_broadcasts()
            raise asyncio.CancelledError
        result = await super().make_request(bot, method, timeout)
        if is_news:
            assert isinstance(method, SendMessage)
            self.news_sent.append(int(method.chat_id))
            if self.kill_at == len(self.news_sent):
                self.kill_at = None
                kill_broadcasts()
                # Here, not at the next await: SQLite's writes may run without yielding
                # (storage.sqlite_driver), and the kill must land before the send is recorded.
                raise asyncio.CancelledError
        return result


@pytest.fixture
def recording() -> KillingSession:
    return KillingSession()


@pytest.fixture(autouse=True)
def one_send_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(news_broadcast, "CONCURRENCY", 1)


async def subscribed(sm: SM) -> None:
    for chat in SUBSCRIBERS:
        await subscribe(sm, chat)


async def restart(settings: Settings, sm: SM, recording: KillingSession, **kw: Any) -> list[int]:
    """A new process on the same Telegram and database: what bot.app.serve does at start."""
    resumed = await news_broadcast.resume_all(
        sender=create_sender(create_bot(settings, session=recording), sm, pseudonyms()),
        sessionmaker=sm,
        pseudonyms=pseudonyms(),
        translations=Translations(),
        **({"sole_sender": True} | kw),
    )
    await news_broadcast.drain()
    return resumed


def reports(recording: KillingSession) -> list[str]:
    return [
        c.text
        for c in recording.calls
        if isinstance(c, SendMessage) and int(c.chat_id) == STAFF_ID and "доставлена" in c.text
    ]


async def test_a_killed_broadcast_is_finished_at_the_next_start(
    user: Person, sessionmaker: SM, settings: Settings, recording: KillingSession
) -> None:
    await subscribed(sessionmaker)
    await staff(user, sessionmaker)
    recording.kill_at = 5
    await user.send("/news")
    await user.send(NEWS)
    await user.tap("Отправить")
    await news_broadcast.drain()

    # Cut off: 5 got it, 4 of them recorded; the news is not finished and nobody was told.
    assert len(recording.news_sent) == 5
    [news] = await news_rows(sessionmaker)
    assert news.finished_at is None and news.delivered is None and news.recipients == 12
    async with sessionmaker() as session:
        assert await news_deliveries.counts(session, news.id) == {"sent": 4, "pending": 8}
    assert reports(recording) == []

    assert await restart(settings, sessionmaker, recording) == [news.id]

    got = Counter(recording.news_sent)
    fifth = SUBSCRIBERS[4]  # accepted by Telegram in the instant before the kill
    assert got == Counter(SUBSCRIBERS) + Counter([fifth])  # everybody; one duplicate, by design
    assert len(recording.news_sent) == 13
    sent = [c for c in recording.calls if isinstance(c, SendMessage) and c.chat_id == fifth]
    assert all(m.text == framed(RU, CAO, NEWS) for m in sent)
    [news] = await news_rows(sessionmaker)
    assert news.finished_at is not None and (news.delivered, news.recipients) == (12, 12)
    assert reports(recording) == [
        f"✅ Готово: новость центра «{CAO}» доставлена 12 из 12 подписчиков."
    ]
    # A second start finds nothing to resume and sends nothing.
    assert await restart(settings, sessionmaker, recording) == []
    assert len(recording.news_sent) == 13


async def test_a_kill_before_the_send_causes_no_duplicate(
    user: Person, sessionmaker: SM, settings: Settings, recording: KillingSession
) -> None:
    await subscribed(sessionmaker)
    await staff(user, sessionmaker)
    recording.kill_at, recording.accepted = 3, False
    await user.send("/news")
    await user.send(NEWS)
    await user.tap("Отправить")
    await news_broadcast.drain()
    assert recording.news_sent == SUBSCRIBERS[:2]

    await restart(settings, sessionmaker, recording)

    assert sorted(recording.news_sent) == SUBSCRIBERS  # each exactly once
    [news] = await news_rows(sessionmaker)
    assert news.finished_at is not None and news.delivered == 12
    assert len(reports(recording)) == 1


class FakeTime:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.slept: list[float] = []
        self.on_sleep: list[Any] = []

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)
        for action in self.on_sleep:
            await action()


async def test_a_live_replicas_claim_is_left_to_it_until_the_lease_runs_out(
    sessionmaker: SM, settings: Settings, centres: None, recording: KillingSession
) -> None:
    """Webhook replicas: a resuming process does not take a send another one has under way;
    after the lease it does (that replica died), and it does not if that replica finished."""
    await subscribed(sessionmaker)
    member = Access(STAFF_ID, staff_centres=frozenset({"77-cao"}))
    async with sessionmaker() as session:
        service = NewsService(session, NewsRules(), pseudonyms())
        _, news = await service.create(member, "77-cao", NEWS, utcnow())
        await session.commit()
        news_id = news.id
    time = FakeTime(utcnow())
    busy, dead = pseudonyms().user(SUBSCRIBERS[0]), pseudonyms().user(SUBSCRIBERS[1])
    async with sessionmaker() as session:  # another replica is sending to these two right now
        assert await news_deliveries.claim(session, news_id, busy, time())
        assert await news_deliveries.claim(session, news_id, dead, time())
        assert not await news_deliveries.claim(session, news_id, busy, time())

    async def other_replica_finishes() -> None:
        async with sessionmaker() as session:
            await news_deliveries.mark(session, news_id, busy, "sent", time())

    time.on_sleep.append(other_replica_finishes)
    delivery = await news_broadcast.broadcast(
        sender=create_sender(create_bot(settings, session=recording), sessionmaker, pseudonyms()),
        sessionmaker=sessionmaker,
        pseudonyms=pseudonyms(),
        translations=Translations(),
        news_id=news_id,
        clock=time,
        sleep=time.sleep,
    )

    assert time.slept == [news_deliveries.LEASE.total_seconds()]  # waited out the lease once
    # The busy one was sent by the other replica (not here); the dead one's send retaken.
    assert sorted(recording.news_sent) == SUBSCRIBERS[1:]
    assert recording.news_sent[-1] == SUBSCRIBERS[1]
    assert delivery == news_broadcast.Delivery(news_id, 12, 12)
    assert reports(recording) == [
        f"✅ Готово: новость центра «{CAO}» доставлена 12 из 12 подписчиков."
    ]
