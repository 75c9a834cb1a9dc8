"""/practices for everyone: browse by index group, indicator, client group or region (newest
first, paged), search by words, open a card with its measured effect, 👍 once per person,
and ask the author a question through the bot (neither side sees the other's Telegram id)."""

from __future__ import annotations

import logging
from html import escape

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import Translations
from handlers.practices import keyboards as kb
from handlers.practices.callbacks import AnswerCb, LibraryCb
from handlers.practices.common import error_text, on, reader_card, service
from handlers.practices.states import PracticeFlow
from services.practices import library
from services.practices.rules import MAX_QUESTION, clean_text, client_groups
from services.refusal import Refusal
from services.users import Users
from storage.models import utcnow
from storage.models_practices import Practice

router = Router(name="practices.browse")
log = logging.getLogger(__name__)
PAGE = 5


@router.message(Command("practices"))
async def on_practices(message: Message, ctx: Ctx) -> None:
    await ctx.state.clear()
    await message.answer(ctx.t("practices-menu"), reply_markup=kb.menu(ctx.t))


@router.callback_query(LibraryCb.filter(F.action == "menu"))
async def on_menu(callback: CallbackQuery, ctx: Ctx) -> None:
    await callback.answer()
    await ctx.show(ctx.t("practices-menu"), kb.menu(ctx.t), on(callback))


@router.callback_query(LibraryCb.filter(F.action == "by"))
async def on_by(callback: CallbackQuery, callback_data: LibraryCb, ctx: Ctx) -> None:
    kind, m = callback_data.f, service(ctx).m
    options: list[tuple[str, str]] = []
    if kind == "g":
        counts = await library.counts_by(ctx.session, "groups")
        options = [
            (g.code, f"{ctx.t(f'group-{g.code}')} · {counts.get(g.code, 0)}") for g in m.groups
        ]
    elif kind == "i":
        counts = await library.counts_by(ctx.session, "indicators")
        options = [(c, f"{c} {ctx.t(f'indicator-{c}')} · {n}") for c, n in sorted(counts.items())]
    elif kind == "c":
        counts = await library.counts_by(ctx.session, "client_group")
        options = [
            (g.code, f"{ctx.t(f'practices-client-{g.code}')} · {counts.get(g.code, 0)}")
            for g in client_groups()
        ]
    elif kind == "r":
        regions = await library.regions_with_practices(ctx.session)
        options = [(r.code, f"{r.name} · {n}") for r, n in regions]
    else:
        await callback.answer(ctx.t("practices-error-stale"), show_alert=True)
        return
    await callback.answer()
    text = ctx.t("practices-choose", kind=kind) if options else ctx.t("practices-none")
    await ctx.show(text, kb.choices(ctx.t, kind, options), on(callback))


@router.callback_query(LibraryCb.filter(F.action == "search"))
async def on_search(callback: CallbackQuery, ctx: Ctx) -> None:
    await callback.answer()
    await ctx.remember(PracticeFlow.search, {})
    await ctx.bot.send_message(ctx.chat_id, ctx.t("practices-search-ask"))


@router.message(PracticeFlow.search, F.text, ~F.text.startswith("/"))
async def on_query(message: Message, ctx: Ctx) -> None:
    query = (message.text or "")[:200]
    if not library.stems(query):
        await message.answer(ctx.t("practices-error-empty_query"))
        return
    await ctx.remember(None, {"q": query})
    await _list(ctx, "q", "", 0, None)


@router.callback_query(LibraryCb.filter(F.action == "list"))
async def on_list(callback: CallbackQuery, callback_data: LibraryCb, ctx: Ctx) -> None:
    await callback.answer()
    await _list(ctx, callback_data.f, callback_data.v, callback_data.page, on(callback))


async def _list(ctx: Ctx, kind: str, value: str, page: int, message: Message | None) -> None:
    query = value
    if kind == "q":
        query = str((await ctx.state.get_data()).get("q", ""))
    try:
        found = await library.browse(ctx.session, kind, query, page, PAGE)
    except Refusal:
        await ctx.show(ctx.t("practices-error-stale"), kb.menu(ctx.t), message)
        return
    if not found.items:
        text = ctx.t("practices-found-none")
    else:
        text = ctx.t("practices-found", count=found.total)
        if kind == "q":
            text = ctx.t("practices-search-result", query=escape(query), count=found.total)
    markup = kb.listing(ctx.t, found.items, kind, value, found.page, found.pages)
    await ctx.show(text, markup, message)


@router.callback_query(LibraryCb.filter(F.action == "open"))
async def on_open(callback: CallbackQuery, callback_data: LibraryCb, ctx: Ctx) -> None:
    practice = await library.accepted(ctx.session, callback_data.p)
    if practice is None:
        await callback.answer(ctx.t("practices-error-gone"), show_alert=True)
        return
    await callback.answer()
    await _show_card(ctx, practice, callback_data, on(callback))


async def _show_card(
    ctx: Ctx, practice: Practice, back: LibraryCb, message: Message | None
) -> None:
    card = await reader_card(ctx, practice)
    markup = kb.practice_card(ctx.t, practice, card.votes, card.has_document, back)
    await ctx.show(card.text, markup, message)


