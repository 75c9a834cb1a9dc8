"""The fake MAX refuses what MAX refuses (its refusals are part of what the e2e tests prove)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakemax import FakeMax

TOKEN = "fake-max-token"


@pytest.fixture
async def api() -> AsyncIterator[FakeMax]:
    async with FakeMax(token=TOKEN) as fake:
        yield fake


async def request(
    api: FakeMax, verb: str, path: str, body: Any = None, token: str = TOKEN, **query: Any
) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as http,
        http.request(
            verb,
            api.url + path,
            params={k: str(v) for k, v in query.items()},
            json=body,
            headers={"Authorization": token},
        ) as response,
    ):
        return response.status, await response.json()


async def test_a_wrong_token_is_401(api: FakeMax) -> None:
    status, body = await request(api, "GET", "/me", token="nope")
    assert status == 401 and body["code"] == "verify.token"


async def test_texts_over_4000_and_unknown_tokens_are_refused(api: FakeMax) -> None:
    status, _ = await request(api, "POST", "/messages", {"text": "x" * 4001}, user_id=1)
    assert status == 400
    image = {"type": "image", "payload": {"token": "never-issued"}}
    status, _ = await request(api, "POST", "/messages", {"attachments": [image]}, user_id=1)
    assert status == 400
    status, body = await request(api, "POST", "/messages", {"text": "x" * 4000}, user_id=1)
    assert status == 200 and body["message"]["body"]["mid"]


async def test_a_file_must_be_alone(api: FakeMax) -> None:
    api.send_photo(2, b"img")  # gives the fake a token for an image
    image_token = next(t for t in api._uploads if t.startswith("img"))
    api._uploads["file-x"] = ("file", b"f")
    attachments = [
        {"type": "file", "payload": {"token": "file-x"}},
        {"type": "image", "payload": {"token": image_token}},
    ]
    status, _ = await request(api, "POST", "/messages", {"attachments": attachments}, user_id=1)
    assert status == 400


async def test_callbacks_are_answered_once_and_with_something(api: FakeMax) -> None:
    keys = {
        "type": "inline_keyboard",
        "payload": {"buttons": [[{"type": "callback", "text": "4", "payload": "a:4"}]]},
    }
    _, sent = await request(
        api, "POST", "/messages", {"text": "q", "attachments": [keys]}, user_id=1
    )
    update = api.click(1, sent["message"]["body"]["mid"], "4")
    callback_id = update["callback"]["callback_id"]
    status, _ = await request(api, "POST", "/answers", {}, callback_id=callback_id)
    assert status == 400  # neither message nor notification
    status, _ = await request(
        api, "POST", "/answers", {"notification": "ok"}, callback_id=callback_id
    )
    assert status == 200
    status, _ = await request(
        api, "POST", "/answers", {"notification": "ok"}, callback_id=callback_id
    )
    assert status == 400  # answered already
    status, _ = await request(api, "POST", "/answers", {"notification": "ok"}, callback_id="nope")
    assert status == 400


async def test_updates_wait_for_the_marker_to_be_confirmed(api: FakeMax) -> None:
    api.send_text(1, "привет")
    _, first = await request(api, "GET", "/updates", timeout=0)
    _, again = await request(api, "GET", "/updates", timeout=0)
    assert len(first["updates"]) == 1 == len(again["updates"])  # unconfirmed: delivered again
    _, after = await request(api, "GET", "/updates", timeout=0, marker=first["marker"])
    assert after["updates"] == []


async def test_an_edit_of_an_unknown_message_is_404(api: FakeMax) -> None:
    status, _ = await request(api, "PUT", "/messages", {"text": "x"}, message_id="mid.none")
    assert status == 404
