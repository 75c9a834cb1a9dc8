"""aiogram routers, one per flow. Order matters: commands first, catch-alls last."""

from aiogram import Router

from handlers import errors, fallback, private_only, settings, start
from handlers.digest import centre_tools, my_index
from handlers.evidence import checklist, review
from handlers.news import router as news
from handlers.survey import answers as survey
from handlers.survey import centre_picker
from handlers.team import invites
from handlers.team import router as team
from handlers.tickets import asker as tickets_asker
from handlers.tickets import manage as tickets_manage
from handlers.tickets import staff as tickets_staff

_FLOWS = (
    errors,
    settings,
    # Before start and survey: in a group, /start and the survey's buttons lead to a private chat.
    private_only,
    start,
    # The hot path (every answer is a callback): checked before the role flows' filters.
    survey,
    team,
    invites,
    checklist,
    review,
    my_index,
    centre_tools,
    news,
    tickets_asker,
    tickets_staff,
    tickets_manage,
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