@router.callback_query(LibraryCb.filter(F.action == "vote"))
async def on_vote(callback: CallbackQuery, callback_data: LibraryCb, ctx: Ctx) -> None:
    practice = await library.accepted(ctx.session, callback_data.p)
    if practice is None:
        await callback.answer(ctx.t("practices-error-gone"), show_alert=True)
        return
    added = await library.vote(ctx.session, ctx.pseudonyms, practice.id, ctx.user_id, utcnow())
    await ctx.session.commit()
    count = await library.votes(ctx.session, practice.id)
    await callback.answer(ctx.t("practices-voted" if added else "practices-voted-already"))
    message = on(callback)
    if added and message is not None and message.reply_markup is not None:
        documents = await service(ctx).files(practice.id, "document")
        back = LibraryCb(action="list", f="n")
        await ctx.show(
            message.html_text,
            kb.practice_card(ctx.t, practice, count, bool(documents), back),
            message,
        )


@router.callback_query(LibraryCb.filter(F.action == "doc"))
async def on_document(callback: CallbackQuery, callback_data: LibraryCb, ctx: Ctx) -> None:
    practice = await library.accepted(ctx.session, callback_data.p)
    documents = await service(ctx).files(practice.id, "document") if practice else []
    if practice is None or not documents:
        await callback.answer(ctx.t("practices-error-gone"), show_alert=True)
        return
    await callback.answer()
    await ctx.bot.send_document(ctx.chat_id, documents[0].file_id)


# --- a question to the author -----------------------------------------------------------


@router.callback_query(LibraryCb.filter(F.action == "ask"))
async def on_ask(callback: CallbackQuery, callback_data: LibraryCb, ctx: Ctx) -> None:
    practice = await library.accepted(ctx.session, callback_data.p)
    if practice is None:
        await callback.answer(ctx.t("practices-error-gone"), show_alert=True)
        return
    if practice.author_id == ctx.user_id:
        await callback.answer(ctx.t("practices-error-ask_own"), show_alert=True)
        return
    await callback.answer()
    await ctx.remember(PracticeFlow.ask, {"ask": practice.id})
    title = escape(practice.title or "")
    await ctx.bot.send_message(
        ctx.chat_id, ctx.t("practices-ask-question", title=title, limit=MAX_QUESTION)
    )


@router.message(PracticeFlow.ask, F.text, ~F.text.startswith("/"))
async def on_question(message: Message, ctx: Ctx, translations: Translations) -> None:
    data = await ctx.state.get_data()
    practice = await library.accepted(ctx.session, int(data.get("ask", 0)))
    if practice is None:
        await ctx.state.clear()
        await message.answer(ctx.t("practices-error-gone"))
        return
    try:
        question = await library.ask(
            ctx.session, ctx.pseudonyms, practice, user_id=ctx.user_id,
            language=ctx.t.language, text=message.text, now=utcnow(),
        )  # fmt: skip
    except Refusal as error:
        await message.answer(error_text(ctx.t, error))
        if error.reason not in ("too_long", "empty"):
            await ctx.state.clear()
        return
    await ctx.session.commit()
    await ctx.state.clear()
    author = await Users(ctx.session, ctx.pseudonyms).get(practice.author_id)
    t = translations.get(author.language if author else None)
    text = t(
        "practices-question-to-author",
        title=escape(practice.title or ""),
        question=escape(question.text),
    )
    try:
        await ctx.bot.send_message(practice.author_id, text, reply_markup=kb.answer(t, question.id))
    except TelegramAPIError as error:
        log.warning("question %s not delivered to the author: %s", question.id, error)
        await message.answer(ctx.t("practices-question-undelivered"))
        return
    await message.answer(ctx.t("practices-question-sent"))


@router.callback_query(AnswerCb.filter())
async def on_answer_button(callback: CallbackQuery, callback_data: AnswerCb, ctx: Ctx) -> None:
    try:
        question, practice = await library.question_for(ctx.session, callback_data.q, ctx.user_id)
    except Refusal as error:
        await callback.answer(error_text(ctx.t, error), show_alert=True)
        return
    await callback.answer()
    await ctx.remember(PracticeFlow.answer, {"q": question.id})
    await ctx.bot.send_message(
        ctx.chat_id,
        ctx.t("practices-answer-ask", title=escape(practice.title or ""), limit=MAX_QUESTION),
    )


@router.message(PracticeFlow.answer, F.text, ~F.text.startswith("/"))
async def on_answer(message: Message, ctx: Ctx, translations: Translations) -> None:
    data = await ctx.state.get_data()
    try:
        question, practice = await library.question_for(
            ctx.session, int(data.get("q", 0)), ctx.user_id
        )
        body = clean_text(message.text, MAX_QUESTION)
    except Refusal as error:
        await message.answer(error_text(ctx.t, error))
        if error.reason not in ("too_long", "empty"):
            await ctx.state.clear()
        return
    if not await library.mark_answered(ctx.session, question, utcnow()):
        await ctx.state.clear()
        await message.answer(ctx.t("practices-error-answered"))
        return
    await ctx.session.commit()
    await ctx.state.clear()
    t = translations.get(question.asker_language)
    text = t(
        "practices-answer-received",
        title=escape(practice.title or ""),
        question=escape(question.text),
        answer=escape(body),
    )
    try:
        await ctx.bot.send_message(ctx.pseudonyms.unseal(question.asker_chat), text)
    except TelegramAPIError as error:
        log.warning("answer to question %s not delivered: %s", question.id, error)
        await message.answer(ctx.t("practices-question-undelivered"))
        return
    await message.answer(ctx.t("practices-answer-sent"))


@router.message(PracticeFlow.ask)
@router.message(PracticeFlow.answer)
@router.message(PracticeFlow.search)
async def on_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("practices-error-text_expected"))
