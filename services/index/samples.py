"""Every completed questionnaire of the window as one row of numbers, for the bootstrap (§8).

The interval resamples whole questionnaires, so the snapshot needs each one's tally per
indicator, not only the per-centre sums. A million answers as a million Python rows would
cost more than the scoring itself; instead the database concatenates each questionnaire's
answers into one string ("D1:5,D2:4,…", one row per questionnaire, with its centre and
audience: one query), and numpy parses all of them at once. The per-centre tallies
the index needs are then sums of these rows, exactly equal to the GROUP BY of `ratings`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import String, and_, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scoring import Methodology
from storage.models import Answer, Questionnaire

IntArray = npt.NDArray[np.int64]
Execute = Callable[[AsyncSession, Any], Awaitable[list[Any]]]
_KEY_BYTES = 8  # indicator codes are String(8)


@dataclass(frozen=True)
class Sample:
    """The window's completed questionnaires, grouped by centre (codes in sorted order)."""

    centres: tuple[str, ...]  # the centres that have questionnaires
    bounds: IntArray  # rows of centres[i] are bounds[i]:bounds[i + 1]
    employer: npt.NDArray[np.bool_]  # per row
    seeker: npt.NDArray[np.bool_]  # per row
    rows: IntArray  # (questionnaires, 2k): Σ(a − 1) per indicator, then the counts

    def centre_rows(self, i: int) -> slice:
        return slice(int(self.bounds[i]), int(self.bounds[i + 1]))


async def _plain(session: AsyncSession, stmt: Any) -> list[Any]:
    return list((await session.execute(stmt)).all())


async def gather_sample(
    session: AsyncSession, m: Methodology, window: Any, execute: Execute = _plain
) -> Sample:
    """The questionnaires completed in ``window`` (a `ratings.Window`) and their answers."""
    q = Questionnaire
    in_window = and_(
        q.completed_at.is_not(None),
        q.completed_at >= window.start,
        q.completed_at < window.end,
        q.methodology == m.name,
    )
    token = Answer.indicator + ":" + cast(Answer.value, String)
    # One pass: every questionnaire of the window, its answers joined to it (none: n = 0), so
    # a questionnaire with no valid answer still counts as a respondent.
    per_questionnaire = (
        select(
            q.id,
            q.centre_code,
            q.audience,
            func.count(Answer.value),
            func.aggregate_strings(token, ","),
        )
        .select_from(q)
        .outerjoin(Answer, and_(Answer.questionnaire_id == q.id, Answer.value.is_not(None)))
        .where(in_window)
        .group_by(q.id)
    )
    found = sorted(await execute(session, per_questionnaire), key=lambda r: (r[1], r[0]))
    listed = [(r[0], r[1], r[2]) for r in found]
    return build_sample(m, listed, [(r[0], r[3], r[4]) for r in found if r[3]])


def build_sample(m: Methodology, listed: Any, answered: Any) -> Sample:
    """``listed``: (id, centre, audience) ordered by centre; ``answered``: (id, n, "C:v,…")."""
    k = len(m.indicator_codes)
    ids = np.fromiter((r[0] for r in listed), dtype=np.int64, count=len(listed))
    codes = [r[1] for r in listed]
    audience = [r[2] for r in listed]
    employer = np.fromiter((a == "employer" for a in audience), dtype=np.bool_, count=len(ids))
    seeker = np.fromiter((a == "seeker" for a in audience), dtype=np.bool_, count=len(ids))
    rows = np.zeros((len(ids), 2 * k), dtype=np.int64)
    if answered:
        order = np.argsort(ids)
        qids = np.fromiter((r[0] for r in answered), dtype=np.int64, count=len(answered))
        where = np.searchsorted(ids[order], qids)
        found = (where < len(ids)) & (ids[order][np.minimum(where, len(ids) - 1)] == qids)
        position = order[np.minimum(where, len(ids) - 1)]
        sums, counts = parse_answers(m, answered)
        # One row per questionnaire id (GROUP BY): plain assignment, no accumulation.
        rows[position[found], :k] = sums[found]
        rows[position[found], k:] = counts[found]
        # Answers of an audience that is neither are not scored (as in `ratings.gather`).
        rows[~(employer | seeker)] = 0
    centres: list[str] = []
    starts: list[int] = []
    for n, code in enumerate(codes):
        if not centres or centres[-1] != code:
            centres.append(code)
            starts.append(n)
    bounds = np.array([*starts, len(ids)], dtype=np.int64)
    return Sample(tuple(centres), bounds, employer, seeker, rows)


def parse_answers(m: Methodology, answered: Any) -> tuple[IntArray, IntArray]:
    """(Σ(a − 1), count) per indicator for every (id, n, "D1:5,D2:4") row, all at once.

    Unknown indicator codes are skipped, as the GROUP BY of `ratings` skips them; a value
    outside 1..5 (or a string that does not parse) raises ``ValueError``.
    """
    codes = m.indicator_codes
    k = len(codes)
    counts_per_row = np.fromiter((r[1] for r in answered), dtype=np.int64, count=len(answered))
    blob = ",".join(r[2] or "" for r in answered).encode("utf-8")
    buf = np.frombuffer(blob, dtype=np.uint8)
    commas = np.flatnonzero(buf == ord(","))
    ends = np.append(commas, len(buf)).astype(np.int64)
    starts = np.append(0, commas + 1).astype(np.int64)
    if len(ends) != int(counts_per_row.sum()) or (ends - starts < 3).any():
        raise ValueError("stored answers do not parse as 'indicator:value' tokens")
    values = buf[ends - 1].astype(np.int64) - ord("0")
    if (buf[ends - 2] != ord(":")).any() or values.min() < 1 or values.max() > 5:
        raise ValueError("a stored answer is not an integer 1..5")
    length = ends - 2 - starts
    padded = np.concatenate([buf, np.zeros(_KEY_BYTES, dtype=np.uint8)])
    offsets = np.arange(_KEY_BYTES)
    chunk = padded[starts[:, None] + offsets]
    chunk[offsets >= length[:, None]] = 0
    keys = np.ascontiguousarray(chunk).view(np.dtype("<u8")).ravel().astype(np.uint64)
    known = np.array([_key(code) for code in codes], dtype=np.uint64)
    order = np.argsort(known)
    at = np.minimum(np.searchsorted(known[order], keys), k - 1)
    col = order[at]
    valid = (known[col] == keys) & (length <= _KEY_BYTES)
    row = np.repeat(np.arange(len(answered)), counts_per_row)
    flat = (row * k + col)[valid]
    size = len(answered) * k
    sums = np.bincount(flat, weights=(values - 1)[valid], minlength=size)
    counts = np.bincount(flat, minlength=size)
    return (
        sums.round().astype(np.int64).reshape(len(answered), k),
        counts.astype(np.int64).reshape(len(answered), k),
    )


def _key(code: str) -> int:
    raw = code.encode("utf-8")
    if len(raw) > _KEY_BYTES:
        return 0  # cannot match: a parsed key of a code this long is never compared
    return int.from_bytes(raw.ljust(_KEY_BYTES, b"\0"), "little")
