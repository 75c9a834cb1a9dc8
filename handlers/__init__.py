"""aiogram routers, one per flow. Order matters: commands first, catch-alls last."""

from aiogram import Router

from handlers import (
    admin,
    centre_picker,
    errors,
    fallback,
    invites,
    my_index,
    news,
    review,
    settings,
    staff,
    start,
    survey,
)

_FLOWS = (
    errors,
    settings,
    start,
    # The hot path (every answer is a callback): checked before the role flows' filters.
    survey,
    admin,
    invites,
    staff,
    review,
    my_index,
    news,
    centre_picker,
    fallback,
)


def _copy(template: Router) -> Router:
    # aiogram attaches a router to one dispatcher for life; the modules' routers are templates,
    # so every dispatcher (production, each test, a restart inside a test) gets its own copy.
    router = Router(name=template.name)
    for name, observer in template.observers.items():
        router.observers[name].handlers.extend(observer.handlers)
    return router


def get_routers() -> list[Router]:
    return [_copy(flow.router) for flow in _FLOWS]
