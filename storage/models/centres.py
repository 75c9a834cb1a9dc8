"""Regions and their employment centres (the directory, services.centres)."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base


class Region(Base):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))

    centres: Mapped[list[Centre]] = relationship(back_populates="region")


class Centre(Base):
    __tablename__ = "centres"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    # casefolded name with ё→е: SQLite's lower() does not fold Cyrillic.
    name_folded: Mapped[str] = mapped_column(String(300), index=True)
    address: Mapped[str] = mapped_column(String(500))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))
    # What a button shows: the part that tells the centre from its neighbours, first.
    short_name: Mapped[str | None] = mapped_column(String(100))

    region: Mapped[Region] = relationship(back_populates="centres")
