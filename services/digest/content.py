"""The weekly digest's content: snapshot runs → `charts.Digest` → the album and its caption.
No Telegram here (and no aiogram import: `demo` and `digest --dry-run` start fast); posting
it once a week is handlers.digest.post.

Weeks. A post belongs to the ISO week it is posted in (its *slot*, in the digest's time zone)
and describes the week before: the Monday post sums up the week that just ended.

Runs. The slot's snapshot run is taken by the job itself, or reused when the slot week already
has one (a retry, a dry run earlier that week, a manual `snapshot`); the poster stores its id
with the post, so a retry renders the very same figures. "Last week" is the latest run of an
earlier ISO week; the trend is the latest run of each of the last 12 weeks.

The album: the country's star, the regions' rating in pages at most 1280 px tall (Telegram
recompresses a taller photo until its text is unreadable), the trend; the caption goes on the
first photo. 85 regions make five rating pages: seven photos. More than eight pages (over
~180 regions) fall back to one tall rating picture, so an album never exceeds ten photos.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translations
from charts import (
    Digest,
    GroupShares,
    RatingRow,
    Translate,
    TrendSeries,
    build_caption,
    render_region_pages,
    render_regions,
    render_star,
    render_trend,
)
from charts.caption import week_bounds
from scoring import Methodology, load_methodology
from services.digest.rules import counts, public_index
from services.index.ratings import COUNTRY, dynamics, take_snapshot
from storage.models import Region, Snapshot, SnapshotRun

log = logging.getLogger(__name__)

TREND_WEEKS = 12
TREND_EACH_SIDE = 3  # leaders and laggards drawn next to the country
MAX_ALBUM = 10  # Telegram: an album holds 2-10 media
CHANNEL_LANGUAGE = "ru"

Album = list[tuple[str, bytes]]
Render = Callable[[Digest, Translate], Album]


# --- weeks ------------------------------------------------------------------------------------


def iso_week(moment: datetime, tz: ZoneInfo) -> str:
    """'2026-W48': the ISO week of a moment, as the clock in `tz` reads it."""
    year, week, _ = moment.astimezone(tz).date().isocalendar()
    return f"{year}-W{week:02d}"


def _monday(label: str) -> date:
    bounds = week_bounds(label)
    if bounds is None:
        raise ValueError(f"not an ISO week label: {label!r}")
    return bounds[2]


def week_start(label: str, tz: ZoneInfo) -> datetime:
    """Monday 00:00 of the week in `tz`."""
    return datetime.combine(_monday(label), time(0), tzinfo=tz)


def reported_week(slot: str) -> str:
    """The week a post describes: the one before the week it is posted in."""
    year, week, _ = (_monday(slot) - timedelta(days=1)).isocalendar()
    return f"{year}-W{week:02d}"


# --- runs and snapshots -----------------------------------------------------------------------


async def run_in_week(session: AsyncSession, week: str, tz: ZoneInfo) -> SnapshotRun | None:
    """The latest snapshot run taken during the ISO week (in `tz`), if any."""
    start = week_start(week, tz)
    return await session.scalar(
        select(SnapshotRun)
        .where(SnapshotRun.taken_at >= start, SnapshotRun.taken_at < start + timedelta(days=7))
        .order_by(SnapshotRun.taken_at.desc(), SnapshotRun.id.desc())
        .limit(1)
    )


async def latest_run(session: AsyncSession) -> SnapshotRun | None:
    return await session.scalar(
        select(SnapshotRun).order_by(SnapshotRun.taken_at.desc(), SnapshotRun.id.desc()).limit(1)
    )


async def weekly_runs(
    session: AsyncSession, upto: SnapshotRun, tz: ZoneInfo, weeks: int = TREND_WEEKS
) -> list[SnapshotRun]:
    """One run per ISO week (the latest of each), oldest first, ending with `upto`."""
    since = upto.taken_at - timedelta(weeks=weeks + 1)
    runs = await session.scalars(
        select(SnapshotRun)
        .where(SnapshotRun.taken_at > since, SnapshotRun.taken_at <= upto.taken_at)
        .order_by(SnapshotRun.taken_at, SnapshotRun.id)
    )
    latest: dict[str, SnapshotRun] = {}
    for run in runs:
        latest[iso_week(run.taken_at, tz)] = run
    latest[iso_week(upto.taken_at, tz)] = upto
    return [latest[week] for week in sorted(latest)][-weeks:]


SnapshotKey = tuple[int, str, str]  # (run id, level, code)


async def load_snapshots(
    session: AsyncSession,
    run_ids: Iterable[int],
    levels: Sequence[str],
    codes: Iterable[str] | None = None,
) -> dict[SnapshotKey, Snapshot]:
    stmt = select(Snapshot).where(Snapshot.run_id.in_(list(run_ids)), Snapshot.level.in_(levels))
    if codes is not None:
        stmt = stmt.where(Snapshot.code.in_(list(codes)))
    return {(s.run_id, s.level, s.code): s for s in await session.scalars(stmt)}


def methodology_for(name: str, settings: Settings) -> Methodology:
    """The methodology a run was computed with: the configured one (with its overrides) when
    the names match, else the shipped file of that name."""
    configured = settings.scoring.load()
    if name == configured.name:
        return configured
    try:
        return load_methodology(name)
    except Exception:  # a run of a methodology file that is gone: the best we have
        log.warning("methodology %s of a stored run is not available; using %s", name, configured)
        return configured


def group_shares(groups: dict[str, Any] | None, m: Methodology) -> GroupShares:
    """The combined group scores of a snapshot as shares of each group's maximum."""
    combined = (groups or {}).get("combined") or {}
    shares: dict[str, float | None] = {}
    for code in m.group_codes:
        value, top = combined.get(code), m.group_max(code)
        shares[code] = None if value is None or top <= 0 else float(value) / top
    return GroupShares(shares)


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


