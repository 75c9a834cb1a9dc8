"""Posting an accepted practice to the channel once (claims: services.practices.channel), and
the practice of the week after the weekly digest.

The card goes out in Russian (the channel's language) through the rate-limited Sender that
the news broadcasts share: one message, one photo with the card as its caption, or an album
whose caption is the card's header when the whole card does not fit 1024 characters — then
the full card follows as a message of its own. The first message's link is kept.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.background import BackgroundTasks
from bot.config import Settings
from bot.i18n import Translations
from bot.sender import Outgoing, Sender, parse_chat_id
from services.digest.content import iso_week
from services.evidence.media import MediaStore
from services.practices import card as cards
from services.practices import channel, library
from services.practices.workflow import PracticeService
from storage.models import Post, utcnow
from storage.models_practices import Practice

log = logging.getLogger(__name__)
_tasks = BackgroundTasks()


def _read(store: MediaStore, relative: str | None) -> bytes | None:
    path = store.path(relative) if relative else None
    return path.read_bytes() if path is not None and path.is_file() else None


async def _items(
    session: AsyncSession, settings: Settings, translations: Translations, practice: Practice
) -> list[Outgoing]:
    t = translations.get("ru")
    svc = PracticeService(session, settings.scoring.load())
    centre, region = await library.centre_and_region(session, practice)
    files = await svc.files(practice.id, "photo")
    documents = await svc.files(practice.id, "document")
    store = MediaStore(settings.evidence.media_dir)
    photos = []
    for number, row in enumerate(files):
        data = await asyncio.to_thread(_read, store, row.stored_path)
        if data is not None:
            photos.append((f"practice-{practice.id}-{number + 1}.jpg", data))
        else:
            log.warning("photo %s of practice %s is missing under MEDIA_DIR", row.id, practice.id)
    text = cards.card(t, svc.m, practice, centre, region, photos=0, document=bool(documents))
    chat = parse_chat_id(settings.digest.channel_id)
    if not photos:
        return [Outgoing(chat, text, tag=practice.id)]
    if len(text) <= cards.CAPTION_LIMIT:
        return [Outgoing(chat, text, tuple(photos), tag=practice.id)]
    caption = cards.caption(t, svc.m, practice, centre, region)
    return [Outgoing(chat, caption, tuple(photos), tag=practice.id), Outgoing(chat, text)]


async def publish(
    *,
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    translations: Translations,
    practice_id: int,
    sender: Sender,
    now: datetime | None = None,
) -> str:
    """posted | skipped (posted, being posted, or not accepted) | failed | no-channel"""
    name = settings.digest.channel_id.strip()
    if not name:
        log.warning("CHANNEL_ID is not set: practice %s is not posted", practice_id)
        return "no-channel"
    now = now or utcnow()
    async with sessionmaker() as session:
        if not await channel.claim(session, practice_id, now):
            return "skipped"
        practice = await session.get(Practice, practice_id)
        assert practice is not None
        try:
            items = await _items(session, settings, translations, practice)
        except Exception as error:
            log.exception("practice %s could not be prepared", practice_id)
            await channel.failed(session, practice_id, f"{type(error).__name__}: {error}")
            return "failed"
    ids: list[int] = []
    # The process's one Sender (bot.factory): one rate limit with the digest and the news.
    results = [await sender.send(items[0])]
    if results[0].ok:
        results += [await sender.send(item) for item in items[1:]]
    async with sessionmaker() as session:
        if not results[0].ok:
            await channel.failed(session, practice_id, results[0].error or results[0].status)
            log.error("practice %s not posted: %s", practice_id, results[0].error)
            return "failed"
        for result in results:
            ids.extend(result.message_ids)
        # Posted once the first message is out: retrying would post the album twice.
        link = channel.message_link(name, ids[0]) if ids else None
        await channel.record(session, practice_id, ids, link, utcnow())
    log.info("practice %s posted to %s (%d messages)", practice_id, name, len(ids))
    return "posted"


def start(
    *,
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    translations: Translations,
    practice_id: int,
    sender: Sender,
) -> asyncio.Task[str | None]:
    job = publish(
        bot=bot, sessionmaker=sessionmaker, settings=settings, translations=translations,
        practice_id=practice_id, sender=sender,
    )  # fmt: skip
    return _tasks.start(job, f"practice {practice_id} post")


async def drain() -> None:
    await _tasks.drain()


async def publish_due(
    *,
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    translations: Translations,
    sender: Sender,
    now: datetime | None = None,
) -> dict[int, str]:
    """Accepted practices not in the channel yet (a restart, a failure): post them now."""
    if not settings.digest.channel_id.strip():
        return {}
    async with sessionmaker() as session:
        due = await channel.due(session, now or utcnow())
    return {
        practice_id: await publish(
            bot=bot, sessionmaker=sessionmaker, settings=settings, translations=translations,
            practice_id=practice_id, sender=sender, now=now,
        )
        for practice_id in due
    }  # fmt: skip


async def practice_of_week(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    translations: Translations,
    sender: Sender,
    now: datetime | None = None,
) -> str:
    """Once the week's digest is in the channel, a follow-up names the practice of the week
    (rule: services.practices.channel). posted | none | already | waiting | failed"""
    name = settings.digest.channel_id.strip()
    if not name:
        return "waiting"
    now = now or utcnow()
    zone = ZoneInfo(settings.digest.digest_timezone)
    week = iso_week(now, zone)
    async with sessionmaker() as session:
        digest = await session.scalar(
            select(Post.status).where(Post.channel == name, Post.iso_week == week)
        )
        if digest != "posted":
            return "waiting"
        local = now.astimezone(zone)
        start = (local - timedelta(days=7)).astimezone(now.tzinfo)
        pick = await channel.practice_of_week(session, start, now)
        if not await channel.claim_week(
            session, name, week, pick.practice.id if pick else None, now
        ):
            return "already"
        if pick is None:
            return "none"
        practice = pick.practice
        centre, _ = await library.centre_and_region(session, practice)
    t = translations.get("ru")
    text = t(
        "practices-week",
        title=cards.escape(practice.title or ""),
        centre=cards.escape(centre.name),
        votes=pick.votes,
        link=practice.post_link or "",
    )
    result = await sender.send(Outgoing(parse_chat_id(name), text))
    async with sessionmaker() as session:
        message_id = result.message_ids[0] if result.message_ids else None
        await channel.record_week(
            session, name, week, "posted" if result.ok else "failed", message_id
        )
    return "posted" if result.ok else "failed"
