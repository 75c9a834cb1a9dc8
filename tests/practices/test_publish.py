"""An accepted practice is posted to the channel exactly once: across a failure, a restart
(the scheduler's catch-up), a second task, and a claim left by a process that died."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendMessage
from sqlalchemy import update

from bot.config import Settings
from bot.factory import create_sender
from bot.i18n import Translations
from handlers.practices import publish
from services.practices import channel
from services.privacy import Pseudonyms
from storage.models import utcnow
from storage.models_practices import Practice
from tests.evidence_support import SM
from tests.practices.conftest import CHANNEL, ChannelSession
from tests.practices.support import practices


async def accepted(sm: SM) -> int:
    async with sm.begin() as session:
        practice = Practice(
            centre_code="77-cao", region_code="77", author_id=1001, status="accepted",
            title="Запись на приём за минуту", indicators=" M8 ", groups=" M ",
            client_group="seeker", problem="Очереди", done="Онлайн-запись", result="Без очередей",
            search_text="запись", post_attempts=0, created_at=utcnow(), decided_at=utcnow(),
        )  # fmt: skip
        session.add(practice)
        await session.flush()
        return practice.id


async def test_posted_once_across_a_failure_and_a_restart(
    sessionmaker: SM, settings: Settings, bot: Bot, recording: ChannelSession, centres: None
) -> None:
    practice_id = await accepted(sessionmaker)
    deps = {
        "sessionmaker": sessionmaker,
        "settings": settings,
        "translations": Translations(),
        "sender": create_sender(bot, sessionmaker, Pseudonyms.from_settings(settings)),
    }
    refused = TelegramBadRequest(SendMessage(chat_id=CHANNEL, text="x"), "chat not found")
    recording.fail_next("SendMessage", refused)
    assert await publish.publish(bot=bot, practice_id=practice_id, **deps) == "failed"
    [row] = await practices(sessionmaker)
    assert row.post_status == "failed" and row.post_attempts == 1

    # "Restart": the scheduler's catch-up posts what is due, once; a second run posts nothing.
    assert await publish.publish_due(bot=bot, **deps) == {practice_id: "posted"}
    assert await publish.publish_due(bot=bot, **deps) == {}
    assert await publish.publish(bot=bot, practice_id=practice_id, **deps) == "skipped"
    posts = [p for p in recording.channel_posts() if isinstance(p, SendMessage)]
    assert len(posts) == 1 and "Запись на приём за минуту" in posts[0].text
    [row] = await practices(sessionmaker)
    assert row.post_status == "posted" and row.post_link == f"https://t.me/{CHANNEL[1:]}/500"


async def test_a_claim_of_a_dead_process_waits_then_is_taken_over(
    sessionmaker: SM, settings: Settings, bot: Bot, recording: ChannelSession, centres: None
) -> None:
    practice_id = await accepted(sessionmaker)
    deps = {
        "sessionmaker": sessionmaker,
        "settings": settings,
        "translations": Translations(),
        "sender": create_sender(bot, sessionmaker, Pseudonyms.from_settings(settings)),
    }
    now = utcnow()
    async with sessionmaker() as session:
        assert await channel.claim(session, practice_id, now)  # ...and the process dies
    # Another process, soon after: the claim may still be sending, so nothing is posted.
    assert await publish.publish_due(bot=bot, now=now + timedelta(minutes=5), **deps) == {}
    later = now + channel.STALE_CLAIM + timedelta(minutes=1)
    assert await publish.publish_due(bot=bot, now=later, **deps) == {practice_id: "posted"}
    assert len(recording.channel_posts()) == 1


async def test_not_accepted_is_never_posted_and_attempts_are_bounded(
    sessionmaker: SM, settings: Settings, bot: Bot, recording: ChannelSession, centres: None
) -> None:
    practice_id = await accepted(sessionmaker)
    async with sessionmaker.begin() as session:
        await session.execute(
            update(Practice).where(Practice.id == practice_id).values(status="pending")
        )
    deps = {
        "sessionmaker": sessionmaker,
        "settings": settings,
        "translations": Translations(),
        "sender": create_sender(bot, sessionmaker, Pseudonyms.from_settings(settings)),
    }
    assert await publish.publish(bot=bot, practice_id=practice_id, **deps) == "skipped"
    async with sessionmaker.begin() as session:
        await session.execute(
            update(Practice)
            .where(Practice.id == practice_id)
            .values(status="accepted", post_status="failed", post_attempts=channel.MAX_ATTEMPTS)
        )
    assert await publish.publish_due(bot=bot, **deps) == {}
    assert recording.channel_posts() == []


def test_message_links() -> None:
    assert channel.message_link("@czn", 7) == "https://t.me/czn/7"
    assert channel.message_link("-1001234567", 7) == "https://t.me/c/1234567/7"
    assert channel.message_link("12345", 7) is None


async def test_practice_of_the_week_follows_the_digest_once(
    sessionmaker: SM, settings: Settings, bot: Bot, recording: ChannelSession, centres: None
) -> None:
    from zoneinfo import ZoneInfo

    from services.digest.content import iso_week
    from storage.models import Post
    from storage.models_practices import PracticeVote

    liked, newer = await accepted(sessionmaker), await accepted(sessionmaker)
    now = utcnow()
    async with sessionmaker.begin() as session:
        session.add_all(
            [PracticeVote(practice_id=liked, voter_key=f"k{n}", created_at=now) for n in range(2)]
        )
    deps = {
        "sessionmaker": sessionmaker,
        "settings": settings,
        "translations": Translations(),
        "sender": create_sender(bot, sessionmaker, Pseudonyms.from_settings(settings)),
    }
    assert await publish.practice_of_week(now=now, **deps) == "waiting"
    week = iso_week(now, ZoneInfo(settings.digest.digest_timezone))
    async with sessionmaker.begin() as session:
        session.add(Post(channel=CHANNEL, iso_week=week, status="posted", attempts=1))
    assert await publish.practice_of_week(now=now, **deps) == "posted"
    assert await publish.practice_of_week(now=now, **deps) == "already"
    [post] = recording.channel_posts()
    assert isinstance(post, SendMessage) and "Практика недели" in post.text
    assert "за неделю: 2" in post.text and newer != liked  # the liked one, not the newest
