"""centre_news: what a centre changed after feedback, sent to its subscribers

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "centre_news",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre_code", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["centre_code"], ["centres.code"], name=op.f("fk_centre_news_centre_code_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_news")),
    )
    with op.batch_alter_table("centre_news", schema=None) as batch_op:
        batch_op.create_index(
            "ix_centre_news_centre_created", ["centre_code", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("centre_news", schema=None) as batch_op:
        batch_op.drop_index("ix_centre_news_centre_created")
    op.drop_table("centre_news")
