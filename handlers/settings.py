"""/help, /language and /forget: they work from any step of any flow."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.edits import unless_unchanged
from bot.i18n import LANGUAGES, Translations
from bot.role_menu import role_commands
from handlers.survey import keyboards
from handlers.survey.callbacks import ForgetCb, LanguageCb
from services.practices import library as practice_library
from services.team.roles import Access
from services.tickets.rules import TicketService
from storage.models import utcnow

router = Router(name="settings")


@router.message(Command("help"))
async def on_help(message: Message, ctx: Ctx, access: Access) -> None:
    await message.answer(help_text(ctx, access))


def help_text(ctx: Ctx, access: Access) -> str:
    """The respondent's help; a role holder also gets the commands of each of their roles."""
    text = ctx.t("help", days=ctx.settings.survey.repeat_after_days)
    own = role_commands(access)
    if own:
        lines = [f"/{name} — {ctx.t(f'cmd-{name}')}" for name in own]
        text += "\n\n" + ctx.t("help-roles-title") + "\n" + "\n".join(lines)
    return text


@router.message(Command("language"))
async def on_language(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("language-choose"), reply_markup=keyboards.languages(ctx.t))


@router.callback_query(LanguageCb.filter())
async def on_language_chosen(
    callback: CallbackQuery, callback_data: LanguageCb, ctx: Ctx, translations: Translations
) -> None:
    if callback_data.language not in LANGUAGES:
        await callback.answer(ctx.t("stale-button"), show_alert=True)
        return
    await ctx.users.set_language(ctx.user_id, callback_data.language)
    t = translations.get(callback_data.language)
    await callback.answer()
    if isinstance(callback.message, Message):
        with unless_unchanged():
            await callback.message.edit_text(t("language-set"))


@router.message(Command("forget"))
async def on_forget(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("forget-confirm"), reply_markup=keyboards.forget(ctx.t))


@router.callback_query(ForgetCb.filter())
async def on_forget_confirmed(callback: CallbackQuery, callback_data: ForgetCb, ctx: Ctx) -> None:
    await callback.answer()
    message = callback.message if isinstance(callback.message, Message) else None
    if not callback_data.confirm:
        if message:
            with unless_unchanged():
                await message.edit_text(ctx.t("forget-cancelled"))
        return
    removed = await ctx.survey.forget(ctx.key)
    # Questions to specialists: texts, sealed chat and key go; open ones are closed.
    await TicketService(ctx.session, ctx.pseudonyms, ctx.settings.tickets).forget(
        ctx.user_id, utcnow()
    )
    await ctx.users.forget(ctx.user_id)
    await practice_library.forget(ctx.session, ctx.pseudonyms, ctx.user_id)
    await ctx.session.commit()
    await ctx.state.clear()
    if message:
        with unless_unchanged():
            await message.edit_text(ctx.t("forget-done", count=removed))