def trend_regions(rows: Sequence[RatingRow], each_side: int = TREND_EACH_SIDE) -> list[RatingRow]:
    """The leaders and the laggards for the trend: official regions, or every rated region
    while fewer than two are official."""
    rated = [r for r in rows if r.index is not None]
    rated.sort(key=lambda r: (-(r.index or 0.0), r.name))
    official = [r for r in rated if r.official]
    pool = official if len(official) >= 2 else rated
    top = pool[:each_side]
    bottom = [r for r in pool[-each_side:] if r not in top]
    return top + bottom


async def build_digest(
    session: AsyncSession,
    run: SnapshotRun,
    *,
    settings: Settings,
    week: str,
    country_name: str,
) -> Digest:
    """The public digest of a run against the previous week's, with the 12-week trend. A level
    below DIGEST_MIN_QUESTIONNAIRES shows no figures (services.digest.rules)."""
    tz = ZoneInfo(settings.digest.digest_timezone)
    minimum = settings.digest.digest_min_questionnaires
    m = methodology_for(run.methodology, settings)
    runs = await weekly_runs(session, run, tz)
    previous = runs[-2] if len(runs) > 1 else None
    snaps = await load_snapshots(session, [r.id for r in runs], ("region", "country"))
    names: dict[str, str] = dict((await session.execute(select(Region.code, Region.name))).all())

    def index_of(r: SnapshotRun | None, level: str, code: str) -> float | None:
        found = snaps.get((r.id, level, code)) if r is not None else None
        return public_index(found, minimum)

    rows: list[RatingRow] = []
    for (run_id, level, code), s in sorted(snaps.items()):
        if run_id != run.id or level != "region":
            continue
        index = public_index(s, minimum)
        rows.append(
            RatingRow(
                code=code,
                name=names.get(code, code),
                index=index,
                official=s.official,
                respondents=s.respondents,
                employers=s.employers,
                delta=dynamics(index, index_of(previous, "region", code)),
                low=s.index_low,
                high=s.index_high,
            )
        )
    days = [local_day(r.taken_at, tz) for r in runs]
    trend = [
        TrendSeries(
            country_name,
            [(d, index_of(r, "country", COUNTRY)) for d, r in zip(days, runs, strict=True)],
        )
    ]
    for row in trend_regions(rows):
        points = [(d, index_of(r, "region", row.code)) for d, r in zip(days, runs, strict=True)]
        trend.append(TrendSeries(row.name, points))

    country = snaps.get((run.id, "country", COUNTRY))
    before = snaps.get((previous.id, "country", COUNTRY)) if previous is not None else None
    if not counts(before, minimum):
        before = None  # last week's country figures were too thin to compare with
    return Digest(
        week=week,
        taken_at=run.taken_at.astimezone(tz),
        methodology=run.methodology,
        country_index=country.index if country else None,
        country_delta=dynamics(public_index(country, minimum), before.index if before else None),
        country_official=bool(country and country.official),
        country_respondents=country.respondents if country else 0,
        country_employers=country.employers if country else 0,
        star_now=group_shares(country.groups if country else None, m),
        star_prev=group_shares(before.groups, m) if before is not None else None,
        regions=rows,
        trend=trend,
        min_respondents=run.min_respondents,
        min_employers=run.min_employers,
        min_questionnaires=minimum,
    )


