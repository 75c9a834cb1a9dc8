"""Forged and malformed button data of the evidence feature: never a crash, never a change."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from aiogram.types import CallbackQuery, Message
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from services.team.roles import EXPERT, STAFF
from storage.models import EvidenceDecision, Invitation, Role
from tests.evidence_support import (
    ADMIN_ID,
    SM,
    grant,
    load_checklist,
)
from tests.harness import BOT_USER, Person

PREFIXES = ["iv", "rl", "cl", "rq", "df", "rv"]
WORDS = ["staff", "expert", "admin", "make", "region", "regions", "cancel", "ask", "revoke",
         "page", "open", "submit", "force", "discard", "accept", "reject", "preset", "custom",
         "back", "skip", "77", "77-cao", "16", "*", "K1", "place", "0", "1", "-1",
         "99999999999999999999999", "", "x" * 40]  # fmt: skip
callback_data = st.builds(
    lambda p, parts: ":".join([p, *parts]),
    st.sampled_from(PREFIXES),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=5),
)


@pytest.fixture
async def prepared(user: Person, sessionmaker: SM) -> None:
    await load_checklist(sessionmaker)
    await grant(sessionmaker, 4242, STAFF, "77-sao")
    await grant(sessionmaker, 4243, EXPERT, "16")


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(presses=st.lists(callback_data, min_size=1, max_size=8))
async def test_forged_presses_by_a_respondent_change_nothing(
    user: Person,
    sessionmaker: SM,
    prepared: None,
    caplog: pytest.LogCaptureFixture,
    presses: list[str],
) -> None:
    person = user.as_user(5555)
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        for data in presses:
            await press(person, data)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Invitation)) == 0
        assert await session.scalar(select(func.count()).select_from(EvidenceDecision)) == 0
        assert await session.scalar(select(func.count()).select_from(Role)) == 2


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(presses=st.lists(callback_data, min_size=1, max_size=8))
async def test_malformed_presses_by_an_admin_never_crash(
    user: Person,
    sessionmaker: SM,
    prepared: None,
    caplog: pytest.LogCaptureFixture,
    presses: list[str],
) -> None:
    admin = user.as_user(ADMIN_ID)
    await grant(sessionmaker, ADMIN_ID, STAFF, "77-cao")
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        for data in presses:
            await press(admin, data)
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def press(person: Person, data: str) -> None:
    # A message of the bot the handlers may edit, as under a real button.
    await person.bot.send_message(person.chat.id, "?")
    shown = person.last()
    await person.feed(
        callback_query=CallbackQuery(
            id="f",
            from_user=person.user,
            chat_instance="ci",
            message=Message(
                message_id=shown.message_id,
                date=datetime.now(UTC),
                chat=person.chat,
                from_user=BOT_USER,
                text="?",
            ),
            data=data,
        )
    )


async def test_out_of_range_ids_are_stale_buttons(
    user: Person, sessionmaker: SM, prepared: None, caplog: pytest.LogCaptureFixture
) -> None:
    admin = user.as_user(ADMIN_ID)
    await grant(sessionmaker, ADMIN_ID, STAFF, "77-cao")
    await grant(sessionmaker, ADMIN_ID, EXPERT, None)
    big = "9" * 23  # beyond any database integer
    stale = "Эта кнопка уже не действует. Отправьте /start, чтобы продолжить."
    with caplog.at_level(logging.ERROR):
        for data in (
            f"df:open:{big}",
            f"rv:accept:{big}",
            f"rl:revoke:{big}:0",
            f"rq:77-cao:K1:{big}",
            f"iv:region:staff:77:{big}",
            "rv:accept:-1",
        ):
            await press(admin, data)
            assert admin.last_alert() == stale
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
