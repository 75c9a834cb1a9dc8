"""/start and the questionnaire's buttons outside a private chat: in a group, everybody would
see the answers. A short reply with a button that opens the private chat with the bot."""

from __future__ import annotations

from contextlib import suppress

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.context import Ctx
from handlers.survey.private_chat import PRIVATE, is_private, is_respondent_button, private_link

router = Router(name="private_only")


def _markup(ctx: Ctx, payload: str | None) -> InlineKeyboardMarkup:
    url = private_link(ctx.settings.bot_username, payload, site=ctx.settings.bot_site)
    button = InlineKeyboardButton(text=ctx.t("btn-open-private"), url=url)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


@router.message(CommandStart(), F.chat.type != PRIVATE)
async def on_start_in_group(message: Message, command: CommandObject, ctx: Ctx) -> None:
    await message.reply(ctx.t("private-only"), reply_markup=_markup(ctx, command.args))


def _respondent_button_outside(callback: CallbackQuery) -> bool:
    message = callback.message
    return (
        message is not None
        and not is_private(message.chat.type)
        and is_respondent_button(callback.data)
    )


@router.callback_query(_respondent_button_outside)
async def on_button_in_group(callback: CallbackQuery, ctx: Ctx) -> None:
    await callback.answer(ctx.t("private-only-alert"), show_alert=True)
    if isinstance(callback.message, Message):
        # The survey's buttons there go; the way to the private chat takes their place.
        with suppress(TelegramBadRequest):
            await callback.message.edit_reply_markup(reply_markup=_markup(ctx, None))
