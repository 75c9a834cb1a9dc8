"""Work started from a handler that must outlive it (a news broadcast, replayed updates).

asyncio keeps only weak references to tasks, so they are held here until they end; nobody
awaits them, so an exception is logged rather than lost. `drain()` waits for them (tests,
an orderly shutdown).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self, job: Coroutine[Any, Any, T], name: str) -> asyncio.Task[T | None]:
        task = asyncio.create_task(self._guarded(job, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @staticmethod
    async def _guarded(job: Coroutine[Any, Any, T], name: str) -> T | None:
        try:
            return await job
        except Exception:
            log.exception("%s failed", name)
            return None

    async def drain(self) -> None:
        """Wait until every task started so far (and any started meanwhile) has ended."""
        loop = asyncio.get_running_loop()  # a module-level set may hold an old test's loop
        while running := [task for task in self._tasks if task.get_loop() is loop]:
            await asyncio.gather(*running, return_exceptions=True)
