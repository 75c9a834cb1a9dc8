"""Fault injection on the weekly digest (issues 9 and 10): a second post of one week never
happens by itself, and a digest with nothing true to say is not posted at all."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError, TelegramServerError
from aiogram.methods import GetChat, SendMediaGroup, TelegramMethod
from aiogram.types import Chat
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations
from bot.retry import RetryMiddleware
from bot.sender import Sender
from handlers.digest.post import DigestPoster
from services.digest.content import build_digest, iso_week
from services.index.ratings import take_snapshot
from services.team.roles import ADMIN as ADMIN_ROLE
from services.team.roles import Roles
from storage.migrate import downgrade, upgrade
from storage.models import Answer, Centre, Post, Questionnaire, Region, Snapshot, utcnow
from tests.bot.test_scheduler import Rig as JobsRig
from tests.bot.test_scheduler import moscow
from tests.bot.test_sender import AlbumSession, FakeClock
from tests.digest import test_digest as shared
from tests.digest.test_digest import ADMIN, CHANNEL, NOW, SLOT, digest_settings, tiny_album
from tests.fakebotapi import FakeBotAPI
from tests.harness import Person, RecordingSession

pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]
USERNAME = "czn_digest"

# The digest tests' fixtures: a channel and an admin in the settings, four weeks of data.
settings = shared.settings
sessionmaker = shared.sessionmaker
data = shared.data


class Killed(BaseException):
    """The process dies here: no except, no finally of the poster's own runs past it."""


@dataclass
class ChannelSession(AlbumSession):
    """The recording session that also resolves the channel by id or @username."""

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if isinstance(method, GetChat):
            self.sent.append((self.clock() if self.clock else 0.0, method))
            if str(method.chat_id).lower() in (str(CHANNEL), f"@{USERNAME}"):
                return Chat(id=CHANNEL, type="channel", title="Клиентоцентричность СЗН",
                            username=USERNAME)  # fmt: skip
            raise TelegramBadRequest(method, "Bad Request: chat not found")
        return await super().make_request(bot, method, timeout)


def poster_over(bot: Bot, settings: Settings, sessionmaker: SM, **sender: Any) -> DigestPoster:
    return DigestPoster(
        settings=settings,
        sessionmaker=sessionmaker,
        sender=Sender(bot, **sender),
        translations=Translations(),
        render=tiny_album,
        clock=lambda: NOW,
    )


async def posts(sessionmaker: SM) -> list[Post]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(Post).order_by(Post.id)))


def admin_texts(rig: JobsRig) -> list[str]:
    return [m.text for m in rig.texts(ADMIN)]


# --- (a) killed after Telegram accepted the album ---------------------------------------------


