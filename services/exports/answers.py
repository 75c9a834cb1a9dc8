"""The answers export, anonymised: one row per completed questionnaire, no key of any kind.

A row is the centre, its region, the audience, the ISO week of completion (never a date or a
time), the methodology and the value of every question (empty: not asked of this audience;
"hard to say" as its text, so Excel's AVERAGE skips it). The free-text comment appears only in
a working group's export, and only for its own centres.

Small cells are COARSENED before anything is left out (services.exports.disclosure): a
centre × audience × week cell of fewer than MIN_CELL questionnaires is merged into the
region's "other centres" for that week, then, if still short, for the month, and only then
left out; every cell a reader can tell apart holds at least MIN_CELL questionnaires. A second
sheet (not in the CSV) states the rule and how many were merged and left out. Rows are ordered
by centre (the merged ones last in their region), audience and a scramble of the row id, so
their order tells nothing about who came when.

Streaming: one region at a time (the rule needs a region's cells together: its
questionnaires, then their answers in chunks of ANSWER_CHUNK), so memory holds one region's
questionnaires, never the table: the SQLite driver
(storage.sqlite_driver) fetches a result whole, so a single streamed query would not do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from scoring.questionnaire import load_questionnaire
from services.digest.content import iso_week
from services.exports.disclosure import MIN_CELL, Disclosure, Item, place
from services.exports.scope import ExportScope
from services.exports.workbook import INT, TEXT, Cell, Column, Sheet
from storage.models import Answer, Centre, Questionnaire

__all__ = ["ANSWER_CHUNK", "MIN_CELL", "LeftOut", "answers_sheet", "scramble"]

ANSWER_CHUNK = 500  # questionnaires whose answers are read in one query (a bounded IN list)


def scramble(questionnaire_id: int) -> int:
    """A fixed shuffle of the row id (Knuth's multiplicative hash): the order of the rows
    within a centre and audience says nothing about who came when."""
    return (questionnaire_id * 2654435761) % 4294967296


LeftOut = Disclosure  # what the export reports: merged and left out


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
        Column("period", t("exports-col-period"), TEXT, 10),
        Column("methodology", t("exports-col-methodology"), TEXT, 12),
        *[Column(f"q_{qid}", qid, INT, 6) for qid in questions],
    ]
    if with_comments:
        columns.append(Column("comment", t("exports-col-comment"), TEXT, 60))
    audiences = {"seeker": t("exports-audience-seeker"), "employer": t("exports-audience-employer")}
    left_out = LeftOut()  # filled while the rows are written
    merged_name = t("exports-merged-centres")

    async def rows() -> AsyncIterator[Sequence[Cell]]:
        with_rows = select(q.centre_code).where(where).distinct().order_by(q.centre_code)
        by_region: dict[str, list[str]] = defaultdict(list)
        for centre in list(await session.scalars(with_rows)):
            by_region[centres.get(centre, ("", ""))[1] or ""].append(centre)
        for region in sorted(by_region):
            # One region at a time: memory holds one region's questionnaires, never the table.
            found = [
                (scramble(qid), qid, centre, audience, completed, methodology, comment)
                for qid, centre, audience, completed, methodology, comment in await session.execute(
                    select(
                        q.id, q.centre_code, q.audience, q.completed_at, q.methodology, q.comment
                    ).where(where, q.centre_code.in_(by_region[region]))
                )
                if completed is not None
            ]
            items = [
                Item(centre, audience, iso_week(done, tz), f"{done.astimezone(tz):%Y-%m}")
                for _, _, centre, audience, done, _, _ in found
            ]
            places, counts = place(items)
            left_out.add(counts)
            shown = sorted(
                ((at, f) for at, f in zip(places, found, strict=True) if at is not None),
                key=lambda p: (p[0].centre is None, p[0].centre or "", p[1][3], p[0].period,
                               p[1][0], p[1][1]),
            )  # fmt: skip
            for start in range(0, len(shown), ANSWER_CHUNK):
                part = shown[start : start + ANSWER_CHUNK]
                values: dict[int, list[Cell]] = {f[1]: [None] * len(questions) for _, f in part}
                for qid, question, value in await session.execute(
                    select(Answer.questionnaire_id, Answer.question_id, Answer.value).where(
                        Answer.questionnaire_id.in_(list(values))
                    )
                ):
                    at = position.get(question)
                    if at is not None:
                        values[qid][at] = hard if value is None else int(value)
                for placed, (_, qid, centre, audience, _, methodology, comment) in part:
                    if placed.centre is None:
                        code, name = "", merged_name
                    else:
                        code, name = centre, centres.get(centre, ("", ""))[0]
                    row: list[Cell] = [
                        code, name, region, audiences.get(audience, audience), placed.period,
                        methodology, *values[qid],
                    ]  # fmt: skip
                    if with_comments:
                        own = centre in scope.centres
                        row.append((comment or "").strip() or None if own else None)
                    yield row

    async def about() -> AsyncIterator[Sequence[Cell]]:
        yield [t("exports-answers-about")]
        yield [t("exports-answers-rule", min=MIN_CELL, other=merged_name)]
        counts = left_out
        yield [t("exports-answers-as-is", count=counts.as_is)]
        yield [t("exports-answers-merged-week", count=counts.merged_week, other=merged_name)]
        yield [t("exports-answers-merged-month", count=counts.merged_month, other=merged_name)]
        yield [
            t(
                "exports-answers-left-out",
                count=counts.questionnaires,
                cells=counts.cells,
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
