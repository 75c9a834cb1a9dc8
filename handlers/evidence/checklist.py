"""/checklist for working groups: X/N per indicator, the state of every requirement, and
assembling evidence (files, an album, a location, a comment) into a draft sent for review.

Thin: the rules are in services.evidence (checklist, drafts). Every button names a row and is
re-checked against the presser's Access there; the draft is a database row, so it survives
restarts.
"""

from __future__ import annotations

import logging
from contextlib import suppress
from html import escape

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot.context import Ctx
from bot.refusal import refusal_text
from bot.role_filter import IS_STAFF, refusal_router, role_router
from handlers.evidence import keyboards as kb
from handlers.evidence import texts
from handlers.evidence.callbacks import ChecklistCb, DraftCb, RequirementCb
from handlers.evidence.download import telegram_fetch
from handlers.evidence.states import StaffFlow
from services.centres.directory import CentreDirectory
from services.centres.timezones import DEFAULT_TIMEZONE
from services.evidence.drafts import GeoCheckFailed
from services.evidence.media import IncomingFile, MediaStore
from services.evidence.model import PHOTO_GEO, Rules
from services.evidence.workflow import EvidenceService
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import Centre, Evidence, utcnow

router = Router(name="staff")
staff = role_router("staff.checklist", IS_STAFF)  # /checklist; buttons: per row, below
log = logging.getLogger(__name__)


def _service(ctx: Ctx) -> EvidenceService:
    return EvidenceService(ctx.session, Rules.from_settings(ctx.settings))


def error_text(ctx: Ctx, error: Refusal) -> str:
    until = error.details.get("until")
    if until is None:
        return refusal_text(ctx.t, error)
    # "Already accepted, counts until <date>": the date by the centre's clock.
    zone = error.details.get("timezone", DEFAULT_TIMEZONE)
    days = ctx.settings.evidence.expiry_reminder_days
    return refusal_text(ctx.t, error, date=texts.local_date(until, zone), days=days)


async def _staff_centre(ctx: Ctx, access: Access, code: str) -> Centre | None:
    if not access.works_at(code):
        return None
    return await CentreDirectory(ctx.session).get(code)


# --- the checklist --------------------------------------------------------------------------


@staff.message(Command("checklist"))
async def on_checklist(message: Message, ctx: Ctx, access: Access) -> None:
    if await ctx.state.get_state() == StaffFlow.collecting.state:
        # The draft stays in the database; only the location keyboard goes away.
        await message.answer(ctx.t("ev-draft-paused"), reply_markup=ReplyKeyboardRemove())
    await ctx.state.set_state(None)
    await ctx.state.set_data({})
    directory = CentreDirectory(ctx.session)
    centres = [c for code in sorted(access.staff_centres) if (c := await directory.get(code))]
    if not centres:
        await message.answer(ctx.t("ev-not-staff"))
        return
    if len(centres) > 1:
        await message.answer(ctx.t("ev-pick-centre"), reply_markup=kb.centre_choice(ctx.t, centres))
        return
    await _send_overview(ctx, access, centres[0], None)


async def _send_overview(ctx: Ctx, access: Access, centre: Centre, edit: Message | None) -> None:
    checklist = await _service(ctx).checklist(centre, access.user_id, utcnow())
    if not checklist.indicators:
        text, markup = ctx.t("ev-checklist-empty", centre=escape(centre.name)), None
    else:
        text, markup = texts.overview(ctx.t, checklist), kb.overview(ctx.t, checklist)
    await ctx.show(text, markup, edit)


@router.callback_query(ChecklistCb.filter())
async def on_checklist_button(
    callback: CallbackQuery, callback_data: ChecklistCb, ctx: Ctx, access: Access
) -> None:
    centre = await _staff_centre(ctx, access, callback_data.c)
    if centre is None:
        await callback.answer(ctx.t("ev-error-forbidden"), show_alert=True)
        return
    message = callback.message if isinstance(callback.message, Message) else None
    if not callback_data.i:
        await callback.answer()
        await _send_overview(ctx, access, centre, message)
        return
    checklist = await _service(ctx).checklist(centre, access.user_id, utcnow())
    status = checklist.indicator(callback_data.i)
    if status is None:
        await callback.answer(ctx.t("ev-error-stale"), show_alert=True)
        return
    await callback.answer()
    text = texts.indicator(ctx.t, centre, status)
    markup = kb.indicator(ctx.t, centre.code, status)
    await ctx.show(text, markup, message)


