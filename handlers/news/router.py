"""/news for working groups: tell the people who tapped "let me know" after the questionnaire
what the centre changed after the feedback ("you said, we did").

/news → the centre (buttons if the person works for several) → the subscriber count and a
request for the text → one text message → a preview of exactly what subscribers get → Send or
Cancel. Send stores the news and starts the broadcast (handlers/news/broadcast.py). Subscribers get
a button that unsubscribes them from that centre's news.

Thin: the rules are in services.news.rules, re-checked on every step (role, cool-down,
subscribers); a button names a centre, it grants nothing.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import Ctx
from bot.i18n import Translations
from bot.refusal import refusal_text
from bot.role_filter import IS_STAFF, refusal_router, role_router
from bot.sender import Sender
from handlers.evidence.states import StaffFlow
from handlers.evidence.texts import local_datetime
from handlers.news import broadcast as news_broadcast
from handlers.news import keyboards as kb
from handlers.news.callbacks import NewsCb, NewsUnsubscribeCb
from handlers.survey.states import NewsFlow
from services.centres.directory import CentreDirectory
from services.centres.timezones import DEFAULT_TIMEZONE
from services.news.rules import RETRY_TEXT, NewsRules, NewsService, news_text
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import utcnow

router = Router(name="news")
# /news needs the staff role; the rest of the flow (after it, so /news wins over the flow's
# catch-all) re-checks the centre on every press (services.news).
staff = role_router("news.staff", IS_STAFF)
flow = Router(name="news.flow")

# FSM data: the centre, the request for the text (its Cancel button), the text and its preview
CENTRE, ASK, TEXT, PREVIEW = "news_centre", "news_ask", "news_text", "news_preview"


def _service(ctx: Ctx) -> NewsService:
    return NewsService(ctx.session, NewsRules.from_settings(ctx.settings), ctx.pseudonyms)


async def error_text(ctx: Ctx, error: Refusal, centre_code: str | None) -> str:
    if error.reason != "cooldown":
        return refusal_text(ctx.t, error)
    # When the last news went out and the next may: by the centre's clock.
    centre = await CentreDirectory(ctx.session).get(centre_code) if centre_code else None
    zone = centre.timezone if centre is not None else DEFAULT_TIMEZONE
    last, next_at = error.details["last"], error.details["next_at"]
    assert isinstance(last, datetime) and isinstance(next_at, datetime)
    days = ctx.settings.survey.news_cooldown_days
    return refusal_text(
        ctx.t,
        error,
        last=local_datetime(last, zone),
        date=local_datetime(next_at, zone),
        days=days,
    )


def _on(callback: CallbackQuery) -> Message | None:
    return callback.message if isinstance(callback.message, Message) else None


async def _drop_buttons(ctx: Ctx, message_id: int | None) -> None:
    if message_id is None:
        return
    with suppress(TelegramBadRequest):  # already without buttons, or gone
        await ctx.bot.edit_message_reply_markup(
            chat_id=ctx.chat_id, message_id=message_id, reply_markup=None
        )


async def _in_flow(ctx: Ctx, centre_code: str) -> dict[str, Any] | None:
    """The conversation's data if it is writing news of this centre."""
    state = await ctx.state.get_state()
    data = await ctx.state.get_data()
    if state not in (NewsFlow.text.state, NewsFlow.preview.state):
        return None
    return data if data.get(CENTRE) == centre_code else None


# --- choosing the centre ----------------------------------------------------------------------


@staff.message(Command("news"))
async def on_news(message: Message, ctx: Ctx, access: Access) -> None:
    state = await ctx.state.get_state()
    if state == StaffFlow.collecting.state:
        # The draft stays in the database; only the location keyboard goes away.
        await message.answer(ctx.t("ev-draft-paused"), reply_markup=ReplyKeyboardRemove())
    elif state in (NewsFlow.text.state, NewsFlow.preview.state):
        data = await ctx.state.get_data()
        await _drop_buttons(ctx, data.get(ASK))
        await _drop_buttons(ctx, data.get(PREVIEW))
    await ctx.state.set_state(None)
    await ctx.state.set_data({})
    directory = CentreDirectory(ctx.session)
    centres = [c for code in sorted(access.staff_centres) if (c := await directory.get(code))]
    if not centres:
        await message.answer(ctx.t("news-not-staff"))
        return
    if len(centres) > 1:
        await message.answer(ctx.t("news-pick-centre"), reply_markup=kb.centre_choice(centres))
        return
    await _open(ctx, access, centres[0].code, None)


@flow.callback_query(NewsCb.filter(F.action == "pick"))
async def on_pick(callback: CallbackQuery, callback_data: NewsCb, ctx: Ctx, access: Access) -> None:
    if not access.works_at(callback_data.c):
        await callback.answer(ctx.t("news-error-forbidden"), show_alert=True)
        return
    await callback.answer()
    await _open(ctx, access, callback_data.c, _on(callback))


async def _open(ctx: Ctx, access: Access, centre_code: str, on: Message | None) -> None:
    try:
        centre, count = await _service(ctx).open(access, centre_code, utcnow())
    except Refusal as error:
        await ctx.state.clear()
        await ctx.show(await error_text(ctx, error, centre_code), None, on)
        return
    survey = ctx.settings.survey
    text = ctx.t("news-ask", centre=escape(centre.name), count=count, limit=survey.news_max_chars)
    if survey.news_cooldown_days > 0:
        text += "\n\n" + ctx.t("news-ask-cooldown", days=survey.news_cooldown_days)
    markup = kb.cancel(ctx.t, centre.code)
    if on is None:
        ask = (await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)).message_id
    else:
        await ctx.show(text, markup, on)
        ask = on.message_id
    await ctx.remember(NewsFlow.text, {CENTRE: centre.code, ASK: ask})


