"""What /my_index shows: a centre's, region's or the country's figures from the latest weekly
snapshot, the change since last week, the sample toward the 100 / 20 rule, the weakest
indicators, and (for a region or the country) the levels below it ranked.

One moment per card. With a snapshot, everything (index, sample, star, weakest, ranking) is
that run's, dated by it, and the questionnaires completed since the run are a separate count
("not yet in the index"). Without one, the card is the live sample as of now and no index.
Official or preliminary follows the sample rules stored with the run (METHODOLOGY's 100 / 20,
or the deployment's MIN_RESPONDENTS / MIN_EMPLOYERS at the time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from charts import Digest, GroupShares, Translate
from scoring import Methodology
from services.digest.content import (
    group_shares,
    iso_week,
    latest_run,
    load_snapshots,
    methodology_for,
    reported_week,
    weekly_runs,
)
from services.index.ratings import COUNTRY, Window, dynamics
from storage.models import Centre, Questionnaire, Region, Snapshot, SnapshotRun

WEAKEST = 3
CHILD_LEVEL = {"country": "region", "region": "centre"}


@dataclass(frozen=True, slots=True)
class Ranked:
    code: str
    name: str
    index: float | None
    official: bool
    delta: float | None


@dataclass(frozen=True, slots=True)
class LevelCard:
    level: str  # centre | region | country
    code: str
    name: str
    methodology: Methodology
    run: SnapshotRun | None
    snapshot: Snapshot | None
    previous: Snapshot | None
    taken_at: datetime | None  # the run's time in the digest's time zone
    week: str | None  # the week the run sums up (as the channel labels it)
    now: datetime  # when the card was made, in the digest's time zone
    respondents: int  # the sample of the card's moment (the snapshot's, or live without one)
    employers: int
    window_days: int
    min_respondents: int  # the rules of that moment (the run's, or the current ones)
    min_employers: int
    since_respondents: int | None  # completed after the run: not in the index yet (None: no run)
    since_employers: int | None
    weakest: tuple[tuple[str, float], ...]  # (indicator, share of its weight)
    children: tuple[Ranked, ...]

    @property
    def moment(self) -> datetime:
        """The moment the whole card describes: the run's time, or now without a snapshot."""
        if self.snapshot is not None and self.taken_at is not None:
            return self.taken_at
        return self.now

    @property
    def official(self) -> bool:
        if self.snapshot is not None:
            return self.snapshot.official
        return self.respondents >= self.min_respondents and self.employers >= self.min_employers

    @property
    def index(self) -> float | None:
        return self.snapshot.index if self.snapshot else None

    @property
    def interval(self) -> tuple[float | None, float | None, float] | None:
        """(low, high, level) of the index's interval when its run computed intervals."""
        if self.snapshot is None or self.run is None or self.run.ci_level is None:
            return None
        return self.snapshot.index_low, self.snapshot.index_high, self.run.ci_level

    @property
    def delta(self) -> float | None:
        return dynamics(self.index, self.previous.index if self.previous else None)

    @property
    def star_now(self) -> GroupShares | None:
        return group_shares(self.snapshot.groups, self.methodology) if self.snapshot else None

    @property
    def star_prev(self) -> GroupShares | None:
        return group_shares(self.previous.groups, self.methodology) if self.previous else None

    def digest(self) -> Digest | None:
        """A one-level digest for `charts.render_star` (None before the first snapshot)."""
        star = self.star_now
        if self.snapshot is None or star is None or self.run is None or self.week is None:
            return None
        return Digest(
            week=self.week,
            taken_at=self.taken_at or self.run.taken_at,
            methodology=self.run.methodology,
            country_index=self.snapshot.index,
            country_delta=self.delta,
            country_official=self.snapshot.official,
            country_respondents=self.snapshot.respondents,
            country_employers=self.snapshot.employers,
            star_now=star,
            star_prev=self.star_prev,
            regions=[],
            trend=[],
            min_respondents=self.run.min_respondents,
            min_employers=self.run.min_employers,
        )


class Relabel:
    """A translator with a few messages replaced: the star chart of a centre or a region
    names that level where the country's chart says "Россия" / "индекс по стране"."""

    def __init__(self, t: Translate, replaced: dict[str, str]) -> None:
        self.t = t
        self.replaced = replaced

    def __call__(self, key: str, **args: Any) -> str:
        return self.replaced[key] if key in self.replaced else self.t(key, **args)


def star_translator(t: Translate, card: LevelCard) -> Translate:
    if card.level == "country":
        return t
    return Relabel(
        t,
        {"digest-country": card.name, "digest-star-index-of": t(f"mi-star-index-of-{card.level}")},
    )


def weakest(
    indicators: dict[str, Any] | None, m: Methodology, n: int = WEAKEST
) -> list[tuple[str, float]]:
    """The `n` indicators with the lowest value as a share of their weight."""
    found: list[tuple[str, float]] = []
    for code, figures in (indicators or {}).items():
        if not m.has_indicator(code) or not isinstance(figures, list) or len(figures) < 3:
            continue
        value = figures[2]
        weight = m.indicator(code).weight
        if value is None or weight <= 0:
            continue
        found.append((code, float(value) / weight))
    found.sort(key=lambda item: (item[1], item[0]))
    return found[:n]