# --- the album --------------------------------------------------------------------------------


def render_album(digest: Digest, t: Translate) -> Album:
    """(file name, PNG) in the album's order: star, rating page(s), trend. CPU-bound (~2-4 s):
    call it through `asyncio.to_thread`."""
    pages = render_region_pages(digest, t)
    if len(pages) > MAX_ALBUM - 2:
        pages = [render_regions(digest, t)]
    if len(pages) == 1:
        names = ["2-regions.png"]
    else:
        names = [f"2-regions-{number}.png" for number in range(1, len(pages) + 1)]
    return [
        ("1-star.png", render_star(digest, t)),
        *zip(names, pages, strict=True),
        ("3-trend.png", render_trend(digest, t)),
    ]


@dataclass(frozen=True, slots=True)
class Rendered:
    run: SnapshotRun
    digest: Digest
    album: Album
    caption: str


async def take_week_run(
    session: AsyncSession, settings: Settings, week: str, now: datetime
) -> SnapshotRun:
    """The week's run: reused when the week already has one, else taken now."""
    tz = ZoneInfo(settings.digest.digest_timezone)
    run = await run_in_week(session, week, tz)
    if run is not None:
        return run
    m = settings.scoring.load()
    return await take_snapshot(
        session,
        m,
        window_days=settings.scoring.rating_window_days,
        now=now,
        rules=settings.scoring.rules(m),
        bootstrap=settings.scoring.bootstrap(),
    )


async def digest_of_run(
    session: AsyncSession,
    run: SnapshotRun,
    *,
    settings: Settings,
    translations: Translations,
    week: str,
) -> Digest:
    t = translations.get(CHANNEL_LANGUAGE)
    return await build_digest(
        session, run, settings=settings, week=week, country_name=t("digest-country")
    )


async def render_digest(
    run: SnapshotRun, digest: Digest, translations: Translations, render: Render = render_album
) -> Rendered:
    t = translations.get(CHANNEL_LANGUAGE)
    album = await asyncio.to_thread(render, digest, t)
    return Rendered(run, digest, album, build_caption(digest, t))


async def render_run(
    session: AsyncSession,
    run: SnapshotRun,
    *,
    settings: Settings,
    translations: Translations,
    week: str,
    render: Render = render_album,
) -> Rendered:
    digest = await digest_of_run(
        session, run, settings=settings, translations=translations, week=week
    )
    return await render_digest(run, digest, translations, render)
