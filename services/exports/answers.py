"""The answers export, anonymised: one row per completed questionnaire, no key of any kind.

A row is the centre, its region, the audience, the ISO week of completion (never a date or a
time), the methodology and the value of every question (empty: not asked of this audience;
"hard to say" as its text, so Excel's AVERAGE skips it). The free-text comment appears only in
a working group's export, and only for its own centres.

Small cells are LEFT OUT, not merged: every row of a centre × audience × week with fewer than
MIN_CELL completed questionnaires is dropped (a merged "other" cell would still name a region,
an audience and a week, and a working group exports only its own centre, where merging hides
nothing). A second sheet (not in the CSV) says so and how many were left out. Rows are
ordered by centre, audience and a scramble of the row id, so their order tells nothing about
who came when.

Streaming: one centre at a time (its questionnaires, then their answers in chunks of
ANSWER_CHUNK), so memory holds one centre's questionnaires, never the table: the SQLite driver
(storage.sqlite_driver) fetches a result whole, so a single streamed query would not do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from scoring.questionnaire import load_questionnaire
from services.digest.content import iso_week
from services.exports.scope import ExportScope
from services.exports.workbook import INT, TEXT, Cell, Column, Sheet
from storage.models import Answer, Centre, Questionnaire

MIN_CELL = 5
ANSWER_CHUNK = 500  # questionnaires whose answers are read in one query (a bounded IN list)


def scramble(questionnaire_id: int) -> int:
    """A fixed shuffle of the row id (Knuth's multiplicative hash): the order of the rows
    within a centre and audience says nothing about who came when."""
    return (questionnaire_id * 2654435761) % 4294967296


@dataclass
class LeftOut:
    questionnaires: int = 0
    cells: int = 0


async def answers_sheet(
    session: AsyncSession, settings: Settings, scope: ExportScope, t: Translator
) -> tuple[list[Sheet], LeftOut]:
    m = settings.scoring.load()
    spec = load_questionnaire(m.name)
    tz = ZoneInfo(settings.digest.digest_timezone)
    q = Questionnaire
    where = and_(
        q.completed_at.is_not(None), q.methodology == m.name, scope.centre_filter(q.centre_code)
    )
    centres = {
        code: (name, region)
        for code, name, region in await session.execute(
            select(Centre.code, Centre.name, Centre.region_code)
        )
    }
    with_comments = bool(scope.centres)
    questions = [question.id for question in spec.questions]
    position = {qid: i for i, qid in enumerate(questions)}
    hard = t("exports-hard-to-say")
    columns = [
        Column("centre", t("exports-col-code"), TEXT, 10),
        Column("centre_name", t("exports-col-name"), TEXT, 40),
        Column("region", t("exports-col-region"), TEXT, 9),
        Column("audience", t("exports-col-audience"), TEXT, 14),
        Column("week", t("exports-col-week"), TEXT, 10),
        Column("methodology", t("exports-col-methodology"), TEXT, 12),
        *[Column(f"q_{qid}", qid, INT, 6) for qid in questions],
    ]
    if with_comments:
        columns.append(Column("comment", t("exports-col-comment"), TEXT, 60))
    audiences = {"seeker": t("exports-audience-seeker"), "employer": t("exports-audience-employer")}
    left_out = LeftOut()  # filled while the rows are written

    async def rows() -> AsyncIterator[Sequence[Cell]]:
        with_rows = select(q.centre_code).where(where).distinct().order_by(q.centre_code)
        for centre in list(await session.scalars(with_rows)):
            # One centre at a time: memory holds one centre's questionnaires, never the table.
            found = [
                (scramble(qid), qid, audience, iso_week(completed, tz), methodology, comment)
                for qid, audience, completed, methodology, comment in await session.execute(
                    select(q.id, q.audience, q.completed_at, q.methodology, q.comment).where(
                        where, q.centre_code == centre
                    )
                )
                if completed is not None
            ]
            cells = Counter((audience, week) for _, _, audience, week, _, _ in found)
            small = {cell for cell, n in cells.items() if n < MIN_CELL}
            left_out.cells += len(small)
            left_out.questionnaires += sum(cells[cell] for cell in small)
            kept = sorted(
                (f for f in found if (f[2], f[3]) not in small), key=lambda f: (f[2], f[0], f[1])
            )
            name, region = centres.get(centre, ("", ""))
            own = centre in scope.centres
            for start in range(0, len(kept), ANSWER_CHUNK):
                part = kept[start : start + ANSWER_CHUNK]
                values: dict[int, list[Cell]] = {f[1]: [None] * len(questions) for f in part}
                for qid, question, value in await session.execute(
                    select(Answer.questionnaire_id, Answer.question_id, Answer.value).where(
                        Answer.questionnaire_id.in_(list(values))
                    )
                ):
                    at = position.get(question)
                    if at is not None:
                        values[qid][at] = hard if value is None else int(value)
                for _, qid, audience, week, methodology, comment in part:
                    row: list[Cell] = [
                        centre, name, region, audiences.get(audience, audience), week, methodology,
                        *values[qid],
                    ]  # fmt: skip
                    if with_comments:
                        row.append((comment or "").strip() or None if own else None)
                    yield row

    async def about() -> AsyncIterator[Sequence[Cell]]:
        yield [t("exports-answers-about", min=MIN_CELL)]
        yield [
            t(
                "exports-answers-left-out",
                count=left_out.questionnaires,
                cells=left_out.cells,
                min=MIN_CELL,
            )
        ]

    notes = Sheet(
        t("exports-sheet-about"),
        [Column("note", t("exports-col-note"), TEXT, 120)],
        about,
        in_csv=False,
    )
    return [Sheet(t("exports-sheet-answers"), columns, rows), notes], left_out
