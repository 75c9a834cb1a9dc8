"""The checklist from its YAML files into the `requirements` table (idempotent).

The default list (scoring/checklists/<name>.yaml) is stored with `region_code` NULL. A region's
override file lists only the indicators it changes, each with its full replacement list
(scoring.checklist.merge_override); those rows are stored with the region's code and replace the
default rows of that indicator for the region's centres (services.index.ratings does the same).

Region rows get the database id `<region>:<id>`: the `requirements.id` key is global, and two
regions (or a region and the default list) may well use the same requirement id in their files.

A requirement that disappeared from its file is deleted, unless evidence points at it: evidence
is history and is never deleted by a sync. Such a row stays (and still counts in N) until its
evidence is dealt with; the report lists it so that an operator sees it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from scoring.checklist import (
    DEFAULT_CHECKLIST,
    ChecklistError,
    load_checklist,
    merge_override,
)
from scoring.checklist import Requirement as ChecklistItem
from storage.models import Evidence, Region, Requirement, utcnow
from storage.upsert import upsert

log = logging.getLogger(__name__)

# Column sizes of storage.models.Requirement: a longer value would be cut or refused by
# PostgreSQL, so the sync refuses it with a clear message first.
MAX_ID = 64
MAX_INDICATOR = 8


@dataclass
class SyncReport:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    # Ids no longer in any file but kept because evidence points at them.
    kept: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"requirements: {self.inserted} new, {self.updated} updated, {self.deleted} deleted"
        if self.kept:
            text += f"; kept (evidence points at them): {', '.join(self.kept)}"
        return text


def region_requirement_id(region_code: str, requirement_id: str) -> str:
    return f"{region_code}:{requirement_id}"


def override_files(directory: str | os.PathLike[str]) -> dict[str, Path]:
    """`<region code>.yaml` files of a directory, by region code (empty if it does not exist)."""
    folder = Path(directory)
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


async def sync_checklist(
    session: AsyncSession,
    name: str | os.PathLike[str] = DEFAULT_CHECKLIST,
    *,
    overrides: Mapping[str, str | os.PathLike[str]] | None = None,
    indicators: Iterable[str] | None = None,
) -> SyncReport:
    """Upsert the default checklist and the region overrides; delete what the files dropped.

    `overrides` maps a region code to its override file and is the complete set: a region
    missing from it loses its own rows. None leaves every region's rows untouched (start-up
    without an overrides folder must not wipe what a CLI sync stored). `indicators` (the
    methodology's codes) turns an unknown indicator code into an error. Raises ChecklistError
    (nothing written: the caller's transaction is rolled back) for an unusable file.
    Flushes; the caller commits.
    """
    known = frozenset(indicators) if indicators is not None else None
    base = load_checklist(name, indicators=known)
    wanted: dict[str, dict[str, Any]] = {}
    for position, req in enumerate(base.requirements):
        wanted[req.id] = _values(req.id, None, req, position)

    if overrides is not None:
        for region, path in sorted(overrides.items()):
            if await session.get(Region, region) is None:
                raise ChecklistError(
                    f"{os.fspath(path)}: unknown region {region!r} (import the centres first)"
                )
            override = load_checklist(path, indicators=known)
            replaced = frozenset(override.indicators)
            # merge_override validates the combination and gives the positions in the
            # order a person reading the region's checklist expects.
            merged = merge_override(base, override)
            for position, req in enumerate(merged.requirements):
                if req.indicator in replaced:
                    db_id = region_requirement_id(region, req.id)
                    wanted[db_id] = _values(db_id, region, req, position)

    for values in wanted.values():
        if len(values["id"]) > MAX_ID:
            raise ChecklistError(f"requirement id {values['id']!r} is over {MAX_ID} characters")
        if len(values["indicator"]) > MAX_INDICATOR:
            raise ChecklistError(
                f"requirement {values['id']}: indicator code {values['indicator']!r} "
                f"is over {MAX_INDICATOR} characters"
            )

    report = SyncReport()
    stored = {row.id: row for row in await session.scalars(select(Requirement))}
    for db_id, values in wanted.items():
        row = stored.get(db_id)
        if row is None:
            report.inserted += 1
        elif any(getattr(row, key) != value for key, value in values.items()):
            report.updated += 1
        else:
            continue
        await upsert(
            session, Requirement, values, keys=["id"], update=[k for k in values if k != "id"]
        )

    managed = {
        db_id for db_id, row in stored.items() if row.region_code is None or overrides is not None
    }
    for db_id in sorted(managed - wanted.keys()):
        has_evidence = await session.scalar(
            select(exists().where(Evidence.requirement_id == db_id))
        )
        if has_evidence:
            # Kept for the evidence's sake, but no longer required: out of N from now on.
            report.kept.append(db_id)
            if stored[db_id].retired_at is None:
                await session.execute(
                    update(Requirement).where(Requirement.id == db_id).values(retired_at=utcnow())
                )
            continue
        await session.execute(delete(Requirement).where(Requirement.id == db_id))
        report.deleted += 1
    if report.kept:
        log.warning("checklist sync kept requirements that have evidence: %s", report.kept)
    await session.flush()
    # The upserts bypassed the identity map: later reads in this session must see them.
    session.expire_all()
    return report


def _values(db_id: str, region: str | None, req: ChecklistItem, position: int) -> dict[str, Any]:
    return {
        "id": db_id,
        "region_code": region,
        "indicator": req.indicator,
        "evidence_kind": req.evidence,
        "text_ru": req.text_ru,
        "text_en": req.text_en,
        "position": position,
        "retired_at": None,
    }
