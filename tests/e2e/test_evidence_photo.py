"""End to end over HTTP: a working group member sends photo evidence; the bot downloads it
from the (fake) Bot API's file URL and keeps a content-addressed copy under MEDIA_DIR."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from services.evidence.checklist_sync import sync_checklist
from services.team.roles import STAFF, Invitations
from storage.db import create_engine, create_sessionmaker
from tests.e2e.conftest import BotProcess
from tests.fakebotapi import FakeBotAPI, RecordedCall
from tests.images import make_jpeg_with_gps, offset_north

USER = 5101
CAO = (55.7715, 37.6324)


async def prepare(database_url: str) -> str:
    """The checklist in the database and a staff invitation for 77-cao; returns the token."""
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            await sync_checklist(session)
            token, _ = await Invitations(session).create(STAFF, "77-cao", 1, timedelta(days=1))
    finally:
        await engine.dispose()
    return token


def _text(call: RecordedCall) -> str:
    return str(call.params.get("text", ""))


async def wait_text(api: FakeBotAPI, part: str, since: int = 0) -> RecordedCall:
    return await api.wait_for(
        lambda c: (
            c.method in ("sendMessage", "editMessageText")
            and c.chat_id == USER
            and part in _text(c)
            and c.ok
        ),
        timeout=90,
        since=since,
    )


def message_id(call: RecordedCall) -> int:
    if call.method == "editMessageText":
        return int(call.params["message_id"])
    assert call.response is not None
    return int(call.response["result"]["message_id"])


def click_starting(api: FakeBotAPI, call: RecordedCall, prefix: str) -> None:
    mid = message_id(call)
    [current] = [m for m in api.messages(USER) if m["message_id"] == mid]
    [label] = [text for text, _ in api.buttons(current) if text.startswith(prefix)]
    api.click(USER, mid, label)


async def test_photo_evidence_is_downloaded_and_stored(
    fake_api: FakeBotAPI, bot_env: dict[str, str], tmp_path: Path
) -> None:
    api = fake_api
    media = tmp_path / "media"
    env = {**bot_env, "MEDIA_DIR": str(media)}
    token = await prepare(env["DATABASE_URL"])
    bot = BotProcess(env, tmp_path)
    bot.start()
    taken = datetime.now(ZoneInfo("Europe/Moscow")).replace(tzinfo=None)
    picture = make_jpeg_with_gps(*offset_north(*CAO, 60), taken, offset="+03:00")
    try:
        api.send_message(USER, f"/start i_{token}")
        await wait_text(api, "вы в рабочей группе центра")
        api.send_message(USER, "/checklist")
        overview = await wait_text(api, "Чек-лист: подтверждено 0 из")
        click_starting(api, overview, "K1 · ")
        k1 = await wait_text(api, "K1 · Комфорт в центре", overview.index)
        click_starting(api, k1, "📎 2")
        await wait_text(api, "Как подтвердить", k1.index)
        api.send_photo(USER, picture, as_document=True, file_name="IMG_0002.JPG")
        added = await wait_text(api, "Файл добавлен", k1.index)
        assert "60 м от центра — проверка пройдена" in _text(added)
        download = await api.wait_for("downloadFile", since=k1.index)
        assert download.ok and download.params["file_path"].startswith("documents/")
        click_starting(api, added, "📤")
        await wait_text(api, "Отправлено на проверку", added.index)
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{bot.output()[-4000:]}") from error
    finally:
        bot.stop()

    digest = hashlib.sha256(picture).hexdigest()
    stored = media / digest[:2] / digest
    assert stored.read_bytes() == picture  # the very bytes the user sent, named by their hash
    assert not [p for p in media.rglob(".part-*")]  # no temporary file left behind
    with sqlite3.connect(tmp_path / "bot.db") as conn:
        files = conn.execute(
            "select sha256, stored_path, kind, file_id, exif_lat from evidence_files"
        ).fetchall()
        evidence = conn.execute(
            "select status, requirement_id, geo_ok, geo_reason from evidence"
        ).fetchall()
    assert [(sha, path, kind) for sha, path, kind, _, _ in files] == [
        (digest, f"{digest[:2]}/{digest}", "document")
    ]
    assert files[0][3].startswith("FAKE") and files[0][4] is not None
    assert evidence == [("pending", "K1-kids-corner", 1, "ok")]