@router.callback_query(RequirementCb.filter())
async def on_requirement(
    callback: CallbackQuery, callback_data: RequirementCb, ctx: Ctx, access: Access
) -> None:
    centre = await _staff_centre(ctx, access, callback_data.c)
    if centre is None:
        await callback.answer(ctx.t("ev-error-forbidden"), show_alert=True)
        return
    service = _service(ctx)
    try:
        requirement = await service.requirement_at(centre, callback_data.i, callback_data.n)
        draft, resumed = await service.start_draft(access, centre, requirement, utcnow())
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await ctx.session.commit()
    await callback.answer()
    await _open_draft(ctx, service, draft, resumed=resumed)


# --- the draft ------------------------------------------------------------------------------


async def _open_draft(
    ctx: Ctx, service: EvidenceService, draft: Evidence, *, resumed: bool
) -> None:
    _, requirement = await service.context(draft)
    await ctx.state.set_state(StaffFlow.collecting)
    await ctx.state.set_data({"ev": draft.id})
    how = texts.how_to(ctx.t, requirement, service.rules)
    if resumed:
        how = ctx.t("ev-draft-resumed") + "\n\n" + how
    # photo_geo needs the location button; any other kind clears one left from another draft.
    keyboard = (
        kb.request_location(ctx.t)
        if requirement.evidence_kind == PHOTO_GEO
        else ReplyKeyboardRemove()
    )
    await ctx.bot.send_message(ctx.chat_id, how, reply_markup=keyboard)
    await _send_card(ctx, service, draft, None)


async def _card(ctx: Ctx, service: EvidenceService, draft: Evidence) -> str:
    centre, requirement = await service.context(draft)
    number = await service.number_of(centre, requirement)
    files = await service.files(draft.id)
    return texts.draft_card(ctx.t, service, draft, centre, requirement, number, files)


async def _send_card(
    ctx: Ctx, service: EvidenceService, draft: Evidence, ack: str | None, hint: str | None = None
) -> int:
    parts = [p for p in (ack, await _card(ctx, service, draft), hint) if p]
    sent = await ctx.bot.send_message(
        ctx.chat_id, "\n\n".join(parts), reply_markup=kb.draft(ctx.t, draft.id)
    )
    return sent.message_id


async def _current_draft(ctx: Ctx, access: Access, message: Message) -> Evidence | None:
    """The draft this conversation is filling, re-checked (it may have been sent from another
    device, discarded, or the person may have lost the role meanwhile)."""
    data = await ctx.state.get_data()
    evidence_id = data.get("ev")
    if isinstance(evidence_id, int):
        try:
            return await _service(ctx).own_draft(access, evidence_id)
        except Refusal:
            pass
    await ctx.state.clear()
    await message.answer(ctx.t("ev-error-no_draft"), reply_markup=ReplyKeyboardRemove())
    return None


