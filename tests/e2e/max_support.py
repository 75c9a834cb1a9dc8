"""What the MAX end-to-end tests share: the fake MAX server and the bot process on it."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.environment import bot_env
from tests.fakemax import FakeMax, MaxCall

MAX_TOKEN = "max-e2e-token"


def max_env(tmp_path: Path, api: FakeMax) -> dict[str, str]:
    """The environment of `python -m bot run` on MAX (centres imported)."""
    return bot_env(tmp_path, MESSENGER="max", MAX_BOT_TOKEN=MAX_TOKEN, MAX_API_URL=api.url)


def shown(call: MaxCall) -> str | None:
    """The mid of the message a call showed (a new message or an edited one)."""
    if not call.ok:
        return None
    if call.route == "POST /messages":
        return str(call.response["message"]["body"]["mid"])
    if call.route == "PUT /messages":
        return str(call.query["message_id"])
    return None


async def wait_text(
    api: FakeMax, user_id: int, part: str, since: int = 0, timeout: float = 90
) -> MaxCall:
    """The first call from `since` showing `part` to this user (sent, or edited in place)."""

    def matches(call: MaxCall) -> bool:
        if shown(call) is None or part not in call.text:
            return False
        if call.route == "POST /messages":
            return call.user_id == user_id
        message = api.messages.get(str(call.query["message_id"]))
        return message is not None and message.user_id == user_id

    return await api.wait_for(matches, timeout=timeout, since=since)
