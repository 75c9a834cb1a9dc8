"""aiogram routers, one per flow. Order matters: commands first, catch-alls last."""

from aiogram import Router

from handlers import errors, fallback, private_only, settings, start
from handlers.audit import router as audit
from handlers.digest import centre_tools, my_index
from handlers.evidence import checklist, review
from handlers.exports import router as exports
from handlers.news import router as news
from handlers.practices import browse as practices_browse
from handlers.practices import review as practices_review
from handlers.practices import submit as practices_submit
from handlers.stats import router as stats
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
    practices_submit,
    practices_review,
    practices_browse,
    stats,
    exports,
    audit,
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
