"""Webhook mode: the secret header is required; a good update is handled."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import aiohttp

from tests.e2e.conftest import BotProcess
from tests.fakebotapi import FakeBotAPI

SECRET = "s3cret-token_value"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def update(update_id: int, text: str) -> dict[str, object]:
    user = {"id": 6001, "is_bot": False, "first_name": "W", "language_code": "ru"}
    entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": 6001, "type": "private"},
            "from": user,
            "text": text,
            "entities": entities,
        },
    }


async def test_webhook_checks_secret_and_serves(
    fake_api: FakeBotAPI, bot_env: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    env = dict(
        bot_env,
        WEBHOOK_BASE_URL="https://bot.example.invalid",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_PORT=str(port),
        SCHEDULER_ENABLED="false",
    )
    process = BotProcess(env, tmp_path)
    process.start()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    try:
        registered = await fake_api.wait_for("setWebhook", timeout=60)
        assert registered.params["url"] == "https://bot.example.invalid/telegram/webhook"
        assert registered.params["secret_token"] == SECRET
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(url, json=update(1, "/help"), headers=headers) as response:
                    assert response.status == 401
            good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with http.post(url, json=update(2, "/help"), headers=good) as response:
                assert response.status == 200
            reply = await fake_api.wait_for(
                lambda c: c.method == "sendMessage" and c.chat_id == 6001, timeout=90
            )
            assert "/forget" in str(reply.params["text"])
            # the same update again (a webhook retry): handled once
            async with http.post(url, json=update(2, "/help"), headers=good) as response:
                assert response.status == 200
            await asyncio.sleep(1.0)
            assert len([c for c in fake_api.calls_of("sendMessage") if c.chat_id == 6001]) == 1
            async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{process.output()[-4000:]}") from error
    finally:
        process.stop()
