"""The centre directory: regions and centres, import, paging, search and nearest."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.centres.directory_csv import CentreRow
from services.centres.search import SearchIndex, fold
from services.evidence.geocheck import haversine_m
from storage.models import Centre, Region
from storage.upsert import upsert

T = TypeVar("T")
__all__ = ["CentreDirectory", "Found", "NearbyCentre", "Page", "distance_km", "fold"]


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


@dataclass(frozen=True, slots=True)
class Found:
    """The first centres of a search and how many matched in all."""

    centres: list[Centre]
    total: int

    @property
    def cut(self) -> bool:
        return self.total > len(self.centres)


# Centre names are shown on every question; they change only when the directory is imported.
_NAMES: dict[str, tuple[float, str]] = {}
NAME_TTL = 600.0
# The search index, per database: rebuilt when the directory's fingerprint (counts and text
# lengths, one cheap query per search) changes, so an import from the CLI process shows up at
# once here; the TTL catches the rest (a rename to a name of the same length).
_INDEXES: dict[str, tuple[float, tuple[object, ...], SearchIndex]] = {}
INDEX_TTL = 600.0
_FINGERPRINT = select(
    select(func.count()).select_from(Centre).scalar_subquery(),
    select(func.sum(func.length(Centre.name) + func.length(Centre.address))).scalar_subquery(),
    select(func.count()).select_from(Region).scalar_subquery(),
    select(func.sum(func.length(Region.name))).scalar_subquery(),
)


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

    async def search(self, query: str, limit: int) -> Found:
        """Centres whose name, address or region match every word of the query, best first."""
        hits = (await self._index()).search(query, limit)
        if not hits.codes:
            return Found([], 0)
        first = hits.codes
        rows = {
            c.code: c
            for c in await self.session.scalars(select(Centre).where(Centre.code.in_(first)))
        }
        return Found([rows[code] for code in first if code in rows], hits.total)

    async def _index(self) -> SearchIndex:
        key = self.session.get_bind().engine.url.render_as_string(hide_password=True)
        fingerprint = tuple((await self.session.execute(_FINGERPRINT)).one())
        cached = _INDEXES.get(key)
        if cached is not None and cached[0] > time.monotonic() and cached[1] == fingerprint:
            return cached[2]
        rows = await self.session.execute(
            select(Centre.code, Centre.name, Centre.address, Region.name).join(Centre.region)
        )
        centres = [(code, name, address, region) for code, name, address, region in rows]
        # Stemming a few thousand centres takes a few hundred ms of pure Python: off the event
        # loop, so other updates keep being answered meanwhile.
        index = await asyncio.to_thread(SearchIndex.build, centres)
        _INDEXES[key] = (time.monotonic() + INDEX_TTL, fingerprint, index)
        return index

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
        _INDEXES.clear()
        return len(regions), len(rows)


def _region_sort_key(region: Region) -> str:
    name = fold(region.name)
    for prefix in ("г. ", "город "):
        name = name.removeprefix(prefix)
    return name


def _clamp(page: int, total: int, size: int) -> tuple[int, int]:
    pages = max(1, math.ceil(total / size))
    return min(max(page, 0), pages - 1), pages
