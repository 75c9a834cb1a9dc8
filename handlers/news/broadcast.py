"""Sending a centre's news to its subscribers in the background (rules: services.news.rules).

The news row and its delivery log (services.news.deliveries: every subscriber pending) are
committed before anything is sent (handlers/news/router.py); a task started here then writes to
each pending subscriber through the process's one rate-limited `bot.sender.Sender` (a
subscriber who blocked the bot is marked by its `on_blocked`, bot.factory, and skipped next
time), records each answer as it comes, and when nobody is pending any more closes the news and
tells the author "delivered to X of N". Each subscriber gets the frame in their own language,
with a button to unsubscribe from this centre's news.

A broadcast cut off (a crash, a deploy) is finished at the next start (`resume_all`, called by
bot.app.serve) with the recipients still pending only; its claims and the at-most-one
duplicate a kill can cause are explained in services.news.deliveries.

Broadcasts running at the same time share that one Sender with the scheduler's jobs, so
together they keep Telegram's limits. The tasks are kept by a `bot.background.BackgroundTasks`;
`drain()` waits for them (tests, an orderly shutdown).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.background import BackgroundTasks
from bot.i18n import Translations
from bot.sender import Outgoing, Sender
from handlers.news import keyboards as kb
from services.news import deliveries as log_of
from services.news.rules import news_text
from services.privacy import Pseudonyms, Unreadable
from storage.models import Centre, CentreNews, utcnow

log = logging.getLogger(__name__)

# Sends in flight at once per broadcast (the Sender keeps the rate limits): also the most
# recipients a kill can leave sent but unrecorded, each of whom gets one duplicate.
CONCURRENCY = 4

_broadcasts = BackgroundTasks()

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Delivery:
    news_id: int
    recipients: int
    delivered: int


async def broadcast(
    *,
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    pseudonyms: Pseudonyms,
    translations: Translations,
    news_id: int,
    clock: Clock = utcnow,
    sleep: Sleep = asyncio.sleep,
) -> Delivery | None:
    """Send one stored news to its pending recipients; the one process that closes it reports
    to the author. None if the news is gone or another process closed it."""
    async with sessionmaker() as session:
        news = await session.get(CentreNews, news_id)
        centre = await session.get(Centre, news.centre_code) if news is not None else None
        if news is None or centre is None:
            log.error("news %s is gone: nothing sent", news_id)
            return None
        text, author_chat, author_language = news.text, news.author_chat, news.author_language
    while True:
        async with sessionmaker() as session:
            due = await log_of.due(session, pseudonyms, news_id, clock())
        if due:
            await _send(sender, sessionmaker, translations, news_id, centre, text, due, clock)
            continue
        # Nobody left for us; claims of another (live or dead) process may remain.
        async with sessionmaker() as session:
            until = await log_of.claimed_until(session, news_id)
        if until is None:
            break
        await sleep(max(1.0, (until - clock()).total_seconds()))
    async with sessionmaker() as session:
        closed = await log_of.finish(session, news_id, clock())
    if closed is None:
        return None
    delivered, total = closed
    log.info("news %s of %s: delivered %d of %d", news_id, centre.code, delivered, total)
    chat_id = _unseal(pseudonyms, author_chat)
    if chat_id is not None:
        t = translations.get(author_language)
        report = t("news-delivered", centre=escape(centre.name), delivered=delivered, total=total)
        if delivered < total:
            report += "\n" + t("news-delivered-failed", failed=total - delivered)
        await sender.send(Outgoing(chat_id, report))
    return Delivery(news_id, total, delivered)


async def _send(
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    translations: Translations,
    news_id: int,
    centre: Centre,
    text: str,
    due: list[log_of.Recipient],
    clock: Clock,
) -> None:
    queue = deque(due)

    async def worker() -> None:
        while queue:
            recipient = queue.popleft()
            async with sessionmaker() as session:
                if not await log_of.claim(session, news_id, recipient.user_key, clock()):
                    continue  # another process is sending to them
            t = translations.get(recipient.language)
            result = await sender.send(
                Outgoing(
                    recipient.chat_id,
                    news_text(t, centre, text),
                    reply_markup=kb.unsubscribe(t, centre.code),
                )
            )
            # Recorded as soon as Telegram answered. A kill right here (sent, not recorded)
            # makes the resumed broadcast send this recipient the news once more: at most one
            # duplicate per send in flight, accepted so that nobody is skipped.
            async with sessionmaker() as session:
                await log_of.mark(session, news_id, recipient.user_key, result.status, clock())

    await asyncio.gather(*(worker() for _ in range(min(CONCURRENCY, len(queue)))))


def _unseal(pseudonyms: Pseudonyms, sealed: str | None) -> int | None:
    if sealed is None:
        return None
    try:
        return pseudonyms.unseal(sealed)
    except Unreadable:
        log.warning("the author of a news cannot be unsealed: no report sent")
        return None


def start(
    *,
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    pseudonyms: Pseudonyms,
    translations: Translations,
    news_id: int,
) -> asyncio.Task[Delivery | None]:
    """Start `broadcast` in the background; the task is kept until it ends."""
    job = broadcast(
        sender=sender,
        sessionmaker=sessionmaker,
        pseudonyms=pseudonyms,
        translations=translations,
        news_id=news_id,
    )
    return _broadcasts.start(job, f"news {news_id} broadcast")


async def resume_all(
    *,
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    pseudonyms: Pseudonyms,
    translations: Translations,
    sole_sender: bool,
) -> list[int]:
    """At start: finish every broadcast a previous process left unfinished, in the background.

    `sole_sender`: no other process can be sending (polling), so the claims left behind are
    dead and are retaken at once; otherwise (webhook replicas) after their lease.
    """
    async with sessionmaker() as session:
        if sole_sender:
            await log_of.release_claims(session)
        news_ids = await log_of.unfinished(session)
    for news_id in news_ids:
        start(
            sender=sender,
            sessionmaker=sessionmaker,
            pseudonyms=pseudonyms,
            translations=translations,
            news_id=news_id,
        )
    return news_ids


async def drain() -> None:
    """Wait until every broadcast started so far (and any started meanwhile) has ended."""
    await _broadcasts.drain()