async def test_digest_killed_after_send_posts_once_and_admins_are_told_once(
    settings: Settings, sessionmaker: SM, data: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def die(self: DigestPoster, post_id: int, message_ids: tuple[int, ...]) -> None:
        raise Killed  # Telegram has the album; the process dies before writing it down

    monkeypatch.setattr(DigestPoster, "_posted", die)
    rig = JobsRig(settings, sessionmaker, moscow(23, 10))
    with pytest.raises(Killed):
        await rig.jobs.catch_up()
    assert len(rig.albums()) == 1
    (post,) = await posts(sessionmaker)
    assert post.status == "sending" and post.send_started_at is not None
    monkeypatch.undo()

    # The restart's catch-up, and the due job every 30 minutes after it: 0 further sends.
    restarted = rig.restart(moscow(23, 10, 1))
    outcome = await restarted.jobs.catch_up()
    assert outcome is not None and outcome.status == "unknown"
    for minutes in (30, 60, 90):
        restarted.clock.now = moscow(23, 10, 1) + timedelta(minutes=minutes)
        assert (await restarted.jobs.digest_due()).status == "unknown"  # type: ignore[union-attr]
    again = restarted.restart(moscow(23, 12))
    assert (await again.jobs.catch_up()).status == "unknown"  # type: ignore[union-attr]
    assert len(again.albums()) == 1
    (notice,) = admin_texts(again)  # told once, not at every run
    assert "47-я неделя 2026" in notice and "python -m bot digest --force" in notice
    (post,) = await posts(sessionmaker)
    assert post.status == "unknown" and post.attempts == 1

    # A person checked the channel: `python -m bot digest --force` posts it, once.
    forced = await again.jobs.poster.post_week(SLOT, moscow(23, 13), manual=True, force=True)
    assert forced.status == "posted" and forced.attempt == 2
    assert len(again.albums()) == 2
    assert (await again.jobs.digest_due()).status == "already"  # type: ignore[union-attr]


async def test_a_plain_manual_digest_does_not_repost_an_unknown_week(
    settings: Settings, sessionmaker: SM, data: Any
) -> None:
    async with sessionmaker() as session:
        session.add(
            Post(channel=str(CHANNEL), iso_week=SLOT, status="sending", attempts=1,
                 created_at=NOW, claimed_at=NOW, send_started_at=NOW)
        )  # fmt: skip
        await session.commit()
    rig = JobsRig(settings, sessionmaker, NOW)
    manual = await rig.jobs.poster.post_week(SLOT, NOW, manual=True)
    assert manual.status == "unknown"
    assert not rig.albums() and len(admin_texts(rig)) == 1


# --- (b) an answer slower than the timeout ----------------------------------------------------


async def test_an_answer_slower_than_the_timeout_posts_once(
    settings: Settings, sessionmaker: SM, data: Any
) -> None:
    async with FakeBotAPI(token="42:TEST") as api:
        # Telegram posts the album at once but answers after 3 s; the client gives up after 1 s.
        api.slow_next("sendMediaGroup", 3)
        session = AiohttpSession(api=TelegramAPIServer.from_base(api.url), timeout=1)
        session.middleware(RetryMiddleware())  # as in production (bot.factory)
        bot = Bot("42:TEST", session=session,
                  default=DefaultBotProperties(parse_mode=ParseMode.HTML))  # fmt: skip
        try:
            poster = poster_over(bot, settings, sessionmaker)
            first = await poster.post_week(SLOT, NOW)
            assert first.status == "unknown" and "timeout" in (first.error or "").lower()
            # The scheduler's retries half an hour later, and a restarted process.
            assert (await poster.post_week(SLOT, NOW + timedelta(minutes=30))).status == "unknown"
            restarted = poster_over(bot, settings, sessionmaker)
            assert (await restarted.post_week(SLOT, NOW + timedelta(hours=1))).status == "unknown"
            albums = api.calls_of("sendMediaGroup")
            assert len(albums) == 1 and albums[0].ok  # posted once, by the first attempt
            notices = [c for c in api.calls_of("sendMessage") if c.chat_id == ADMIN]
            assert len(notices) == 1 and "--force" in notices[0].params["text"]
        finally:
            await bot.session.close()
    (post,) = await posts(sessionmaker)
    assert post.status == "unknown" and post.attempts == 1


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (TelegramServerError(SendMediaGroup(chat_id=CHANNEL, media=[]), "Bad Gateway"), "unknown"),
        (TelegramNetworkError(SendMediaGroup(chat_id=CHANNEL, media=[]), "dropped"), "unknown"),
        (TelegramBadRequest(SendMediaGroup(chat_id=CHANNEL, media=[]), "no rights"), "failed"),
    ],
    ids=["502", "dropped", "400"],
)
async def test_only_a_definite_refusal_is_retried(
    settings: Settings, sessionmaker: SM, data: Any, error: Exception, status: str
) -> None:
    clock = FakeClock()
    api = AlbumSession(clock=clock)
    bot = Bot("42:TEST", session=api)
    api.middleware(RetryMiddleware())  # a 5xx of an album is not repeated by the middleware
    poster = poster_over(bot, settings, sessionmaker, clock=clock, sleep=clock.sleep)
    api.fail_next("SendMediaGroup", error)
    assert (await poster.post_week(SLOT, NOW)).status == status
    retry = await poster.post_week(SLOT, NOW + timedelta(minutes=30))
    assert retry.status == ("posted" if status == "failed" else "unknown")
    assert len(api.albums()) == (2 if status == "failed" else 1)


# --- (c) the channel as -100… and as @name ----------------------------------------------------


async def test_channel_as_id_then_as_name_makes_1_row_and_1_post(
    sessionmaker: SM, database_url: str, data: Any
) -> None:
    api = ChannelSession(clock=FakeClock())
    bot = Bot("42:TEST", session=api)
    by_id = poster_over(bot, digest_settings(database_url), sessionmaker)
    assert (await by_id.post_week(SLOT, NOW)).status == "posted"
    by_name = poster_over(
        bot, digest_settings(database_url, channel_id=f"@{USERNAME}"), sessionmaker
    )
    assert (await by_name.post_week(SLOT, NOW + timedelta(hours=1))).status == "already"
    assert len(api.albums()) == 1 and api.albums()[0].chat_id == CHANNEL
    (post,) = await posts(sessionmaker)
    assert post.channel == str(CHANNEL)


