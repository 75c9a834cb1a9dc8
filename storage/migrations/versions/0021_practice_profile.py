"""a practice linked to a client-group profile; roadmap results stored under MEDIA_DIR

practices.profile_id: a nullable FK to client_profiles (ON DELETE SET NULL), the profile of
the practice's region it serves as its client group. pilot_steps and pilot_meetings get
stored_path and file_size: the copy of the result under MEDIA_DIR, like evidence files.

Revision ID: 0021
Revises: 0017
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("practices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_practices_profile_id_client_profiles",
            "client_profiles",
            ["profile_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_practices_profile_id", ["profile_id"])
    for table in ("pilot_steps", "pilot_meetings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("stored_path", sa.String(80), nullable=True))
            batch_op.add_column(sa.Column("file_size", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in ("pilot_meetings", "pilot_steps"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("file_size")
            batch_op.drop_column("stored_path")
    with op.batch_alter_table("practices", schema=None) as batch_op:
        batch_op.drop_index("ix_practices_profile_id")
        batch_op.drop_constraint("fk_practices_profile_id_client_profiles", type_="foreignkey")
        batch_op.drop_column("profile_id")
