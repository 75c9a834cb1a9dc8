"""The respondent's questionnaire: start, answer, go back, resume, complete.

Rules live here as plain async functions over a session so tests can call them without
Telegram. Every answer is committed the moment it is given.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scoring.questionnaire import Question, QuestionnaireSpec
from services.refusal import Refusal
from services.text import clean_text
from storage.models import Answer, Questionnaire, utcnow
from storage.upsert import upsert

AUDIENCES = ("seeker", "employer")
HARD_TO_SAY = 0  # the callback value of "hard to say"; stored as NULL


# The pseudonym purpose of questionnaires (services.privacy.Pseudonyms.key): a keyed
# one-way code, stable per person, useless without the secret.
RESPONDENT = "respondent"


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a questionnaire stands: answers by question id and the first gap."""

    questions: tuple[Question, ...]
    answers: dict[str, int | None]

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def first_unanswered(self) -> int | None:
        for index, question in enumerate(self.questions):
            if question.id not in self.answers:
                return index
        return None

    def after(self, index: int) -> int | None:
        """The question to show after `index` was answered: the next one, or the first gap."""
        if index + 1 < self.total:
            return index + 1
        return self.first_unanswered


def drawn_for_current(state: Mapping[str, Any], index: int) -> bool:
    """Was a button drawn for question `index` drawn for the conversation's current question?

    The conversation keeps the question on screen as "n" (handlers/flow.py show_question);
    a keyboard tapped after the screen moved on (a late tap, a double tap) answers nothing.
    """
    current = state.get("n")
    return current is None or current == index


@dataclass(frozen=True, slots=True)
class Sheet:
    """A questionnaire as the respondent's flow reads it: a plain row, not an ORM object.

    Every answer reads one; `session.get` of the ORM instance measured ~400 µs against
    ~230 µs for a Core row (one session each, this VM), and the flow reads only these four.
    """

    id: int
    centre_code: str
    audience: str
    completed_at: datetime | None

    @classmethod
    def of(cls, row: Any) -> Sheet:
        """From a row that selected `_SHEET`'s columns."""
        return cls(row.id, row.centre_code, row.audience, row.completed_at)


_Q = Questionnaire.__table__.c
_A = Answer.__table__.c
_SHEET = (_Q.id, _Q.centre_code, _Q.audience, _Q.completed_at)
# No ORM object of a questionnaire is loaded on the flow's path: nothing to update in memory.
_NO_SYNC = {"synchronize_session": False}
# Statements on every answer are Core, built once: half the cost of ORM ones built anew.
_ANSWERS = select(_A.question_id, _A.value).where(_A.questionnaire_id == bindparam("id"))
# The tapped questionnaire with its answers in one statement (one row per answer, or one
# row with no answer): the answer path's only read besides the conversation state.
_OWN = (
    select(*_SHEET, _Q.respondent_key, _A.question_id, _A.value)
    .outerjoin(Answer.__table__, _A.questionnaire_id == _Q.id)
    .where(_Q.id == bindparam("id"))
)