async def test_a_row_an_older_version_keyed_by_name_is_adopted(
    sessionmaker: SM, database_url: str, data: Any
) -> None:
    async with sessionmaker() as session:
        session.add(
            Post(channel=f"@{USERNAME.upper()}", iso_week=SLOT, status="posted", attempts=1,
                 message_ids=[7, 8, 9], created_at=NOW)
        )  # fmt: skip
        await session.commit()
    api = ChannelSession(clock=FakeClock())
    poster = poster_over(Bot("42:TEST", session=api), digest_settings(database_url), sessionmaker)
    assert (await poster.post_week(SLOT, NOW + timedelta(hours=1))).status == "already"
    assert not api.albums()
    (post,) = await posts(sessionmaker)
    assert post.channel == str(CHANNEL) and post.message_ids == [7, 8, 9]


async def test_a_channel_that_cannot_be_found_claims_nothing_and_tells_admins_once(
    sessionmaker: SM, database_url: str, data: Any
) -> None:
    api = ChannelSession(clock=FakeClock())
    bot = Bot("42:TEST", session=api)
    poster = poster_over(bot, digest_settings(database_url, channel_id="@nosuch"), sessionmaker)
    for minutes in (0, 30):
        outcome = await poster.post_week(SLOT, NOW + timedelta(minutes=minutes))
        assert outcome.status == "failed" and "chat not found" in (outcome.error or "")
    assert not api.albums() and not await posts(sessionmaker)
    notices = [m for _, m in api.sent if getattr(m, "chat_id", None) == ADMIN]
    assert len(notices) == 1 and "@nosuch" in (getattr(notices[0], "text", "") or "")


# --- (d) an empty installation ----------------------------------------------------------------


async def test_empty_install_posts_0_digests_and_tells_admins_once(
    settings: Settings, sessionmaker: SM
) -> None:
    rig = JobsRig(settings, sessionmaker, moscow(23, 10, 0))
    outcome = await rig.jobs.catch_up()  # the first start, at posting time
    assert outcome is not None and outcome.status == "skipped"
    for minutes in (30, 60):
        rig.clock.now = moscow(23, 10) + timedelta(minutes=minutes)
        assert (await rig.jobs.digest_due()).status == "skipped"  # type: ignore[union-attr]
    restarted = rig.restart(moscow(23, 12))
    assert (await restarted.jobs.catch_up()).status == "skipped"  # type: ignore[union-attr]
    assert not restarted.albums()
    to_channel = [m for _, m in restarted.api.sent if getattr(m, "chat_id", None) == CHANNEL]
    assert all(isinstance(m, GetChat) for m in to_channel)  # looked up, nothing posted
    (notice,) = admin_texts(restarted)
    assert "47-я неделя 2026" in notice and "0 анкет" in notice and "не менее 10" in notice
    (post,) = await posts(sessionmaker)
    assert post.status == "skipped" and "DIGEST_MIN_QUESTIONNAIRES=10" in (post.error or "")
    # The next week is judged afresh (and skipped again: still no answers).
    rig.clock.now = moscow(30, 10)
    assert (await rig.jobs.digest_due()).status == "skipped"  # type: ignore[union-attr]
    assert len(await posts(sessionmaker)) == 2


async def test_a_skipped_week_is_posted_by_hand_once_there_is_data(
    settings: Settings, sessionmaker: SM, data: Any, database_url: str
) -> None:
    strict = digest_settings(database_url, digest_min_questionnaires=1_000_000)
    rig = JobsRig(strict, sessionmaker, moscow(23, 10))
    assert (await rig.jobs.digest_due()).status == "skipped"  # type: ignore[union-attr]
    lenient = JobsRig(settings, sessionmaker, moscow(23, 11))
    assert (await lenient.jobs.digest_due()).status == "skipped"  # type: ignore[union-attr]
    manual = await lenient.jobs.poster.post_week(SLOT, moscow(23, 11), manual=True)
    assert manual.status == "posted"
    assert len(lenient.albums()) == 1 and not rig.albums()


