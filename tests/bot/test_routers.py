"""get_routers() copies routers whole: handlers, router-level filters, middlewares, sub-routers.

A router declares its role once (bot.role_filter); if the copy dropped the router's filter,
every role handler would be open to everyone.
"""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Router
from aiogram.dispatcher.event import handler as handler_module
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters import Command
from aiogram.types import Message

from bot.loop_filters import thread_filters
from bot.role_filter import IS_ADMIN, Role, refusal_router, role_router
from handlers import _copy, get_routers
from handlers.team import invites
from tests.harness import Person


async def _middleware(handler: Any, event: Any, data: dict[str, Any]) -> Any:
    return await handler(event, data)


def _filters(observer: TelegramEventObserver) -> list[Any]:
    return [f.callback for f in observer._handler.filters or []]


def test_copy_keeps_filters_middlewares_and_sub_routers() -> None:
    template = Router(name="t")
    template.message.filter(IS_ADMIN)
    template.callback_query.outer_middleware(_middleware)
    template.message.middleware(_middleware)

    @template.message(Command("x"))
    async def handler(message: Message) -> None:
        return None

    child = role_router("t.child", IS_ADMIN)
    template.include_routers(child, refusal_router("t.out", "adm-not-admin", Command("x")))

    copy = _copy(template)

    assert copy is not template and copy.name == "t"
    assert _filters(copy.message) == [IS_ADMIN]
    assert list(copy.callback_query.outer_middleware) == [_middleware]
    assert list(copy.message.middleware) == [_middleware]
    assert [h.callback for h in copy.message.handlers] == [handler]
    assert [r.name for r in copy.sub_routers] == ["t.child", "t.out"]
    assert copy.sub_routers[0] is not child
    assert _filters(copy.sub_routers[0].message) == [IS_ADMIN]
    assert _filters(copy.sub_routers[0].callback_query) == [IS_ADMIN]
    # The template itself stays free for the next dispatcher.
    assert template.parent_router is None and child.parent_router is template


def test_assembled_routers_keep_the_roles() -> None:
    """The production assembly: /invites sits behind the admin filter, its refusal after."""
    (copy,) = [r for r in get_routers() if r.name == invites.router.name]
    admins, outsiders = copy.sub_routers
    assert any(isinstance(f, Role) and f is IS_ADMIN for f in _filters(admins.message))
    assert any(isinstance(f, Role) and f is IS_ADMIN for f in _filters(admins.callback_query))
    assert outsiders.message.handlers and outsiders.callback_query.handlers
    assert not _filters(outsiders.message)
    # Two assemblies (two dispatchers) never share a router.
    again = next(r for r in get_routers() if r.name == invites.router.name)
    assert again is not copy and again.sub_routers[0] is not admins


def test_no_filter_of_the_assembled_routers_runs_in_a_thread() -> None:
    """aiogram runs a synchronous filter (a State, F…, a predicate) through asyncio.to_thread;
    bot.loop_filters makes each a coroutine on the loop (issue 16)."""
    routers = get_routers()
    assert all(thread_filters(router) == [] for router in routers)


async def test_an_answer_makes_no_thread_hop(user: Person, monkeypatch: pytest.MonkeyPatch) -> None:
    hops: list[object] = []

    async def to_thread(func: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(func)
        return func(*args, **kwargs)

    monkeypatch.setattr(handler_module.asyncio, "to_thread", to_thread)
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")
    await user.tap("4")
    await user.tap("Назад")
    await user.tap("5")
    assert hops == []
    assert "Вопрос 2 из 19" in user.last().text  # answered, back, answered again
