"""people (role holders' Telegram names, review notices) and centres.short_name

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=True),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.add_column(sa.Column("short_name", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.drop_column("short_name")
    op.drop_table("people")
