"""practices: the practice base «Конструктор клиентского опыта» (issue 12)

Revision ID: 0013
Revises: 0006
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "practices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre_code", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=True),
        sa.Column("indicators", sa.String(length=200), nullable=False),
        sa.Column("groups", sa.String(length=50), nullable=False),
        sa.Column("client_group", sa.String(length=32), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("done", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("post_status", sa.String(length=16), nullable=True),
        sa.Column("post_attempts", sa.Integer(), nullable=False),
        sa.Column("post_claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("post_message_ids", sa.JSON(), nullable=True),
        sa.Column("post_link", sa.String(length=200), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("post_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["centre_code"], ["centres.code"], name=op.f("fk_practices_centre_code_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practices")),
    )
    with op.batch_alter_table("practices", schema=None) as batch_op:
        batch_op.create_index("ix_practices_status_region", ["status", "region_code"])
        batch_op.create_index("ix_practices_author_status", ["author_id", "status"])
        batch_op.create_index("ix_practices_centre_status", ["centre_code", "status"])
        batch_op.create_index(batch_op.f("ix_practices_decided_at"), ["decided_at"])

    op.create_table(
        "practice_files",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_unique_id", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("stored_path", sa.String(length=500), nullable=True),
        sa.Column("mime_type", sa.String(length=100), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"],
            name=op.f("fk_practice_files_practice_id_practices"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_files")),
    )  # fmt: skip
    with op.batch_alter_table("practice_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_files_practice_id"), ["practice_id"])

    op.create_table(
        "practice_decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"],
            name=op.f("fk_practice_decisions_practice_id_practices"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_decisions")),
    )  # fmt: skip
    with op.batch_alter_table("practice_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_decisions_practice_id"), ["practice_id"])

    op.create_table(
        "practice_votes",
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("voter_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"],
            name=op.f("fk_practice_votes_practice_id_practices"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("practice_id", "voter_key", name=op.f("pk_practice_votes")),
    )  # fmt: skip
    with op.batch_alter_table("practice_votes", schema=None) as batch_op:
        batch_op.create_index("ix_practice_votes_created", ["created_at"])

    op.create_table(
        "practice_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("asker_key", sa.String(length=64), nullable=False),
        sa.Column("asker_chat", sa.Text(), nullable=False),
        sa.Column("asker_language", sa.String(length=8), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"],
            name=op.f("fk_practice_questions_practice_id_practices"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_questions")),
    )  # fmt: skip
    with op.batch_alter_table("practice_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_questions_practice_id"), ["practice_id"])
        batch_op.create_index("ix_practice_questions_asker_created", ["asker_key", "created_at"])

    op.create_table(
        "practice_weeks",
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("iso_week", sa.String(length=8), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practices.id"],
            name=op.f("fk_practice_weeks_practice_id_practices"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("channel", "iso_week", name=op.f("pk_practice_weeks")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("practice_weeks")
    with op.batch_alter_table("practice_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_questions_asker_created")
        batch_op.drop_index(batch_op.f("ix_practice_questions_practice_id"))
    op.drop_table("practice_questions")
    with op.batch_alter_table("practice_votes", schema=None) as batch_op:
        batch_op.drop_index("ix_practice_votes_created")
    op.drop_table("practice_votes")
    with op.batch_alter_table("practice_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_decisions_practice_id"))
    op.drop_table("practice_decisions")
    with op.batch_alter_table("practice_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_files_practice_id"))
    op.drop_table("practice_files")
    with op.batch_alter_table("practices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practices_decided_at"))
        batch_op.drop_index("ix_practices_centre_status")
        batch_op.drop_index("ix_practices_author_status")
        batch_op.drop_index("ix_practices_status_region")
    op.drop_table("practices")
