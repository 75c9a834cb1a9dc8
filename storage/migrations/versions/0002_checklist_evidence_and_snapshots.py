"""checklist, evidence and snapshots

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:37:26.306484
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answers_scoring", ["questionnaire_id", "indicator", "value"], unique=False
        )

    op.create_table(
        "snapshot_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("methodology", sa.String(length=32), nullable=False),
        sa.Column("min_respondents", sa.Integer(), nullable=False),
        sa.Column("min_employers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshot_runs")),
    )
    with op.batch_alter_table("snapshot_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_snapshot_runs_taken_at"), ["taken_at"], unique=False)

    op.create_table(
        "objective_indicators",
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("indicator", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["regions.code"],
            name=op.f("fk_objective_indicators_region_code_regions"),
        ),
        sa.PrimaryKeyConstraint("region_code", "indicator", name=op.f("pk_objective_indicators")),
    )
    op.create_table(
        "requirements",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=True),
        sa.Column("indicator", sa.String(length=8), nullable=False),
        sa.Column("evidence_kind", sa.String(length=16), nullable=False),
        sa.Column("text_ru", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_requirements_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirements")),
    )
    with op.batch_alter_table("requirements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_requirements_region_indicator", ["region_code", "indicator"], unique=False
        )

    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("index", sa.Float(), nullable=True),
        sa.Column("index_seeker", sa.Float(), nullable=True),
        sa.Column("index_employer", sa.Float(), nullable=True),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("employers", sa.Integer(), nullable=False),
        sa.Column("official", sa.Boolean(), nullable=False),
        sa.Column("delta", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["snapshot_runs.id"], name=op.f("fk_snapshots_run_id_snapshot_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
    )
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.create_index(
            "ix_snapshots_level_code_run", ["level", "code", "run_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_snapshots_run_id"), ["run_id"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("centre_code", sa.String(length=32), nullable=False),
        sa.Column("requirement_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submitted_by", sa.BigInteger(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("geo_ok", sa.Boolean(), nullable=True),
        sa.Column("geo_reason", sa.String(length=32), nullable=True),
        sa.Column("distance_m", sa.Float(), nullable=True),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["centre_code"], ["centres.code"], name=op.f("fk_evidence_centre_code_centres")
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["requirements.id"],
            name=op.f("fk_evidence_requirement_id_requirements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evidence_centre_requirement_status",
            ["centre_code", "requirement_id", "status"],
            unique=False,
        )
        batch_op.create_index(
            "ix_evidence_status_submitted", ["status", "submitted_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("answers", schema=None) as batch_op:
        batch_op.drop_index("ix_answers_scoring")

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_status_submitted")
        batch_op.drop_index("ix_evidence_centre_requirement_status")

    op.drop_table("evidence")
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshots_run_id"))
        batch_op.drop_index("ix_snapshots_level_code_run")

    op.drop_table("snapshots")
    with op.batch_alter_table("requirements", schema=None) as batch_op:
        batch_op.drop_index("ix_requirements_region_indicator")

    op.drop_table("requirements")
    op.drop_table("objective_indicators")
    with op.batch_alter_table("snapshot_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshot_runs_taken_at"))

    op.drop_table("snapshot_runs")
