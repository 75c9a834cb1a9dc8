"""/export: the caller's exports as files in the chat (issue 15).

The kinds offered are those the caller's roles allow (services.exports.scope); each has an
Excel and a CSV button. A press re-checks the scope on the server, builds the file into a
temporary folder and sends it back as a document; every export is in the audit log.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from aiogram import Router
from aiogram.enums import ChatAction
from aiogram.filters import Command
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.context import Ctx
from bot.refusal import refusal_text
from handlers.exports.callbacks import ExportCb
from services.exports import (
    FORMATS,
    ExportJob,
    ExportScope,
    check,
    export_in_thread,
    file_name,
    kinds_for,
)
from services.refusal import Refusal
from services.team.roles import Access

router = Router(name="exports")
log = logging.getLogger(__name__)
TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024  # what a bot may send as a document


def kinds_markup(ctx: Ctx, kinds: list[str]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=ctx.t("exports-btn", kind=kind, format=fmt),
                callback_data=ExportCb(k=kind, f=fmt).pack(),
            )
            for fmt in FORMATS
        ]
        for kind in kinds
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(Command("export"))
async def on_export(message: Message, ctx: Ctx, access: Access) -> None:
    kinds = kinds_for(ExportScope.of(access))
    if not kinds:
        await message.answer(ctx.t("exports-not-allowed"))
        return
    await message.answer(ctx.t("exports-choose"), reply_markup=kinds_markup(ctx, kinds))


@router.callback_query(ExportCb.filter())
async def on_export_button(
    callback: CallbackQuery, callback_data: ExportCb, ctx: Ctx, access: Access
) -> None:
    await send_export(ctx, access, callback_data.k, callback_data.f, callback)


async def send_export(
    ctx: Ctx, access: Access, kind: str, fmt: str, callback: CallbackQuery | None = None
) -> None:
    """Build one export for the caller and send it as a document (also used by /audit)."""
    job = ExportJob(kind, fmt, ExportScope.of(access), Path(), ctx.user_id)
    try:
        check(job.scope, kind, fmt)
    except Refusal as error:
        text = refusal_text(ctx.t, error)
        if callback is not None:
            await callback.answer(text, show_alert=True)
        else:
            await ctx.bot.send_message(ctx.chat_id, text)
        return
    with tempfile.TemporaryDirectory(prefix="czn-export-") as folder:
        path = Path(folder) / file_name(kind, fmt)
        try:
            if callback is not None:
                await callback.answer(ctx.t("exports-preparing"))
            await ctx.bot.send_chat_action(ctx.chat_id, ChatAction.UPLOAD_DOCUMENT)
            await ctx.session.commit()  # nothing of this update's may hold SQLite's lock
            result = await export_in_thread(ctx.settings, replace(job, path=path), ctx.t)
        except Refusal as error:
            await ctx.bot.send_message(ctx.chat_id, refusal_text(ctx.t, error))
            return
        size = path.stat().st_size
        if size > TELEGRAM_UPLOAD_LIMIT:
            log.warning("export %s of %s bytes is over Telegram's limit", kind, size)
            await ctx.bot.send_message(ctx.chat_id, ctx.t("exports-too-big", command="export"))
            return
        data = path.read_bytes()
    caption = ctx.t("exports-ready", kind=kind, rows=result.rows)
    if result.left_out.questionnaires:
        caption += "\n" + ctx.t(
            "exports-left-out", count=result.left_out.questionnaires, cells=result.left_out.cells
        )
    await ctx.bot.send_document(ctx.chat_id, BufferedInputFile(data, path.name), caption=caption)
