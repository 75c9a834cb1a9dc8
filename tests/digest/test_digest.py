"""The weekly digest: from snapshot runs to the album, and posting it exactly once a week."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.methods import SendMediaGroup, SendMessage
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.bench_digest import synthetic_digest
from bot.config import (
    DatabaseSettings,
    DigestSettings,
    ScoringSettings,
    Settings,
    SurveySettings,
    TelegramSettings,
)
from bot.i18n import Translations
from bot.sender import Sender
from charts import Digest, Translate, build_caption, visible_length
from handlers.digest.post import DigestPoster
from services.demo import populate
from services.digest.content import (
    build_digest,
    iso_week,
    render_album,
    reported_week,
    weekly_runs,
)
from services.index.ratings import take_snapshot
from storage.db import create_engine, create_sessionmaker
from storage.models import Post, Snapshot, SnapshotRun
from tests.bot.test_sender import AlbumSession, FakeClock

pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]
MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday 10:00 in Moscow, ISO week 48
SLOT = "2026-W48"
CHANNEL = -1001234567890
ADMIN = 900
PNG = b"\x89PNG\r\n\x1a\n"


def digest_settings(database_url: str, **digest: Any) -> Settings:
    return Settings(
        telegram=TelegramSettings(_env_file=None, bot_token="42:TEST", admin_ids=[ADMIN]),
        database=DatabaseSettings(_env_file=None, database_url=database_url),
        survey=SurveySettings(_env_file=None, respondent_secret="test-secret"),
        scoring=ScoringSettings(_env_file=None),
        digest=DigestSettings(_env_file=None, **{"channel_id": str(CHANNEL), **digest}),
    )


@pytest.fixture
def settings(database_url: str) -> Settings:
    return digest_settings(database_url)


@pytest.fixture
async def sessionmaker(settings: Settings) -> Any:
    engine = create_engine(settings.database.database_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


async def weeks_of_data(sessionmaker: SM, settings: Settings, scale: float) -> list[SnapshotRun]:
    async with sessionmaker() as session:
        stats = await populate(
            session, settings, last_run=NOW - timedelta(days=7), weeks=4, scale=scale
        )
    return stats.runs


@pytest.fixture
async def data(sessionmaker: SM, settings: Settings) -> list[SnapshotRun]:
    """The sample centres with four weeks of a few answers; weekly runs up to last Monday."""
    return await weeks_of_data(sessionmaker, settings, 0.25)


@pytest.fixture
async def rich(sessionmaker: SM, settings: Settings) -> list[SnapshotRun]:
    """The same with the demo's volume: official and preliminary regions side by side."""
    return await weeks_of_data(sessionmaker, settings, 1.0)


def tiny_album(digest: Digest, t: Translate) -> list[tuple[str, bytes]]:
    return [("1-star.png", PNG), ("2-regions.png", PNG), ("3-trend.png", PNG)]


class Rig:
    """A poster over a recording Bot API session on a fake clock."""

    def __init__(self, settings: Settings, sessionmaker: SM, **poster: Any) -> None:
        self.clock = FakeClock()
        self.api = AlbumSession(clock=self.clock)
        self.bot = Bot("42:TEST", session=self.api)
        self.sender = Sender(self.bot, clock=self.clock, sleep=self.clock.sleep)
        self.poster = DigestPoster(
            settings=settings,
            sessionmaker=sessionmaker,
            sender=self.sender,
            translations=Translations(),
            render=poster.pop("render", tiny_album),
            clock=lambda: NOW,
            **poster,
        )

    def albums(self) -> list[SendMediaGroup]:
        return self.api.albums()

    def to_admin(self) -> list[str]:
        return [
            m.text for _, m in self.api.sent if isinstance(m, SendMessage) and m.chat_id == ADMIN
        ]


async def posts(sessionmaker: SM) -> list[Post]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(Post).order_by(Post.id)))


async def run_count(sessionmaker: SM) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(SnapshotRun)) or 0)


# --- weeks and the digest ---------------------------------------------------------------------


def test_weeks() -> None:
    assert iso_week(NOW, MSK) == "2026-W48"
    # Sunday 23:30 in Moscow is still week 47, although it is Sunday 20:30 UTC.
    assert iso_week(datetime(2026, 11, 22, 20, 30, tzinfo=UTC), MSK) == "2026-W47"
    assert iso_week(datetime(2026, 11, 22, 21, 30, tzinfo=UTC), MSK) == "2026-W48"
    assert reported_week("2026-W48") == "2026-W47"
    assert reported_week("2027-W01") == "2026-W53"


