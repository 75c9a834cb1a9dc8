"""client-group profiles (seed 002) and the journey-pilot roadmap (seed 003)

New tables only: client_profiles; pilots, pilot_steps, pilot_meetings, pilot_notices,
roadmap_message_days (storage/models_profiles.py, storage/models_roadmap.py).

Revision ID: 0017
Revises: 0010
Create Date: 2026-12-01 09:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "client_profiles",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("region_code", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name="fk_client_profiles_region_code_regions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_client_profiles"),
    )
    op.create_index(
        "ix_client_profiles_region_updated", "client_profiles", ["region_code", "updated_at"]
    )
    op.create_table(
        "pilots",
        sa.Column("id", sa.Integer(), autoincrement=True),
        sa.Column("region_code", sa.String(32), nullable=False),
        sa.Column("programme", sa.String(32), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("started_by", sa.BigInteger(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name="fk_pilots_region_code_regions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pilots"),
        sa.UniqueConstraint("region_code", name="uq_pilots_region_code"),
    )
    op.create_table(
        "pilot_steps",
        sa.Column("id", sa.Integer(), autoincrement=True),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("file_id", sa.String(255)),
        sa.Column("file_kind", sa.String(16)),
        sa.Column("file_name", sa.String(255)),
        sa.Column("comment", sa.Text()),
        sa.Column("submitted_by", sa.BigInteger()),
        sa.Column("submitted_at", UTCDateTime()),
        sa.Column("decided_by", sa.BigInteger()),
        sa.Column("decided_at", UTCDateTime()),
        sa.Column("reason", sa.Text()),
        sa.Column("soon_reminded_at", UTCDateTime()),
        sa.Column("overdue_reminded_at", UTCDateTime()),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilots.id"], name="fk_pilot_steps_pilot_id_pilots", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pilot_steps"),
        sa.UniqueConstraint("pilot_id", "code", name="uq_pilot_steps_pilot_code"),
    )
    op.create_index("ix_pilot_steps_pilot_id", "pilot_steps", ["pilot_id"])
    op.create_table(
        "pilot_meetings",
        sa.Column("id", sa.Integer(), autoincrement=True),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("file_id", sa.String(255), nullable=False),
        sa.Column("file_kind", sa.String(16), nullable=False),
        sa.Column("file_name", sa.String(255)),
        sa.Column("comment", sa.Text()),
        sa.Column("recorded_by", sa.BigInteger(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"],
            ["pilots.id"],
            name="fk_pilot_meetings_pilot_id_pilots",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_pilot_meetings"),
    )
    op.create_index("ix_pilot_meetings_pilot_id", "pilot_meetings", ["pilot_id"])
    op.create_table(
        "pilot_notices",
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("sent_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pilot_id"], ["pilots.id"], name="fk_pilot_notices_pilot_id_pilots", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pilot_id", "key", name="pk_pilot_notices"),
    )
    op.create_table(
        "roadmap_message_days",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_roadmap_message_days"),
    )


def downgrade() -> None:
    op.drop_table("roadmap_message_days")
    op.drop_table("pilot_notices")
    op.drop_index("ix_pilot_meetings_pilot_id", table_name="pilot_meetings")
    op.drop_table("pilot_meetings")
    op.drop_index("ix_pilot_steps_pilot_id", table_name="pilot_steps")
    op.drop_table("pilot_steps")
    op.drop_table("pilots")
    op.drop_index("ix_client_profiles_region_updated", table_name="client_profiles")
    op.drop_table("client_profiles")
