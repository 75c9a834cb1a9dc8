"""End to end over HTTP: `python -m bot run` posts the weekly digest album to the channel once,
waiting out Telegram's flood control, and a restart in the same week posts nothing."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

from PIL import Image

from bot.config import DatabaseSettings, ScoringSettings, Settings, SurveySettings
from charts import visible_length
from services.demo import populate
from storage.db import create_engine, create_sessionmaker
from storage.models import utcnow
from tests.e2e.conftest import BotProcess
from tests.e2e.environment import wait_for_log
from tests.fakebotapi import FakeBotAPI

CHANNEL = -1001234567890
ADMIN = 777


async def seed(database_url: str) -> None:
    """Four weeks of answers and weekly snapshots in the bot's database."""
    settings = Settings(
        database=DatabaseSettings(_env_file=None, database_url=database_url),
        survey=SurveySettings(_env_file=None, respondent_secret="e2e-secret"),
        scoring=ScoringSettings(_env_file=None),
    )
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            await populate(session, settings, last_run=utcnow() - timedelta(days=2), weeks=4)
    finally:
        await engine.dispose()


async def test_the_digest_is_posted_once_and_flood_control_waited_out(
    fake_api: FakeBotAPI, bot_env: dict[str, str], bot_process: BotProcess, tmp_path: Path
) -> None:
    api = fake_api
    await seed(bot_env["DATABASE_URL"])
    bot_env.update(
        CHANNEL_ID=str(CHANNEL),
        ADMIN_IDS=json.dumps([ADMIN]),
        # Every midnight in Moscow: the latest posting time passed while the bot was down,
        # within the grace period, so the bot posts at start-up (the catch-up).
        DIGEST_CRON="0 0 * * *",
        DIGEST_GRACE_HOURS="72",
    )
    api.fail_next("sendMediaGroup", status=429, retry_after=1)
    bot_process.start()
    try:
        posted = await api.wait_for(lambda c: c.method == "sendMediaGroup" and c.ok, timeout=120)
        refused, accepted = api.calls_of("sendMediaGroup")
        assert refused.response and refused.response["error_code"] == 429
        assert accepted is posted and accepted.at - refused.at >= 1.0  # waited retry_after

        assert posted.chat_id == CHANNEL
        media = posted.params["media"]
        assert 3 <= len(media) <= 10
        for item in media:
            assert item["type"] == "photo"
            data = posted.files[item["media"].removeprefix("attach://")]
            with Image.open(io.BytesIO(data)) as image:
                assert image.format == "PNG"
                assert image.width >= 1080 and image.height <= 1280
        caption = media[0]["caption"]
        assert visible_length(caption) <= 1024
        assert "Звезда клиентоцентричности ЦЗН" in caption
        assert all("caption" not in item for item in media[1:])
        assert posted.response is not None
        assert len(posted.response["result"]) == len(media)

        await wait_for_log(bot_process, "digest for")
        bot_process.stop()
        with sqlite3.connect(tmp_path / "bot.db") as db:
            rows = db.execute(
                "select iso_week, status, attempts, message_ids from posts"
            ).fetchall()
        (week, status, attempts, message_ids), *others = rows
        assert not others and status == "posted" and attempts == 1
        assert len(json.loads(message_ids)) == len(media)

        # A restart in the same week: the catch-up finds the week posted.
        bot_process.start()
        await wait_for_log(bot_process, f"catch-up: digest for {week} already")
        assert len(api.calls_of("sendMediaGroup")) == 2
        assert not [c for c in api.calls_of("sendMessage") if c.chat_id == ADMIN]
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{bot_process.output()[-4000:]}") from error
