"""End to end on MAX: the centre picker by location, where MAX has no reply keyboard.

Telegram's "send my location" reply keyboard is MAX's request_geo_location button under the
prompt; the location MAX sends (no accuracy) gives the nearest centres, as on Telegram.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.conftest import BotProcess
from tests.e2e.max_support import max_env, shown, wait_text
from tests.e2e.test_evidence_photo import CAO
from tests.fakemax import FakeMax, MaxCall

USER = 5201
NEAREST = "📍 Ближайшие ко мне"


@pytest.fixture
async def fake_max() -> AsyncIterator[FakeMax]:
    async with FakeMax(token="max-e2e-token") as api:
        yield api


def has_button(api: FakeMax, call: MaxCall, text: str) -> bool:
    mid = shown(call)
    return (
        mid is not None and mid in api.messages and any(b["text"] == text for b in api.buttons(mid))
    )


async def test_nearest_centres_by_a_max_location(fake_max: FakeMax, tmp_path: Path) -> None:
    api = fake_max
    process = BotProcess(max_env(tmp_path, api), tmp_path)
    process.start()
    try:
        api.start(USER)
        consent = await wait_text(api, USER, "152-ФЗ", timeout=120)
        api.click(USER, str(shown(consent)), "✅ Согласен(на)")
        picker = await api.wait_for(
            lambda c: c.index > consent.index and has_button(api, c, NEAREST), timeout=90
        )
        api.click(USER, str(shown(picker)), NEAREST)
        prompt = await wait_text(api, USER, "Отправить геопозицию", since=picker.index)
        assert "под этим сообщением" in prompt.text  # not "at the bottom of the screen"
        kinds = {b["type"] for b in api.buttons(str(shown(prompt)))}
        assert kinds == {"request_geo_location", "message"}  # MAX's picker: no reply keyboard
        api.send_location(USER, *CAO)
        nearest = await wait_text(api, USER, "Ближайшие к вам центры", since=prompt.index)
        assert len(api.buttons(str(shown(nearest)))) >= 2
    except Exception as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{process.output()[-4000:]}") from error
    finally:
        process.stop()
