"""The weekly digest: snapshot runs → `charts.Digest` → one album in the channel, once a week.

Weeks. A post belongs to the ISO week it is posted in (its *slot*, in the digest's time zone):
the `posts` table holds at most one row per (channel, slot), claimed before anything is sent,
so a second run, a restart or a second process finds the row and posts nothing. The post
describes the week before its slot: the Monday post sums up the week that just ended.

Runs. The slot's snapshot run is taken by the job itself, or reused when the slot week already
has one (a retry, a dry run earlier that week, a manual `snapshot`); its id is stored with the
post, so a retry renders the very same figures. "Last week" is the latest run of an earlier
ISO week; the trend is the latest run of each of the last 12 weeks.

The album: the country's star, the regions' rating in pages at most 1280 px tall (Telegram
recompresses a taller photo until its text is unreadable), the trend; the caption on the first
photo. 85 regions make four rating pages: six photos. More than eight pages (over ~180
regions) fall back to one tall rating picture, so an album never exceeds ten photos.

Failures. A failed attempt marks the row `failed` and tells the admins; the scheduler tries
again later (bot.scheduler), at most `MAX_ATTEMPTS` times in all, and only within the grace
period after the scheduled time.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations
from bot.sender import MAX_ALBUM, Outgoing, Sender, parse_chat_id
from bot.services.privacy import Pseudonyms
from bot.services.ratings import COUNTRY, dynamics, take_snapshot
from bot.services.users import Users
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
from charts.caption import fmt_week, week_bounds
from scoring import Methodology, load_methodology
from storage.models import Post, Region, Snapshot, SnapshotRun, utcnow

log = logging.getLogger(__name__)

TREND_WEEKS = 12
TREND_EACH_SIDE = 3  # leaders and laggards drawn next to the country
MAX_ATTEMPTS = 5
# A `sending` row this old, not being sent by this process, is an attempt that died (a crash
# or a kill between claiming and recording the result): it may be taken over.
STALE_CLAIM = timedelta(minutes=15)
SENDING, POSTED, FAILED = "sending", "posted", "failed"
CHANNEL_LANGUAGE = "ru"
MAX_ERROR = 300  # characters of an error quoted to admins

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
    """The digest of a run against the previous week's, with the 12-week trend."""
    tz = ZoneInfo(settings.digest.digest_timezone)
    m = methodology_for(run.methodology, settings)
    runs = await weekly_runs(session, run, tz)
    previous = runs[-2] if len(runs) > 1 else None
    snaps = await load_snapshots(session, [r.id for r in runs], ("region", "country"))
    names: dict[str, str] = dict((await session.execute(select(Region.code, Region.name))).all())

    def index_of(r: SnapshotRun | None, level: str, code: str) -> float | None:
        found = snaps.get((r.id, level, code)) if r is not None else None
        return found.index if found is not None else None

    rows: list[RatingRow] = []
    for (run_id, level, code), s in sorted(snaps.items()):
        if run_id != run.id or level != "region":
            continue
        rows.append(
            RatingRow(
                code=code,
                name=names.get(code, code),
                index=s.index,
                official=s.official,
                respondents=s.respondents,
                employers=s.employers,
                delta=dynamics(s.index, index_of(previous, "region", code)),
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
    return Digest(
        week=week,
        taken_at=run.taken_at.astimezone(tz),
        methodology=run.methodology,
        country_index=country.index if country else None,
        country_delta=dynamics(
            country.index if country else None, before.index if before else None
        ),
        country_official=bool(country and country.official),
        country_respondents=country.respondents if country else 0,
        country_employers=country.employers if country else 0,
        star_now=group_shares(country.groups if country else None, m),
        star_prev=group_shares(before.groups, m) if before is not None else None,
        regions=rows,
        trend=trend,
        min_respondents=run.min_respondents,
        min_employers=run.min_employers,
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
    )


async def render_run(
    session: AsyncSession,
    run: SnapshotRun,
    *,
    settings: Settings,
    translations: Translations,
    week: str,
    render: Render = render_album,
) -> Rendered:
    t = translations.get(CHANNEL_LANGUAGE)
    digest = await build_digest(
        session, run, settings=settings, week=week, country_name=t("digest-country")
    )
    album = await asyncio.to_thread(render, digest, t)
    return Rendered(run, digest, album, build_caption(digest, t))


# --- posting once a week ----------------------------------------------------------------------

Status = Literal["posted", "already", "busy", "failed", "gave-up", "no-channel", "missed"]


@dataclass(frozen=True, slots=True)
class Outcome:
    status: Status
    week: str
    attempt: int = 0
    message_ids: tuple[int, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("posted", "already")


def _short(error: str) -> str:
    error = " ".join(error.split())
    return error if len(error) <= MAX_ERROR else error[: MAX_ERROR - 1] + "…"


class DigestPoster:
    """Posts the digest of a slot week at most once; see the module docstring."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        sender: Sender,
        translations: Translations,
        render: Render = render_album,
        max_attempts: int = MAX_ATTEMPTS,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.translations = translations
        self.render = render
        self.max_attempts = max_attempts
        self.clock = clock
        self.pseudonyms = Pseudonyms(settings.survey.respondent_secret.get_secret_value())
        self.tz = ZoneInfo(settings.digest.digest_timezone)
        self._lock = asyncio.Lock()
        self._in_flight: set[int] = set()

    @property
    def channel(self) -> str:
        return self.settings.digest.channel_id.strip()

    async def post_week(self, week: str, now: datetime, *, force: bool = False) -> Outcome:
        """Post the digest of slot `week` unless it is posted, being posted, or given up on
        (`force`: try even after `max_attempts` failures — a person asked for it)."""
        if not self.channel:
            log.warning("CHANNEL_ID is not set: the digest for %s is not posted", week)
            return Outcome("no-channel", week)
        async with self._lock:
            claimed = await self._claim(week, now, force)
            if isinstance(claimed, Outcome):
                return claimed
            post_id, attempt = claimed
            self._in_flight.add(post_id)
            try:
                return await self._post(post_id, attempt, week, now)
            finally:
                self._in_flight.discard(post_id)

    async def _claim(self, week: str, now: datetime, force: bool) -> tuple[int, int] | Outcome:
        async with self.sessionmaker() as session:
            post = Post(
                channel=self.channel, iso_week=week, status=SENDING, attempts=1, created_at=now
            )
            session.add(post)
            try:
                await session.commit()
            except IntegrityError:
                await session.rollback()
            else:
                return post.id, 1
            found = await session.scalar(
                select(Post).where(Post.channel == self.channel, Post.iso_week == week)
            )
            if found is None:
                return Outcome("busy", week)
            if found.status == POSTED:
                return Outcome("already", week, found.attempts, tuple(found.message_ids or ()))
            if found.status == SENDING:
                if found.id in self._in_flight or now - found.created_at < STALE_CLAIM:
                    return Outcome("busy", week, found.attempts)
                log.warning("taking over the digest for %s: attempt %d died", week, found.attempts)
            elif found.attempts >= self.max_attempts and not force:
                return Outcome("gave-up", week, found.attempts, error=found.error)
            claimed = await session.execute(
                update(Post)
                .where(
                    Post.id == found.id,
                    Post.status == found.status,
                    Post.attempts == found.attempts,
                )
                .values(status=SENDING, attempts=found.attempts + 1, error=None)
            )
            await session.commit()
            if getattr(claimed, "rowcount", 0) != 1:  # another process was quicker
                return Outcome("busy", week, found.attempts)
            return found.id, found.attempts + 1

    async def _post(self, post_id: int, attempt: int, week: str, now: datetime) -> Outcome:
        try:
            async with self.sessionmaker() as session:
                run = await self._run(session, post_id, week, now)
                rendered = await render_run(
                    session,
                    run,
                    settings=self.settings,
                    translations=self.translations,
                    week=reported_week(week),
                    render=self.render,
                )
        except Exception as error:
            log.exception("the digest for %s could not be prepared", week)
            return await self._failed(post_id, week, attempt, f"{type(error).__name__}: {error}")
        item = Outgoing(
            parse_chat_id(self.channel), rendered.caption, tuple(rendered.album), tag=post_id
        )
        result = await self.sender.send(item)
        if not result.ok:
            return await self._failed(post_id, week, attempt, result.error or result.status)
        async with self.sessionmaker() as session:
            await session.execute(
                update(Post)
                .where(Post.id == post_id)
                .values(
                    status=POSTED,
                    message_ids=list(result.message_ids),
                    posted_at=self.clock(),
                    error=None,
                )
            )
            await session.commit()
        log.info("digest for %s posted (%d photos)", week, len(rendered.album))
        return Outcome("posted", week, attempt, result.message_ids)

    async def _run(
        self, session: AsyncSession, post_id: int, week: str, now: datetime
    ) -> SnapshotRun:
        post = await session.get(Post, post_id)
        if post is not None and post.run_id is not None:
            run = await session.get(SnapshotRun, post.run_id)
            if run is not None:
                return run
        run = await take_week_run(session, self.settings, week, now)
        await session.execute(update(Post).where(Post.id == post_id).values(run_id=run.id))
        await session.commit()
        return run

    async def _failed(self, post_id: int, week: str, attempt: int, error: str) -> Outcome:
        async with self.sessionmaker() as session:
            await session.execute(
                update(Post).where(Post.id == post_id).values(status=FAILED, error=error[:2000])
            )
            await session.commit()
        last = attempt >= self.max_attempts
        log.error(
            "digest for %s failed (attempt %d of %d): %s", week, attempt, self.max_attempts, error
        )
        await self.tell_admins(
            "admin-digest-gave-up" if last else "admin-digest-failed",
            week=reported_week(week),
            attempt=attempt,
            attempts=self.max_attempts,
            error=html.escape(_short(error), quote=False),
        )
        return Outcome("failed", week, attempt, error=error)

    async def record_missed(self, week: str, scheduled: datetime) -> bool:
        """The scheduled time of `week` passed more than the grace period ago with no post
        (the bot was down): record that once, and tell the admins once. True if recorded now."""
        if not self.channel:
            return False
        async with self.sessionmaker() as session:
            session.add(
                Post(
                    channel=self.channel,
                    iso_week=week,
                    status=FAILED,
                    attempts=self.max_attempts,
                    error="missed: the bot was not running within the grace period",
                    created_at=self.clock(),
                )
            )
            try:
                await session.commit()
            except IntegrityError:
                return False
        local = scheduled.astimezone(self.tz)
        await self.tell_admins(
            "admin-digest-missed",
            week=reported_week(week),
            scheduled=local.strftime("%d.%m.%Y %H:%M"),
            hours=self.settings.digest.digest_grace_hours,
        )
        return True

    async def tell_admins(self, key: str, **args: Any) -> None:
        admins = list(self.settings.telegram.admin_ids)
        if not admins:
            log.warning("no ADMIN_IDS to tell: %s %s", key, args)
            return
        items = []
        async with self.sessionmaker() as session:
            users = Users(session, self.pseudonyms)
            for admin in admins:
                row = await users.get(admin)
                t = self.translations.get(row.language if row else None)
                local = {k: fmt_week(t, v) if k == "week" else v for k, v in args.items()}
                items.append(Outgoing(admin, t(key, **local), tag=admin))
        for result in await self.sender.send_all(items):
            if not result.ok:
                log.warning("could not tell admin %s: %s", result.chat_id, result.error)
