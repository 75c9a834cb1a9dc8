"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 17:20:00.969595
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "fsm_states",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=255), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_fsm_states")),
    )
    op.create_table(
        "regions",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    op.create_table(
        "users",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_users")),
    )
    op.create_table(
        "centres",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_folded", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_centres_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_centres")),
    )
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_centres_name_folded"), ["name_folded"], unique=False)
        batch_op.create_index(batch_op.f("ix_centres_region_code"), ["region_code"], unique=False)

    op.create_table(
        "feedback_subscriptions",
        sa.Column("user_key", sa.String(length=64), nullable=False),
        sa.Column("centre_code", sa.String(length=32), nullable=False),
        sa.Column("chat", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_code"],
            ["centres.code"],
            name=op.f("fk_feedback_subscriptions_centre_code_centres"),
        ),
        sa.ForeignKeyConstraint(
            ["user_key"],
            ["users.key"],
            name=op.f("fk_feedback_subscriptions_user_key_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_key", "centre_code", name=op.f("pk_feedback_subscriptions")),
    )
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre_code", sa.String(length=32), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("respondent_key", sa.String(length=64), nullable=False),
        sa.Column("methodology", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["centre_code"], ["centres.code"], name=op.f("fk_questionnaires_centre_code_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaires")),
    )
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.create_index(
            "ix_questionnaires_centre_completed", ["centre_code", "completed_at"], unique=False
        )
        batch_op.create_index(
            "ix_questionnaires_respondent_centre", ["respondent_key", "centre_code"], unique=False
        )

    op.create_table(
        "answers",
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=32), nullable=False),
        sa.Column("indicator", sa.String(length=8), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaires.id"],
            name=op.f("fk_answers_questionnaire_id_questionnaires"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("questionnaire_id", "question_id", name=op.f("pk_answers")),
    )


def downgrade() -> None:

    op.drop_table("answers")
    with op.batch_alter_table("questionnaires", schema=None) as batch_op:
        batch_op.drop_index("ix_questionnaires_respondent_centre")
        batch_op.drop_index("ix_questionnaires_centre_completed")

    op.drop_table("questionnaires")
    op.drop_table("feedback_subscriptions")
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centres_region_code"))
        batch_op.drop_index(batch_op.f("ix_centres_name_folded"))

    op.drop_table("centres")
    op.drop_table("users")
    op.drop_table("regions")
    op.drop_table("fsm_states")
