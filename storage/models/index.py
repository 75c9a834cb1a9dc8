"""The index history: runs of the computation and every level's snapshot (services.index)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class SnapshotRun(Base):
    """One computation of every level at one moment; its snapshots share the window."""

    __tablename__ = "snapshot_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    window_end: Mapped[datetime] = mapped_column(UTCDateTime())
    methodology: Mapped[str] = mapped_column(String(32))
    min_respondents: Mapped[int] = mapped_column(Integer)
    min_employers: Mapped[int] = mapped_column(Integer)
    # The bootstrap behind the runs' intervals (METHODOLOGY §8); NULL: taken without them.
    ci_resamples: Mapped[int | None] = mapped_column(Integer)
    ci_level: Mapped[float | None] = mapped_column(Float)
    ci_seed: Mapped[int | None] = mapped_column(BigInteger)


class Snapshot(Base):
    """A level's figures at one run. Append-only history: never updated in place."""

    __tablename__ = "snapshots"
    __table_args__ = (Index("ix_snapshots_level_code_run", "level", "code", "run_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("snapshot_runs.id"), index=True)
    level: Mapped[str] = mapped_column(String(8))  # centre | region | country
    code: Mapped[str] = mapped_column(String(32))
    index: Mapped[float | None] = mapped_column(Float)
    index_seeker: Mapped[float | None] = mapped_column(Float)
    index_employer: Mapped[float | None] = mapped_column(Float)
    # The 95 % interval of each (METHODOLOGY §8); NULL when not computed or undefined.
    index_low: Mapped[float | None] = mapped_column(Float)
    index_high: Mapped[float | None] = mapped_column(Float)
    index_seeker_low: Mapped[float | None] = mapped_column(Float)
    index_seeker_high: Mapped[float | None] = mapped_column(Float)
    index_employer_low: Mapped[float | None] = mapped_column(Float)
    index_employer_high: Mapped[float | None] = mapped_column(Float)
    # {"combined"|"seeker"|"employer": {group code: score}}
    groups: Mapped[dict[str, Any]] = mapped_column(JSON)
    # {indicator code: [subjective, objective, value, valid answers]} of the combined index
    indicators: Mapped[dict[str, Any]] = mapped_column(JSON)
    respondents: Mapped[int] = mapped_column(Integer)
    employers: Mapped[int] = mapped_column(Integer)
    official: Mapped[bool] = mapped_column(Boolean)
    # index minus the previous snapshot's of the same level and code (seed 001 "dynamics")
    delta: Mapped[float | None] = mapped_column(Float)
