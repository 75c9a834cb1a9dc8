"""aiogram routers, one per flow. Order matters: commands first, catch-alls last."""

from aiogram import Router

from handlers import (
    admin,
    centre_picker,
    centre_tools,
    errors,
    fallback,
    invites,
    my_index,
    news,
    private_only,
    review,
    settings,
    staff,
    start,
    survey,
)

_FLOWS = (
    errors,
    settings,
    # Before start and survey: in a group, /start and the survey's buttons lead to a private chat.
    private_only,
    start,
    # The hot path (every answer is a callback): checked before the role flows' filters.
    survey,
    admin,
    invites,
    staff,
    review,
    my_index,
    centre_tools,
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
