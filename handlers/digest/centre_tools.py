"""A working group's tools under its centre's /my_index card: the visitors' comments of the
rating window (services.comments) and the printable QR poster (services.centres.poster), also as
`/poster [CODE]`.

Buttons name a centre and grant nothing: each press re-checks that the presser works at that
centre (comments), or works there or is an admin (poster), before anything is read or sent.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from html import escape
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.enums import ChatAction, ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import DEFAULT_LANGUAGE, Translations
from bot.role_filter import STAFF_OR_ADMIN, refusal_router, role_router
from handlers.digest import keyboards as kb
from handlers.digest.callbacks import MAX_PAGE, CommentsCb, PosterCb
from services.centres.directory import CentreDirectory
from services.centres.directory_csv import CODE_RE
from services.centres.poster import deep_link, poster_files, poster_texts
from services.comments import (
    PageHeader,
    centre_comments,
    comments_window,
    page_text,
    paginate,
)
from services.team.roles import Access
from storage.models import Centre, utcnow

router = Router(name="centre_tools")
printers = role_router("centre_tools.poster", STAFF_OR_ADMIN)  # /poster


def may_print(access: Access, centre_code: str) -> bool:
    return access.works_at(centre_code) or access.admin


# --- comments ---------------------------------------------------------------------------------


@router.callback_query(CommentsCb.filter())
async def on_comments(
    callback: CallbackQuery, callback_data: CommentsCb, ctx: Ctx, access: Access
) -> None:
    code = callback_data.c
    centre = await CentreDirectory(ctx.session).get(code) if access.works_at(code) else None
    if centre is None:
        await callback.answer(ctx.t("mi-tools-forbidden"), show_alert=True)
        return
    days = ctx.settings.scoring.rating_window_days
    tz = ZoneInfo(ctx.settings.digest.digest_timezone)
    comments = await centre_comments(ctx.session, code, comments_window(ctx.settings, utcnow()), tz)
    if not comments:
        await callback.answer(ctx.t("mi-comments-none", days=days), show_alert=True)
        return
    header = PageHeader(centre=centre.name, days=days, total=len(comments))
    pages = paginate(ctx.t, header, comments, ctx.settings.messenger.text_limit)
    page = min(callback_data.p, len(pages) - 1, MAX_PAGE)
    text = page_text(ctx.t, header, pages[page], page + 1, len(pages))
    markup = kb.comment_pages(ctx.t, code, page, len(pages))
    await callback.answer()
    if callback_data.e and isinstance(callback.message, Message):
        with suppress(TelegramBadRequest):  # unchanged after a double tap, or too old
            await callback.message.edit_text(text, reply_markup=markup)
        return
    await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)


# --- the poster -------------------------------------------------------------------------------


async def send_poster(ctx: Ctx, translations: Translations, centre: Centre) -> None:
    """The poster's link and instructions, then the PNG and the A4 PDF as documents (a photo
    would be recompressed by Telegram, too blurry to print). The poster is in Russian, the
    language of the centres' visitors, whatever the staff member's own language."""
    link = deep_link(ctx.settings.bot_username, centre.code, site=ctx.settings.bot_site)
    ready = ctx.t("mi-poster-ready", name=escape(centre.name, quote=False), link=link)
    await ctx.bot.send_message(ctx.chat_id, ready)
    await ctx.bot.send_chat_action(ctx.chat_id, ChatAction.UPLOAD_DOCUMENT)
    texts = poster_texts(translations.get(DEFAULT_LANGUAGE), link)
    png, pdf = await asyncio.to_thread(poster_files, centre.name, centre.address, link, **texts)
    name = f"qr-poster-{centre.code}"
    await ctx.bot.send_document(
        ctx.chat_id, BufferedInputFile(pdf, f"{name}.pdf"), caption=ctx.t("mi-poster-pdf")
    )
    await ctx.bot.send_document(
        ctx.chat_id, BufferedInputFile(png, f"{name}.png"), caption=ctx.t("mi-poster-png")
    )


@router.callback_query(PosterCb.filter())
async def on_poster_button(
    callback: CallbackQuery,
    callback_data: PosterCb,
    ctx: Ctx,
    access: Access,
    translations: Translations,
) -> None:
    code = callback_data.c
    centre = await CentreDirectory(ctx.session).get(code) if may_print(access, code) else None
    if centre is None:
        await callback.answer(ctx.t("mi-tools-forbidden"), show_alert=True)
        return
    await callback.answer(ctx.t("mi-poster-making"))
    await send_poster(ctx, translations, centre)


@printers.message(Command("poster"), F.chat.type == ChatType.PRIVATE)
async def on_poster(
    message: Message,
    command: CommandObject,
    ctx: Ctx,
    access: Access,
    translations: Translations,
) -> None:
    code = (command.args or "").strip()
    directory = CentreDirectory(ctx.session)
    if not code:
        centres = [c for c in sorted(access.staff_centres) if CODE_RE.fullmatch(c)]
        found = [centre for c in centres if (centre := await directory.get(c)) is not None]
        if len(found) == 1:
            await send_poster(ctx, translations, found[0])
        elif found:
            await message.answer(ctx.t("mi-poster-pick"), reply_markup=kb.poster_choice(found))
        else:  # an admin: any centre, by its code
            await message.answer(ctx.t("mi-poster-usage"))
        return
    if not CODE_RE.fullmatch(code):
        await message.answer(ctx.t("mi-poster-unknown", code=escape(code[:40], quote=False)))
        return
    if not may_print(access, code):
        await message.answer(ctx.t("mi-poster-forbidden"))
        return
    centre = await directory.get(code)
    if centre is None:
        await message.answer(ctx.t("mi-poster-unknown", code=escape(code, quote=False)))
        return
    await send_poster(ctx, translations, centre)


router.include_routers(
    printers,
    refusal_router(
        "centre_tools.outsiders",
        "mi-poster-not-allowed",
        Command("poster"),
        F.chat.type == ChatType.PRIVATE,
    ),
)
