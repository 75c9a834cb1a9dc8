"""Client-group profiles of a region (seed 002): "there is no average client".

A profile describes one client group (pre-retirement people, young parents, small-business
employers ...) from the template of its kind (services/profiles/templates/<kind>.yaml). The
answers are one JSON object, field id -> text or list of lines, so the template can grow
without a migration. Written by the region's working group (staff); `updated_by` is a staff
member's Telegram id: staff are identified people, respondents never appear here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime, utcnow


class ClientProfile(Base):
    __tablename__ = "client_profiles"
    __table_args__ = (Index("ix_client_profiles_region_updated", "region_code", "updated_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    kind: Mapped[str] = mapped_column(String(16))  # seekers | employers
    name: Mapped[str] = mapped_column(String(200))
    # field id -> str (one value) or list[str] (one item per line), as the template says
    fields: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by: Mapped[int] = mapped_column(BigInteger)
    # The age a profile is judged by ("refreshed at least once a year", seed 002 §8).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
