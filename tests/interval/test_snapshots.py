"""Snapshots and ratings with the 95 % interval of METHODOLOGY.md §8, over the database."""

from __future__ import annotations

import json
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scoring import BootstrapParams, bootstrap_index, load_methodology, unit_seed
from services.index.ratings import compute_levels, rating, take_snapshot
from services.index.report import render
from services.index.samples import build_sample, parse_answers
from storage.models import Questionnaire, Snapshot, SnapshotRun
from tests.index.test_ratings import NOW, WINDOW, add_questionnaire

SM = async_sessionmaker[AsyncSession]
STAR = load_methodology("star-2023")
CODES = STAR.indicator_codes
SMALL = BootstrapParams(resamples=200, seed=7)


async def survey(sessionmaker: SM) -> None:
    """Two Moscow centres and one in Kazan, with spread answers and a few "hard to say"."""
    rng = np.random.default_rng(1)
    async with sessionmaker.begin() as session:
        for n in range(30):
            centre = ("77-cao", "77-sao", "16-kazan-1")[n % 3]
            audience = "employer" if n % 4 == 0 else "seeker"
            answers = {
                code: None if rng.random() < 0.1 else int(rng.integers(1, 6)) for code in CODES
            }
            await add_questionnaire(session, centre, audience, answers, key=str(n))


async def test_snapshot_stores_reproducible_intervals(sessionmaker: SM, centres: None) -> None:
    await survey(sessionmaker)
    async with sessionmaker() as session:
        run = await take_snapshot(session, STAR, now=NOW, bootstrap=SMALL)
    async with sessionmaker() as session:
        stored = await session.get(SnapshotRun, run.id)
        assert stored is not None
        assert (stored.ci_resamples, stored.ci_level, stored.ci_seed) == (200, 0.95, 7)
        region = await session.scalar(
            select(Snapshot).where(Snapshot.level == "region", Snapshot.code == "77")
        )
        assert region is not None and region.index is not None
        assert region.index_low is not None and region.index_high is not None
        assert region.index_low < region.index < region.index_high
        assert region.index_seeker_low is not None and region.index_employer_low is not None

        # §8 "reproducible": the region's questionnaires (its centres in code order, ids in
        # order) through the public API with the level's seed give the stored interval.
        people = []
        for centre in ("77-cao", "77-sao"):
            ids = await session.scalars(
                select(Questionnaire.id)
                .where(Questionnaire.centre_code == centre)
                .order_by(Questionnaire.id)
            )
            for qid in ids:
                q = await session.get(Questionnaire, qid, populate_existing=True)
                assert q is not None
                await session.refresh(q, ["answers"])
                people.append({a.indicator: [a.value] for a in q.answers})
    again = bootstrap_index(
        STAR, people, resamples=200, seed=unit_seed(7, "region", "77", "combined")
    )
    assert again.index == pytest.approx(region.index)
    assert (again.low, again.high) == (region.index_low, region.index_high)


async def test_indices_are_the_same_with_and_without_intervals(
    sessionmaker: SM, centres: None
) -> None:
    # With intervals the tallies come from per-questionnaire rows, not the GROUP BY.
    await survey(sessionmaker)
    async with sessionmaker.begin() as session:  # answers of an unscored audience are ignored
        await add_questionnaire(session, "77-cao", "robot", {"D1": 1}, key="r")
    async with sessionmaker() as session:
        plain = await compute_levels(session, STAR, WINDOW)
        full = await compute_levels(session, STAR, WINDOW, bootstrap=SMALL)
    assert [(lv.level, lv.code) for lv in plain] == [(lv.level, lv.code) for lv in full]
    for a, b in zip(plain, full, strict=True):
        assert a.results == b.results
        assert a.intervals is None and b.intervals is not None


async def test_snapshot_without_bootstrap_leaves_intervals_empty(
    sessionmaker: SM, centres: None
) -> None:
    await survey(sessionmaker)
    async with sessionmaker() as session:
        run = await take_snapshot(session, STAR, now=NOW, bootstrap=None)
    async with sessionmaker() as session:
        stored = await session.get(SnapshotRun, run.id)
        assert stored is not None and stored.ci_resamples is None
        rows = (await session.scalars(select(Snapshot).where(Snapshot.run_id == run.id))).all()
        assert rows and all(r.index_low is None and r.index_high is None for r in rows)


