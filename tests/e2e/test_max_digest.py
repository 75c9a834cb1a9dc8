"""End to end on MAX: the weekly digest goes to a MAX channel as one message of several images.

Telegram's album (sendMediaGroup) is one MAX message with several image attachments and the
caption as its text; the pictures are uploaded first (POST /uploads, then the bytes).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.conftest import BotProcess
from tests.e2e.environment import wait_for_log
from tests.e2e.max_support import max_env
from tests.e2e.test_digest_post import seed
from tests.fakemax import FakeMax

CHANNEL = -70000000  # a MAX channel's chat id, as MAX shows it


@pytest.fixture
async def fake_max() -> AsyncIterator[FakeMax]:
    async with FakeMax(token="max-e2e-token") as api:
        yield api


async def test_the_digest_is_posted_to_a_max_channel(fake_max: FakeMax, tmp_path: Path) -> None:
    api = fake_max
    api.channels.add(CHANNEL)
    env = max_env(tmp_path, api)
    await seed(env["DATABASE_URL"])
    env.update(CHANNEL_ID=str(CHANNEL), DIGEST_CRON="0 0 * * *", DIGEST_GRACE_HOURS="72")
    process = BotProcess(env, tmp_path)
    process.start()
    try:
        posted = await api.wait_for(
            lambda c: c.route == "POST /messages" and c.query.get("chat_id") == str(CHANNEL),
            timeout=180,
        )
        assert posted.ok, posted.response
        images = posted.body["attachments"]
        assert 3 <= len(images) <= 10 and {a["type"] for a in images} == {"image"}
        assert "Звезда клиентоцентричности ЦЗН" in posted.text
        uploads = [c for c in api.calls if c.route == "POST /uploads"]
        assert len(uploads) >= len(images)
        await wait_for_log(process, "digest for")
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{process.output()[-4000:]}") from error
    finally:
        process.stop()
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("select status, attempts from posts").fetchall()
    assert rows == [("posted", 1)]