async def _add_file(message: Message, ctx: Ctx, access: Access, incoming: IncomingFile) -> None:
    draft = await _current_draft(ctx, access, message)
    if draft is None:
        return
    service = _service(ctx)
    try:
        added = await service.add_file(
            draft,
            incoming,
            message_at=message.date,
            media_group_id=message.media_group_id,
            fetch=telegram_fetch(ctx.bot),
            store=MediaStore(ctx.settings.evidence.media_dir),
        )
    except Refusal as error:
        await message.answer(error_text(ctx, error))
        return
    # Committed before replying: if the reply fails, the file is still in the draft.
    await ctx.session.commit()
    group = message.media_group_id
    if added.repeated:
        if group is None:
            await message.answer(ctx.t("ev-file-repeated"))
        return
    _, requirement = await service.context(draft)
    hint = None
    if (
        requirement.evidence_kind == PHOTO_GEO
        and incoming.kind == "photo"
        and draft.location_at is None
    ):
        hint = ctx.t("ev-photo-hint", gap=int(service.rules.max_gap.total_seconds() // 60))
    if added.unreadable:
        hint = ctx.t("ev-file-unreadable")
    ack = ctx.t("ev-album-added" if group else "ev-file-added")
    data = await ctx.state.get_data()
    if group is not None and not added.first_of_group and data.get("group") == group:
        # The rest of an album: one card per album, its count kept current by editing it.
        text = "\n\n".join(p for p in (ack, await _card(ctx, service, draft), hint) if p)
        with suppress(TelegramAPIError):
            await ctx.bot.edit_message_text(
                text=text,
                chat_id=ctx.chat_id,
                message_id=int(data["card"]),
                reply_markup=kb.draft(ctx.t, draft.id),
            )
        return
    card = await _send_card(ctx, service, draft, ack, hint)
    await ctx.state.update_data(card=card, group=group)


@router.message(StaffFlow.collecting, F.photo)
async def on_photo(message: Message, ctx: Ctx, access: Access) -> None:
    assert message.photo
    photo = message.photo[-1]  # the largest size Telegram made
    incoming = IncomingFile("photo", photo.file_id, photo.file_unique_id, photo.file_size)
    await _add_file(message, ctx, access, incoming)


@router.message(StaffFlow.collecting, F.document)
async def on_document(message: Message, ctx: Ctx, access: Access) -> None:
    document = message.document
    assert document is not None
    incoming = IncomingFile(
        "document",
        document.file_id,
        document.file_unique_id,
        document.file_size,
        document.mime_type,
        document.file_name,
    )
    await _add_file(message, ctx, access, incoming)


@router.message(StaffFlow.collecting, F.location)
async def on_location(message: Message, ctx: Ctx, access: Access) -> None:
    draft = await _current_draft(ctx, access, message)
    if draft is None:
        return
    location = message.location
    assert location is not None
    service = _service(ctx)
    try:
        await service.set_location(
            draft,
            latitude=location.latitude,
            longitude=location.longitude,
            at=message.date,
            accuracy=location.horizontal_accuracy,
            # A forwarded location shows where someone else was, some time ago.
            forwarded=message.forward_origin is not None,
        )
    except Refusal as error:
        await message.answer(error_text(ctx, error))
        return
    await ctx.session.commit()
    card = await _send_card(ctx, service, draft, ctx.t("ev-location-saved"))
    await ctx.state.update_data(card=card, group=None)


@router.message(StaffFlow.collecting, F.text, ~F.text.startswith("/"))
async def on_comment(message: Message, ctx: Ctx, access: Access) -> None:
    draft = await _current_draft(ctx, access, message)
    if draft is None:
        return
    service = _service(ctx)
    try:
        await service.set_comment(draft, message.text or "")
    except Refusal as error:
        await message.answer(error_text(ctx, error))
        return
    await ctx.session.commit()
    card = await _send_card(ctx, service, draft, ctx.t("ev-comment-saved"))
    await ctx.state.update_data(card=card, group=None)


@router.message(StaffFlow.collecting, ~F.text)
async def on_unexpected(message: Message, ctx: Ctx) -> None:
    # Stickers, videos, voice, contacts...: a short answer; the draft is untouched.
    await message.answer(ctx.t("ev-error-message_type"))


@router.message(StateFilter(None), F.photo | F.document, IS_STAFF)
async def on_file_without_draft(message: Message, ctx: Ctx) -> None:
    group = message.media_group_id
    if group is not None:
        data = await ctx.state.get_data()
        if data.get("lone_group") == group:
            return  # one answer per album, not one per picture
        await ctx.state.update_data(lone_group=group)
    await message.answer(ctx.t("ev-error-no_draft"))


@router.callback_query(DraftCb.filter())
async def on_draft_button(
    callback: CallbackQuery, callback_data: DraftCb, ctx: Ctx, access: Access
) -> None:
    service = _service(ctx)
    try:
        draft = await service.own_draft(access, callback_data.e)
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    action = callback_data.action
    if action == "open":
        await callback.answer()
        await _open_draft(ctx, service, draft, resumed=True)
    elif action in ("submit", "force"):
        await _submit(callback, ctx, service, draft, force=action == "force")
    elif action == "discard":
        await service.discard(draft)
        await ctx.session.commit()
        await callback.answer()
        await _leave_draft(callback, ctx, callback_data.e, ctx.t("ev-discarded"))
    else:
        await callback.answer(ctx.t("ev-error-stale"), show_alert=True)


async def _submit(
    callback: CallbackQuery, ctx: Ctx, service: EvidenceService, draft: Evidence, *, force: bool
) -> None:
    evidence_id = draft.id
    try:
        await service.submit(draft, utcnow(), force=force)
    except GeoCheckFailed as failed:
        await callback.answer()
        reason = texts.geo_reason(ctx.t, failed.verdict, service.rules)
        await ctx.bot.send_message(
            ctx.chat_id,
            ctx.t("ev-geo-failed-confirm", reason=reason),
            reply_markup=kb.geo_confirm(ctx.t, evidence_id),
        )
        return
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await ctx.session.commit()
    await callback.answer()
    await _leave_draft(callback, ctx, evidence_id, ctx.t("ev-submitted"))


async def _leave_draft(callback: CallbackQuery, ctx: Ctx, evidence_id: int, text: str) -> None:
    if isinstance(callback.message, Message):
        # The card's buttons act on a row that is no longer a draft.
        with suppress(TelegramBadRequest):
            await callback.message.edit_reply_markup(reply_markup=None)
    data = await ctx.state.get_data()
    if data.get("ev") == evidence_id:
        await ctx.state.clear()
    await ctx.bot.send_message(ctx.chat_id, text, reply_markup=ReplyKeyboardRemove())


router.include_routers(
    staff, refusal_router("staff.outsiders", "ev-not-staff", Command("checklist"))
)
