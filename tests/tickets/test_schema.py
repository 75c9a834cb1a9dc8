"""Migration 0016 creates exactly what storage/models_tickets.py describes."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from storage import models_tickets
from storage.models import Base

TABLES = {"tickets", "ticket_messages", "ticket_notices", "reply_templates", "comment_summaries"}


def _table_of(diff: object) -> str | None:
    item = diff[-1] if isinstance(diff, list) else diff
    for part in item if isinstance(item, tuple) else (item,):
        name = getattr(part, "name", None) if not isinstance(part, str) else None
        table = getattr(part, "table", None)
        if table is not None and getattr(table, "name", None):
            return str(table.name)
        if name in TABLES:
            return str(name)
        if isinstance(part, str) and part in TABLES:
            return part
    return None


def test_migration_matches_the_models(migrated_template: Path) -> None:
    assert {t.name for t in models_tickets.Base.metadata.sorted_tables} >= TABLES
    engine = create_engine(f"sqlite:///{migrated_template}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        diffs = compare_metadata(context, Base.metadata)
    engine.dispose()
    ours = [d for d in diffs if _table_of(d) in TABLES]
    assert ours == []
