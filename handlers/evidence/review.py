"""/review for experts: the oldest pending evidence of their regions, with its files, geo
verdict and duplicate flags; Accept, or Reject with a preset or typed reason.

Thin: services.evidence.review re-checks the expert's regions on every press and refuses a
second decision on the same evidence. The submitter is told the outcome in their own language.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import suppress
from html import escape

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import (
    CallbackQuery,
    InputMediaDocument,
    InputMediaPhoto,
    Message,
)
from aiogram.types.media_union import MediaUnion

from bot.context import Ctx
from bot.i18n import Translations
from bot.refusal import refusal_text
from bot.role_filter import EXPERT_OR_ADMIN, refusal_router, role_router
from handlers.evidence import keyboards as kb
from handlers.evidence import texts
from handlers.evidence.callbacks import ReviewCb, ReviewQueueCb
from handlers.evidence.states import ReviewFlow
from services import audit
from services.centres.directory import CentreDirectory
from services.evidence.model import (
    ACCEPTED,
    MAX_REASON,
    PRESET_PREFIX,
    REJECT_PRESETS,
    REJECTED,
    Rules,
    reason_text,
    requirement_text,
)
from services.evidence.review import ReviewCard, review_card
from services.evidence.review_names import card_names
from services.evidence.workflow import EvidenceService
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import Evidence, EvidenceFile, utcnow

# Opening the queue needs the expert role; each decision is re-checked by the service
# (the expert's regions), so the card's buttons stay on the open router.
router = Router(name="review")
experts = role_router("review.experts", EXPERT_OR_ADMIN)
log = logging.getLogger(__name__)
MEDIA_GROUP_MAX = 10


def _service(ctx: Ctx) -> EvidenceService:
    return EvidenceService(ctx.session, Rules.from_settings(ctx.settings))


@experts.message(Command("review"))
async def on_review(message: Message, ctx: Ctx, access: Access) -> None:
    await ctx.state.set_state(None)
    await ctx.state.set_data({})
    await _show_next(ctx, access, after=None)


async def _show_next(ctx: Ctx, access: Access, *, after: int | None) -> None:
    service = _service(ctx)
    evidence = await service.next_pending(access, after=after)
    if evidence is None:
        await ctx.bot.send_message(ctx.chat_id, ctx.t("rv-empty" if after is None else "rv-end"))
        return
    card = await review_card(service, access, evidence)
    failed = await _send_files(ctx, card)
    region = await CentreDirectory(ctx.session).region(card.centre.region_code)
    text = texts.review_card(
        ctx.t,
        card,
        region.name if region else card.centre.region_code,
        service.rules,
        await card_names(ctx.session, card),
    )
    if failed:
        text += "\n\n" + ctx.t("rv-files-failed", paths=", ".join(failed))
    await ctx.bot.send_message(ctx.chat_id, text, reply_markup=kb.review(ctx.t, evidence.id))


async def _send_files(ctx: Ctx, card: ReviewCard) -> list[str]:
    """Photos as an album, documents as another, by Telegram's file ids (no upload). Returns
    the stored copies of what Telegram could not show, for the expert to ask for."""
    caption = ctx.t("rv-files-caption", id=str(card.evidence.id))
    photos = [f for f in card.files if f.kind == "photo"]
    documents = [f for f in card.files if f.kind != "photo"]
    failed: list[str] = []
    for group, kind in ((photos, "photo"), (documents, "document")):
        for start in range(0, len(group), MEDIA_GROUP_MAX):
            chunk = group[start : start + MEDIA_GROUP_MAX]
            try:
                await _send_chunk(ctx, chunk, kind, caption)
            except TelegramAPIError as error:
                log.warning("evidence %s: files not shown: %s", card.evidence.id, error)
                failed.extend(f.stored_path or f.file_id for f in chunk)
    return failed


async def _send_chunk(ctx: Ctx, chunk: Sequence[EvidenceFile], kind: str, caption: str) -> None:
    if len(chunk) == 1:
        if kind == "photo":
            await ctx.bot.send_photo(ctx.chat_id, chunk[0].file_id, caption=caption)
        else:
            await ctx.bot.send_document(ctx.chat_id, chunk[0].file_id, caption=caption)
        return
    media: list[MediaUnion] = []
    for n, f in enumerate(chunk):
        text = caption if n == 0 else None
        if kind == "photo":
            media.append(InputMediaPhoto(media=f.file_id, caption=text))
        else:
            media.append(InputMediaDocument(media=f.file_id, caption=text))
    await ctx.bot.send_media_group(ctx.chat_id, media=media)


@experts.callback_query(ReviewQueueCb.filter())
async def on_open_queue(callback: CallbackQuery, ctx: Ctx, access: Access) -> None:
    """The button of an "evidence waits" notice: /review, with the powers re-checked."""
    await callback.answer()
    await ctx.state.set_state(None)
    await ctx.state.set_data({})
    await _show_next(ctx, access, after=None)


@router.callback_query(ReviewCb.filter())
async def on_review_button(
    callback: CallbackQuery,
    callback_data: ReviewCb,
    ctx: Ctx,
    access: Access,
    translations: Translations,
) -> None:
    service = _service(ctx)
    evidence_id, action = callback_data.e, callback_data.action
    message = callback.message if isinstance(callback.message, Message) else None
    if action == "accept":
        await _decide(ctx, access, translations, evidence_id, ACCEPTED, None, message, callback)
        return
    if action == "preset":
        if callback_data.r not in REJECT_PRESETS:
            await callback.answer(ctx.t("rv-error-stale"), show_alert=True)
            return
        reason = PRESET_PREFIX + callback_data.r
        await _decide(ctx, access, translations, evidence_id, REJECTED, reason, message, callback)
        return
    # The remaining actions only change the screen, but still only for one who may decide.
    try:
        evidence = await service.for_review(access, evidence_id)
    except Refusal as error:
        await callback.answer(refusal_text(ctx.t, error), show_alert=True)
        return
    if action == "skip":
        await callback.answer()
        await _show_next(ctx, access, after=evidence.id)
        return
    if evidence.status != "pending":
        await callback.answer(ctx.t("rv-error-already_decided"), show_alert=True)
        return
    if action in ("reject", "back") and message is not None:
        markup = (
            kb.reject_reasons(ctx.t, evidence.id)
            if action == "reject"
            else kb.review(ctx.t, evidence.id)
        )
        await callback.answer(ctx.t("rv-pick-reason") if action == "reject" else None)
        with suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=markup)
        return
    if action == "custom":
        await callback.answer()
        await ctx.state.set_state(ReviewFlow.reason)
        await ctx.state.set_data({"e": evidence.id, "mid": message.message_id if message else None})
        await ctx.bot.send_message(ctx.chat_id, ctx.t("rv-ask-reason", limit=MAX_REASON))
        return
    await callback.answer(ctx.t("rv-error-stale"), show_alert=True)


@router.message(ReviewFlow.reason, F.text, ~F.text.startswith("/"))
async def on_reason(message: Message, ctx: Ctx, access: Access, translations: Translations) -> None:
    data = await ctx.state.get_data()
    evidence_id = data.get("e")
    if not isinstance(evidence_id, int):
        await ctx.state.clear()
        return
    card_id = data.get("mid")
    await _decide(
        ctx,
        access,
        translations,
        evidence_id,
        REJECTED,
        message.text or "",
        None,
        None,
        card_message_id=card_id if isinstance(card_id, int) else None,
    )


@router.message(ReviewFlow.reason, ~F.text)
async def on_reason_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("rv-reason-text-only"))


async def _decide(
    ctx: Ctx,
    access: Access,
    translations: Translations,
    evidence_id: int,
    decision: str,
    reason: str | None,
    message: Message | None,
    callback: CallbackQuery | None,
    *,
    card_message_id: int | None = None,
) -> None:
    service = _service(ctx)
    try:
        evidence = await service.decide(access, evidence_id, decision, reason, utcnow())
    except Refusal as error:
        text = refusal_text(ctx.t, error)
        if callback is not None:
            await callback.answer(text, show_alert=True)
        else:
            await ctx.bot.send_message(ctx.chat_id, text)
            if error.reason not in ("reason_needed", "reason_too_long"):
                await ctx.state.clear()  # nothing left to type a reason for
        return
    await audit.record_decision(ctx.session, access.user_id, evidence)  # same transaction
    await ctx.session.commit()
    await ctx.state.clear()
    if callback is not None:
        await callback.answer()
    # The card keeps its text; its buttons go, and the outcome is said below it.
    card_id = message.message_id if message is not None else card_message_id
    if card_id is not None:
        with suppress(TelegramBadRequest):
            await ctx.bot.edit_message_reply_markup(
                chat_id=ctx.chat_id, message_id=card_id, reply_markup=None
            )
    if decision == ACCEPTED:
        outcome = ctx.t("rv-accepted", id=str(evidence.id))
    else:
        outcome = ctx.t(
            "rv-rejected", id=str(evidence.id), reason=reason_text(ctx.t, evidence.reason)
        )
    await ctx.bot.send_message(ctx.chat_id, outcome)
    await _notify_submitter(ctx, service, translations, evidence)
    await _show_next(ctx, access, after=None)


async def _notify_submitter(
    ctx: Ctx, service: EvidenceService, translations: Translations, evidence: Evidence
) -> None:
    centre, requirement = await service.context(evidence)
    user = await ctx.users.get(evidence.submitted_by)
    t = translations.get(user.language if user is not None else None)
    common = {
        "centre": escape(centre.name),
        "requirement": escape(requirement_text(requirement, t.language)),
    }
    if evidence.status == ACCEPTED:
        until = evidence.captured_at + service.rules.validity
        text = t("rv-notify-accepted", **common, date=texts.local_date(until, centre.timezone))
    else:
        text = t("rv-notify-rejected", **common, reason=reason_text(t, evidence.reason))
    try:
        await ctx.bot.send_message(evidence.submitted_by, text)
    except TelegramAPIError as error:  # blocked the bot, never started it...: logged, not fatal
        log.info("submitter %s not notified: %s", evidence.submitted_by, error)


router.include_routers(
    experts,
    refusal_router(
        "review.outsiders", "rv-not-expert", Command("review"), buttons=(ReviewQueueCb,)
    ),
)
