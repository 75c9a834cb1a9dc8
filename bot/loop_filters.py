"""Filters checked on the event loop, not in a worker thread.

aiogram calls a filter that is not a coroutine function through `asyncio.to_thread`
(`CallableObject.call`): a State used as a filter (`@router.message(Flow.step)`), a magic
filter (`F.text`, `F.chat.type != PRIVATE`) and a plain predicate each cost a hand-off to the
default executor, a thread wake-up and a loop wake-up, to compare a string or read an
attribute. Every callback update met two of them before reaching the survey's answer handler
(the private-chat check and `Respondent.audience`), and a text message up to dozens.

These filters are pure, cheap predicates over the event and the state; none does I/O or
blocks. So each is called directly on the loop, wrapped in a coroutine function, with the
parameters aiogram already read from the original (`params`, `varkw`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver


def on_loop(observer: TelegramEventObserver) -> None:
    """Every synchronous filter of `observer` (its handlers' and its own) runs on the loop."""
    for check in _filters(observer):
        _on_loop(check)


def thread_filters(router: Router) -> list[FilterObject]:
    """The filters of `router` and its sub-routers that aiogram would still run in a thread."""
    found = [
        check
        for observer in router.observers.values()
        if isinstance(observer, TelegramEventObserver)
        for check in _filters(observer)
        if not check.awaitable
    ]
    for sub in router.sub_routers:
        found.extend(thread_filters(sub))
    return found


def _filters(observer: TelegramEventObserver) -> Iterator[FilterObject]:
    # The observer's own (router-level) filters, then each handler's.
    yield from observer._handler.filters or []
    for handler in observer.handlers:
        yield from handler.filters or []


def _on_loop(check: FilterObject) -> None:
    if check.awaitable:
        return
    predicate = check.callback

    async def on_the_loop(*args: Any, **kwargs: Any) -> Any:
        return predicate(*args, **kwargs)

    on_the_loop.__wrapped__ = predicate  # type: ignore[attr-defined]  # for introspection
    check.callback = on_the_loop
    check.awaitable = True
