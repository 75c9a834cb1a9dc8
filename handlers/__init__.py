"""aiogram routers, one per flow. Order matters: commands first, catch-alls last."""

from aiogram import Router

from handlers import errors, fallback, private_only, settings, start
from handlers.digest import centre_tools, my_index
from handlers.evidence import checklist, review
from handlers.news import router as news
from handlers.profiles import router as profiles
from handlers.roadmap import router as roadmap
from handlers.roadmap import submit as roadmap_submit
from handlers.survey import answers as survey
from handlers.survey import centre_picker
from handlers.team import invites
from handlers.team import router as team

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
    # Working-group tools (seeds 002, 003): their text steps let commands through.
    roadmap,
    roadmap_submit,
    profiles,
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
