"""Random input through the production dispatcher: nothing crashes, the bot still answers."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Location, Message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.harness import BOT_USER, Person, RecordingSession

PREFIXES = ["cs", "pk", "rp", "rg", "ct", "au", "an", "bk", "sk", "nt", "lg", "fg", "noop", "zz"]
text = st.text(max_size=5000)
commands = st.sampled_from(["/start", "/help", "/language", "/forget", "/start c_", "/start i_"])
callback_data = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda p, parts: ":".join([p, *parts]),
        st.sampled_from(PREFIXES),
        st.lists(st.text(alphabet="0123456789abcdefX-_:", max_size=12), max_size=5),
    ),
)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("text"), text),
        st.tuples(st.just("command"), st.builds(lambda c, t: c + t, commands, text)),
        st.tuples(st.just("callback"), callback_data),
        st.tuples(st.just("location"), st.tuples(st.floats(-90, 90), st.floats(-180, 180))),
        st.tuples(st.just("sticker"), st.none()),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=actions, uid=st.integers(1, 2**40))
async def test_random_updates_never_crash(
    user: Person,
    recording: RecordingSession,
    caplog: pytest.LogCaptureFixture,
    steps: list[tuple[str, object]],
    uid: int,
) -> None:
    person = user.as_user(uid)
    await person.send("/help")  # a real bot message for callbacks to be pressed on
    screen = person.last()
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        for kind, value in steps:
            if kind in ("text", "command"):
                await person.send(str(value))
            elif kind == "callback":
                on_screen = Message(
                    message_id=screen.message_id,
                    date=datetime.now(UTC),
                    chat=person.chat,
                    from_user=BOT_USER,
                    text=screen.text,
                )
                await person.feed(
                    callback_query=CallbackQuery(
                        id="f",
                        from_user=person.user,
                        chat_instance="ci",
                        message=on_screen,
                        data=str(value),
                    )
                )
            elif kind == "location":
                lat, lon = value  # type: ignore[misc]
                await person.feed(
                    message=person._message(location=Location(latitude=lat, longitude=lon))
                )
            else:
                await person.send_sticker()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]
    before = len(recording.calls)
    await person.send("/help")  # still responsive
    assert any(isinstance(c, SendMessage) for c in recording.calls[before:])
