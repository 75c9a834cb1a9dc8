"""Realistic synthetic data for `python -m bot demo`: the sample centres, 12 weeks of
questionnaires, checklist evidence, and a snapshot run every week.

The numbers are made up but behave like the real thing: regions differ in level and in how
fast they improve, centres differ inside a region, a few indicators are weak everywhere (the
"weakest points"), employers answer a little more strictly, about one answer in twenty is
"hard to say". One small region stays under the 100 / 20 rule (a preliminary index), one
centre has no answers at all, three regions measure five indicators objectively as well, and
their accepted evidence accumulates week by week. With `practices`, the practice base holds
five practices whose measured effect comes from these answers (services.demo_practices).
Everything comes from seeded random generators: the same seed gives the same data relative to
the last posting time.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import PROJECT_ROOT, Settings
from scoring.questionnaire import load_questionnaire
from services.centres.directory import CentreDirectory
from services.centres.directory_csv import read_centres_csv
from services.demo_practices import Placed, lift, place, seed_practices
from services.demo_toolkit import seed_toolkit
from services.evidence.checklist_sync import sync_checklist
from services.index.ratings import take_snapshot
from storage.models import (
    Base,
    Centre,
    ObjectiveIndicator,
    Region,
    Requirement,
    SnapshotRun,
)

TABLES = Base.metadata.tables
SAMPLE_CENTRES = PROJECT_ROOT / "samples" / "centres.csv"
WEEKS = 12
SEED = 2026
# Indicators whose objective part counts in the regions that measure it (METHODOLOGY §2).
OBJECTIVE_INDICATORS = ("D3", "M1", "M2", "K1", "K3")
OBJECTIVE_REGIONS = ("77", "16", "66")
# Weak and strong spots everywhere, in answer points (1-5 scale).
INDICATOR_LEAN = {
    "M5": -0.55, "K2": -0.45, "M7": -0.4, "P2": -0.35, "A1": -0.3, "M6": -0.2,
    "D2": 0.3, "K4": 0.3, "D1": 0.2, "K3": 0.15, "M1": 0.1,
}  # fmt: skip
EMPLOYER_LEAN = -0.15
HARD_TO_SAY = 0.05
NOISE = 0.85
DEMO_STAFF_BASE = 700_000_000  # made-up Telegram ids of submitters and reviewers
DEMO_EXPERT = 800_000_001


@dataclass
class DemoStats:
    regions: int = 0
    centres: int = 0
    questionnaires: int = 0
    answers: int = 0
    evidence: int = 0
    profiles: int = 0  # client-group profiles (seed 002)
    pilot_done: int = 0  # steps done of the one pilot in progress (seed 003)
    practices: int = 0  # the practice base (services.demo_practices)
    runs: list[SnapshotRun] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Profile:
    level: float  # mean answer at the last week, before the indicator's lean
    slope: float  # change of the mean per week
    volume: float  # questionnaires per centre per week


def run_moments(last: datetime, weeks: int = WEEKS) -> list[datetime]:
    """The weekly snapshot times, oldest first, ending at `last`."""
    return [last - timedelta(weeks=weeks - 1 - k) for k in range(weeks)]


def _profiles(regions: list[str], sizes: Counter[str], rng: random.Random) -> dict[str, _Profile]:
    """One profile per region: a spread of levels and trends; the smallest region gets few
    answers (its index stays preliminary)."""
    smallest = min(regions, key=lambda code: (sizes[code], code))
    slopes = [0.045, 0.03, 0.02, 0.01, 0.0, -0.01, -0.025, 0.015]
    rng.shuffle(slopes)
    out: dict[str, _Profile] = {}
    for number, code in enumerate(sorted(regions)):
        level = 3.4 + 0.95 * rng.random()
        volume = 1.6 if code == smallest else rng.uniform(3.0, 8.0)
        out[code] = _Profile(level, slopes[number % len(slopes)], volume)
    return out


async def populate(
    session: AsyncSession,
    settings: Settings,
    *,
    last_run: datetime,
    weeks: int = WEEKS,
    seed: int = SEED,
    centres_csv: Path = SAMPLE_CENTRES,
    scale: float = 1.0,
    practices: bool = False,
) -> DemoStats:
    """Fill an empty, migrated database; takes `weeks` weekly snapshot runs ending at
    `last_run`. `scale` multiplies the number of questionnaires (tests use less);
    `practices` adds the practice base (`make demo` does; tests of other features do not)."""
    rng = random.Random(seed)
    m = settings.scoring.load()
    rules = settings.scoring.rules(m)
    spec = load_questionnaire(m.name)
    stats = DemoStats()

    stats.regions, stats.centres = await CentreDirectory(session).import_rows(
        read_centres_csv(centres_csv)
    )
    await sync_checklist(session, indicators=m.indicator_codes)
    centres = list(await session.scalars(select(Centre).order_by(Centre.code)))
    regions = [code for code in await session.scalars(select(Region.code).order_by(Region.code))]
    sizes = Counter(c.region_code for c in centres)
    profiles = _profiles(regions, sizes, rng)
    silent = centres[-1].code if len(centres) > 1 else None  # a centre nobody answered for

    moments = run_moments(last_run, weeks)
    questions = {a: spec.for_audience(a) for a in ("seeker", "employer")}
    q_rows: list[dict[str, object]] = []
    a_rows: list[dict[str, object]] = []
    qid = 0
    for centre in centres:
        if centre.code == silent:
            continue
        profile = profiles[centre.region_code]
        own = rng.gauss(0.0, 0.22)
        volume = profile.volume * rng.uniform(0.55, 1.6) * scale
        employer_share = rng.uniform(0.17, 0.32)
        for week, moment in enumerate(moments):
            mean = profile.level + own + profile.slope * (week - (weeks - 1))
            for _ in range(_poisson(rng, volume)):
                qid += 1
                audience = "employer" if rng.random() < employer_share else "seeker"
                done = moment - timedelta(seconds=rng.uniform(60, 7 * 24 * 3600))
                started = done - timedelta(seconds=rng.uniform(180, 900))
                q_rows.append(
                    {
                        "id": qid,
                        "centre_code": centre.code,
                        "audience": audience,
                        "respondent_key": f"{rng.getrandbits(256):064x}",
                        "methodology": m.name,
                        "started_at": started,
                        "completed_at": done,
                    }
                )
                lean = EMPLOYER_LEAN if audience == "employer" else 0.0
                for question in questions[audience]:
                    value: int | None = None
                    if rng.random() >= HARD_TO_SAY:
                        score = mean + lean + INDICATOR_LEAN.get(question.indicator, 0.0)
                        value = min(5, max(1, round(score + rng.gauss(0.0, NOISE))))
                    a_rows.append(
                        {
                            "questionnaire_id": qid,
                            "question_id": question.id,
                            "indicator": question.indicator,
                            "value": value,
                            "answered_at": started,
                        }
                    )
    placed: list[Placed] = []
    if practices:  # before the insert: the practices that work raise their centre's answers
        placed = place(centres, Counter(str(q["centre_code"]) for q in q_rows), last_run)
        lift(placed, q_rows, a_rows, seed)
    # Core executemany (not the ORM's bulk path): a plain driver executemany, seconds faster.
    connection = await session.connection()
    await connection.execute(insert(TABLES["questionnaires"]), q_rows)
    await connection.execute(insert(TABLES["answers"]), a_rows)
    if connection.dialect.name == "postgresql" and q_rows:
        # Explicit ids leave PostgreSQL's sequence at 1: the next questionnaire a person starts
        # would collide with demo row 1 (SQLite takes max(id) + 1 by itself).
        await connection.execute(
            text("SELECT setval(pg_get_serial_sequence('questionnaires', 'id'), :last)"),
            {"last": qid},
        )
    stats.questionnaires, stats.answers = len(q_rows), len(a_rows)

    stats.evidence = await _evidence(session, centres, moments, rng)
    stats.profiles, stats.pilot_done = await seed_toolkit(session, last_run)
    stats.practices = await seed_practices(session, m, placed, last_run)
    await session.commit()

    for moment in moments:
        run = await take_snapshot(
            session,
            m,
            window_days=settings.scoring.rating_window_days,
            now=moment,
            rules=rules,
            bootstrap=settings.scoring.bootstrap(),
        )
        stats.runs.append(run)
    return stats


async def _evidence(
    session: AsyncSession, centres: list[Centre], moments: list[datetime], rng: random.Random
) -> int:
    """Objective parts on in three regions; accepted evidence that accumulates over the weeks
    (more in the better-run centres), plus a few submissions still waiting for review."""
    regions = {c.region_code for c in centres}
    chosen = [code for code in OBJECTIVE_REGIONS if code in regions] or sorted(regions)[:3]
    for region in chosen:
        for indicator in OBJECTIVE_INDICATORS:
            session.add(ObjectiveIndicator(region_code=region, indicator=indicator))
    requirements = list(
        await session.scalars(
            select(Requirement)
            .where(
                Requirement.region_code.is_(None), Requirement.indicator.in_(OBJECTIVE_INDICATORS)
            )
            .order_by(Requirement.indicator, Requirement.position)
        )
    )
    first, last = moments[0], moments[-1]
    rows: list[dict[str, object]] = []
    for number, centre in enumerate(c for c in centres if c.region_code in chosen):
        diligence = rng.uniform(0.35, 0.95)
        staff = DEMO_STAFF_BASE + number
        for requirement in requirements:
            if rng.random() > diligence:
                continue
            # Some proof is older than the first week, the rest arrives week by week.
            captured = (
                first
                - timedelta(days=45)
                + (last - first + timedelta(days=45)) * (rng.random() ** 0.7)
            )
            pending = rng.random() < 0.12
            rows.append(
                {
                    "centre_code": centre.code,
                    "requirement_id": requirement.id,
                    "status": "pending" if pending else "accepted",
                    "submitted_by": staff,
                    "submitted_at": captured + timedelta(hours=2),
                    "captured_at": captured,
                    "geo_ok": True if requirement.evidence_kind == "photo_geo" else None,
                    "decided_by": None if pending else DEMO_EXPERT,
                    "decided_at": None if pending else captured + timedelta(days=2),
                }
            )
    if rows:
        await (await session.connection()).execute(insert(TABLES["evidence"]), rows)
    return len(rows)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth); means here are small."""
    if mean <= 0:
        return 0
    limit, count, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count
