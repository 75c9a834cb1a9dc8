"""End to end over HTTP, the README's practice-base walk: `python -m bot run` against the fake
Bot API; a working-group member joins by invitation and submits a practice, an admin finds it
in /my_index and accepts it, the card is posted to the channel once with its link, a reader
finds it with /practices, and `python -m bot practices export` writes it."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from services.team.roles import STAFF, Invitations
from storage.db import create_engine, create_sessionmaker
from tests.e2e.conftest import BotProcess
from tests.fakebotapi import FakeBotAPI, RecordedCall

STAFF_ID, ADMIN, READER = 5201, 5301, 5401
CHANNEL = -1001234567890
TITLE = "Заявление вместе с клиентом за 10 минут"


async def invitation(database_url: str) -> str:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine).begin() as session:
            token, _ = await Invitations(session).create(STAFF, "77-cao", 1, timedelta(days=1))
    finally:
        await engine.dispose()
    return token


def _text(call: RecordedCall) -> str:
    return str(call.params.get("text", ""))


async def wait_text(api: FakeBotAPI, chat: int | str, part: str, since: int = 0) -> RecordedCall:
    return await api.wait_for(
        lambda c: (
            c.method in ("sendMessage", "editMessageText")
            and c.chat_id == chat
            and part in _text(c)
            and c.ok
        ),
        timeout=90,
        since=since,
    )


def click(api: FakeBotAPI, user: int, call: RecordedCall, part: str) -> None:
    """The button whose label contains `part`, on the message `call` sent or edited."""
    if call.method == "editMessageText":
        mid = int(call.params["message_id"])
    else:
        assert call.response is not None
        mid = int(call.response["result"]["message_id"])
    [current] = [m for m in api.messages(user) if m["message_id"] == mid]
    [label] = [text for text, _ in api.buttons(current) if part in text]
    api.click(user, mid, label)


async def test_submit_accept_post_find_export(
    fake_api: FakeBotAPI, bot_env: dict[str, str], tmp_path: Path
) -> None:
    api = fake_api
    env = {**bot_env, "CHANNEL_ID": str(CHANNEL), "ADMIN_IDS": json.dumps([ADMIN])}
    token = await invitation(env["DATABASE_URL"])
    bot = BotProcess(env, tmp_path)
    bot.start()
    try:
        await api.wait_for("getUpdates", timeout=120)  # started (slow on a busy machine)
        api.send_message(STAFF_ID, f"/start i_{token}")
        await wait_text(api, STAFF_ID, "вы в рабочей группе центра")
        api.send_message(STAFF_ID, "/practice")
        await wait_text(api, STAFF_ID, "Как называется практика?")
        api.send_message(STAFF_ID, TITLE)
        await wait_text(api, STAFF_ID, "Какие показатели индекса")
        api.send_message(STAFF_ID, "M7")
        groups = await wait_text(api, STAFF_ID, "Для кого практика")
        click(api, STAFF_ID, groups, "Ищущие работу")
        await wait_text(api, STAFF_ID, "В чём была проблема?", groups.index)
        api.send_message(STAFF_ID, "Клиенты приходили по три раза.")
        await wait_text(api, STAFF_ID, "Что сделали?")
        api.send_message(STAFF_ID, "Консультант заполняет заявление вместе с клиентом.")
        await wait_text(api, STAFF_ID, "Какой получился результат?")
        api.send_message(STAFF_ID, "Один визит вместо трёх.")
        await wait_text(api, STAFF_ID, "Когда практика начала работать?")
        api.send_message(STAFF_ID, "01.09.2025")
        photos = await wait_text(api, STAFF_ID, "Пришлите фото практики")
        click(api, STAFF_ID, photos, "Дальше")
        document = await wait_text(api, STAFF_ID, "Пришлите документ", photos.index)
        click(api, STAFF_ID, document, "Дальше")
        card = await wait_text(api, STAFF_ID, "#М7_простота_процедур", document.index)
        click(api, STAFF_ID, card, "Отправить на проверку")
        await wait_text(api, STAFF_ID, "отправлена на проверку", card.index)

        # The admin (ADMIN_IDS) sees the waiting practice in /my_index and opens the queue.
        api.send_message(ADMIN, "/my_index")
        queue = await wait_text(api, ADMIN, "Ждут проверки во всех регионах: 1 практика")
        click(api, ADMIN, queue, "Открыть очередь")
        review = await wait_text(api, ADMIN, TITLE, queue.index)
        click(api, ADMIN, review, "Одобрить")
        post = await wait_text(api, CHANNEL, TITLE, review.index)
        assert "#М7_простота_процедур" in _text(post)
        await wait_text(api, STAFF_ID, "Эксперты одобрили", review.index)

        # Anyone finds it with /practices; the card links the channel post.
        api.send_message(READER, "/practices")
        menu = await wait_text(api, READER, "Как искать?")
        click(api, READER, menu, "Новые")
        listing = await wait_text(api, READER, "Практик: 1", menu.index)
        click(api, READER, listing, TITLE[:20])
        assert post.response is not None
        link = f"https://t.me/c/1234567890/{post.response['result']['message_id']}"
        opened = await wait_text(api, READER, link, listing.index)
        assert "недостаточно ответов" in _text(opened)
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{bot.output()[-4000:]}") from error
    finally:
        bot.stop()
    posts = [c for c in api.calls if c.chat_id == CHANNEL and TITLE in _text(c) and c.ok]
    assert len(posts) == 1  # posted once

    out = tmp_path / "practices.csv"
    command = [sys.executable, "-m", "bot", "practices", "export", "--out", str(out)]
    await asyncio.to_thread(
        subprocess.run, command, cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120
    )
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert row["title"] == TITLE and row["channel_link"] == link and row["indicators"] == "M7"
