"""The scoring service over the database: SQL aggregation, pooling, objective part, snapshots."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scoring import compute_audiences, load_methodology
from services.index.ratings import (
    LevelResult,
    Window,
    compute_levels,
    previous_indices,
    rating,
    take_snapshot,
)
from storage.models import (
    Answer,
    Evidence,
    ObjectiveIndicator,
    Questionnaire,
    Requirement,
    Snapshot,
)

# The same tests on SQLite and on PostgreSQL + Redis (the scale-out configuration).
pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]
STAR = load_methodology("star-2023")
NOW = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)
WINDOW = Window.trailing(NOW, 90, 180)


async def add_questionnaire(
    session: AsyncSession,
    centre: str,
    audience: str,
    answers: dict[str, int | None],
    *,
    completed: datetime | None = NOW - timedelta(days=1),
    key: str = "k",
) -> None:
    q = Questionnaire(
        centre_code=centre,
        audience=audience,
        respondent_key=key,
        methodology="star-2023",
        started_at=(completed or NOW) - timedelta(minutes=5),
        completed_at=completed,
    )
    session.add(q)
    await session.flush()
    for indicator, value in answers.items():
        session.add(
            Answer(
                questionnaire_id=q.id,
                question_id=indicator,
                indicator=indicator,
                value=value,
                answered_at=q.started_at,
            )
        )


def by(levels: list[LevelResult], level: str, code: str) -> LevelResult:
    return next(r for r in levels if r.level == level and r.code == code)


async def test_centre_figures_match_the_library(sessionmaker: SM, centres: None) -> None:
    async with sessionmaker.begin() as session:
        await add_questionnaire(session, "77-cao", "seeker", {"D1": 5, "D2": 4, "D3": None})
        await add_questionnaire(session, "77-cao", "seeker", {"D1": 3, "D2": 5, "D3": 2})
        await add_questionnaire(session, "77-cao", "employer", {"D1": 4, "P2": 5})
        # outside the window, unfinished, or another methodology: not counted
        await add_questionnaire(
            session, "77-cao", "seeker", {"D1": 1}, completed=NOW - timedelta(days=91)
        )
        await add_questionnaire(session, "77-cao", "seeker", {"D1": 1}, completed=None)
    async with sessionmaker() as session:
        levels = await compute_levels(session, STAR, WINDOW)
    expected = compute_audiences(
        STAR,
        {"seeker": {"D1": [5, 3], "D2": [4, 5], "D3": [2]}, "employer": {"D1": [4], "P2": [5]}},
        {},
        3,
        1,
    )
    assert by(levels, "centre", "77-cao").results == expected
    assert by(levels, "centre", "77-sao").results.combined.respondents == 0


async def test_region_and_country_equal_library_on_pooled_inputs(
    sessionmaker: SM, centres: None
) -> None:
    rng = random.Random(7)
    pooled: dict[str, dict[str, list[int | None]]] = {"seeker": {}, "employer": {}}
    moscow = ["77-cao", "77-sao", "77-svao", "77-vao"]
    async with sessionmaker.begin() as session:
        for i in range(60):
            centre = moscow[i % 4]
            audience = "employer" if i % 5 == 0 else "seeker"
            answers = {c: rng.choice([1, 2, 3, 4, 5, None]) for c in STAR.indicator_codes}
            await add_questionnaire(session, centre, audience, answers, key=str(i))
            for code, value in answers.items():
                pooled[audience].setdefault(code, []).append(value)
    async with sessionmaker() as session:
        levels = await compute_levels(session, STAR, WINDOW)
    expected = compute_audiences(STAR, pooled, {}, 60, 12)
    assert by(levels, "region", "77").results == expected
    assert by(levels, "country", "RU").results == expected  # nobody outside Moscow answered
    assert by(levels, "region", "16").results.combined.index is None


async def seed_checklist(session: AsyncSession) -> None:
    for rid, region in (("K1-a", None), ("K1-b", None), ("K1-c", None), ("K1-own", "16")):
        session.add(
            Requirement(
                id=rid,
                region_code=region,
                indicator="K1",
                evidence_kind="photo_geo",
                text_ru="т",
                text_en="t",
            )
        )
    session.add_all(
        [
            ObjectiveIndicator(region_code="77", indicator="K1"),
            ObjectiveIndicator(region_code="16", indicator="K1"),
        ]
    )
    await session.flush()


def evidence(centre: str, requirement: str, status: str, days_ago: int) -> Evidence:
    at = NOW - timedelta(days=days_ago)
    return Evidence(
        centre_code=centre,
        requirement_id=requirement,
        status=status,
        submitted_by=1,
        submitted_at=at,
        captured_at=at,
    )


async def test_objective_part_counts_accepted_evidence_in_window(
    sessionmaker: SM, centres: None
) -> None:
    async with sessionmaker.begin() as session:
        await seed_checklist(session)
        session.add_all(
            [
                evidence("77-cao", "K1-a", "accepted", 10),
                evidence("77-cao", "K1-a", "accepted", 20),  # the same requirement twice: X=1
                evidence("77-cao", "K1-b", "pending", 5),
                evidence("77-cao", "K1-c", "accepted", 200),  # outside the validity window
                evidence("77-sao", "K1-b", "rejected", 5),
                evidence("16-kazan-1", "K1-own", "accepted", 3),
            ]
        )
    async with sessionmaker() as session:
        levels = await compute_levels(session, STAR, WINDOW)
    cao = by(levels, "centre", "77-cao").results.combined.indicators["K1"]
    assert cao.objective == pytest.approx(3 * 1 / 3)
    assert by(levels, "centre", "77-sao").results.combined.indicators["K1"].objective == 0
    # Tatarstan's own list (one requirement) replaces the default three
    kazan = by(levels, "centre", "16-kazan-1").results.combined.indicators["K1"]
    assert kazan.objective == pytest.approx(3.0)
    # region 77 pools ΣX / ΣN over its centres: 1 of 3 per centre × 10 centres
    moscow = by(levels, "region", "77").results.combined.indicators["K1"]
    assert moscow.objective == pytest.approx(3 * 1 / 30)
    # a region without the objective part on has none
    assert by(levels, "centre", "66-ekb").results.combined.indicators["K1"].objective is None


async def test_snapshots_append_with_dynamics(sessionmaker: SM, centres: None) -> None:
    async with sessionmaker.begin() as session:
        await add_questionnaire(session, "77-cao", "seeker", dict.fromkeys(STAR.indicator_codes, 3))
    async with sessionmaker() as session:
        first = await take_snapshot(session, STAR, now=NOW)
    async with sessionmaker.begin() as session:
        await add_questionnaire(
            session, "77-cao", "seeker", dict.fromkeys(STAR.indicator_codes, 5), key="2"
        )
    async with sessionmaker() as session:
        second = await take_snapshot(session, STAR, now=NOW + timedelta(days=7))
    async with sessionmaker() as session:
        rows = (await session.scalars(select(Snapshot).where(Snapshot.code == "77-cao"))).all()
        assert [r.run_id for r in rows] == [first.id, second.id]  # history kept
        old, new = rows
        assert old.index == pytest.approx(5.0) and old.delta is None
        assert new.index == pytest.approx(7.5) and new.delta == pytest.approx(2.5)
        assert not new.official and new.respondents == 2
        assert set(new.groups) == {"combined", "seeker", "employer"}
        assert new.index_employer is None and new.index_seeker == pytest.approx(7.5)
        previous = await previous_indices(session)
        assert previous[("centre", "77-cao")] == pytest.approx(7.5)
        country = await session.scalar(
            select(Snapshot).where(Snapshot.level == "country", Snapshot.run_id == second.id)
        )
        assert country is not None and country.index == pytest.approx(7.5)


async def test_rating_orders_official_first(sessionmaker: SM, centres: None) -> None:
    rules = STAR.sample_rules.__class__(min_respondents=2, min_employers=1)
    async with sessionmaker.begin() as session:
        all3 = dict.fromkeys(STAR.indicator_codes, 3)
        all5 = dict.fromkeys(STAR.indicator_codes, 5)
        await add_questionnaire(session, "77-cao", "seeker", all3, key="a")
        await add_questionnaire(session, "77-cao", "employer", all3, key="b")
        await add_questionnaire(session, "77-sao", "seeker", all5, key="c")  # preliminary
    async with sessionmaker() as session:
        levels = await compute_levels(session, STAR, WINDOW, rules=rules, levels=["centre"])
    rows = rating(levels, {("centre", "77-cao"): 4.0})
    assert [r.code for r in rows[:2]] == ["77-cao", "77-sao"]
    assert rows[0].official and not rows[1].official
    assert rows[0].delta == pytest.approx(1.0) and rows[1].delta is None
    assert all(r.index is None for r in rows[2:])


async def test_purge_deletes_answers_past_retention(sessionmaker: SM, centres: None) -> None:
    from services.retention import purge_expired

    async with sessionmaker.begin() as session:
        await add_questionnaire(
            session, "77-cao", "seeker", {"D1": 5}, completed=NOW - timedelta(days=400), key="old"
        )
        await add_questionnaire(session, "77-cao", "seeker", {"D1": 4}, key="new")
    async with sessionmaker() as session:
        assert await purge_expired(session, 365, now=NOW) == 1
        left = (await session.scalars(select(Questionnaire.respondent_key))).all()
        assert left == ["new"]
        assert len((await session.scalars(select(Answer))).all()) == 1


async def test_retired_requirement_leaves_n(sessionmaker: SM, centres: None) -> None:
    async with sessionmaker.begin() as session:
        await seed_checklist(session)
        retired = await session.get(Requirement, "K1-c")
        assert retired is not None
        retired.retired_at = NOW
        session.add(evidence("77-cao", "K1-a", "accepted", 10))
    async with sessionmaker() as session:
        levels = await compute_levels(session, STAR, WINDOW)
    cao = by(levels, "centre", "77-cao").results.combined.indicators["K1"]
    assert cao.objective == pytest.approx(3 * 1 / 2)  # 1 of the 2 still required
