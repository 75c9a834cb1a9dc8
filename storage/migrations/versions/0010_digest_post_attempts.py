"""posts: when an attempt was claimed and when its send started (digest at most once)

`claimed_at` is the latest attempt's claim (an attempt that died before sending is taken over
after a while); `send_started_at` is committed before the album's Bot API call, so a row left
in `sending` is known to be a send with no recorded result.

Existing rows: `claimed_at` = `created_at`. A `failed` row whose error was a timeout, a
dropped connection or a 5xx may in fact be posted: it becomes `unknown`, which the bot never
retries by itself. A `sending` row stays `sending`, which now means exactly that (the old
code also used it while rendering: treating it as a send with no result is the safe reading).
A row keyed by an @username is re-keyed to the numeric id at run time, once the bot has
resolved it (bot.services.digest_channel).

Revision ID: 0010
Revises: 0006
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_AMBIGUOUS = ("TelegramNetworkError%", "TelegramServerError%", "ClientDecodeError%")


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("send_started_at", sa.DateTime(timezone=True), nullable=True))
    posts = sa.table(
        "posts",
        sa.column("status", sa.String),
        sa.column("error", sa.Text),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("claimed_at", sa.DateTime(timezone=True)),
    )
    op.execute(posts.update().values(claimed_at=posts.c.created_at))
    op.execute(
        posts.update()
        .where(posts.c.status == "failed", sa.or_(*(posts.c.error.like(p) for p in _AMBIGUOUS)))
        .values(status="unknown")
    )


def downgrade() -> None:
    posts = sa.table("posts", sa.column("status", sa.String), sa.column("attempts", sa.Integer))
    # The old code knows sending, posted and failed; a failed row with its attempts used up is
    # left to a person, which is what unknown and skipped mean.
    op.execute(posts.update().where(posts.c.status == "pending").values(status="sending"))
    op.execute(
        posts.update()
        .where(posts.c.status.in_(("unknown", "skipped")))
        .values(
            status="failed", attempts=sa.case((posts.c.attempts < 5, 5), else_=posts.c.attempts)
        )
    )
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("send_started_at")
        batch_op.drop_column("claimed_at")
