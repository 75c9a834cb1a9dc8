"""The asker's side: «❓ Задать вопрос специалисту» from any step or /ask, the question (text,
a photo or a document), the acknowledgement with the ticket's number and promised time, the
one follow-up, «Вопрос решён» and the rating. After asking, the person is back where they
were: the questionnaire continues at the same question.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import Translations
from handlers.tickets import keyboards as kb
from handlers.tickets.callbacks import TkAskCb, TkAskerCb, TkRateCb
from handlers.tickets.common import (
    BACK_DATA,
    CENTRE,
    PROMPT,
    TICKET,
    TICKET_STATES,
    blocked_sender,
    come_back,
    drop_buttons,
    error_text,
    leave,
    service,
)
from handlers.tickets.notify import send_cards, tell_admins, when
from handlers.tickets.states import TicketFlow
from services.centres.directory import CentreDirectory
from services.refusal import Refusal
from services.team.roles import Access
from services.tickets.rules import DOCUMENT, PHOTO, clean_draft
from storage.models import utcnow
from storage.models_tickets import Ticket

router = Router(name="tickets_asker")


async def _current_centre(ctx: Ctx) -> str | None:
    data = await ctx.state.get_data()
    if await ctx.state.get_state() in TICKET_STATES:
        data = data.get(BACK_DATA) or {}
    centre = data.get("centre")
    return centre if isinstance(centre, str) else None


async def _start(ctx: Ctx, access: Access, centre_code: str | None) -> None:
    user = await ctx.users.get(ctx.user_id)
    if user is None or user.consent_at is None:
        await ctx.bot.send_message(ctx.chat_id, ctx.t("tickets-error-no_consent"))
        return
    tickets = service(ctx)
    try:
        centre = await tickets.may_ask(access, ctx.user_id, centre_code)
    except Refusal as error:
        await ctx.bot.send_message(ctx.chat_id, error_text(ctx, error))
        return
    data = await ctx.state.get_data()
    await drop_buttons(ctx, data.get(PROMPT))
    to_experts = not await tickets.has_group(centre.code)
    text = ctx.t(
        "tickets-ask-prompt",
        centre=escape(centre.name),
        to="experts" if to_experts else "group",
        limit=ctx.settings.tickets.ticket_max_chars,
    )
    prompt = await ctx.bot.send_message(ctx.chat_id, text, reply_markup=kb.cancel_ask(ctx.t))
    await leave(ctx, TicketFlow.writing, {CENTRE: centre.code, PROMPT: prompt.message_id})


@router.message(Command("ask"), F.chat.type == "private")
async def on_ask_command(message: Message, ctx: Ctx, access: Access) -> None:
    await _start(ctx, access, await _current_centre(ctx))


@router.callback_query(TkAskCb.filter())
async def on_ask_button(
    callback: CallbackQuery, callback_data: TkAskCb, ctx: Ctx, access: Access
) -> None:
    await callback.answer()
    await _start(ctx, access, callback_data.c or await _current_centre(ctx))


def _draft_of(message: Message, limit: int) -> tuple[str | None, str | None, str | None]:
    if message.photo:
        return message.caption, PHOTO, message.photo[-1].file_id
    if message.document:
        return message.caption, DOCUMENT, message.document.file_id
    return message.text, None, None


@router.message(TicketFlow.writing, ~F.text.startswith("/"))
async def on_question(
    message: Message,
    ctx: Ctx,
    access: Access,
    translations: Translations,
) -> None:
    limit = ctx.settings.tickets.ticket_max_chars
    data = await ctx.state.get_data()
    tickets = service(ctx)
    try:
        draft = clean_draft(*_draft_of(message, limit), limit)
        ticket = await tickets.create(
            access, ctx.user_id, ctx.chat_id, ctx.t.language, data.get(CENTRE), draft, utcnow()
        )
    except Refusal as error:
        # Nothing is stored from a refused question; the prompt stays for another try.
        await message.answer(error_text(ctx, error))
        if error.reason in ("no_centre", "own_centre", "throttled"):
            await come_back(ctx)
        return
    await ctx.session.commit()
    centre = await CentreDirectory(ctx.session).get(ticket.centre_code)
    zone = centre.timezone if centre is not None else "Europe/Moscow"
    await message.answer(
        ctx.t(
            "tickets-ack",
            id=ticket.id,
            centre=escape(centre.name if centre else ticket.centre_code),
            due=when(ticket.due_at, zone),
            hours=ctx.t.number(ctx.settings.tickets.ticket_answer_hours, 0),
        )
    )
    await _notify(ctx, ticket, translations)
    await come_back(ctx)


async def _notify(
    ctx: Ctx,
    ticket: Ticket,
    translations: Translations,
    intro: str | None = None,
    only: list[int] | None = None,
) -> None:
    tickets = service(ctx)
    people = only or await tickets.recipients(ticket)
    if not people:
        await tell_admins(
            blocked_sender(ctx),
            translations,
            ctx.settings.telegram.admin_ids,
            "tickets-admin-nobody",
            id=ticket.id,
            centre=escape(ticket.centre_code),
        )
        ticket.admins_told_at = utcnow()
        await ctx.session.commit()
        return
    await send_cards(
        session=ctx.session,
        service=tickets,
        sender=blocked_sender(ctx),
        translations=translations,
        ticket=ticket,
        user_ids=people,
        intro=intro,
    )


@router.message(StateFilter(TicketFlow.writing, TicketFlow.follow_up), F.text.startswith("/"))
async def on_command_while_writing(message: Message, ctx: Ctx) -> None:
    # A command nobody else took (the survey's are answered elsewhere): the question waits.
    await message.answer(ctx.t("tickets-writing-command"))


@router.callback_query(TkAskerCb.filter(F.action == "cancel"))
async def on_cancel(callback: CallbackQuery, ctx: Ctx) -> None:
    await callback.answer()
    if await ctx.state.get_state() not in TICKET_STATES:
        await drop_buttons(ctx, callback.message.message_id if callback.message else None)
        return
    await ctx.bot.send_message(ctx.chat_id, ctx.t("tickets-cancelled"))
    await come_back(ctx)


@router.callback_query(TkAskerCb.filter(F.action == "more"))
async def on_more(callback: CallbackQuery, callback_data: TkAskerCb, ctx: Ctx) -> None:
    try:
        ticket = await service(ctx).of_asker(ctx.user_id, callback_data.t)
        if ticket.follow_up_used:
            raise Refusal("tickets-error", "follow_up_used")
        if ticket.status != "answered":
            raise Refusal(
                "tickets-error", "closed" if ticket.status == "closed" else "not_answered"
            )
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await callback.answer()
    text = ctx.t("tickets-more-prompt", id=ticket.id, limit=ctx.settings.tickets.ticket_max_chars)
    prompt = await ctx.bot.send_message(ctx.chat_id, text, reply_markup=kb.cancel_ask(ctx.t))
    await leave(ctx, TicketFlow.follow_up, {TICKET: ticket.id, PROMPT: prompt.message_id})


@router.message(TicketFlow.follow_up, ~F.text.startswith("/"))
async def on_follow_up(
    message: Message,
    ctx: Ctx,
    translations: Translations,
) -> None:
    limit = ctx.settings.tickets.ticket_max_chars
    data = await ctx.state.get_data()
    try:
        draft = clean_draft(*_draft_of(message, limit), limit)
        ticket = await service(ctx).follow_up(
            ctx.user_id, int(data.get(TICKET, 0)), draft, utcnow()
        )
    except Refusal as error:
        await message.answer(error_text(ctx, error))
        if error.reason not in ("empty", "too_long"):
            await come_back(ctx)
        return
    await ctx.session.commit()
    centre = await CentreDirectory(ctx.session).get(ticket.centre_code)
    zone = centre.timezone if centre is not None else "Europe/Moscow"
    await message.answer(ctx.t("tickets-more-ack", id=ticket.id, due=when(ticket.due_at, zone)))
    only = [ticket.taken_by] if ticket.taken_by is not None else None
    await _notify(ctx, ticket, translations, "tickets-followup-intro", only)
    await come_back(ctx)


@router.callback_query(TkAskerCb.filter(F.action == "resolved"))
async def on_resolved(callback: CallbackQuery, callback_data: TkAskerCb, ctx: Ctx) -> None:
    try:
        ticket = await service(ctx).resolve(ctx.user_id, callback_data.t, utcnow())
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await ctx.session.commit()
    await callback.answer()
    await drop_buttons(ctx, callback.message.message_id if callback.message else None)
    await ctx.bot.send_message(
        ctx.chat_id, ctx.t("tickets-rate-prompt", id=ticket.id), reply_markup=kb.rating(ticket.id)
    )


@router.callback_query(TkRateCb.filter())
async def on_rate(callback: CallbackQuery, callback_data: TkRateCb, ctx: Ctx) -> None:
    try:
        await service(ctx).rate(ctx.user_id, callback_data.t, callback_data.v)
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await ctx.session.commit()
    await callback.answer(ctx.t("tickets-rated"))
    if isinstance(callback.message, Message):
        await ctx.show(ctx.t("tickets-rated-text", value=callback_data.v), None, callback.message)
