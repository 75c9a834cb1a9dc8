"""Finding practices: browse by index group, indicator, client group, client-group profile
(seed 002: a profile's card lists the practices linked to it) or region (newest first,
paged), search by words, 👍 once per person, and questions to the author.

Search: the text of a practice (title, problem, what was done, result) is stored casefolded
with ё→е; every word of the query must occur as a prefix-tolerant stem: a word of up to 4
letters as it is, of 5–6 letters without its last letter, longer ones without the last three
(at least 5 kept) — so «пенсионеров» finds «пенсионеры», «записи» finds «запись». No
dictionary: cheap, predictable, and the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.practices.rules import (
    ACCEPTED,
    MAX_QUESTION,
    QUESTIONS_PER_DAY,
    clean_text,
    fold,
)
from services.privacy import Pseudonyms
from services.refusal import Refusal
from storage.models import Centre, Region
from storage.models_practices import Practice, PracticeQuestion, PracticeVote
from storage.upsert import insert_ignore

VOTE, ASK = "practice-vote", "practice-ask"
# Browse filters as they travel in callback data: newest, group, indicator, client group,
# region, a search (its words are in the conversation's data, not in the button), a profile.
FILTERS = ("n", "g", "i", "c", "r", "q", "p")


@dataclass(frozen=True, slots=True)
class Found:
    items: list[Practice]
    page: int
    pages: int
    total: int


def stems(query: str) -> list[str]:
    words = [w for w in re.findall(r"\w+", fold(query)) if len(w) >= 2]
    out = []
    for word in words[:8]:
        n = len(word)
        keep = n if n <= 4 else n - 1 if n <= 6 else max(5, n - 3)
        out.append(word[:keep])
    return list(dict.fromkeys(out))


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(kind: str, value: str) -> list[ColumnElement[bool]]:
    if kind == "g":
        return [Practice.groups.like(f"% {_like(value)} %", escape="\\")]
    if kind == "i":
        return [Practice.indicators.like(f"% {_like(value)} %", escape="\\")]
    if kind == "c":
        return [Practice.client_group == value]
    if kind == "r":
        return [Practice.region_code == value]
    if kind == "p":
        if not value.isdigit():
            raise Refusal("practices-error", "stale")
        return [Practice.profile_id == int(value)]
    if kind == "q":
        words = stems(value)
        if not words:
            raise Refusal("practices-error", "empty_query")
        return [Practice.search_text.like(f"%{_like(w)}%", escape="\\") for w in words]
    return []


async def browse(session: AsyncSession, kind: str, value: str, page: int, size: int = 5) -> Found:
    conditions = [Practice.status == ACCEPTED, *_where(kind, value)]
    total = int(
        await session.scalar(select(func.count()).select_from(Practice).where(*conditions)) or 0
    )
    pages = max(1, -(-total // size))
    page = min(max(page, 0), pages - 1)
    rows = await session.scalars(
        select(Practice)
        .where(*conditions)
        .order_by(Practice.decided_at.desc(), Practice.id.desc())
        .offset(page * size)
        .limit(size)
    )
    return Found(list(rows), page, pages, total)


async def linked_counts(session: AsyncSession, profile_ids: list[int]) -> dict[int, int]:
    """Accepted practices (the ones anyone can find) linked to each of these profiles."""
    if not profile_ids:
        return {}
    rows = await session.execute(
        select(Practice.profile_id, func.count())
        .where(Practice.status == ACCEPTED, Practice.profile_id.in_(profile_ids))
        .group_by(Practice.profile_id)
    )
    return {int(pid): int(n) for pid, n in rows.all() if pid is not None}


async def accepted(session: AsyncSession, practice_id: int) -> Practice | None:
    practice = await session.get(Practice, practice_id)
    return practice if practice is not None and practice.status == ACCEPTED else None


async def regions_with_practices(session: AsyncSession) -> list[tuple[Region, int]]:
    rows = await session.execute(
        select(Region, func.count(Practice.id))
        .join(Practice, Practice.region_code == Region.code)
        .where(Practice.status == ACCEPTED)
        .group_by(Region.code, Region.name)
        .order_by(Region.name)
    )
    return [(region, int(count)) for region, count in rows.all()]


async def counts_by(session: AsyncSession, column: str) -> dict[str, int]:
    """Accepted practices per client group ("client_group") or per code in a delimited
    column ("indicators", "groups")."""
    if column == "client_group":
        rows = await session.execute(
            select(Practice.client_group, func.count())
            .where(Practice.status == ACCEPTED)
            .group_by(Practice.client_group)
        )
        return {str(code): int(n) for code, n in rows.all() if code}
    counts: dict[str, int] = {}
    for value in await session.scalars(
        select(getattr(Practice, column)).where(Practice.status == ACCEPTED)
    ):
        for code in str(value).split():
            counts[code] = counts.get(code, 0) + 1
    return counts


async def of_centres(
    session: AsyncSession, codes: frozenset[str], limit: int = 10
) -> list[Practice]:
    """A centre's practices in every state but draft, newest first (for /my_index)."""
    if not codes:
        return []
    rows = await session.scalars(
        select(Practice)
        .where(Practice.centre_code.in_(sorted(codes)), Practice.status != "draft")
        .order_by(Practice.created_at.desc(), Practice.id.desc())
        .limit(limit)
    )
    return list(rows)


