"""The centre directory: regions and centres, import, paging, search and nearest."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.centres_csv import CentreRow
from bot.services.geocheck import haversine_m
from storage.models import Centre, Region
from storage.upsert import upsert

T = TypeVar("T")


def fold(text: str) -> str:
    """Case- and ё-insensitive form for search (SQLite's lower() ignores Cyrillic)."""
    return " ".join(text.casefold().replace("ё", "е").split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km: the geo check's haversine, so both agree to the metre."""
    return haversine_m(lat1, lon1, lat2, lon2) / 1000


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class NearbyCentre:
    centre: Centre
    km: float


# Centre names are shown on every question; they change only when the directory is imported.
_NAMES: dict[str, tuple[float, str]] = {}
NAME_TTL = 600.0


class CentreDirectory:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, code: str) -> Centre | None:
        return await self.session.get(Centre, code)

    async def name(self, code: str) -> str | None:
        """The centre's name, from a short-lived process cache (no query on most steps)."""
        cached = _NAMES.get(code)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        centre = await self.get(code)
        if centre is None:
            return None
        _NAMES[code] = (time.monotonic() + NAME_TTL, centre.name)
        return centre.name

    async def region(self, code: str) -> Region | None:
        return await self.session.get(Region, code)

    async def regions(self, page: int, size: int) -> Page[Region]:
        # At most ~90 regions: sorting in Python gives the order a person expects
        # ("г. Москва" under М), which no portable SQL collation does.
        ordered = sorted(await self.session.scalars(select(Region)), key=_region_sort_key)
        page, pages = _clamp(page, len(ordered), size)
        return Page(ordered[page * size : (page + 1) * size], page, pages)

    async def centres(self, region_code: str, page: int, size: int) -> Page[Centre]:
        where = Centre.region_code == region_code
        total = await self.session.scalar(select(func.count()).where(where)) or 0
        page, pages = _clamp(page, total, size)
        rows = await self.session.scalars(
            select(Centre).where(where).order_by(Centre.name).offset(page * size).limit(size)
        )
        return Page(list(rows), page, pages)

    async def search(self, query: str, limit: int) -> list[Centre]:
        words = fold(query).split()
        if not words:
            return []
        stmt = select(Centre)
        for word in words:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(Centre.name_folded.like(f"%{escaped}%", escape="\\"))
        return list(await self.session.scalars(stmt.order_by(Centre.name).limit(limit)))

    async def nearest(self, latitude: float, longitude: float, count: int) -> list[NearbyCentre]:
        centres = await self.session.scalars(select(Centre))
        ranked = sorted(
            (
                NearbyCentre(c, distance_km(latitude, longitude, c.latitude, c.longitude))
                for c in centres
            ),
            key=lambda n: n.km,
        )
        return ranked[:count]

    async def import_rows(self, rows: Sequence[CentreRow]) -> tuple[int, int]:
        """Insert or update every row in one transaction: all of the file or none of it."""
        regions = {r.region_code: r.region_name for r in rows}
        for code, name in regions.items():
            await upsert(
                self.session, Region, {"code": code, "name": name}, keys=["code"], update=["name"]
            )
        for r in rows:
            values = {
                "code": r.centre_code,
                "region_code": r.region_code,
                "name": r.centre_name,
                "name_folded": fold(r.centre_name),
                "address": r.address,
                "latitude": r.latitude,
                "longitude": r.longitude,
                "timezone": r.timezone,
                "short_name": r.short_name,
            }
            await upsert(
                self.session,
                Centre,
                values,
                keys=["code"],
                update=[k for k in values if k != "code"],
            )
        _NAMES.clear()
        return len(regions), len(rows)


def _region_sort_key(region: Region) -> str:
    name = fold(region.name)
    for prefix in ("г. ", "город "):
        name = name.removeprefix(prefix)
    return name


def _clamp(page: int, total: int, size: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / size))
    return min(max(page, 0), pages - 1), pages
