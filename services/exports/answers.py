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

Streaming: a first pass counts the cells (three narrow columns), the second streams the
answers joined to their questionnaires in `yield_per` chunks; memory holds one questionnaire.
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
from services.exports.workbook import INT, TEXT, Cell, Column, Sheet, rows_of
from storage.models import Answer, Centre, Questionnaire

MIN_CELL = 5
CHUNK = 5000
# Knuth's multiplicative hash: a fixed scramble of the id that both backends compute exactly.
_SCRAMBLE, _MODULUS = 2654435761, 4294967296


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
    cells: Counter[tuple[str, str, str]] = Counter()
    counted = await session.stream(
        select(q.centre_code, q.audience, q.completed_at)
        .where(where)
        .execution_options(yield_per=CHUNK)
    )
    async for centre, audience, completed in counted:
        assert completed is not None  # the query's own condition
        cells[(centre, audience, iso_week(completed, tz))] += 1
    small = {cell for cell, n in cells.items() if n < MIN_CELL}
    left_out = LeftOut(sum(cells[c] for c in small), len(small))
    del cells

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

    async def rows() -> AsyncIterator[Sequence[Cell]]:
        stmt = (
            select(
                q.id,
                q.centre_code,
                q.audience,
                q.completed_at,
                q.methodology,
                q.comment,
                Answer.question_id,
                Answer.value,
            )
            .join(Answer, Answer.questionnaire_id == q.id)
            .where(where)
            .order_by(q.centre_code, q.audience, (q.id * _SCRAMBLE) % _MODULUS, q.id)
            .execution_options(yield_per=CHUNK)
        )
        current: int | None = None
        row: list[Cell] = []
        keep = False
        async for (
            qid,
            centre,
            audience,
            completed,
            methodology,
            comment,
            question,
            value,
        ) in await session.stream(stmt):
            if qid != current:
                if current is not None and keep:
                    yield row
                current = qid
                assert completed is not None
                week = iso_week(completed, tz)
                keep = (centre, audience, week) not in small
                name, region = centres.get(centre, ("", ""))
                row = [centre, name, region, audiences.get(audience, audience), week, methodology]
                row += [None] * len(questions)
                if with_comments:
                    own = centre in scope.centres
                    row.append((comment or "").strip() if own else None)
            at = position.get(question)
            if at is not None:
                row[6 + at] = hard if value is None else int(value)
        if current is not None and keep:
            yield row

    about = [
        [t("exports-answers-about", min=MIN_CELL)],
        [
            t(
                "exports-answers-left-out",
                count=left_out.questionnaires,
                cells=left_out.cells,
                min=MIN_CELL,
            )
        ],
    ]
    notes = Sheet(
        t("exports-sheet-about"),
        [Column("note", t("exports-col-note"), TEXT, 120)],
        rows_of(about),
        in_csv=False,
    )
    return [Sheet(t("exports-sheet-answers"), columns, rows), notes], left_out
