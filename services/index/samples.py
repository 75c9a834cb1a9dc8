"""Every completed questionnaire of the window as one row of numbers, for the bootstrap (§8).

The interval resamples whole questionnaires, so the snapshot needs each one's tally per
indicator, not only the per-centre sums. A million answers as a million Python rows would
cost more than the scoring itself; instead the database concatenates each questionnaire's
answers into one string ("D1:5,D2:4,…", one row per questionnaire, with its centre and
audience: one query), and numpy parses all of them at once (and sorts them by centre: a
Python sort of the rows cost more than the parsing). The per-centre tallies
the index needs are then sums of these rows, exactly equal to the GROUP BY of `ratings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import String, and_, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from scoring import Methodology
from storage.models import Answer, Questionnaire

IntArray = npt.NDArray[np.int64]
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


async def gather_sample(session: AsyncSession, m: Methodology, window: Any) -> Sample:
    """The questionnaires completed in ``window`` (a `ratings.Window`) and their answers.

    One connection: split over two (as `ratings._in_parallel` splits its GROUP BY) this
    query took longer and twice the CPU, the Python side of its rows being the larger part.
    """
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
    return build_sample(m, (await session.execute(per_questionnaire)).all())


def build_sample(m: Methodology, found: Sequence[Any]) -> Sample:
    """``found``: (id, centre, audience, answers, "C:v,…" or None) per questionnaire, any
    order; the sample holds them ordered by centre, then id."""
    k = len(m.indicator_codes)
    if not found:
        none = np.zeros(0, dtype=np.bool_)
        empty = np.zeros((0, 2 * k), dtype=np.int64)
        return Sample((), np.zeros(1, dtype=np.int64), none, none, empty)
    ids, codes, audiences, answers, texts = zip(*found, strict=True)
    centre = np.array(codes, dtype=str)
    order = np.lexsort((np.array(ids, dtype=np.int64), centre))
    audience = np.array(audiences, dtype=str)[order]
    employer, seeker = audience == "employer", audience == "seeker"
    counts = np.array(answers, dtype=np.int64)[order]
    rows = np.zeros((len(ids), 2 * k), dtype=np.int64)
    answered = np.flatnonzero(counts)
    if len(answered):
        picked = order[answered].tolist()
        sums, tallies = parse_answers(m, counts[answered], [texts[i] for i in picked])
        rows[answered, :k], rows[answered, k:] = sums, tallies
        # Answers of an audience that is neither are not scored (as in `ratings.gather`).
        rows[~(employer | seeker)] = 0
    centres, starts = np.unique(centre[order], return_index=True)
    bounds = np.append(starts, len(ids)).astype(np.int64)
    return Sample(tuple(centres.tolist()), bounds, employer, seeker, rows)


def parse_answers(
    m: Methodology, counts: npt.ArrayLike, texts: Sequence[str]
) -> tuple[IntArray, IntArray]:
    """(Σ(a − 1), count) per indicator of every "D1:5,D2:4" text holding ``counts`` answers.

    Unknown indicator codes are skipped, as the GROUP BY of `ratings` skips them; a value
    outside 1..5 (or a string that does not parse) raises ``ValueError``.
    """
    codes = m.indicator_codes
    k = len(codes)
    counts_per_row = np.asarray(counts, dtype=np.int64)
    blob = ",".join(texts).encode("utf-8")
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
    row = np.repeat(np.arange(len(texts)), counts_per_row)
    flat = (row * k + col)[valid]
    size = len(texts) * k
    sums = np.bincount(flat, weights=(values - 1)[valid], minlength=size)
    tallies = np.bincount(flat, minlength=size)
    return (
        sums.round().astype(np.int64).reshape(len(texts), k),
        tallies.astype(np.int64).reshape(len(texts), k),
    )


def _key(code: str) -> int:
    raw = code.encode("utf-8")
    if len(raw) > _KEY_BYTES:
        return 0  # cannot match: a parsed key of a code this long is never compared
    return int.from_bytes(raw.ljust(_KEY_BYTES, b"\0"), "little")
