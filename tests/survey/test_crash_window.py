"""The crash window of the one-commit answer path (issue 16).

An answer, the conversation state and the claim's "finished" mark are one commit, then the
callback answer and the edit. A process killed between the two is not replayed, so the
person still sees the question they answered. What they see must still be right: the
answer is kept once, and a tap on that screen draws the question the conversation is at.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.inbox import Inbox
from handlers.survey.states import Respondent
from storage.models import Answer, ProcessedUpdate, Questionnaire
from tests.harness import Person, RecordingSession, Shown

pytestmark = pytest.mark.backends("sqlite", "postgresql")
SM = async_sessionmaker[AsyncSession]


class Killed(BaseException):
    """SIGKILL inside the handler: no except clause, no further statement of it runs."""


async def start_answering(user: Person) -> None:
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")


async def stored(sm: SM) -> list[int | None]:
    async with sm() as session:
        rows = await session.scalars(select(Answer.value).order_by(Answer.question_id))
        return list(rows)


async def unfinished_claims(sm: SM) -> int:
    async with sm() as session:
        found = await session.scalar(
            select(func.count()).select_from(ProcessedUpdate).where(~ProcessedUpdate.finished)
        )
        return int(found or 0)


async def test_killed_after_the_commit_the_old_screen_leads_on(
    user: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    await start_answering(user)
    await user.tap("4")
    screen = user.last_with_buttons()
    assert "Вопрос 2 из 19" in screen.text

    recording.fail_next("AnswerCallbackQuery", Killed())
    calls = len(recording.calls)
    with pytest.raises(Killed):
        await user.tap("5", screen)
    # Durable before anything was shown; then the process died: no edit was sent.
    assert await stored(sessionmaker) == [4, 5]
    assert await unfinished_claims(sessionmaker) == 0
    assert [type(c).__name__ for c in recording.calls[calls:]] == ["AnswerCallbackQuery"]
    assert "Вопрос 2 из 19" in screen.text  # what the person still sees

    # The restart replays nothing: the update's commit carried its finished mark.
    restarted = Inbox(sessionmaker, user.dp["pseudonyms"])
    user.dp["inbox"] = restarted
    assert await restarted.replay(user.dp, user.bot) == 0

    # The old keyboard still works: its tap draws the current question in the same message;
    # the answer given before the crash stands, nothing is written twice.
    await user.tap("3", screen)
    assert "Вопрос 3 из 19" in screen.text
    assert user.last_with_buttons().message_id == screen.message_id
    assert await stored(sessionmaker) == [4, 5]
    assert await unfinished_claims(sessionmaker) == 0

    # And the survey goes on from there.
    await user.tap("2", screen)
    assert "Вопрос 4 из 19" in screen.text
    assert await stored(sessionmaker) == [4, 5, 2]


async def test_killed_after_the_last_answers_commit_the_comment_prompt_comes(
    user: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    await start_answering(user)
    for _ in range(18):
        await user.tap("4")
    screen = user.last_with_buttons()
    assert "Вопрос 19 из 19" in screen.text

    recording.fail_next("AnswerCallbackQuery", Killed())
    with pytest.raises(Killed):
        await user.tap("5", screen)
    async with sessionmaker() as session:
        completed = await session.scalar(select(Questionnaire.completed_at))
    assert completed is not None and len(await stored(sessionmaker)) == 19
    assert "Вопрос 19 из 19" in screen.text

    await user.tap("5", screen)
    assert "все ответы сохранены" in screen.text  # the completion and its comment prompt
    assert user.last_alert() is not None  # "already filled in": the answers cannot change
    state = user.dp.fsm.get_context(user.bot, user.chat.id, user.user.id)
    assert await state.get_state() == Respondent.comment.state
    assert len(await stored(sessionmaker)) == 19


async def test_a_double_tap_still_changes_nothing(
    user: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    """The redraw is only visible after a crash: on a screen already moved on it is an edit
    Telegram reports as "not modified"."""
    await start_answering(user)
    screen = user.last_with_buttons()
    before = Shown(screen.message_id, screen.chat_id, screen.text, screen.markup)
    await user.tap("4", screen)
    shown = screen.text
    await user.tap("5", before)  # the second tap of a double tap: question 1's keyboard
    assert screen.text == shown and "Вопрос 2 из 19" in shown
    assert await stored(sessionmaker) == [4]
    assert user.last_with_buttons().message_id == screen.message_id


async def test_outside_the_answer_path_a_killed_update_stays_replayable(
    user: Person, recording: RecordingSession, sessionmaker: SM
) -> None:
    """Only the answer path lets its commit carry the finished mark: the consent commits,
    then edits; killed in between, its claim stays open for the inbox to replay."""
    await user.send("/start c_77-cao")
    recording.fail_next("EditMessageText", Killed())
    with pytest.raises(Killed):
        await user.tap("Согласен")
    assert await unfinished_claims(sessionmaker) == 1
