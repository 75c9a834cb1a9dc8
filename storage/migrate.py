"""Apply Alembic migrations from code (the CLI, `run` at start-up, and tests)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "storage" / "migrations"))
    cfg.attributes["url"] = url
    cfg.attributes["skip_logging"] = True
    return cfg


def _in_fresh_thread(fn: Callable[[], None]) -> None:
    # env.py calls asyncio.run(); inside a running loop that must happen on another thread.
    errors: list[BaseException] = []

    def target() -> None:
        try:
            fn()
        except BaseException as exc:  # re-raised below, on the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def _run(fn: Callable[[], None]) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        fn()
        return
    _in_fresh_thread(fn)


def upgrade(url: str, revision: str = "head") -> None:
    _run(lambda: command.upgrade(alembic_config(url), revision))


def downgrade(url: str, revision: str = "base") -> None:
    _run(lambda: command.downgrade(alembic_config(url), revision))