# --- the text and the preview -------------------------------------------------------------


@flow.message(StateFilter(NewsFlow.text, NewsFlow.preview), F.text, ~F.text.startswith("/"))
async def on_text(message: Message, ctx: Ctx, access: Access) -> None:
    data = await ctx.state.get_data()
    code = str(data.get(CENTRE, ""))
    service = _service(ctx)
    try:
        body = service.clean_text(message.text)
        centre, count = await service.open(access, code, utcnow())
    except Refusal as error:
        if error.reason not in RETRY_TEXT:  # nothing to write any more: the flow ends
            await _drop_buttons(ctx, data.get(ASK))
            await _drop_buttons(ctx, data.get(PREVIEW))
            await ctx.state.clear()
        await message.answer(await error_text(ctx, error, code))
        return
    # The preview has its own Cancel; a new text replaces the previous preview.
    await _drop_buttons(ctx, data.get(ASK))
    await _drop_buttons(ctx, data.get(PREVIEW))
    await message.answer(ctx.t("news-preview-intro", count=count))
    shown = await message.answer(
        news_text(ctx.t, centre, body), reply_markup=kb.preview(ctx.t, centre.code, count)
    )
    await ctx.remember(
        NewsFlow.preview, {CENTRE: centre.code, ASK: None, TEXT: body, PREVIEW: shown.message_id}
    )


@flow.message(StateFilter(NewsFlow.text, NewsFlow.preview))
async def on_not_text(message: Message, ctx: Ctx) -> None:
    # A photo, a sticker, or a command nobody else took: the news is one text message.
    await message.answer(ctx.t("news-error-not_text", limit=ctx.settings.survey.news_max_chars))


# --- send or cancel -----------------------------------------------------------------------


@flow.callback_query(NewsCb.filter(F.action == "send"))
async def on_send(
    callback: CallbackQuery,
    callback_data: NewsCb,
    ctx: Ctx,
    access: Access,
    sessionmaker: async_sessionmaker[AsyncSession],
    translations: Translations,
    sender: Sender,
) -> None:
    data = await _in_flow(ctx, callback_data.c)
    message = _on(callback)
    if (
        data is None
        or not isinstance(data.get(TEXT), str)
        or (message is not None and data.get(PREVIEW) != message.message_id)
    ):
        # An older preview, or one already sent or cancelled: only the latest one sends.
        await callback.answer(ctx.t("news-error-stale"), show_alert=True)
        if message is not None and (data is None or data.get(PREVIEW) != message.message_id):
            await _drop_buttons(ctx, message.message_id)
        return
    try:
        centre, news = await _service(ctx).create(
            access,
            callback_data.c,
            data[TEXT],
            utcnow(),
            author_chat_id=ctx.chat_id,
            author_language=ctx.t.language,
        )
    except Refusal as error:
        await ctx.session.rollback()
        await ctx.state.clear()
        await _drop_buttons(ctx, data.get(PREVIEW))
        await callback.answer()
        await ctx.bot.send_message(ctx.chat_id, await error_text(ctx, error, callback_data.c))
        return
    # Stored with its delivery log before anything is sent: a second Send now meets the
    # cool-down, and a broadcast cut off by a restart is resumed from the log.
    await ctx.session.commit()
    await ctx.state.clear()
    await callback.answer()
    await _drop_buttons(ctx, data.get(PREVIEW))
    await ctx.bot.send_message(
        ctx.chat_id, ctx.t("news-sending", count=news.recipients, centre=escape(centre.name))
    )
    news_broadcast.start(
        sender=sender.bind(ctx.bot),  # the process's one Sender (bot.factory)
        sessionmaker=sessionmaker,
        pseudonyms=ctx.pseudonyms,
        translations=translations,
        news_id=news.id,
    )


@flow.callback_query(NewsCb.filter(F.action == "cancel"))
async def on_cancel(callback: CallbackQuery, callback_data: NewsCb, ctx: Ctx) -> None:
    data = await _in_flow(ctx, callback_data.c)
    message = _on(callback)
    if data is None:
        await callback.answer(ctx.t("news-error-stale"), show_alert=True)
        if message is not None:
            await _drop_buttons(ctx, message.message_id)
        return
    await ctx.state.clear()
    await callback.answer()
    for other in (data.get(ASK), data.get(PREVIEW)):
        if message is None or other != message.message_id:
            await _drop_buttons(ctx, other)  # e.g. the preview, when Cancel was under the ask
    await ctx.show(ctx.t("news-cancelled"), None, message)


# --- a subscriber unsubscribes ------------------------------------------------------------


@flow.callback_query(NewsUnsubscribeCb.filter())
async def on_unsubscribe(
    callback: CallbackQuery, callback_data: NewsUnsubscribeCb, ctx: Ctx
) -> None:
    removed = await _service(ctx).unsubscribe(ctx.user_id, callback_data.c)
    await ctx.session.commit()
    key = "news-unsubscribed" if removed else "news-unsubscribed-already"
    await callback.answer(ctx.t(key), show_alert=True)
    message = _on(callback)
    if message is not None:
        await _drop_buttons(ctx, message.message_id)


router.include_routers(
    staff, refusal_router("news.outsiders", "news-not-staff", Command("news")), flow
)
