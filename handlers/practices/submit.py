"""/practice: staff of a centre or an expert of its region writes a practice for the base.

Title → indicators (buttons or typed codes) → client group → the problem → what was done →
the result → the start date → photos (optional) → a document (optional) → the exact card →
send for review. The draft is a row, so a restart, /practice again or a return days later
land on the first missing field (or the card). Every button re-checks the draft's author.
"""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from handlers.evidence.download import telegram_fetch
from handlers.practices import keyboards as kb
from handlers.practices.callbacks import DraftCb
from handlers.practices.common import card_text, drop_buttons, error_text, on, service
from handlers.practices.states import PracticeFlow
from services.centres.directory import CentreDirectory
from services.evidence.media import IncomingFile, MediaStore
from services.practices.rules import (
    FIELDS,
    MAX_PHOTOS,
    MAX_TEXT,
    MAX_TITLE,
    TEXT_FIELDS,
    parse_date,
    parse_indicators,
    today_in,
)
from services.practices.workflow import PracticeService, may_write, may_write_for
from services.profiles.rules import Profiles
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import Centre, utcnow
from storage.models_practices import Practice

router = Router(name="practices.submit")
MAX_CARD = 3500  # the card without effect and 👍; the rest of Telegram's 4096 is kept for them
OPTIONAL = ("photos", "document")


@router.message(Command("practice"))
async def on_practice(message: Message, ctx: Ctx, access: Access) -> None:
    if not may_write(access):
        await message.answer(ctx.t("practices-not-allowed"))
        return
    svc = service(ctx)
    draft = await svc.current(access)
    if draft is not None:
        await message.answer(ctx.t("practices-resumed", title=escape(draft.title or "…")))
        await _go(ctx, draft, _first_step(draft))
        return
    directory = CentreDirectory(ctx.session)
    mine = [c for code in sorted(access.staff_centres) if (c := await directory.get(code))]
    if len(mine) == 1 and not access.is_expert:
        await _start(ctx, access, mine[0].code)
        return
    await ctx.remember(PracticeFlow.centre, {})
    key = "practices-pick-centre-expert" if access.is_expert else "practices-pick-centre"
    await message.answer(ctx.t(key), reply_markup=kb.centres(mine) if mine else None)


@router.message(PracticeFlow.centre, F.text, ~F.text.startswith("/"))
async def on_centre_search(message: Message, ctx: Ctx, access: Access) -> None:
    found = await CentreDirectory(ctx.session).search(message.text or "", 30)
    allowed = [c for c in found.centres if may_write_for(access, c)][:8]
    if not allowed:
        await message.answer(ctx.t("practices-centre-not-found"))
        return
    await message.answer(ctx.t("practices-pick-centre"), reply_markup=kb.centres(allowed))


@router.callback_query(DraftCb.filter(F.action == "centre"))
async def on_centre(
    callback: CallbackQuery, callback_data: DraftCb, ctx: Ctx, access: Access
) -> None:
    centre = await CentreDirectory(ctx.session).get(callback_data.v)
    if centre is None or not may_write_for(access, centre):
        await callback.answer(ctx.t("practices-error-forbidden"), show_alert=True)
        return
    await callback.answer()
    await drop_buttons(on(callback))
    await _start(ctx, access, centre.code)


async def _start(ctx: Ctx, access: Access, centre_code: str) -> None:
    svc = service(ctx)
    try:
        draft = await svc.start(access, centre_code, utcnow())
    except Refusal as error:
        await ctx.bot.send_message(ctx.chat_id, error_text(ctx.t, error))
        return
    await ctx.session.commit()
    centre = await ctx.session.get(Centre, draft.centre_code)
    name = escape(centre.name if centre else draft.centre_code)
    await ctx.bot.send_message(ctx.chat_id, ctx.t("practices-started", centre=name))
    await _go(ctx, draft, _first_step(draft))


def _first_step(draft: Practice) -> str:
    missing = service_missing(draft)
    return missing[0] if missing else "preview"


def service_missing(draft: Practice) -> list[str]:
    return PracticeService.missing(draft)


def _after(draft: Practice, field: str, edit: bool) -> str:
    if edit:
        return "preview"
    missing = service_missing(draft)
    if missing:
        return missing[0]
    later = (
        [f for f in FIELDS[FIELDS.index(field) + 1 :] if f in OPTIONAL] if field in FIELDS else []
    )
    return later[0] if later else "preview"


