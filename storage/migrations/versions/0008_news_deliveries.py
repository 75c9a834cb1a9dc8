"""news_deliveries: a per-recipient log of each news broadcast, so a cut-off one resumes

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-26 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "news_deliveries",
        sa.Column("news_id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["news_id"],
            ["centre_news.id"],
            name=op.f("fk_news_deliveries_news_id_centre_news"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_key"],
            ["users.key"],
            name=op.f("fk_news_deliveries_user_key_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("news_id", "user_key", name=op.f("pk_news_deliveries")),
    )
    # The author's chat (sealed) and language: a resumed broadcast still reports to them.
    with op.batch_alter_table("centre_news", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_chat", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("author_language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("centre_news", schema=None) as batch_op:
        batch_op.drop_column("author_language")
        batch_op.drop_column("author_chat")
    op.drop_table("news_deliveries")
