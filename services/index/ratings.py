"""From the database to the index: every level over a trailing window, snapshots, ratings.

The heavy lifting is two GROUP BY queries (answers per centre × audience × indicator, and
accepted evidence per centre × indicator); Python pools the tallies into regions and the
country and calls the scoring library — the same function for every level."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, case, exists, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import aliased

from scoring import AudienceResults, Methodology, SampleRules, compute_audiences_from_tallies
from scoring.interval import DEFAULT_BOOTSTRAP, BootstrapParams
from storage.models import (
    Answer,
    Centre,
    Evidence,
    ObjectiveIndicator,
    Questionnaire,
    Region,
    Requirement,
    Snapshot,
    SnapshotRun,
    utcnow,
)

if TYPE_CHECKING:
    from services.index.intervals import LevelIntervals

LEVELS = ("centre", "region", "country")
COUNTRY = "RU"
Tally = dict[str, dict[str, tuple[int, int]]]  # audience -> indicator -> (Σ(a−1), count)


@dataclass
class Inputs:
    """What the scoring library needs for one level, already aggregated."""

    tallies: Tally = field(default_factory=lambda: {"seeker": {}, "employer": {}})
    checklist: dict[str, tuple[int, int]] = field(default_factory=dict)
    respondents: int = 0
    employers: int = 0

    def add(self, other: Inputs) -> None:
        for audience, tally in other.tallies.items():
            mine = self.tallies.setdefault(audience, {})
            for code, (total, count) in tally.items():
                t, c = mine.get(code, (0, 0))
                mine[code] = (t + total, c + count)
        for code, (x, n) in other.checklist.items():
            px, pn = self.checklist.get(code, (0, 0))
            self.checklist[code] = (px + x, pn + n)
        self.respondents += other.respondents
        self.employers += other.employers


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime
    end: datetime
    evidence_from: datetime

    @classmethod
    def trailing(cls, end: datetime, days: int, evidence_days: int) -> Window:
        return cls(end - timedelta(days=days), end, end - timedelta(days=evidence_days))


@dataclass(frozen=True, slots=True)
class LevelResult:
    level: str
    code: str
    name: str
    region_code: str | None
    results: AudienceResults
    intervals: LevelIntervals | None = None  # §8, when computed

    @property
    def index(self) -> float | None:
        return self.results.combined.index


async def gather(session: AsyncSession, m: Methodology, window: Window) -> dict[str, Inputs]:
    """Aggregated inputs per centre for the window (centres with no data are absent)."""
    per_centre: dict[str, Inputs] = defaultdict(Inputs)
    q = Questionnaire
    in_window = and_(
        q.completed_at.is_not(None),
        q.completed_at >= window.start,
        q.completed_at < window.end,
        q.methodology == m.name,
    )
    answers = (
        select(
            q.centre_code,
            q.audience,
            Answer.indicator,
            func.sum(Answer.value - 1),
            func.count(Answer.value),
        )
        .join(q, q.id == Answer.questionnaire_id)
        .where(in_window, Answer.value.is_not(None))
        .group_by(q.centre_code, q.audience, Answer.indicator)
    )
    known = set(m.indicator_codes)
    for centre, audience, indicator, total, count in await _in_parallel(session, answers):
        if indicator in known and audience in ("seeker", "employer"):
            per_centre[centre].tallies[audience][indicator] = (int(total or 0), int(count))

    samples = (
        select(q.centre_code, func.count(), func.sum(case((q.audience == "employer", 1), else_=0)))
        .where(in_window)
        .group_by(q.centre_code)
    )
    for centre, respondents, employers in await session.execute(samples):
        per_centre[centre].respondents = int(respondents)
        per_centre[centre].employers = int(employers or 0)

    for centre, indicator, x, n in await _checklists(session, window):
        if indicator in known:
            per_centre[centre].checklist[indicator] = (int(x), int(n))
    return dict(per_centre)


async def _in_parallel(session: AsyncSession, stmt: Any) -> list[Any]:
    """Run a per-centre GROUP BY as two halves of the centre codes on two connections.

    SQLite runs one query on one core; split by centre, the halves are disjoint, so their rows
    simply concatenate, and the scan uses both cores (the sqlite3 module releases the GIL
    while SQLite works). PostgreSQL plans parallel scans itself: one query there.
    """
    engine = session.bind
    url = engine.url if isinstance(engine, AsyncEngine) else None
    if url is None or url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return list((await session.execute(stmt)).all())
    assert isinstance(engine, AsyncEngine)
    total = await session.scalar(select(func.count()).select_from(Centre)) or 0
    middle = await session.scalar(select(Centre.code).order_by(Centre.code).offset(total // 2))
    if middle is None:
        return list((await session.execute(stmt)).all())
    code = Questionnaire.centre_code

    async def part(where: ColumnElement[bool]) -> list[Any]:
        async with engine.connect() as connection:
            return list((await connection.execute(stmt.where(where))).all())

    low, high = await asyncio.gather(part(code < middle), part(code >= middle))
    return low + high


async def _checklists(session: AsyncSession, window: Window) -> list[tuple[str, str, int, int]]:
    """(centre, indicator, X, N) for every centre whose region has that objective part on."""
    own = aliased(Requirement)
    # A region's own list for an indicator replaces the default list for it.
    has_own = (
        exists()
        .where(
            own.region_code == Centre.region_code,
            own.indicator == Requirement.indicator,
            own.retired_at.is_(None),
        )
        .correlate(Centre, Requirement)
    )
    applies = case(
        (Requirement.region_code == Centre.region_code, True),
        (and_(Requirement.region_code.is_(None), ~has_own), True),
        else_=False,
    )
    effective = (
        select(
            Centre.code.label("centre"),
            Requirement.indicator.label("indicator"),
            Requirement.id.label("requirement"),
        )
        .join(ObjectiveIndicator, ObjectiveIndicator.region_code == Centre.region_code)
        .join(Requirement, Requirement.indicator == ObjectiveIndicator.indicator)
        .where(applies, Requirement.retired_at.is_(None))
        .subquery()
    )
    fulfilled = (
        select(Evidence.centre_code, Evidence.requirement_id)
        .where(
            Evidence.status == "accepted",
            Evidence.captured_at >= window.evidence_from,
            Evidence.captured_at <= window.end,
        )
        .distinct()
        .subquery()
    )
    stmt = (
        select(
            effective.c.centre,
            effective.c.indicator,
            func.count(fulfilled.c.requirement_id),
            func.count(),
        )
        .outerjoin(
            fulfilled,
            and_(
                fulfilled.c.centre_code == effective.c.centre,
                fulfilled.c.requirement_id == effective.c.requirement,
            ),
        )
        .group_by(effective.c.centre, effective.c.indicator)
    )
    return [(c, i, int(x), int(n)) for c, i, x, n in await session.execute(stmt)]


def _score(m: Methodology, inputs: Inputs, rules: SampleRules) -> AudienceResults:
    return compute_audiences_from_tallies(
        m, inputs.tallies, inputs.checklist, inputs.respondents, inputs.employers, rules=rules
    )


async def compute_levels(
    session: AsyncSession,
    m: Methodology,
    window: Window,
    *,
    rules: SampleRules | None = None,
    levels: Iterable[str] = LEVELS,
    bootstrap: BootstrapParams | None = None,
    intervals_for: Callable[[str, str, str | None], bool] | None = None,
) -> list[LevelResult]:
    """Every centre, region and the country: a centre's inputs pooled upwards, never averaged.
    With `bootstrap`, each (`intervals_for` level, code, region) gets its §8 intervals."""
    from services.index import intervals  # it builds on this module

    rules = rules or m.sample_rules
    wanted = set(levels)
    if bootstrap is None:
        per_centre = await gather(session, m, window)
    else:
        per_centre, sample = await intervals.gather_with_sample(session, m, window)
    centres = (await session.execute(select(Centre.code, Centre.name, Centre.region_code))).all()
    regions = dict((await session.execute(select(Region.code, Region.name))).all())
    per_region: dict[str, Inputs] = defaultdict(Inputs)
    country = Inputs()
    out: list[LevelResult] = []
    for code, name, region in centres:
        inputs = per_centre.get(code, Inputs())
        per_region[region].add(inputs)
        country.add(inputs)
        if "centre" in wanted:
            out.append(LevelResult("centre", code, name, region, _score(m, inputs, rules)))
    if "region" in wanted:
        for code, name in regions.items():
            inputs = per_region.get(code, Inputs())
            out.append(LevelResult("region", code, name, code, _score(m, inputs, rules)))
    if "country" in wanted:
        out.append(LevelResult("country", COUNTRY, COUNTRY, None, _score(m, country, rules)))
    if bootstrap is not None:
        out = await intervals.attach(m, sample, out, centres, per_centre, bootstrap, intervals_for)
    return out


def _figures(r: AudienceResults) -> tuple[dict[str, Any], dict[str, Any]]:
    groups = {
        name: dict(result.groups)
        for name, result in (
            ("combined", r.combined),
            ("seeker", r.seeker),
            ("employer", r.employer),
        )
    }
    indicators = {
        code: [i.subjective, i.objective, i.value, i.answers]
        for code, i in r.combined.indicators.items()
    }
    return groups, indicators


async def previous_indices(session: AsyncSession) -> dict[tuple[str, str], float | None]:
    """The latest stored index of every (level, code)."""
    latest = (
        select(Snapshot.level, Snapshot.code, func.max(Snapshot.run_id).label("run"))
        .group_by(Snapshot.level, Snapshot.code)
        .subquery()
    )
    rows = await session.execute(
        select(Snapshot.level, Snapshot.code, Snapshot.index).join(
            latest,
            and_(
                Snapshot.level == latest.c.level,
                Snapshot.code == latest.c.code,
                Snapshot.run_id == latest.c.run,
            ),
        )
    )
    return {(level, code): index for level, code, index in rows}


def dynamics(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


async def take_snapshot(
    session: AsyncSession,
    m: Methodology,
    *,
    window_days: int = 90,
    now: datetime | None = None,
    rules: SampleRules | None = None,
    bootstrap: BootstrapParams | None = DEFAULT_BOOTSTRAP,
) -> SnapshotRun:
    """Compute every level and append one snapshot row each, in one transaction; with
    `bootstrap` (None: without), the 95 % intervals are stored next to the indices."""
    from services.index.intervals import run_columns, snapshot_columns

    now = now or utcnow()
    rules = rules or m.sample_rules
    window = Window.trailing(now, window_days, m.evidence_validity_days)
    levels = await compute_levels(session, m, window, rules=rules, bootstrap=bootstrap)
    before = await previous_indices(session)
    run = SnapshotRun(
        taken_at=now,
        window_start=window.start,
        window_end=window.end,
        methodology=m.name,
        min_respondents=rules.min_respondents,
        min_employers=rules.min_employers,
        **run_columns(bootstrap),
    )
    session.add(run)
    await session.flush()
    rows = []
    for level in levels:
        groups, indicators = _figures(level.results)
        combined = level.results.combined
        rows.append(
            {
                "run_id": run.id,
                "level": level.level,
                "code": level.code,
                "index": combined.index,
                "index_seeker": level.results.seeker.index,
                "index_employer": level.results.employer.index,
                "groups": groups,
                "indicators": indicators,
                "respondents": combined.respondents,
                "employers": combined.employers,
                "official": combined.official,
                "delta": dynamics(combined.index, before.get((level.level, level.code))),
                **snapshot_columns(level.intervals),
            }
        )
    # One executemany for thousands of rows.
    await session.execute(insert(Snapshot), rows)
    await session.commit()
    return run


@dataclass(frozen=True, slots=True)
class RatingRow:
    level: str
    code: str
    name: str
    region_code: str | None
    index: float | None
    index_seeker: float | None
    index_employer: float | None
    respondents: int
    employers: int
    official: bool
    delta: float | None
    intervals: LevelIntervals | None = None


def rating(
    levels: Iterable[LevelResult], previous: Mapping[tuple[str, str], float | None]
) -> list[RatingRow]:
    """Official levels first by index, then preliminary ones, then those with no index."""
    rows = [
        RatingRow(
            level=lv.level,
            code=lv.code,
            name=lv.name,
            region_code=lv.region_code,
            index=lv.index,
            index_seeker=lv.results.seeker.index,
            index_employer=lv.results.employer.index,
            respondents=lv.results.combined.respondents,
            employers=lv.results.combined.employers,
            official=lv.results.combined.official,
            delta=dynamics(lv.index, previous.get((lv.level, lv.code))),
            intervals=lv.intervals,
        )
        for lv in levels
    ]
    return sorted(
        rows,
        key=lambda r: (r.index is None, not r.official, -(r.index or 0.0), r.name),
    )