async def _go(ctx: Ctx, draft: Practice, step: str, *, edit: bool = False) -> None:
    """Ask for `step` (a field) or show the card ("preview")."""
    if step == "preview":
        await ctx.remember(PracticeFlow.field, {"pr": draft.id, "f": "preview"})
        await ctx.bot.send_message(ctx.chat_id, ctx.t("practices-preview-intro"))
        await ctx.bot.send_message(
            ctx.chat_id, await card_text(ctx, draft), reply_markup=kb.preview(ctx.t, draft)
        )
        return
    await ctx.remember(PracticeFlow.field, {"pr": draft.id, "f": step, "edit": edit})
    args: dict[str, Any] = {"title": MAX_TITLE, "limit": MAX_TEXT, "photos": MAX_PHOTOS}
    text = ctx.t(f"practices-ask-{step}", **args)
    markup: Any = kb.to_preview(ctx.t, draft) if edit else None
    if step == "indicators":
        markup = kb.indicators(ctx.t, service(ctx).m, draft)
    elif step == "client_group":
        profiles = await Profiles(ctx.session).listing(draft.region_code)
        markup = kb.client(ctx.t, draft, profiles)
        if profiles:
            text += "\n" + ctx.t("practices-ask-client_group-profiles", count=len(profiles))
    elif step in OPTIONAL:
        markup = kb.next_step(ctx.t, draft)
    await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)


async def _draft(ctx: Ctx, access: Access) -> tuple[Practice, dict[str, Any]] | None:
    data = await ctx.state.get_data()
    try:
        draft = await service(ctx).own(access, data.get("pr"))
    except Refusal as error:
        await ctx.state.clear()
        await ctx.bot.send_message(ctx.chat_id, error_text(ctx.t, error))
        return None
    return draft, data


@router.message(PracticeFlow.field, F.text, ~F.text.startswith("/"))
async def on_field_text(message: Message, ctx: Ctx, access: Access) -> None:
    found = await _draft(ctx, access)
    if found is None:
        return
    draft, data = found
    field, svc = str(data.get("f")), service(ctx)
    try:
        if field == "title":
            svc.set_title(draft, message.text)
        elif field in TEXT_FIELDS:
            svc.set_text(draft, field, message.text)
        elif field == "indicators":
            svc.set_indicators(draft, parse_indicators(svc.m, message.text or ""))
        elif field == "started_on":
            centre = await ctx.session.get(Centre, draft.centre_code)
            today = today_in(utcnow(), centre.timezone if centre else "Europe/Moscow")
            svc.set_started(draft, parse_date(message.text, today))
        else:
            raise Refusal("practices-error", f"expected_{field}")
    except Refusal as error:
        # Nothing of the draft is lost: the previous value stays until a valid one comes.
        await message.answer(error_text(ctx.t, error))
        return
    await ctx.session.commit()
    await message.answer(ctx.t("practices-saved"))
    await _go(ctx, draft, _after(draft, field, bool(data.get("edit"))))


@router.message(PracticeFlow.field, F.photo | F.document)
async def on_field_file(message: Message, ctx: Ctx, access: Access) -> None:
    found = await _draft(ctx, access)
    if found is None:
        return
    draft, data = found
    field = str(data.get("f"))
    if field not in OPTIONAL:
        await message.answer(ctx.t("practices-error-text_expected"))
        return
    if message.photo:
        photo = message.photo[-1]
        incoming = IncomingFile("photo", photo.file_id, photo.file_unique_id, photo.file_size)
    else:
        doc = message.document
        assert doc is not None
        incoming = IncomingFile(
            "document", doc.file_id, doc.file_unique_id, doc.file_size, doc.mime_type, doc.file_name
        )
    if field == "document" and (incoming.kind == "photo" or not incoming.is_allowed):
        await message.answer(ctx.t("practices-error-document_type"))
        return
    try:
        count = await service(ctx).add_file(
            draft, kind=incoming.kind, file_id=incoming.file_id,
            file_unique_id=incoming.file_unique_id, size=incoming.size,
            mime_type=incoming.mime_type, file_name=incoming.file_name,
            fetch=telegram_fetch(ctx.bot), store=MediaStore(ctx.settings.evidence.media_dir),
            as_photo=field == "photos",
        )  # fmt: skip
    except Refusal as error:
        await message.answer(error_text(ctx.t, error))
        return
    await ctx.session.commit()
    group = message.media_group_id
    if group is not None and data.get("grp") == group:
        return  # one answer per album
    await ctx.state.update_data(grp=group)
    key = "practices-photo-added" if field == "photos" else "practices-document-added"
    await message.answer(
        ctx.t(key, count=count, limit=MAX_PHOTOS), reply_markup=kb.next_step(ctx.t, draft)
    )


