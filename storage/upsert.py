"""INSERT … ON CONFLICT DO UPDATE for both supported backends.

The statements are Core inserts on the table, built once per shape and executed with the
values as parameters: an answer and an FSM write each run one, and building the `excluded`
clause anew every time cost more than executing it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.dml import Insert


def _insert(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    return postgresql.insert(table) if dialect == "postgresql" else sqlite.insert(table)


def _table(model: type[DeclarativeBase]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def insert_for(
    session: AsyncSession, model: type[DeclarativeBase]
) -> postgresql.Insert | sqlite.Insert:
    """The backend's INSERT on the model's table, with ON CONFLICT, for a one-off statement."""
    return _insert(session.get_bind().dialect.name, _table(model))


@cache
def _upsert_statement(
    dialect: str, model: type[DeclarativeBase], keys: tuple[str, ...], update: tuple[str, ...]
) -> Insert:
    stmt = _insert(dialect, _table(model))
    return stmt.on_conflict_do_update(
        index_elements=list(keys), set_={name: stmt.excluded[name] for name in update}
    )


@cache
def _ignore_statement(dialect: str, model: type[DeclarativeBase]) -> Insert:
    return _insert(dialect, _table(model)).on_conflict_do_nothing()


async def upsert(
    session: AsyncSession,
    model: type[DeclarativeBase],
    values: Mapping[str, Any],
    *,
    keys: Sequence[str],
    update: Sequence[str],
) -> None:
    dialect = session.get_bind().dialect.name
    stmt = _upsert_statement(dialect, model, tuple(keys), tuple(update))
    await session.execute(stmt, dict(values))


async def insert_ignore(
    session: AsyncSession, model: type[DeclarativeBase], values: Mapping[str, Any]
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True if the row was inserted."""
    dialect = session.get_bind().dialect.name
    result = await session.execute(_ignore_statement(dialect, model), dict(values))
    return bool(getattr(result, "rowcount", 0))
