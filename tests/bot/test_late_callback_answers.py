"""A tap whose callback answer Telegram refuses as too late still moves the questionnaire on
(issue 18: a redelivered tap, handled after a killed replica's lease, always meets this)."""

from __future__ import annotations

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import Answer
from tests.harness import Person, RecordingSession

pytestmark = pytest.mark.backends("sqlite")

TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


async def test_a_late_callback_answer_does_not_stop_the_next_question(
    user: Person, recording: RecordingSession, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")
    assert "Вопрос 1 из 19" in user.last().text
    late = AnswerCallbackQuery(callback_query_id="x")
    recording.fail_next("AnswerCallbackQuery", TelegramBadRequest(late, TOO_OLD))
    await user.tap("4")
    assert "Вопрос 2 из 19" in user.last().text  # the handler went on to the next screen
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Answer)) == 1
    apologies = [c for c in recording.calls if isinstance(c, SendMessage) and "ошибк" in c.text]
    assert not apologies


async def test_other_callback_answer_errors_still_count(
    user: Person, recording: RecordingSession
) -> None:
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")
    other = AnswerCallbackQuery(callback_query_id="x")
    recording.fail_next(
        "AnswerCallbackQuery", TelegramBadRequest(other, "Bad Request: BOT_BLOCKED")
    )
    await user.tap("4")
    assert "Вопрос 2 из 19" not in user.last().text  # a real error is not swallowed
