"""storage.sqlite_driver leans on private parts of SQLAlchemy's aiosqlite adapter and of
aiosqlite. These tests fail loudly, naming the part, when an upgrade moves one of them; the
pins in pyproject.toml (SQLAlchemy 2.1.x) keep such an upgrade deliberate."""

from __future__ import annotations

import inspect
from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.dialects.sqlite import aiosqlite as sa_aiosqlite

from storage.db import create_engine

PRIVATE = [
    (sa_aiosqlite.AsyncAdapt_aiosqlite_cursor, "_make_new_cursor"),
    (sa_aiosqlite.AsyncAdapt_aiosqlite_cursor, "_execute_async"),
    (sa_aiosqlite.AsyncAdapt_aiosqlite_cursor, "_executemany_async"),
    (sa_aiosqlite.AsyncAdapt_aiosqlite_connection, "_cursor_cls"),
    (aiosqlite.Connection, "_execute"),
]


@pytest.mark.parametrize(("owner", "name"), PRIVATE, ids=lambda v: getattr(v, "__name__", v))
def test_private_parts_the_driver_overrides_still_exist(owner: type, name: str) -> None:
    assert hasattr(owner, name), (
        f"{owner.__qualname__}.{name} is gone: review storage/sqlite_driver"
    )


def test_the_overridden_coroutines_keep_their_signatures() -> None:
    cursor = sa_aiosqlite.AsyncAdapt_aiosqlite_cursor
    assert list(inspect.signature(cursor._execute_async).parameters) == [
        "self",
        "operation",
        "parameters",
    ]
    assert list(inspect.signature(cursor._executemany_async).parameters) == [
        "self",
        "operation",
        "seq_of_parameters",
    ]


async def test_one_thread_trip_per_statement_with_correct_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips = 0
    original = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal trips
        trips += 1
        return await original(self, fn, *args, **kwargs)

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    assert engine.dialect.driver == "czn_aiosqlite"
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
        async with engine.connect() as conn:
            trips = 0
            inserted = await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
            assert trips == 1
            assert inserted.lastrowid == 1
            await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}])
            updated = await conn.execute(text("UPDATE t SET v = 'z' WHERE id > 1"))
            assert updated.rowcount == 2
            trips = 0
            rows = (await conn.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
            assert trips == 1
            assert [tuple(r) for r in rows] == [(1, "a"), (2, "z"), (3, "z")]
            await conn.commit()
    finally:
        await engine.dispose()
