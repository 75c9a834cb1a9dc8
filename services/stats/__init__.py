"""/stats for admins (the country) and experts (their regions): the figures, no Telegram.

Questionnaires started and completed today, this ISO week and in the rating window, per region
and audience; the completion funnel of the last FUNNEL_DAYS days (services.stats.funnel); the
sample toward the 100 / 20 rule with the centres furthest from it; evidence waiting for review.
"Today" and "this week" are read on the clock of DIGEST_TIMEZONE, like the digest's weeks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from services.stats.funnel import Funnel, funnel
from services.team.roles import Access
from storage.models import Centre, Evidence, Questionnaire, Region, utcnow

PERIODS = ("today", "week", "window")
AUDIENCES = ("seeker", "employer")
FUNNEL_DAYS = 7
FURTHEST = 10  # centres listed as furthest from the sample rule


@dataclass(frozen=True, slots=True)
class StatsScope:
    regions: frozenset[str] | None  # None: the whole country


def scope_of(access: Access) -> StatsScope | None:
    """Admins and experts of every region: the country; experts: their regions; else None."""
    if access.admin or access.expert_everywhere:
        return StatsScope(None)
    if access.expert_regions:
        return StatsScope(access.expert_regions)
    return None


@dataclass
class Counts:
    started: int = 0
    completed: int = 0


def _zero() -> dict[tuple[str, str], Counts]:
    return {(p, a): Counts() for p in PERIODS for a in AUDIENCES}


@dataclass
class RegionFigures:
    code: str
    name: str
    counts: dict[tuple[str, str], Counts] = field(default_factory=_zero)

    def completed(self, period: str) -> int:
        return sum(self.counts[(period, a)].completed for a in AUDIENCES)


@dataclass(frozen=True, slots=True)
class CentreSample:
    code: str
    name: str
    region_code: str
    respondents: int
    employers: int

    def share(self, min_respondents: int, min_employers: int) -> float:
        """How far along the rule: the smaller of the two shares, 1.0 = met."""
        r = 1.0 if min_respondents <= 0 else self.respondents / min_respondents
        e = 1.0 if min_employers <= 0 else self.employers / min_employers
        return min(1.0, r, e)


@dataclass
class StatsReport:
    scope: StatsScope
    now: datetime
    starts: dict[str, datetime]
    totals: dict[tuple[str, str], Counts]
    regions: list[RegionFigures]
    min_respondents: int
    min_employers: int
    centres: int
    centres_meeting: int
    furthest: list[CentreSample]
    evidence_waiting: int
    funnel: Funnel
    funnel_since: datetime
    window_days: int


def period_starts(now: datetime, tz: ZoneInfo, window_days: int) -> dict[str, datetime]:
    local = now.astimezone(tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = midnight - timedelta(days=local.weekday())
    return {"today": midnight, "week": monday, "window": now - timedelta(days=window_days)}


def _in_scope(scope: StatsScope) -> ColumnElement[bool]:
    if scope.regions is None:
        return true()
    return Centre.region_code.in_(sorted(scope.regions))


async def build_report(
    session: AsyncSession, settings: Settings, scope: StatsScope, now: datetime | None = None
) -> StatsReport:
    now = now or utcnow()
    m = settings.scoring.load()
    rules = settings.scoring.rules(m)
    starts = period_starts(
        now, ZoneInfo(settings.digest.digest_timezone), settings.scoring.rating_window_days
    )
    regions = await _region_counts(session, scope, starts)
    totals = _zero()
    for region in regions:
        for key, counts in region.counts.items():
            totals[key].started += counts.started
            totals[key].completed += counts.completed
    samples = await _samples(session, scope, starts["window"])
    short = [s for s in samples if s.share(rules.min_respondents, rules.min_employers) < 1.0]
    short.sort(key=lambda s: (s.share(rules.min_respondents, rules.min_employers), s.name))
    funnel_since = now - timedelta(days=FUNNEL_DAYS)
    return StatsReport(
        scope=scope,
        now=now,
        starts=starts,
        totals=totals,
        regions=regions,
        min_respondents=rules.min_respondents,
        min_employers=rules.min_employers,
        centres=len(samples),
        centres_meeting=len(samples) - len(short),
        furthest=short[:FURTHEST],
        evidence_waiting=await _evidence_waiting(session, scope),
        funnel=await funnel(session, scope.regions, funnel_since, now, m.name),
        funnel_since=funnel_since,
        window_days=settings.scoring.rating_window_days,
    )


async def _region_counts(
    session: AsyncSession, scope: StatsScope, starts: dict[str, datetime]
) -> list[RegionFigures]:
    q = Questionnaire
    columns = []
    for period in PERIODS:
        since = starts[period]
        columns.append(func.sum(case((q.started_at >= since, 1), else_=0)))
        columns.append(func.sum(case((q.completed_at >= since, 1), else_=0)))
    earliest = min(starts.values())
    stmt = (
        select(Centre.region_code, q.audience, *columns)
        .join(Centre, Centre.code == q.centre_code)
        .where(or_(q.started_at >= earliest, q.completed_at >= earliest), _in_scope(scope))
        .group_by(Centre.region_code, q.audience)
    )
    names_stmt = select(Region.code, Region.name).order_by(Region.code)
    if scope.regions is not None:
        names_stmt = names_stmt.where(Region.code.in_(sorted(scope.regions)))
    figures = {code: RegionFigures(code, name) for code, name in await session.execute(names_stmt)}
    for region, audience, *sums in await session.execute(stmt):
        if region not in figures or audience not in AUDIENCES:
            continue
        for i, period in enumerate(PERIODS):
            counts = figures[region].counts[(period, audience)]
            counts.started += int(sums[2 * i] or 0)
            counts.completed += int(sums[2 * i + 1] or 0)
    return list(figures.values())


async def _samples(session: AsyncSession, scope: StatsScope, since: datetime) -> list[CentreSample]:
    q = Questionnaire
    done = and_(q.completed_at.is_not(None), q.completed_at >= since)
    counted = (
        select(
            q.centre_code.label("code"),
            func.count().label("respondents"),
            func.sum(case((q.audience == "employer", 1), else_=0)).label("employers"),
        )
        .where(done)
        .group_by(q.centre_code)
        .subquery()
    )
    rows = await session.execute(
        select(
            Centre.code,
            Centre.short_name,
            Centre.name,
            Centre.region_code,
            counted.c.respondents,
            counted.c.employers,
        )
        .outerjoin(counted, counted.c.code == Centre.code)
        .where(_in_scope(scope))
    )
    return [
        CentreSample(code, short or name, region, int(r or 0), int(e or 0))
        for code, short, name, region, r, e in rows
    ]


async def _evidence_waiting(session: AsyncSession, scope: StatsScope) -> int:
    stmt = (
        select(func.count())
        .select_from(Evidence)
        .join(Centre, Centre.code == Evidence.centre_code)
        .where(Evidence.status == "pending", _in_scope(scope))
    )
    return int(await session.scalar(stmt) or 0)