async def test_digest_compares_with_last_week(
    sessionmaker: SM, settings: Settings, rich: list[SnapshotRun]
) -> None:
    data = rich
    async with sessionmaker() as session:
        current = data[-1]
        # A manual snapshot later in the previous week stands for that week.
        friday = await take_snapshot(session, settings.scoring.load(), now=NOW - timedelta(days=10))
        runs = await weekly_runs(session, current, MSK)
        assert [r.id for r in runs] == [data[0].id, data[1].id, friday.id, current.id]
        digest = await build_digest(
            session, current, settings=settings, week="2026-W47", country_name="Россия"
        )
        before = {
            s.code: s.index
            for s in await session.scalars(
                select(Snapshot).where(Snapshot.run_id == friday.id, Snapshot.level == "region")
            )
        }
    assert digest.week == "2026-W47"
    assert len(digest.regions) == 8
    for row in digest.regions:
        assert row.index is not None
        expected = row.index - before[row.code] if before[row.code] is not None else None
        assert row.delta == pytest.approx(expected)
    assert digest.country_index is not None and digest.star_prev is not None
    assert list(digest.star_now.shares) == ["D", "P", "M", "A", "K"]
    assert all(0 < (v or 0) <= 1 for v in digest.star_now.shares.values())
    assert digest.trend[0].name == "Россия" and len(digest.trend[0].points) == 4
    assert 2 <= len(digest.trend) <= 7
    assert {r.official for r in digest.regions} == {True, False}  # both kinds in the demo data
    caption = build_caption(digest, Translations().get("ru"))
    assert visible_length(caption) <= 1024


async def test_album_is_star_rating_pages_and_trend(
    sessionmaker: SM, settings: Settings, data: list[SnapshotRun]
) -> None:
    t = Translations().get("ru")
    async with sessionmaker() as session:
        digest = await build_digest(
            session, data[-1], settings=settings, week="2026-W47", country_name="Россия"
        )
    album = await asyncio.to_thread(render_album, digest, t)
    assert [name for name, _ in album] == ["1-star.png", "2-regions.png", "3-trend.png"]
    for _, png in album:
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            assert image.width >= 1080 and image.height <= 1280


def test_85_regions_make_a_readable_album() -> None:
    t = Translations().get("ru")
    digest = synthetic_digest(85)
    album = render_album(digest, t)
    names = [name for name, _ in album]
    assert names[0] == "1-star.png" and names[-1] == "3-trend.png"
    assert 4 <= len(album) <= 10
    for _, png in album:
        with Image.open(io.BytesIO(png)) as image:
            assert image.width >= 1080 and max(image.size) <= 1280  # not recompressed
    assert visible_length(build_caption(digest, t)) <= 1024


# --- posting once a week ----------------------------------------------------------------------


async def test_posts_once_per_week(
    sessionmaker: SM, settings: Settings, data: list[SnapshotRun]
) -> None:
    rig = Rig(settings, sessionmaker)
    runs_before = await run_count(sessionmaker)
    outcome = await rig.poster.post_week(SLOT, NOW)
    assert outcome.status == "posted" and outcome.attempt == 1
    (album,) = rig.albums()
    assert album.chat_id == CHANNEL and len(album.media) == 3
    caption = album.media[0].caption or ""
    assert "47-я неделя 2026" in caption and visible_length(caption) <= 1024
    assert [m.caption for m in album.media[1:]] == [None, None]
    (post,) = await posts(sessionmaker)
    assert post.status == "posted" and post.iso_week == SLOT and post.channel == str(CHANNEL)
    assert post.message_ids == list(outcome.message_ids) and len(post.message_ids or []) == 3
    assert post.posted_at is not None and post.run_id is not None
    assert await run_count(sessionmaker) == runs_before + 1  # this week's snapshot, by the job

    again = await rig.poster.post_week(SLOT, NOW + timedelta(hours=5))
    assert again.status == "already"
    restarted = Rig(settings, sessionmaker)  # a restart: a new process, the same database
    assert (await restarted.poster.post_week(SLOT, NOW + timedelta(days=2))).status == "already"
    assert len(rig.albums()) == 1 and not restarted.albums()
    assert await run_count(sessionmaker) == runs_before + 1
    next_week = await restarted.poster.post_week("2026-W49", NOW + timedelta(days=7))
    assert next_week.status == "posted"


async def test_the_week_run_is_reused(
    sessionmaker: SM, settings: Settings, data: list[SnapshotRun]
) -> None:
    async with sessionmaker() as session:
        early = await take_snapshot(session, settings.scoring.load(), now=NOW - timedelta(hours=3))
    rig = Rig(settings, sessionmaker)
    runs_before = await run_count(sessionmaker)
    assert (await rig.poster.post_week(SLOT, NOW)).status == "posted"
    assert await run_count(sessionmaker) == runs_before
    (post,) = await posts(sessionmaker)
    assert post.run_id == early.id


