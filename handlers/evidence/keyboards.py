"""Keyboards of the evidence feature: the checklist, drafts and review."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from handlers.evidence.callbacks import (
    ChecklistCb,
    DraftCb,
    RequirementCb,
    ReviewCb,
    ReviewQueueCb,
)
from services.centres.labels import button_label
from services.evidence.model import REJECT_PRESETS, CentreChecklist, IndicatorStatus
from storage.models import Centre, Evidence

NUMBERS_PER_ROW = 5


# --- staff ----------------------------------------------------------------------------------


def centre_choice(t: Translator, centres: Sequence[Centre]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for centre in centres:
        b.row(
            InlineKeyboardButton(
                text=button_label(centre), callback_data=ChecklistCb(c=centre.code).pack()
            )
        )
    return b.as_markup()


def overview(t: Translator, checklist: CentreChecklist) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    code = checklist.centre.code
    buttons = [
        InlineKeyboardButton(
            text=t("ev-btn-indicator", code=ind.code, x=ind.x, n=ind.n),
            callback_data=ChecklistCb(c=code, i=ind.code).pack(),
        )
        for ind in checklist.indicators
    ]
    for start in range(0, len(buttons), 4):
        b.row(*buttons[start : start + 4])
    for draft in checklist.drafts[:3]:
        ind, number = _position(checklist, draft)
        b.row(
            InlineKeyboardButton(
                text=t("ev-btn-continue", code=ind, n=number),
                callback_data=DraftCb(action="open", e=draft.id).pack(),
            )
        )
    return b.as_markup()


def _position(checklist: CentreChecklist, draft: Evidence) -> tuple[str, int]:
    for ind in checklist.indicators:
        for item in ind.items:
            if item.requirement.id == draft.requirement_id:
                return ind.code, item.number
    return "?", 0


def indicator(t: Translator, centre_code: str, status: IndicatorStatus) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    buttons = [
        InlineKeyboardButton(
            text=t("ev-btn-submit-n", n=item.number),
            callback_data=RequirementCb(c=centre_code, i=status.code, n=item.number).pack(),
        )
        for item in status.items
    ]
    for start in range(0, len(buttons), NUMBERS_PER_ROW):
        b.row(*buttons[start : start + NUMBERS_PER_ROW])
    b.row(
        InlineKeyboardButton(
            text=t("ev-btn-back-overview"), callback_data=ChecklistCb(c=centre_code).pack()
        )
    )
    return b.as_markup()


def draft(t: Translator, evidence_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("ev-btn-send"), callback_data=DraftCb(action="submit", e=evidence_id))
    b.button(text=t("ev-btn-discard"), callback_data=DraftCb(action="discard", e=evidence_id))
    b.adjust(1)
    return b.as_markup()


def geo_confirm(t: Translator, evidence_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("ev-btn-send-anyway"), callback_data=DraftCb(action="force", e=evidence_id))
    b.button(text=t("ev-btn-discard"), callback_data=DraftCb(action="discard", e=evidence_id))
    b.adjust(1)
    return b.as_markup()


def request_location(t: Translator) -> ReplyKeyboardMarkup:
    # No "Cancel" key here: in a draft any typed text is the comment, so a key that sends a
    # word would overwrite it. The draft's inline buttons end it.
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("btn-send-location"), request_location=True)]],
        resize_keyboard=True,
        is_persistent=True,
    )


# --- review ---------------------------------------------------------------------------------


def review_queue(t: Translator) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text=t("rv-btn-open-queue"), callback_data=ReviewQueueCb().pack())
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def review(t: Translator, evidence_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("rv-btn-accept"), callback_data=ReviewCb(action="accept", e=evidence_id))
    b.button(text=t("rv-btn-reject"), callback_data=ReviewCb(action="reject", e=evidence_id))
    b.button(text=t("rv-btn-skip"), callback_data=ReviewCb(action="skip", e=evidence_id))
    b.adjust(2, 1)
    return b.as_markup()


def reject_reasons(t: Translator, evidence_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for code in REJECT_PRESETS:
        b.button(
            text=t(f"rv-preset-{code}"),
            callback_data=ReviewCb(action="preset", e=evidence_id, r=code),
        )
    b.button(text=t("rv-btn-custom"), callback_data=ReviewCb(action="custom", e=evidence_id))
    b.button(text=t("rv-btn-back"), callback_data=ReviewCb(action="back", e=evidence_id))
    b.adjust(1)
    return b.as_markup()