async def sample_counts(
    session: AsyncSession, methodology: str, window: Window, centres: Sequence[str] | None
) -> tuple[int, int]:
    """Completed questionnaires (and those of employers) in the window, now."""
    q = Questionnaire
    stmt = select(func.count(), func.sum(case((q.audience == "employer", 1), else_=0))).where(
        q.completed_at.is_not(None),
        q.completed_at >= window.start,
        q.completed_at < window.end,
        q.methodology == methodology,
    )
    if centres is not None:
        stmt = stmt.where(q.centre_code.in_(list(centres)))
    total, employers = (await session.execute(stmt)).one()
    return int(total or 0), int(employers or 0)


def _ranked(rows: list[Ranked]) -> tuple[Ranked, ...]:
    return tuple(
        sorted(rows, key=lambda r: (r.index is None, not r.official, -(r.index or 0.0), r.name))
    )


async def level_cards(
    session: AsyncSession,
    settings: Settings,
    targets: Sequence[tuple[str, str]],
    *,
    now: datetime,
    country_name: str,
) -> list[LevelCard]:
    """Cards for (level, code) targets, in the order given; unknown codes are left out."""
    tz = ZoneInfo(settings.digest.digest_timezone)
    configured = settings.scoring.load()
    rules = settings.scoring.rules(configured)
    run = await latest_run(session)
    runs = await weekly_runs(session, run, tz, weeks=2) if run is not None else []
    previous = runs[-2] if len(runs) > 1 else None
    m = methodology_for(run.methodology, settings) if run is not None else configured
    window = Window.trailing(now, settings.scoring.rating_window_days, m.evidence_validity_days)
    # Questionnaires since the run: what the next run will count (the configured methodology).
    since = Window(run.window_end, now, run.window_end) if run is not None else None

    centres = (await session.execute(select(Centre.code, Centre.name, Centre.region_code))).all()
    centre_names = {code: name for code, name, _ in centres}
    centres_in: dict[str, list[str]] = {}
    for code, _, region in centres:
        centres_in.setdefault(region, []).append(code)
    region_names: dict[str, str] = dict(
        (await session.execute(select(Region.code, Region.name))).all()
    )
    names = {"centre": centre_names, "region": region_names, "country": {COUNTRY: country_name}}

    snaps: dict[tuple[int, str, str], Snapshot] = {}
    if run is not None:
        ids = [r.id for r in runs]
        for level in ("centre", "region", "country"):
            codes = {code for lv, code in targets if lv == level}
            codes |= {
                child
                for lv, code in targets
                if CHILD_LEVEL.get(lv) == level
                for child in (centres_in.get(code, []) if lv == "region" else region_names)
            }
            if codes:
                snaps.update(await load_snapshots(session, ids, (level,), codes))

    def snap(r: SnapshotRun | None, level: str, code: str) -> Snapshot | None:
        return snaps.get((r.id, level, code)) if r is not None else None

    cards: list[LevelCard] = []
    for level, code in targets:
        name = names.get(level, {}).get(code)
        if name is None:
            continue
        if level == "centre":
            members: list[str] | None = [code]
        elif level == "region":
            members = centres_in.get(code, [])
        else:
            members = None
        current = snap(run, level, code)
        if current is not None and run is not None:
            sample = (current.respondents, current.employers)
            window_days = (run.window_end - run.window_start).days
            minimum = (run.min_respondents, run.min_employers)
        else:
            sample = await sample_counts(session, configured.name, window, members)
            window_days = settings.scoring.rating_window_days
            minimum = (rules.min_respondents, rules.min_employers)
        after = (
            await sample_counts(session, configured.name, since, members)
            if since is not None and current is not None
            else None
        )
        children: list[Ranked] = []
        child_level = CHILD_LEVEL.get(level)
        if child_level is not None:
            child_codes = members if child_level == "centre" else sorted(region_names)
            for child in child_codes or []:
                now_snap = snap(run, child_level, child)
                if now_snap is None:
                    continue
                before = snap(previous, child_level, child)
                children.append(
                    Ranked(
                        code=child,
                        name=names[child_level].get(child, child),
                        index=now_snap.index,
                        official=now_snap.official,
                        delta=dynamics(now_snap.index, before.index if before else None),
                    )
                )
        cards.append(
            LevelCard(
                level=level,
                code=code,
                name=name,
                methodology=m,
                run=run,
                snapshot=current,
                previous=snap(previous, level, code),
                taken_at=run.taken_at.astimezone(tz) if run is not None else None,
                week=reported_week(iso_week(run.taken_at, tz)) if run is not None else None,
                now=now.astimezone(tz),
                respondents=sample[0],
                employers=sample[1],
                window_days=window_days,
                min_respondents=minimum[0],
                min_employers=minimum[1],
                since_respondents=after[0] if after is not None else None,
                since_employers=after[1] if after is not None else None,
                weakest=tuple(weakest(current.indicators if current else None, m)),
                children=_ranked(children),
            )
        )
    return cards
