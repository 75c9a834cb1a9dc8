"""Inputs of the digest: plain frozen dataclasses filled by the caller (storage, demo, bench)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

# `t("message-id", name=value, ...)`: a `bot.i18n.Translator` or anything that behaves like one.
Translate = Callable[..., str]


@dataclass(frozen=True)
class GroupShares:
    """A level's groups as a share of their maximum (0..1, None when undefined).

    Keys are group codes in the methodology's official order (star-2023: D, P, M, A, K);
    the charts keep that order.
    """

    shares: dict[str, float | None]


@dataclass(frozen=True)
class RatingRow:
    code: str
    name: str
    index: float | None
    official: bool
    respondents: int
    employers: int
    delta: float | None  # change since last week; None when there is no previous snapshot
    low: float | None = None  # the index's 95 % interval (METHODOLOGY §8), when known
    high: float | None = None


@dataclass(frozen=True)
class TrendSeries:
    name: str
    points: list[tuple[date, float | None]]  # weekly; None = no index that week


@dataclass(frozen=True)
class Digest:
    week: str  # ISO week label, e.g. "2026-W47"
    taken_at: datetime
    methodology: str  # e.g. "star-2023"
    country_index: float | None
    country_delta: float | None
    country_official: bool
    country_respondents: int
    country_employers: int
    star_now: GroupShares
    star_prev: GroupShares | None
    regions: list[RatingRow]  # every region, any order
    trend: list[TrendSeries]  # the country first, then the top and bottom regions
    min_respondents: int = 100
    min_employers: int = 20
    # Levels with fewer questionnaires show no figures (0: no such rule, e.g. the benchmarks).
    min_questionnaires: int = 0