class Survey:
    def __init__(self, session: AsyncSession, spec: QuestionnaireSpec) -> None:
        self.session = session
        self.spec = spec

    def questions(self, sheet: Sheet) -> tuple[Question, ...]:
        return self.spec.for_audience(sheet.audience)

    async def own(self, questionnaire_id: int, key: str) -> tuple[Sheet, Progress]:
        """The questionnaire and where it stands, if it belongs to this respondent; tampered
        ids get nothing."""
        rows = (await self.session.execute(_OWN, {"id": questionnaire_id})).all()
        if not rows or not hmac.compare_digest(rows[0].respondent_key, key):
            raise Refusal("survey", "not-yours")
        sheet = Sheet.of(rows[0])
        answers = {row.question_id: row.value for row in rows if row.question_id is not None}
        return sheet, Progress(self.questions(sheet), answers)

    async def open_for(self, key: str, centre_code: str | None = None) -> Sheet | None:
        """The respondent's unfinished questionnaire (of this centre, if given), newest first."""
        stmt = select(*_SHEET).where(
            Questionnaire.respondent_key == key,
            Questionnaire.completed_at.is_(None),
            Questionnaire.methodology == self.spec.methodology,
        )
        if centre_code is not None:
            stmt = stmt.where(Questionnaire.centre_code == centre_code)
        stmt = stmt.order_by(Questionnaire.started_at.desc()).limit(1)
        row = (await self.session.execute(stmt)).first()
        return Sheet.of(row) if row else None

    async def next_allowed(
        self, key: str, centre_code: str, repeat_after: timedelta, now: datetime | None = None
    ) -> datetime | None:
        """When this respondent may answer about this centre again, or None if they may now."""
        now = now or utcnow()
        last = await self.session.scalar(
            select(Questionnaire.completed_at)
            .where(
                Questionnaire.respondent_key == key,
                Questionnaire.centre_code == centre_code,
                Questionnaire.completed_at.is_not(None),
            )
            .order_by(Questionnaire.completed_at.desc())
            .limit(1)
        )
        if last is None or last + repeat_after <= now:
            return None
        return last + repeat_after

    async def start(self, key: str, centre_code: str, audience: str) -> Sheet:
        if audience not in AUDIENCES:
            raise Refusal("survey", "bad-audience")
        questionnaire = Questionnaire(
            centre_code=centre_code,
            audience=audience,
            respondent_key=key,
            methodology=self.spec.methodology,
            started_at=utcnow(),
        )
        self.session.add(questionnaire)
        await self.session.commit()
        return Sheet(questionnaire.id, centre_code, audience, None)

    async def progress(self, sheet: Sheet) -> Progress:
        rows = await self.session.execute(_ANSWERS, {"id": sheet.id})
        return Progress(self.questions(sheet), {qid: value for qid, value in rows})

    async def answer(
        self,
        sheet: Sheet,
        index: int,
        value: int,
        *,
        progress: Progress | None = None,
        commit: bool = True,
    ) -> Progress:
        """Save (or change, after Back) one answer and commit it at once; with
        `commit=False` the caller commits it together with the conversation state, before
        the person is shown anything (handlers.survey.answers). `progress` just read with
        the sheet (`own`) saves reading it again."""
        if sheet.completed_at is not None:
            raise Refusal("survey", "finished")
        if not (value == HARD_TO_SAY or 1 <= value <= 5):
            raise Refusal("survey", "bad-value")
        progress = progress or await self.progress(sheet)
        gap = progress.first_unanswered
        # Answering past the first gap would skip a question: only a forged button does that.
        if index < 0 or index >= progress.total or (gap is not None and index > gap):
            raise Refusal("survey", "stale")
        question = progress.questions[index]
        stored = None if value == HARD_TO_SAY else value
        await upsert(
            self.session,
            Answer,
            {
                "questionnaire_id": sheet.id,
                "question_id": question.id,
                "indicator": question.indicator,
                "value": stored,
                "answered_at": utcnow(),
            },
            keys=["questionnaire_id", "question_id"],
            update=["value", "answered_at"],
        )
        if commit:
            await self.session.commit()
        progress.answers[question.id] = stored
        return progress

    async def complete(
        self, sheet: Sheet, progress: Progress | None = None, *, commit: bool = True
    ) -> None:
        """Mark it completed; `progress` just returned by `answer` saves reading it again."""
        progress = progress or await self.progress(sheet)
        if progress.first_unanswered is not None:
            raise Refusal("survey", "incomplete")
        if sheet.completed_at is not None:
            return
        await self.session.execute(
            update(Questionnaire)
            .where(Questionnaire.id == sheet.id, Questionnaire.completed_at.is_(None))
            .values(completed_at=utcnow()),
            execution_options=_NO_SYNC,
        )
        if commit:
            await self.session.commit()

    async def set_comment(self, sheet: Sheet, text: str, limit: int) -> None:
        text = clean_text(text)  # zero-width and control characters only: empty
        if not text:
            raise Refusal("comment", "empty")
        if len(text) > limit:
            raise Refusal("comment", "too-long")
        await self.session.execute(
            update(Questionnaire).where(Questionnaire.id == sheet.id).values(comment=text),
            execution_options=_NO_SYNC,
        )
        await self.session.commit()

    async def forget(self, key: str) -> int:
        """Delete every questionnaire (and answer) of a respondent."""
        return await delete_questionnaires(self.session, Questionnaire.respondent_key == key)


async def delete_questionnaires(session: AsyncSession, where: ColumnElement[bool]) -> int:
    """Delete the matching questionnaires with their answers; returns how many (no commit)."""
    ids = list(await session.scalars(select(Questionnaire.id).where(where)))
    for start in range(0, len(ids), 500):  # bounded IN lists
        chunk = ids[start : start + 500]
        await session.execute(delete(Answer).where(Answer.questionnaire_id.in_(chunk)))
        await session.execute(delete(Questionnaire).where(Questionnaire.id.in_(chunk)))
    return len(ids)
