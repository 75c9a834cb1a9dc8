"""MAX message ids numbered for aiogram (bot.max.message_ids)

New table only: max_message_ids (storage/models_messenger.py).

Revision ID: 0022
Revises: 0017
Create Date: 2026-12-01 12:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UTCDateTime

revision: str = "0022"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "max_message_ids",
        sa.Column("id", sa.Integer(), autoincrement=True),
        sa.Column("mid", sa.String(128), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_max_message_ids"),
        sa.UniqueConstraint("mid", name="uq_max_message_ids_mid"),
    )


def downgrade() -> None:
    op.drop_table("max_message_ids")