async def test_index_report_shows_the_interval_in_every_format(
    sessionmaker: SM, centres: None
) -> None:
    await survey(sessionmaker)
    async with sessionmaker() as session:
        levels = await compute_levels(session, STAR, WINDOW, levels=["region"], bootstrap=SMALL)
    rows = rating(levels, {})
    moscow = next(r for r in rows if r.code == "77")
    assert moscow.intervals is not None
    low, high = moscow.intervals.combined.low, moscow.intervals.combined.high
    assert low is not None and high is not None

    table = render(rows, "table")
    assert "95% CI" in table.splitlines()[1]
    line = next(x for x in table.splitlines() if " 77 " in f" {x} ")
    assert f"{low:.2f}-{high:.2f}" in line

    parsed = json.loads(render(rows, "json"))
    entry = next(e for e in parsed if e["code"] == "77")
    assert entry["index_low"] == low and entry["index_high"] == high
    assert "intervals" not in entry

    header, *body = render(rows, "csv").splitlines()
    assert header.endswith(
        "index_low,index_high,index_seeker_low,index_seeker_high,"
        "index_employer_low,index_employer_high"
    )
    csv_row = next(r for r in body if r.startswith("region,77,"))
    assert repr(low) in csv_row and repr(high) in csv_row


def test_parse_answers_reads_tokens_and_skips_unknown_codes() -> None:
    sums, counts = parse_answers(STAR, [3, 1], ["D1:5,Z9:3,D1:2", "K4:1"])
    d1, k4 = CODES.index("D1"), CODES.index("K4")
    assert (sums[0, d1], counts[0, d1]) == (5, 2)  # (5 - 1) + (2 - 1), two answers
    assert counts[0].sum() == 2  # Z9 is not an indicator of star-2023
    assert (sums[1, k4], counts[1, k4]) == (0, 1)


@pytest.mark.parametrize("text", ["D1:6", "D1:0", "D1:10", "D1-5", "D1:", ":5"])
def test_parse_answers_rejects_what_is_not_an_answer(text: str) -> None:
    with pytest.raises(ValueError):
        parse_answers(STAR, [1], [text])


def test_build_sample_groups_rows_by_centre() -> None:
    found = [
        (5, "A", "employer", 1, "D2:3"),
        (4, "B", "seeker", 1, "D1:5"),
        (3, "A", "seeker", 0, None),  # no valid answer: a respondent all the same
        (6, "B", "other", 1, "D1:1"),  # neither audience: listed, not scored
    ]
    sample = build_sample(STAR, found)
    assert sample.centres == ("A", "B")
    assert sample.bounds.tolist() == [0, 2, 4]
    assert sample.employer.tolist() == [False, True, False, False]  # A: ids 3, 5; B: 4, 6
    assert sample.rows[sample.centre_rows(1)][0, CODES.index("D1")] == 4
    assert sample.rows[1, CODES.index("D2")] == 2
    assert sample.rows[:, len(CODES) :].sum() == 2
    assert build_sample(STAR, []).centres == ()


async def test_each_run_keeps_its_own_intervals(sessionmaker: SM, centres: None) -> None:
    # Two runs a week apart: both keep their own interval (history, never recomputed).
    await survey(sessionmaker)
    async with sessionmaker() as session:
        first = await take_snapshot(session, STAR, now=NOW, bootstrap=SMALL)
        second = await take_snapshot(
            session, STAR, now=NOW + timedelta(days=7), bootstrap=BootstrapParams(300, 0.9, 1)
        )
    async with sessionmaker() as session:
        rows = (
            await session.scalars(
                select(Snapshot).where(Snapshot.level == "country").order_by(Snapshot.run_id)
            )
        ).all()
    assert [r.run_id for r in rows] == [first.id, second.id]
    old, new = rows
    assert old.index_low is not None and new.index_low is not None
    assert old.index_low != new.index_low  # another B, level and seed: another interval