# --- (e) levels with too few questionnaires ---------------------------------------------------


async def thin_out(sessionmaker: SM, region: str, keep: int) -> None:
    """Leave `region` only its `keep` latest questionnaires."""
    async with sessionmaker() as session:
        ids = list(
            await session.scalars(
                select(Questionnaire.id)
                .join(Centre, Centre.code == Questionnaire.centre_code)
                .where(Centre.region_code == region)
                .order_by(Questionnaire.completed_at.desc(), Questionnaire.id.desc())
            )
        )[keep:]
        await session.execute(delete(Answer).where(Answer.questionnaire_id.in_(ids)))
        await session.execute(delete(Questionnaire).where(Questionnaire.id.in_(ids)))
        await session.commit()


async def test_a_region_with_5_questionnaires_is_out_of_the_digest_but_in_my_index(
    user: Person, recording: RecordingSession, sessionmaker: SM, database_url: str
) -> None:
    from services.demo import populate

    now = utcnow()
    public = digest_settings(database_url)  # DIGEST_MIN_QUESTIONNAIRES: the default, 10
    async with sessionmaker() as session:
        await populate(session, public, last_run=now - timedelta(days=8), weeks=3, scale=0.25)
    await thin_out(sessionmaker, "16", keep=5)
    async with sessionmaker() as session:
        run = await take_snapshot(session, public.scoring.load(), now=now)
        snaps = {
            s.code: s
            for s in await session.scalars(
                select(Snapshot).where(Snapshot.run_id == run.id, Snapshot.level == "region")
            )
        }
        names = dict((await session.execute(select(Region.code, Region.name))).all())
        digest = await build_digest(
            session, run, settings=public, week="2026-W48", country_name="Россия"
        )
    assert snaps["16"].respondents == 5 and snaps["16"].index is not None
    counted = [code for code, s in snaps.items() if s.respondents >= 10 and s.index is not None]
    assert counted, "the test needs regions above the minimum too"

    rows = {r.code: r for r in digest.regions}
    assert rows["16"].index is None and rows["16"].delta is None  # shown as «нет данных»
    assert all(rows[code].index == snaps[code].index for code in counted)
    assert names["16"] not in [series.name for series in digest.trend]

    rig = shared.Rig(public, sessionmaker)
    assert (await rig.poster.post_week(iso_week(now, shared.MSK), now)).status == "posted"
    caption = rig.albums()[0].media[0].caption or ""
    assert names["16"] not in caption
    assert "без данных или меньше 10 анкет — " in caption

    # /my_index still shows it, marked preliminary.
    async with sessionmaker() as session:
        await Roles(session).grant(user.user.id, ADMIN_ROLE, None, by=1)
        await session.commit()
    await user.send("/my_index")
    text = "\n".join(
        (getattr(c, "text", None) or getattr(c, "caption", None) or "")
        for c in recording.calls
        if getattr(c, "chat_id", None) == user.chat.id
    )
    (line,) = [line for line in text.splitlines() if names["16"] in line]
    assert "(предварительный)" in line and "нет данных" not in line


def test_migration_0010_makes_an_ambiguous_failure_unknown(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url, "0006")
    with sqlite3.connect(path) as db:
        rows = [
            ("2026-W47", "posted", None),
            (
                "2026-W48",
                "failed",
                "TelegramNetworkError: HTTP Client says - Request timeout error",
            ),
            ("2026-W49", "failed", "TelegramBadRequest: Bad Request: chat not found"),
        ]
        db.executemany(
            "insert into posts (channel, iso_week, status, attempts, error, created_at)"
            " values ('-1001234567890', ?, ?, 1, ?, '2026-11-23 07:00:00')",
            rows,
        )
    upgrade(url)
    with sqlite3.connect(path) as db:
        after = db.execute("select iso_week, status, claimed_at from posts order by id").fetchall()
    assert [(week, status) for week, status, _ in after] == [
        ("2026-W47", "posted"),
        ("2026-W48", "unknown"),  # it may have been posted: never retried by itself
        ("2026-W49", "failed"),  # refused: retried as before
    ]
    assert all(claimed is not None for _, _, claimed in after)
    downgrade(url, "0006")
    with sqlite3.connect(path) as db:
        assert db.execute(
            "select status, attempts from posts where iso_week = '2026-W48'"
        ).fetchone() == ("failed", 5)
