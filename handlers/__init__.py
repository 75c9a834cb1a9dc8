"""aiogram routers, one per flow. Order matters: commands first, catch-alls last."""

from aiogram import Router
from aiogram.dispatcher.event.telegram import TelegramEventObserver

from bot.loop_filters import on_loop
from handlers import errors, fallback, private_only, settings, start
from handlers.audit import router as audit
from handlers.digest import centre_tools, my_index, my_practices
from handlers.evidence import checklist, review
from handlers.exports import router as exports
from handlers.news import router as news
from handlers.practices import browse as practices_browse
from handlers.practices import review as practices_review
from handlers.practices import submit as practices_submit
from handlers.profiles import router as profiles
from handlers.roadmap import router as roadmap
from handlers.roadmap import submit as roadmap_submit
from handlers.stats import router as stats
from handlers.survey import answers as survey
from handlers.survey import centre_picker
from handlers.team import invites
from handlers.team import router as team
from handlers.tickets import asker as tickets_asker
from handlers.tickets import manage as tickets_manage
from handlers.tickets import staff as tickets_staff

_FLOWS = (
    errors,
    # The hot path first: every answer is a callback, and each router it passes costs more
    # than its filters. Private chats only: in a group, private_only below answers.
    survey,
    settings,
    # Before start: in a group, /start and the survey's buttons lead to a private chat.
    private_only,
    start,
    team,
    invites,
    checklist,
    review,
    my_index,
    my_practices,
    centre_tools,
    news,
    practices_submit,
    practices_review,
    practices_browse,
    stats,
    exports,
    audit,
    tickets_asker,
    tickets_staff,
    tickets_manage,
    # Working-group tools (seeds 002, 003): their text steps let commands through.
    roadmap,
    roadmap_submit,
    profiles,
    centre_picker,
    fallback,
)


def _copy(template: Router) -> Router:
    # aiogram attaches a router to one dispatcher for life; the modules' routers are templates,
    # so every dispatcher (production, each test, a restart inside a test) gets its own copy:
    # the handlers, the router-level filters (a role, bot.role_filter), the middlewares and
    # the sub-routers (a role router and its refusal), in their order.
    router = Router(name=template.name)
    for name, observer in template.observers.items():
        copy = router.observers[name]
        copy.handlers.extend(observer.handlers)
        if isinstance(observer, TelegramEventObserver) and isinstance(copy, TelegramEventObserver):
            # Filters added by `observer.filter(...)`; aiogram keeps them on a private
            # HandlerObject (tests/bot/test_routers.py fails loudly if that ever moves).
            copy._handler.filters = list(observer._handler.filters or [])
            for middleware in observer.outer_middleware:
                copy.outer_middleware.register(middleware)
            for middleware in observer.middleware:
                copy.middleware.register(middleware)
            on_loop(copy)  # aiogram would check States, F… and predicates in a thread
    for sub in template.sub_routers:
        router.include_router(_copy(sub))
    return router


def get_routers() -> list[Router]:
    return [_copy(flow.router) for flow in _FLOWS]
