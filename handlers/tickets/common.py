"""What the tickets' handlers share: the service, error texts, leaving and resuming a step."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.state import State

from bot.context import Ctx
from bot.refusal import refusal_text
from bot.sender import Sender
from handlers.survey.flow import proceed
from handlers.survey.states import Respondent
from handlers.tickets.states import TicketFlow
from services.refusal import Refusal
from services.tickets.rules import TicketService

# FSM data of the ticket states: the ticket or centre, the step to return to, the prompt
TICKET, CENTRE, BACK_STATE, BACK_DATA, PROMPT, DRAFT = (
    "tk_t", "tk_c", "tk_back_state", "tk_back", "tk_prompt", "tk_draft",
)  # fmt: skip
TICKET_STATES = {s.state for s in (TicketFlow.writing, TicketFlow.follow_up, TicketFlow.answering)}
# Steps of the questionnaire that `proceed` shows again exactly where they were.
RESUMABLE = {Respondent.answering.state, Respondent.audience.state}


def service(ctx: Ctx) -> TicketService:
    return TicketService(ctx.session, ctx.pseudonyms, ctx.settings.tickets)


def blocked_sender(ctx: Ctx) -> Sender:
    """The process's one Sender (it marks who blocked the bot), bound to this update's bot."""
    return ctx.sender.bind(ctx.bot)


def error_text(ctx: Ctx, error: Refusal) -> str:
    return refusal_text(ctx.t, error)


async def leave(ctx: Ctx, target: State, extra: dict[str, Any]) -> None:
    """Enter a ticket state from wherever the person is, keeping that step to return to."""
    state = await ctx.state.get_state()
    data = await ctx.state.get_data()
    if state in TICKET_STATES:  # already writing: return to what was before that
        back_state, back_data = data.get(BACK_STATE), data.get(BACK_DATA) or {}
    else:
        back_state, back_data = state, data
    await ctx.state.set_state(target)
    await ctx.state.set_data({**extra, BACK_STATE: back_state, BACK_DATA: back_data})


async def drop_buttons(ctx: Ctx, message_id: int | None) -> None:
    if message_id is None:
        return
    with suppress(TelegramBadRequest):
        await ctx.bot.edit_message_reply_markup(
            chat_id=ctx.chat_id, message_id=message_id, reply_markup=None
        )


async def come_back(ctx: Ctx) -> None:
    """Back to the step the person left: the questionnaire continues at the same question."""
    data = await ctx.state.get_data()
    await drop_buttons(ctx, data.get(PROMPT))
    back_state, back_data = data.get(BACK_STATE), data.get(BACK_DATA) or {}
    await ctx.state.set_state(back_state)
    await ctx.state.set_data(back_data)
    if back_state in RESUMABLE:
        await proceed(ctx)  # says "we continue at question N" and shows it
