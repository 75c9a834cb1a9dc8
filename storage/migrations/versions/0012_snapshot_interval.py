"""snapshot intervals: the 95 % bootstrap interval next to each index (METHODOLOGY §8)

Revision ID: 0012
Revises: 0006
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SNAPSHOT_COLUMNS = (
    "index_low",
    "index_high",
    "index_seeker_low",
    "index_seeker_high",
    "index_employer_low",
    "index_employer_high",
)


def upgrade() -> None:
    # Nullable, no default: snapshots taken before keep NULL ("not computed"); history is
    # never recomputed in place.
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        for name in SNAPSHOT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
    with op.batch_alter_table("snapshot_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ci_resamples", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ci_level", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("ci_seed", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("snapshot_runs", schema=None) as batch_op:
        for name in ("ci_seed", "ci_level", "ci_resamples"):
            batch_op.drop_column(name)
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        for name in reversed(SNAPSHOT_COLUMNS):
            batch_op.drop_column(name)
