"""Last resort: input the current step did not expect gets a short, useful hint."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.pager import NOOP
from bot.role_menu import commands_text
from charts.caption import shorten
from handlers.survey import keyboards
from handlers.survey.states import Respondent
from services.team.roles import Access

router = Router(name="fallback")


@router.message(F.chat.type == "private", F.text.startswith("/"))
async def on_unknown_command(message: Message, ctx: Ctx, access: Access) -> None:
    """A command no router took: "no such command" and the person's own commands, whatever
    step they are at (never "answer with the buttons")."""
    command = (message.text or "").split()[0].split("@")[0]
    await message.answer(
        ctx.t("help-unknown-command", command=escape(shorten(command, 40)))
        + "\n"
        + commands_text(access, ctx.t)
    )


@router.message(Respondent.comment)
async def on_comment_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("comment-text-only"))


@router.message(
    StateFilter(
        Respondent.consent, Respondent.audience, Respondent.answering, Respondent.picking_centre
    )
)
async def on_buttons_expected(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("use-buttons"))


@router.message(Respondent.searching)
async def on_search_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("search-prompt"))


@router.message(Respondent.sharing_location)
async def on_location_expected(message: Message, ctx: Ctx) -> None:
    # MAX has no reply keyboard: its location button sits under the prompt (bot.max.outgoing).
    prompt = ctx.t("location-prompt", messenger=ctx.settings.messenger.messenger)
    await message.answer(prompt, reply_markup=keyboards.request_location(ctx.t))


@router.message(F.chat.type == "private")
async def on_anything(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("unknown-input"))


@router.callback_query()
async def on_unknown_callback(callback: CallbackQuery, ctx: Ctx) -> None:
    # Page counters ("noop") and buttons from versions of the bot long gone.
    if callback.data == NOOP:
        await callback.answer()
    else:
        await callback.answer(ctx.t("stale-button"), show_alert=True)
