"""Anonymity under faults and attack (issue 10): weak secrets, one key opening everything,
ids in logs, forged opt-ins, and sealed rows a changed key no longer opens."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.methods import SendMessage
from aiogram.types import Message, MessageEntity, Update
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.reseal import reseal_all
from bot.config import Settings, SurveySettings, TelegramSettings
from bot.env_secrets import fill_secrets
from bot.inbox import Inbox
from bot.sender import Limits, Outgoing, Sender
from bot.settings_check import load_settings, secret_problems
from handlers.survey.callbacks import NotifyCb
from services import updates
from services.news import deliveries as news_deliveries
from services.privacy import Pseudonyms, Unreadable
from services.users import Users
from storage.models import CentreNews, FeedbackSubscription, ProcessedUpdate, User
from tests.conftest import ROOT
from tests.harness import Person, RecordingSession, Shown

SM = async_sessionmaker[AsyncSession]
SECRET = "test-secret"  # the conftest settings' RESPONDENT_SECRET
KEY_A = "sealing-key-A-" + "a" * 40
KEY_B = "sealing-key-B-" + "b" * 40
STRONG = "r" * 48
RESPONDENT_ID = 555_000_111  # a realistic id: its digits appear nowhere else in a log


def real_api(secret: str, sealing: str = KEY_A, url: str = "https://api.telegram.org") -> Settings:
    return Settings(
        telegram=TelegramSettings(_env_file=None, telegram_api_url=url),
        survey=SurveySettings(_env_file=None, respondent_secret=secret, sealing_key=sealing),
    )


# --- 1. weak secrets and one key for everything ---------------------------------------------


@pytest.mark.parametrize(
    "secret", ["change-me-in-production", "CHANGE-ME-IN-PRODUCTION", "test-secret", "x" * 31, ""]
)
def test_5_weak_secrets_are_refused_for_a_real_bot_api(secret: str) -> None:
    (line,) = secret_problems(real_api(secret))
    assert line.startswith("bad setting RESPONDENT_SECRET: ")
    assert secret not in line or not secret  # the secret itself is never printed


def test_sealing_key_missing_weak_or_equal_is_refused_3_times() -> None:
    refused = [
        secret_problems(real_api(STRONG, sealing))
        for sealing in ("", "short", STRONG)  # missing, short, the same as the HMAC secret
    ]
    assert [len(lines) for lines in refused] == [1, 1, 1]
    assert all(lines[0].startswith("bad setting SEALING_KEY: ") for lines in refused)
    assert secret_problems(real_api(STRONG, KEY_A)) == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:8081", "http://localhost:9000", "http://[::1]"])
def test_a_loopback_bot_api_waives_the_checks(url: str) -> None:
    assert secret_problems(real_api("change-me-in-production", "", url)) == []


def test_run_refuses_the_shipped_secret_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "SEALING_"))}
    env.update(
        BOT_TOKEN="42:TEST",
        RESPONDENT_SECRET="change-me-in-production",
        SEALING_KEY=KEY_A,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bad setting RESPONDENT_SECRET: "), lines
    assert not (tmp_path / "bot.db").exists()  # refused before anything was touched


def test_make_run_writes_2_random_secrets_into_a_new_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / ".env"
    env.write_text((ROOT / ".env.example").read_text(encoding="utf-8"), encoding="utf-8")
    assert fill_secrets(env, environ={}) == ["RESPONDENT_SECRET", "SEALING_KEY"]
    assert fill_secrets(env, environ={}) == []  # a second run keeps them
    monkeypatch.chdir(tmp_path)
    for name in ("RESPONDENT_SECRET", "SEALING_KEY", "SEALING_KEYS_OLD", "TELEGRAM_API_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    secret = settings.survey.respondent_secret.get_secret_value()
    sealing = settings.survey.sealing_key.get_secret_value()
    assert len(secret) >= 60 and len(sealing) >= 60 and secret != sealing
    assert secret_problems(settings) == []
    assert env.stat().st_mode & 0o077 == 0  # readable by the owner only


def test_an_existing_placeholder_is_never_replaced(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("RESPONDENT_SECRET=change-me-in-production\n", encoding="utf-8")
    assert fill_secrets(env, environ={}) == ["SEALING_KEY"]
    assert "RESPONDENT_SECRET=change-me-in-production\n" in env.read_text(encoding="utf-8")


def test_the_pseudonym_secret_alone_opens_no_sealed_id() -> None:
    sealed = Pseudonyms(SECRET, KEY_A).seal(RESPONDENT_ID)
    with pytest.raises(Unreadable):
        Pseudonyms(SECRET).unseal(sealed)  # everything an attacker with RESPONDENT_SECRET has
    assert Pseudonyms("another-secret", KEY_A).unseal(sealed) == RESPONDENT_ID


def test_rows_sealed_before_the_upgrade_and_the_rotation_stay_readable() -> None:
    legacy = Pseudonyms(SECRET).seal(1)  # the old derivation from RESPONDENT_SECRET
    under_a = Pseudonyms(SECRET, KEY_A).seal(2)
    upgraded = Pseudonyms(SECRET, KEY_A)
    assert upgraded.unseal(legacy) == 1
    rotated = Pseudonyms(SECRET, KEY_B, [KEY_A])
    assert [rotated.unseal(legacy), rotated.unseal(under_a)] == [1, 2]
    with pytest.raises(Unreadable):
        Pseudonyms(SECRET, KEY_B).unseal(under_a)  # KEY_A dropped before resealing
    assert Pseudonyms(SECRET, KEY_B).unseal(rotated.reseal(under_a)) == 2


async def test_reseal_brings_3_rows_under_the_new_key_and_counts_1_unreadable(
    sessionmaker: SM, centres: None
) -> None:
    old, stranger = Pseudonyms(SECRET, KEY_A), Pseudonyms(SECRET, "x" * 40)
    async with sessionmaker() as session:
        for user_id in (1, 2):
            await Users(session, old).subscribe(user_id, "77-cao")
        await Users(session, stranger).subscribe(3, "77-cao")
        await updates.store(session, [(900, old.seal_text("{}"))])
    report = await reseal_all(sessionmaker, Pseudonyms(SECRET, KEY_B, [KEY_A]))
    assert (report.resealed, report.unreadable) == (3, 1)
    new_only = Pseudonyms(SECRET, KEY_B)
    async with sessionmaker() as session:
        chats = list(await session.scalars(select(FeedbackSubscription.chat)))
        payload = await session.scalar(select(ProcessedUpdate.payload))
    assert sorted(_try_unseal(new_only, chat) for chat in chats) == [-1, 1, 2]
    assert payload is not None and new_only.unseal_text(payload) == "{}"


def _try_unseal(pseudonyms: Pseudonyms, token: str) -> int:
    try:
        return pseudonyms.unseal(token)
    except Unreadable:
        return -1


# --- 2. logs name a pseudonym, never an id --------------------------------------------------


class FailingSession(RecordingSession):
    """Every sendMessage fails: first with flood control, then with a bad request."""

    async def make_request(self, bot: Bot, method: object, timeout: int | None = None) -> object:
        if isinstance(method, SendMessage):
            self.calls.append(method)
            if len(self.calls) == 1:
                raise TelegramRetryAfter(method, "Too Many Requests", retry_after=1)
            raise TelegramBadRequest(method, "Bad Request: chat not found")
        return await super().make_request(bot, method, timeout)  # type: ignore[arg-type]


async def test_a_failed_send_and_flood_control_log_2_lines_without_the_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pseudonyms = Pseudonyms(SECRET)
    bot = Bot("42:TEST", session=FailingSession())

    async def no_wait(_seconds: float) -> None:
        return None

    sender = Sender(bot, limits=Limits(retries=1), sleep=no_wait, pseudonyms=pseudonyms)
    with caplog.at_level(logging.INFO, logger="bot.sender"):
        result = await sender.send(Outgoing(RESPONDENT_ID, "news"))
    assert result.status == "failed"
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.sender"]
    assert len(lines) == 2, lines  # the flood wait, then the failure
    assert all(pseudonyms.tag(RESPONDENT_ID) in line for line in lines)
    assert str(RESPONDENT_ID) not in caplog.text
    # A channel is public: named by its id.
    assert "-100123" in Sender(bot).label(-100123)


async def test_a_handler_error_logs_the_tag_and_no_id(
    user: Person, recording: RecordingSession, caplog: pytest.LogCaptureFixture
) -> None:
    person = user.as_user(RESPONDENT_ID)
    await person.send("/start c_77-cao")
    await person.tap("Согласен")
    await person.tap("соискатель")
    recording.fail_next("EditMessageText", RuntimeError(f"chat {RESPONDENT_ID} hiccup"))
    with caplog.at_level(logging.INFO):
        await person.tap("4")
    errors = [r for r in caplog.records if r.name == "bot.errors"]
    assert len(errors) == 1
    assert Pseudonyms(SECRET).tag(RESPONDENT_ID) in errors[0].getMessage()
    assert "hiccup" in errors[0].getMessage()  # the error itself is still there to read
    assert str(RESPONDENT_ID) not in caplog.text


# --- 3. the news opt-in only for who answered -----------------------------------------------


async def subscriptions(sm: SM) -> int:
    async with sm() as session:
        return int(await session.scalar(select(func.count(FeedbackSubscription.user_key))) or 0)


async def users(sm: SM) -> int:
    async with sm() as session:
        return int(await session.scalar(select(func.count(User.key))) or 0)


async def test_a_forged_opt_in_stores_nothing_3_times(user: Person, sessionmaker: SM) -> None:
    forged = NotifyCb(centre="77-cao").pack()
    stranger = user.as_user(2002)  # never consented, never answered
    await stranger.press(forged, _screen(user))
    assert "ответите на вопросы" in (stranger.last_alert() or "")
    assert (await subscriptions(sessionmaker), await users(sessionmaker)) == (0, 0)

    await user.send("/start c_77-cao")  # consented, the questionnaire not finished
    await user.tap("Согласен")
    await user.tap("соискатель")
    await user.press(forged)
    assert "ответите на вопросы" in (user.last_alert() or "")

    for _ in range(19):
        await user.tap("4")
    await user.tap("Пропустить")
    await user.press(NotifyCb(centre="77-sao").pack())  # completed, but for another centre
    assert await subscriptions(sessionmaker) == 0

    await user.tap("Сообщите")  # the real button, after the real questionnaire
    assert "Напишем" in (user.last_alert() or "")
    assert await subscriptions(sessionmaker) == 1


def _screen(user: Person) -> Shown:
    return Shown(1, user.chat.id, "…")  # a thanks message they never got


# --- 4. sealed rows a changed key does not open ---------------------------------------------


async def test_a_restart_with_another_key_skips_2_unreadable_updates_and_runs(
    user: Person, recording: RecordingSession, sessionmaker: SM, caplog: pytest.LogCaptureFixture
) -> None:
    before, after = Pseudonyms(SECRET, KEY_A), Pseudonyms(SECRET, KEY_B)
    lost = _message_update(user, 991_001, "/help").model_dump_json()
    help_update = _message_update(user, 991_003, "/help")
    async with sessionmaker() as session:  # killed with these unfinished
        await updates.store(
            session,
            [
                (991_001, before.seal_text(lost)),
                (991_002, before.seal_text("not even json")),
                (991_003, after.seal_text(help_update.model_dump_json())),
            ],
        )
    restarted = Inbox(sessionmaker, after)
    user.dp["inbox"] = restarted
    with caplog.at_level(logging.WARNING, logger="bot.inbox"):
        assert await restarted.replay(user.dp, user.bot) == 1
    await restarted.drain()
    assert [r.getMessage() for r in caplog.records if r.name == "bot.inbox"] == [
        "2 unfinished update(s) cannot be opened with the current keys: skipped"
    ]
    assert "/start" in user.last().text  # the readable one was handled: /help's answer
    async with sessionmaker() as session:
        assert await updates.unfinished(session) == []  # not tried again at the next start
    await user.send("/start")  # and the bot runs on
    assert "Согласен" in str(user.last().buttons())


def _message_update(user: Person, update_id: int, text: str) -> Update:
    return Update(
        update_id=update_id,
        message=Message(
            message_id=update_id,
            date=datetime.now(UTC),
            chat=user.chat,
            from_user=user.user,
            text=text,
            entities=[MessageEntity(type="bot_command", offset=0, length=len(text))],
        ),
    )


async def test_news_skips_3_unreadable_subscriptions_and_counts_them(
    sessionmaker: SM, centres: None, caplog: pytest.LogCaptureFixture
) -> None:
    before, after = Pseudonyms(SECRET, KEY_A), Pseudonyms(SECRET, KEY_B)
    async with sessionmaker() as session:
        for user_id in (11, 12, 13):
            await Users(session, before).subscribe(user_id, "77-cao")
        await Users(session, after).subscribe(14, "77-cao")
        news = CentreNews(
            centre_code="77-cao", author_key="author", text="news", recipients=0, delivered=0
        )
        session.add(news)
        await session.flush()
        assert await news_deliveries.log_recipients(session, news.id, "77-cao") == 4
        await session.commit()
        with caplog.at_level(logging.WARNING, logger="services.news.deliveries"):
            recipients = await news_deliveries.due(session, after, news.id, datetime.now(UTC))
    assert [r.chat_id for r in recipients] == [14]
    assert [r.getMessage() for r in caplog.records] == [
        f"3 subscriber(s) of news {news.id} cannot be unsealed: not sent"
    ]
