"""The staff's side: a ticket's card with «Ответить» / «Взять себе» / «Передать эксперту
региона»; the answer typed or taken from the templates (editable: send it as it is, or type
a changed text), delivered to the asker in the same chat.

Thin: services.tickets.rules re-checks the presser's roles and the ticket's state on every
press; of two pressing at once one takes the ticket and the other is told it is taken.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import Translations
from handlers.tickets import keyboards as kb
from handlers.tickets.callbacks import TkCb, TkTemplateCb
from handlers.tickets.common import (
    DRAFT,
    PROMPT,
    TICKET,
    blocked_sender,
    drop_buttons,
    error_text,
    service,
)
from handlers.tickets.notify import deliver_answer, refresh_cards, send_cards, tell_admins
from handlers.tickets.states import TicketFlow
from services.centres.directory import CentreDirectory
from services.refusal import Refusal
from services.team.roles import Access
from services.tickets.rules import DOCUMENT, GROUP, clean_answer
from services.tickets.templates import Templates
from storage.models import utcnow

router = Router(name="tickets_staff")
ENDS_ANSWERING = ("taken", "answered", "closed", "forbidden", "stale")


async def _refresh(ctx: Ctx, translations: Translations, ticket_id: int) -> None:
    tickets = service(ctx)
    ticket = await tickets.get(ticket_id)
    if ticket is not None:
        await refresh_cards(
            session=ctx.session, service=tickets, bot=ctx.bot, translations=translations,
            ticket=ticket,
        )  # fmt: skip


@router.callback_query(TkCb.filter(F.action == "take"))
async def on_take(
    callback: CallbackQuery, callback_data: TkCb, ctx: Ctx, access: Access,
    translations: Translations,
) -> None:  # fmt: skip
    try:
        await service(ctx).take(access, callback_data.t, utcnow())
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await ctx.session.commit()
    await callback.answer(ctx.t("tickets-taken-by-you", id=callback_data.t))
    await _refresh(ctx, translations, callback_data.t)


@router.callback_query(TkCb.filter(F.action == "answer"))
async def on_answer(
    callback: CallbackQuery, callback_data: TkCb, ctx: Ctx, access: Access,
    translations: Translations,
) -> None:  # fmt: skip
    tickets = service(ctx)
    try:
        ticket = await tickets.take(access, callback_data.t, utcnow())
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await ctx.session.commit()
    await callback.answer()
    await _refresh(ctx, translations, ticket.id)
    templates = await Templates(ctx.session).for_centre(ticket.centre_code)
    text = ctx.t(
        "tickets-answer-prompt",
        id=ticket.id,
        limit=ctx.settings.tickets.ticket_answer_max_chars,
        templates=len(templates),
    )
    markup = kb.answer_prompt(ctx.t, ticket.id, templates)
    prompt = await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)
    await ctx.state.set_state(TicketFlow.answering)
    await ctx.state.set_data({TICKET: ticket.id, PROMPT: prompt.message_id})


async def _answering(ctx: Ctx, ticket_id: int) -> dict[str, object] | None:
    if await ctx.state.get_state() != TicketFlow.answering.state:
        return None
    data = await ctx.state.get_data()
    return data if data.get(TICKET) == ticket_id else None


@router.callback_query(TkTemplateCb.filter())
async def on_template(
    callback: CallbackQuery, callback_data: TkTemplateCb, ctx: Ctx, access: Access
) -> None:
    data = await _answering(ctx, callback_data.t)
    try:
        ticket = await service(ctx).for_handler(access, callback_data.t)
        if data is None:
            raise Refusal("tickets-error", "stale")
        template = await Templates(ctx.session).usable(access, callback_data.i, ticket.centre_code)
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await callback.answer()
    text = "\n\n".join(
        [
            ctx.t("tickets-template-preview", id=ticket.id),
            escape(template.text),
            ctx.t("tickets-template-preview-hint"),
        ]
    )
    shown = await ctx.bot.send_message(
        ctx.chat_id, text, reply_markup=kb.template_preview(ctx.t, ticket.id)
    )
    await ctx.state.set_data({**data, DRAFT: template.text, PROMPT: shown.message_id})


@router.callback_query(TkCb.filter(F.action == "send"))
async def on_send_template(
    callback: CallbackQuery, callback_data: TkCb, ctx: Ctx, access: Access,
    translations: Translations,
) -> None:  # fmt: skip
    data = await _answering(ctx, callback_data.t)
    draft = data.get(DRAFT) if data else None
    if not isinstance(draft, str):
        await callback.answer(ctx.t("tickets-error-stale"), show_alert=True)
        return
    await callback.answer()
    await _deliver(ctx, access, translations, callback_data.t, draft)


@router.message(TicketFlow.answering, F.text, ~F.text.startswith("/"))
async def on_answer_text(
    message: Message, ctx: Ctx, access: Access, translations: Translations
) -> None:
    data = await ctx.state.get_data()
    try:
        text = clean_answer(message.text, ctx.settings.tickets.ticket_answer_max_chars)
    except Refusal as error:
        await message.answer(error_text(ctx, error))
        return
    await _deliver(ctx, access, translations, int(data.get(TICKET, 0)), text)


@router.message(TicketFlow.answering, ~F.text.startswith("/"))
async def on_answer_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("tickets-error-answer_empty"))


async def _deliver(
    ctx: Ctx, access: Access, translations: Translations, ticket_id: int, text: str
) -> None:
    tickets = service(ctx)
    try:
        ticket = await tickets.answer(access, ticket_id, text, utcnow())
    except Refusal as error:
        await ctx.bot.send_message(ctx.chat_id, error_text(ctx, error))
        if error.reason in ENDS_ANSWERING:
            await ctx.state.clear()
        return
    await ctx.session.commit()  # the answer is stored before anything is sent: nothing lost
    data = await ctx.state.get_data()
    await ctx.state.clear()
    centre = await CentreDirectory(ctx.session).get(ticket.centre_code)
    delivered = await deliver_answer(
        bot=ctx.bot, service=tickets, translations=translations, ticket=ticket, text=text,
        centre_name=centre.name if centre else ticket.centre_code,
    )  # fmt: skip
    if delivered:
        await tickets.mark_delivered(ticket.id)
        await ctx.session.commit()
        await ctx.bot.send_message(ctx.chat_id, ctx.t("tickets-answer-sent", id=ticket.id))
    else:
        await tickets.asker_blocked(ticket, utcnow())
        await ctx.session.commit()
        await ctx.bot.send_message(ctx.chat_id, ctx.t("tickets-asker-blocked", id=ticket.id))
    prompt = data.get(PROMPT)
    if isinstance(prompt, int):
        await drop_buttons(ctx, prompt)
    await _refresh(ctx, translations, ticket.id)


@router.callback_query(TkCb.filter(F.action == "cancel"))
async def on_cancel_answer(callback: CallbackQuery, callback_data: TkCb, ctx: Ctx) -> None:
    data = await _answering(ctx, callback_data.t)
    await callback.answer()
    if data is not None:
        await ctx.state.clear()
        await ctx.bot.send_message(
            ctx.chat_id, ctx.t("tickets-answer-cancelled", id=callback_data.t)
        )
    if isinstance(callback.message, Message):
        await drop_buttons(ctx, callback.message.message_id)


@router.callback_query(TkCb.filter(F.action == "pass"))
async def on_pass(
    callback: CallbackQuery, callback_data: TkCb, ctx: Ctx, access: Access,
    translations: Translations,
) -> None:  # fmt: skip
    tickets = service(ctx)
    try:
        ticket = await tickets.for_handler(access, callback_data.t)
        if not access.works_at(ticket.centre_code) or ticket.route != GROUP:
            raise Refusal("tickets-error", "forbidden")
        if ticket.status not in ("open", "taken"):
            raise Refusal("tickets-error", tickets.why_not(ticket, access.user_id))
        if ticket.escalated_at is not None:
            raise Refusal("tickets-error", "passed")
        if ticket.status == "taken" and ticket.taken_by != access.user_id:
            raise Refusal("tickets-error", "taken")
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    experts = await tickets.escalate(ticket, utcnow())
    await ctx.session.commit()
    await callback.answer(ctx.t("tickets-passed", id=ticket.id))
    await _refresh(ctx, translations, ticket.id)
    sender = blocked_sender(ctx)
    if experts:
        await send_cards(
            session=ctx.session, service=tickets, sender=sender, translations=translations,
            ticket=ticket, user_ids=experts, intro="tickets-passed-intro",
        )  # fmt: skip
        return
    await tell_admins(
        sender, translations, ctx.settings.telegram.admin_ids, "tickets-admin-nobody",
        id=ticket.id, centre=escape(ticket.centre_code),
    )  # fmt: skip
    ticket.admins_told_at = utcnow()
    await ctx.session.commit()
    await ctx.bot.send_message(ctx.chat_id, ctx.t("tickets-passed-nobody", id=ticket.id))


@router.callback_query(TkCb.filter(F.action == "file"))
async def on_file(callback: CallbackQuery, callback_data: TkCb, ctx: Ctx, access: Access) -> None:
    tickets = service(ctx)
    try:
        ticket = await tickets.for_handler(access, callback_data.t)
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    files = [m for m in await tickets.thread(ticket.id) if m.file_id]
    await callback.answer()
    for item in files:
        caption = ctx.t("tickets-file-caption", id=ticket.id)
        try:
            if item.file_kind == DOCUMENT:
                await ctx.bot.send_document(ctx.chat_id, item.file_id or "", caption=caption)
            else:
                await ctx.bot.send_photo(ctx.chat_id, item.file_id or "", caption=caption)
        except TelegramAPIError:
            await ctx.bot.send_message(ctx.chat_id, ctx.t("tickets-file-gone", id=ticket.id))


@router.callback_query(TkCb.filter(F.action == "show"))
async def on_show(
    callback: CallbackQuery, callback_data: TkCb, ctx: Ctx, access: Access,
    translations: Translations,
) -> None:  # fmt: skip
    tickets = service(ctx)
    try:
        ticket = await tickets.for_handler(access, callback_data.t)
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await callback.answer()
    await send_cards(
        session=ctx.session, service=tickets, sender=blocked_sender(ctx),
        translations=translations, ticket=ticket, user_ids=[ctx.user_id],
    )  # fmt: skip
