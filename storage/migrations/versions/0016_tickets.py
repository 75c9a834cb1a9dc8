"""tickets: questions to a centre's specialists, their messages, reply templates, and the
weekly summaries of visitors' comments (issue 13)

Revision ID: 0016
Revises: 0010
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre_code", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("asker_key", sa.String(length=64), nullable=True),
        sa.Column("asker_chat", sa.Text(), nullable=True),
        sa.Column("asker_language", sa.String(length=8), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=False),
        _when("created_at", nullable=False),
        _when("acknowledged_at"),
        _when("due_at", nullable=False),
        _when("reaction_due_at", nullable=False),
        sa.Column("taken_by", sa.BigInteger(), nullable=True),
        _when("taken_at"),
        _when("answered_at"),
        _when("first_answered_at"),
        _when("first_due_at"),
        _when("escalated_at"),
        _when("admins_told_at"),
        sa.Column("follow_up_used", sa.Boolean(), server_default="0", nullable=False),
        _when("closed_at"),
        sa.Column("close_reason", sa.String(length=16), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        _when("purged_at"),
        sa.ForeignKeyConstraint(
            ["centre_code"], ["centres.code"], name=op.f("fk_tickets_centre_code_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
    )
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.create_index("ix_tickets_status_due", ["status", "due_at"], unique=False)
        batch_op.create_index(
            "ix_tickets_centre_created", ["centre_code", "created_at"], unique=False
        )
        batch_op.create_index("ix_tickets_asker_status", ["asker_key", "status"], unique=False)

    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=8), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("file_kind", sa.String(length=16), nullable=True),
        sa.Column("file_id", sa.String(length=255), nullable=True),
        _when("created_at", nullable=False),
        sa.Column("delivered", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_messages_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_messages")),
    )
    with op.batch_alter_table("ticket_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ticket_messages_ticket_id"), ["ticket_id"], unique=False
        )

    op.create_table(
        "ticket_notices",
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_ticket_notices_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ticket_id", "user_id", name=op.f("pk_ticket_notices")),
    )

    op.create_table(
        "reply_templates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre_code", sa.String(length=32), nullable=True),
        sa.Column("region_code", sa.String(length=32), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        _when("updated_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_code"], ["centres.code"], name=op.f("fk_reply_templates_centre_code_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply_templates")),
    )
    with op.batch_alter_table("reply_templates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reply_templates_centre_code"), ["centre_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reply_templates_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "comment_summaries",
        sa.Column("centre_code", sa.String(length=32), nullable=False),
        sa.Column("iso_week", sa.String(length=8), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        _when("sent_at", nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_code"],
            ["centres.code"],
            name=op.f("fk_comment_summaries_centre_code_centres"),
        ),
        sa.PrimaryKeyConstraint("centre_code", "iso_week", name=op.f("pk_comment_summaries")),
    )


def downgrade() -> None:
    op.drop_table("comment_summaries")
    with op.batch_alter_table("reply_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reply_templates_region_code"))
        batch_op.drop_index(batch_op.f("ix_reply_templates_centre_code"))
    op.drop_table("reply_templates")
    op.drop_table("ticket_notices")
    with op.batch_alter_table("ticket_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_messages_ticket_id"))
    op.drop_table("ticket_messages")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_asker_status")
        batch_op.drop_index("ix_tickets_centre_created")
        batch_op.drop_index("ix_tickets_status_due")
    op.drop_table("tickets")