# --- 👍 -------------------------------------------------------------------------------------


async def votes(session: AsyncSession, practice_id: int) -> int:
    stmt = select(func.count()).where(PracticeVote.practice_id == practice_id)
    return int(await session.scalar(stmt) or 0)


async def vote(
    session: AsyncSession, pseudonyms: Pseudonyms, practice_id: int, user_id: int, now: datetime
) -> bool:
    """True if this person's 👍 was added now; False if they had given it before. The key is
    made for this purpose only: it joins nothing else in the database."""
    values = {"practice_id": practice_id, "voter_key": pseudonyms.key(VOTE, user_id)}
    return await insert_ignore(session, PracticeVote, {**values, "created_at": now})


# --- questions to the author ----------------------------------------------------------------


async def ask(
    session: AsyncSession,
    pseudonyms: Pseudonyms,
    practice: Practice,
    *,
    user_id: int,
    language: str | None,
    text: str | None,
    now: datetime,
) -> PracticeQuestion:
    body = clean_text(text, MAX_QUESTION)
    if user_id == practice.author_id:
        raise Refusal("practices-error", "ask_own")
    key = pseudonyms.key(ASK, user_id)
    recent = await session.scalar(
        select(func.count())
        .select_from(PracticeQuestion)
        .where(
            PracticeQuestion.asker_key == key, PracticeQuestion.created_at > now - timedelta(days=1)
        )
    )
    if int(recent or 0) >= QUESTIONS_PER_DAY:
        raise Refusal("practices-error", "ask_limit", limit=QUESTIONS_PER_DAY)
    question = PracticeQuestion(
        practice_id=practice.id, asker_key=key, asker_chat=pseudonyms.seal(user_id),
        asker_language=language, text=body, created_at=now,
    )  # fmt: skip
    session.add(question)
    await session.flush()
    return question


async def question_for(
    session: AsyncSession, question_id: int, author_id: int
) -> tuple[PracticeQuestion, Practice]:
    """The question, if this person wrote the practice and has not answered it yet."""
    question = await session.get(PracticeQuestion, question_id)
    practice = await session.get(Practice, question.practice_id) if question else None
    if question is None or practice is None or practice.author_id != author_id:
        raise Refusal("practices-error", "forbidden")
    if question.answered_at is not None:
        raise Refusal("practices-error", "answered")
    return question, practice


async def mark_answered(session: AsyncSession, question: PracticeQuestion, now: datetime) -> bool:
    changed = await session.execute(
        update(PracticeQuestion)
        .where(PracticeQuestion.id == question.id, PracticeQuestion.answered_at.is_(None))
        .values(answered_at=now)
        .execution_options(synchronize_session=False)
    )
    return getattr(changed, "rowcount", 0) == 1


async def centre_and_region(session: AsyncSession, practice: Practice) -> tuple[Centre, Region]:
    centre = await session.get(Centre, practice.centre_code)
    region = await session.get(Region, practice.region_code)
    assert centre is not None and region is not None
    return centre, region


async def forget(session: AsyncSession, pseudonyms: Pseudonyms, user_id: int) -> int:
    """/forget: the person's 👍 and their questions to authors (with the sealed chat)."""
    votes = await session.execute(
        delete(PracticeVote).where(PracticeVote.voter_key == pseudonyms.key(VOTE, user_id))
    )
    questions = await session.execute(
        delete(PracticeQuestion).where(PracticeQuestion.asker_key == pseudonyms.key(ASK, user_id))
    )
    return int(getattr(votes, "rowcount", 0) or 0) + int(getattr(questions, "rowcount", 0) or 0)
