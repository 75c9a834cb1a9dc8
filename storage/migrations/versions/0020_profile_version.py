"""change_counters: a version of users' languages and roles for in-process caches (issue 16)

Triggers move `users` on every write to `roles` and on every change of a user's chosen
language (insert with one, update of it, delete of a row that had one), in the writer's own
transaction, so a cache in any process can tell it is out of date (services.user_cache).

Revision ID: 0020
Revises: 0017
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE change_counters SET version = version + 1 WHERE name = 'users'"
# (trigger, timing and event, condition)
SQLITE_TRIGGERS = (
    ("roles_insert_users", "AFTER INSERT ON roles", ""),
    ("roles_update_users", "AFTER UPDATE ON roles", ""),
    ("roles_delete_users", "AFTER DELETE ON roles", ""),
    ("users_insert_users", "AFTER INSERT ON users", "WHEN NEW.language IS NOT NULL"),
    (
        "users_language_users",
        "AFTER UPDATE OF language ON users",
        "WHEN OLD.language IS NOT NEW.language",
    ),
    ("users_delete_users", "AFTER DELETE ON users", "WHEN OLD.language IS NOT NULL"),
)
POSTGRES_TRIGGERS = (
    ("roles_users", "AFTER INSERT OR UPDATE OR DELETE ON roles FOR EACH STATEMENT", ""),
    (
        "users_insert_users",
        "AFTER INSERT ON users FOR EACH ROW",
        "WHEN (NEW.language IS NOT NULL)",
    ),
    (
        "users_language_users",
        "AFTER UPDATE OF language ON users FOR EACH ROW",
        "WHEN (OLD.language IS DISTINCT FROM NEW.language)",
    ),
    (
        "users_delete_users",
        "AFTER DELETE ON users FOR EACH ROW",
        "WHEN (OLD.language IS NOT NULL)",
    ),
)


def upgrade() -> None:
    table = op.create_table(
        "change_counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(table, [{"name": "users", "version": 0}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_users_version() RETURNS trigger AS $$ BEGIN "
            f"{BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        for name, when, condition in POSTGRES_TRIGGERS:
            op.execute(
                f"CREATE TRIGGER {name} {when} {condition} EXECUTE FUNCTION bump_users_version()"
            )
    else:
        for name, when, condition in SQLITE_TRIGGERS:
            op.execute(f"CREATE TRIGGER {name} {when} {condition} BEGIN {BUMP}; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, when, _ in POSTGRES_TRIGGERS:
            table = "roles" if " ON roles" in when else "users"
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_users_version()")
    else:
        for name, _, _ in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("change_counters")
