"""Alembic environment: async engines, batch mode so SQLite can alter tables."""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

# Feature modules add their tables to Base.metadata (autogenerate sees them).
import storage.models_profiles
import storage.models_roadmap  # noqa: F401
from storage import (  # noqa: F401  (their tables join the metadata)
    models_audit,
    models_messenger,
    models_stats,
    models_tickets,
    models_versions,
)
from storage.db import DEFAULT_DATABASE_URL, create_engine
from storage.migration_lock import migration_lock
from storage.models import Base

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if url:
        return str(url)
    # storage/ sits below bot/: read the same variable the bot's settings read, without them.
    return os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_url())
    # One migrating process at a time per database (storage.migration_lock).
    async with engine.connect() as connection, migration_lock(connection):
        await connection.run_sync(_configure)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
