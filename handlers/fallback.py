"""Last resort: input the current step did not expect gets a short, useful hint."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.pager import NOOP
from handlers.survey import keyboards
from handlers.survey.states import Respondent

router = Router(name="fallback")


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
    await message.answer(ctx.t("location-prompt"), reply_markup=keyboards.request_location(ctx.t))


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