@router.message(PracticeFlow.field)
async def on_field_other(message: Message, ctx: Ctx) -> None:
    data = await ctx.state.get_data()
    field = str(data.get("f"))
    key = "practices-error-photo_type" if field == "photos" else "practices-error-message_type"
    await message.answer(ctx.t(key))


@router.callback_query(DraftCb.filter(F.action != "centre"))
async def on_draft_button(
    callback: CallbackQuery, callback_data: DraftCb, ctx: Ctx, access: Access
) -> None:
    svc = service(ctx)
    try:
        draft = await svc.own(access, callback_data.p)
    except Refusal as error:
        await callback.answer(error_text(ctx.t, error), show_alert=True)
        return
    data = await ctx.state.get_data()
    edit = bool(data.get("edit")) and data.get("pr") == draft.id
    action, value = callback_data.action, callback_data.v
    message = on(callback)
    if action == "ind":
        codes = draft.codes()
        codes = [c for c in codes if c != value] if value in codes else [*codes, value]
        try:
            if codes:
                svc.set_indicators(draft, codes)
            else:
                draft.indicators, draft.groups = "", ""
        except Refusal as error:
            await callback.answer(error_text(ctx.t, error), show_alert=True)
            return
        await ctx.session.commit()
        await callback.answer()
        if message is not None:
            await message.edit_reply_markup(reply_markup=kb.indicators(ctx.t, svc.m, draft))
        return
    if action == "indok":
        if not draft.codes():
            await callback.answer(ctx.t("practices-error-no_indicators"), show_alert=True)
            return
        await callback.answer()
        await drop_buttons(message)
        await _go(ctx, draft, _after(draft, "indicators", edit))
        return
    if action in ("client", "profile"):
        try:
            if action == "client":
                svc.set_client_group(draft, value)
            else:
                await svc.set_profile(draft, int(value) if value.isdigit() else 0)
        except Refusal as error:
            await callback.answer(error_text(ctx.t, error), show_alert=True)
            return
        await ctx.session.commit()
        await callback.answer()
        await drop_buttons(message)
        await _go(ctx, draft, _after(draft, "client_group", edit))
        return
    await callback.answer()
    if action == "next":
        await drop_buttons(message)
        await _go(ctx, draft, _after(draft, str(data.get("f", "document")), edit))
    elif action == "preview":
        await drop_buttons(message)
        await _go(ctx, draft, _first_step(draft))
    elif action == "edit":
        await ctx.bot.send_message(
            ctx.chat_id, ctx.t("practices-edit-which"), reply_markup=kb.fields(ctx.t, draft)
        )
    elif action == "field" and value in FIELDS:
        if value in OPTIONAL:
            await svc.clear_files(draft, "photo" if value == "photos" else "document")
            await ctx.session.commit()
        await _go(ctx, draft, value, edit=True)
    elif action == "submit":
        await _submit(ctx, access, draft, message)
    elif action == "discard":
        try:
            await svc.discard(draft)
        except Refusal as error:
            await ctx.bot.send_message(ctx.chat_id, error_text(ctx.t, error))
            return
        await ctx.session.commit()
        await ctx.state.clear()
        await drop_buttons(message)
        await ctx.bot.send_message(ctx.chat_id, ctx.t("practices-discarded"))


async def _submit(ctx: Ctx, access: Access, draft: Practice, message: Message | None) -> None:
    missing = service_missing(draft)
    if missing:
        await ctx.bot.send_message(ctx.chat_id, ctx.t("practices-error-incomplete"))
        await _go(ctx, draft, missing[0])
        return
    length = len(await card_text(ctx, draft))
    if length > MAX_CARD:
        await ctx.bot.send_message(
            ctx.chat_id, ctx.t("practices-error-card_too_long", length=length, limit=MAX_CARD)
        )
        return
    await service(ctx).submit(access, draft, utcnow())
    await ctx.session.commit()
    await ctx.state.clear()
    await drop_buttons(message)
    await ctx.bot.send_message(
        ctx.chat_id, ctx.t("practices-submitted", title=escape(draft.title or ""))
    )
