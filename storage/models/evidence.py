"""The checklist's requirements and the evidence that proves them (services.evidence)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime, utcnow


class Requirement(Base):
    """A checklist requirement. `region_code` NULL: the default list; set: a region's own list,
    which replaces the default for that indicator in that region."""

    __tablename__ = "requirements"
    __table_args__ = (Index("ix_requirements_region_indicator", "region_code", "indicator"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    indicator: Mapped[str] = mapped_column(String(8))
    evidence_kind: Mapped[str] = mapped_column(String(16))
    text_ru: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Dropped from the checklist file but kept because evidence points at it: not counted in N.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ObjectiveIndicator(Base):
    """Indicators whose objective part (X of N requirements) counts in a region (seed 000)."""

    __tablename__ = "objective_indicators"

    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), primary_key=True)
    indicator: Mapped[str] = mapped_column(String(8), primary_key=True)


class Evidence(Base):
    """Proof that a centre meets a requirement; counts in X once an expert accepted it."""

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_centre_requirement_status", "centre_code", "requirement_id", "status"),
        Index("ix_evidence_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    centre_code: Mapped[str] = mapped_column(ForeignKey("centres.code"))
    requirement_id: Mapped[str] = mapped_column(ForeignKey("requirements.id"))
    status: Mapped[str] = mapped_column(String(16))  # draft | pending | accepted | rejected
    submitted_by: Mapped[int] = mapped_column(BigInteger)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the proof was made (photo time): the validity window counts from here.
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    comment: Mapped[str | None] = mapped_column(Text)
    geo_ok: Mapped[bool | None] = mapped_column(Boolean)
    geo_reason: Mapped[str | None] = mapped_column(String(32))
    distance_m: Mapped[float | None] = mapped_column(Float)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
    # The location shared for photo_geo evidence, as sent (verdict above).
    location_lat: Mapped[float | None] = mapped_column(Float)
    location_lon: Mapped[float | None] = mapped_column(Float)
    location_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    location_accuracy: Mapped[float | None] = mapped_column(Float)
    location_forwarded: Mapped[bool | None] = mapped_column(Boolean)
    expiry_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="evidence", cascade="all, delete-orphan", passive_deletes=True
    )


class EvidenceFile(Base):
    """A photo or document of an evidence; a copy is kept under MEDIA_DIR by its SHA-256."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # photo | document
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(64), index=True)
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    stored_path: Mapped[str | None] = mapped_column(String(500))
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(Integer)
    media_group_id: Mapped[str | None] = mapped_column(String(64))
    message_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    exif_lat: Mapped[float | None] = mapped_column(Float)
    exif_lon: Mapped[float | None] = mapped_column(Float)
    exif_taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    evidence: Mapped[Evidence] = relationship(back_populates="files")


class EvidenceDecision(Base):
    """Append-only log of moderation: who decided what, when, and why."""

    __tablename__ = "evidence_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[int] = mapped_column(
        ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    decided_by: Mapped[int] = mapped_column(BigInteger)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decision: Mapped[str] = mapped_column(String(16))  # accepted | rejected
    reason: Mapped[str | None] = mapped_column(Text)