async def test_a_failure_is_retried_later_and_admins_are_told(
    sessionmaker: SM, settings: Settings, data: list[SnapshotRun]
) -> None:
    rig = Rig(settings, sessionmaker)
    album = SendMediaGroup(chat_id=CHANNEL, media=[])
    rig.api.fail_next("SendMediaGroup", TelegramBadRequest(album, "not enough rights"))
    failed = await rig.poster.post_week(SLOT, NOW)
    assert failed.status == "failed" and "not enough rights" in (failed.error or "")
    (post,) = await posts(sessionmaker)
    assert post.status == "failed" and post.attempts == 1 and post.run_id is not None
    (notice,) = rig.to_admin()
    assert "47-я неделя 2026" in notice and "попытка 1 из 5" in notice
    assert "not enough rights" in notice

    runs = await run_count(sessionmaker)
    retried = await rig.poster.post_week(SLOT, NOW + timedelta(minutes=30))
    assert retried.status == "posted" and retried.attempt == 2
    (post,) = await posts(sessionmaker)
    assert post.status == "posted" and post.attempts == 2 and post.error is None
    assert await run_count(sessionmaker) == runs  # the retry renders the same run
    assert len([c for c in rig.api.calls if isinstance(c, SendMediaGroup)]) == 2
    assert len(rig.to_admin()) == 1


async def test_attempts_are_bounded(
    sessionmaker: SM, settings: Settings, data: list[SnapshotRun]
) -> None:
    broken_calls = 0

    def broken(digest: Digest, t: Translate) -> list[tuple[str, bytes]]:
        nonlocal broken_calls
        broken_calls += 1
        raise RuntimeError("font cache is gone")

    rig = Rig(settings, sessionmaker, render=broken, max_attempts=2)
    assert (await rig.poster.post_week(SLOT, NOW)).status == "failed"
    assert (await rig.poster.post_week(SLOT, NOW)).status == "failed"
    assert (await rig.poster.post_week(SLOT, NOW)).status == "gave-up"
    assert broken_calls == 2
    notices = rig.to_admin()
    assert len(notices) == 2 and "после 2 попыток" in notices[-1]
    assert "python -m bot digest" in notices[-1]
    # A person runs `python -m bot digest`: it tries once more.
    fixed = Rig(settings, sessionmaker)
    assert (await fixed.poster.post_week(SLOT, NOW, force=True)).status == "posted"


async def test_flood_control_is_waited_out(
    sessionmaker: SM, settings: Settings, data: list[SnapshotRun]
) -> None:
    rig = Rig(settings, sessionmaker)
    album = SendMediaGroup(chat_id=CHANNEL, media=[])
    rig.api.fail_next("SendMediaGroup", TelegramRetryAfter(album, "Too Many Requests", 42))
    outcome = await rig.poster.post_week(SLOT, NOW)
    assert outcome.status == "posted"
    assert rig.clock.now >= 42
    assert len(rig.albums()) == 2  # the refused one and the posted one
    assert not rig.to_admin()


async def test_an_attempt_that_died_before_sending_is_taken_over_only_when_stale(
    sessionmaker: SM, settings: Settings, data: list[SnapshotRun]
) -> None:
    async with sessionmaker() as session:
        session.add(
            Post(channel=str(CHANNEL), iso_week=SLOT, status="pending", attempts=1, created_at=NOW)
        )
        await session.commit()
    rig = Rig(settings, sessionmaker)
    assert (await rig.poster.post_week(SLOT, NOW + timedelta(minutes=5))).status == "busy"
    taken = await rig.poster.post_week(SLOT, NOW + timedelta(minutes=20))
    assert taken.status == "posted" and taken.attempt == 2
    assert len(rig.albums()) == 1


async def test_two_processes_at_once_post_once(
    sessionmaker: SM, settings: Settings, data: list[SnapshotRun]
) -> None:
    first, second = Rig(settings, sessionmaker), Rig(settings, sessionmaker)
    outcomes = await asyncio.gather(
        first.poster.post_week(SLOT, NOW), second.poster.post_week(SLOT, NOW)
    )
    assert sorted(o.status for o in outcomes) in (["busy", "posted"], ["already", "posted"])
    assert len(first.albums()) + len(second.albums()) == 1
    assert [p.status for p in await posts(sessionmaker)] == ["posted"]


async def test_no_channel_posts_nothing(sessionmaker: SM, database_url: str) -> None:
    settings = digest_settings(database_url, channel_id="")
    rig = Rig(settings, sessionmaker)
    assert (await rig.poster.post_week(SLOT, NOW)).status == "no-channel"
    assert not rig.api.sent and not await posts(sessionmaker)
