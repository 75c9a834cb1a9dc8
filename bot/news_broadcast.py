"""Sending a centre's news to its subscribers in the background (rules: bot.services.news).

The news row is committed before anything is sent (handlers/news.py); a task started here
then writes to every subscriber through the rate-limited `bot.sender.Sender` (a subscriber who
blocked the bot is marked, `blocked_marker`, and skipped next time), stores how many got it,
and tells the author "delivered to X of N". Each subscriber gets the frame in their own
language, with a button to unsubscribe from this centre's news.

Broadcasts running at the same time on one bot share one Sender, so together they keep
Telegram's limits. The tasks are kept by a `bot.background.BackgroundTasks`; `drain()` waits
for them (tests, an orderly shutdown).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import keyboards_news as kb
from bot.background import BackgroundTasks
from bot.i18n import Translations
from bot.sender import Outgoing, Sender, blocked_marker
from bot.services.news import NewsRules, NewsService, news_text
from bot.services.privacy import Pseudonyms
from storage.models import Centre, CentreNews, utcnow

log = logging.getLogger(__name__)

_broadcasts = BackgroundTasks()
# id(bot) -> (the sender its running broadcasts share, how many use it)
_senders: dict[int, tuple[Sender, int]] = {}


@dataclass(frozen=True, slots=True)
class Delivery:
    news_id: int
    recipients: int
    delivered: int


@contextmanager
def _shared_sender(
    bot: Bot, sessionmaker: async_sessionmaker[AsyncSession], pseudonyms: Pseudonyms
) -> Iterator[Sender]:
    key = id(bot)
    sender, users = _senders.get(key) or (
        Sender(bot, on_blocked=blocked_marker(sessionmaker, pseudonyms), pseudonyms=pseudonyms),
        0,
    )
    _senders[key] = (sender, users + 1)
    try:
        yield sender
    finally:
        sender, users = _senders[key]
        if users <= 1:
            del _senders[key]
        else:
            _senders[key] = (sender, users - 1)


async def broadcast(
    *,
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    pseudonyms: Pseudonyms,
    translations: Translations,
    news_id: int,
    author_chat_id: int,
    author_language: str | None,
) -> Delivery | None:
    """Send one stored news to the centre's subscribers and report to its author."""
    async with sessionmaker() as session:
        news = await session.get(CentreNews, news_id)
        centre = await session.get(Centre, news.centre_code) if news is not None else None
        if news is None or centre is None:
            log.error("news %s is gone: nothing sent", news_id)
            return None
        recipients = await NewsService(session, NewsRules(), pseudonyms).recipients(centre.code)
    items = []
    for recipient in recipients:
        t = translations.get(recipient.language)
        items.append(
            Outgoing(
                recipient.chat_id,
                news_text(t, centre, news.text),
                reply_markup=kb.unsubscribe(t, centre.code),
                tag=recipient.user_key,
            )
        )
    with _shared_sender(bot, sessionmaker, pseudonyms) as sender:
        results = await sender.send_all(items)
        delivered = sum(1 for result in results if result.ok)
        async with sessionmaker() as session:
            await NewsService(session, NewsRules(), pseudonyms).finish(
                news_id, len(items), delivered, utcnow()
            )
            await session.commit()
        log.info("news %s of %s: delivered %d of %d", news_id, centre.code, delivered, len(items))
        t = translations.get(author_language)
        report = t(
            "news-delivered", centre=escape(centre.name), delivered=delivered, total=len(items)
        )
        if delivered < len(items):
            report += "\n" + t("news-delivered-failed", failed=len(items) - delivered)
        await sender.send(Outgoing(author_chat_id, report))
    return Delivery(news_id, len(items), delivered)


def start(
    *,
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    pseudonyms: Pseudonyms,
    translations: Translations,
    news_id: int,
    author_chat_id: int,
    author_language: str | None,
) -> asyncio.Task[Delivery | None]:
    """Start `broadcast` in the background; the task is kept until it ends."""
    job = broadcast(
        bot=bot,
        sessionmaker=sessionmaker,
        pseudonyms=pseudonyms,
        translations=translations,
        news_id=news_id,
        author_chat_id=author_chat_id,
        author_language=author_language,
    )
    return _broadcasts.start(job, f"news {news_id} broadcast")


async def drain() -> None:
    """Wait until every broadcast started so far (and any started meanwhile) has ended."""
    await _broadcasts.drain()
