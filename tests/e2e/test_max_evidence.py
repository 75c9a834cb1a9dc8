"""End to end on MAX: a working group member sends a photo, then the location, from MAX.

MAX's location carries no accuracy: the geo check then tests what it can, the time between
photo and location and the distance to the centre (and that the location is not forwarded).
The photo is uploaded by the person to MAX; the bot downloads it from the URL MAX gives.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import BotProcess
from tests.e2e.max_support import max_env, shown, wait_text
from tests.e2e.test_evidence_photo import CAO, prepare
from tests.fakemax import FakeMax, MaxCall
from tests.images import make_jpeg_with_gps, offset_north

USER = 5101


@pytest.fixture
async def fake_max() -> AsyncIterator[FakeMax]:
    async with FakeMax(token="max-e2e-token") as api:
        yield api


def click_starting(api: FakeMax, call: MaxCall, prefix: str) -> None:
    mid = str(shown(call))
    [label] = [b["text"] for b in api.buttons(mid) if b["text"].startswith(prefix)]
    api.click(USER, mid, label)


async def test_photo_and_location_evidence_on_max(fake_max: FakeMax, tmp_path: Path) -> None:
    api = fake_max
    media = tmp_path / "media"
    env = {**max_env(tmp_path, api), "MEDIA_DIR": str(media)}
    token = await prepare(env["DATABASE_URL"])
    process = BotProcess(env, tmp_path)
    process.start()
    taken = datetime.now(ZoneInfo("Europe/Moscow")).replace(tzinfo=None)
    picture = make_jpeg_with_gps(None, None, taken)  # MAX keeps no GPS: the location proves it
    try:
        api.start(USER, f"i_{token}")
        await wait_text(api, USER, "вы в рабочей группе центра", timeout=120)
        api.send_text(USER, "/checklist")
        overview = await wait_text(api, USER, "Чек-лист: подтверждено 0 из")
        click_starting(api, overview, "K1 · ")
        k1 = await wait_text(api, USER, "K1 · Комфорт в центре", overview.index)
        click_starting(api, k1, "📎 2")
        await wait_text(api, USER, "Как подтвердить", k1.index)
        api.send_photo(USER, picture)
        added = await wait_text(api, USER, "Файл добавлен", k1.index)
        api.send_location(USER, *offset_north(*CAO, 60))
        located = await wait_text(api, USER, "Геопозиция получена", added.index)
        assert "60 м от центра — проверка пройдена" in located.text
        click_starting(api, located, "📤")
        await wait_text(api, USER, "Отправлено на проверку", located.index)
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{process.output()[-4000:]}") from error
    finally:
        process.stop()

    digest = hashlib.sha256(picture).hexdigest()
    assert (media / digest[:2] / digest).read_bytes() == picture
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        evidence = conn.execute(
            "select status, requirement_id, geo_ok, geo_reason from evidence"
        ).fetchall()
    assert evidence == [("pending", "K1-kids-corner", 1, "ok")]
