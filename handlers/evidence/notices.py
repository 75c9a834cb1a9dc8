"""The expert's review notice (the `evidence.notify` job): what waits for their decision —
checklist evidence and practices for the base — each with the button to its queue."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from handlers.evidence.keyboards import review_queue
from handlers.practices import keyboards as practice_keyboards
from services.evidence.review_notify import ReviewNotice


def review_notice(t: Translator, notice: ReviewNotice) -> tuple[str, InlineKeyboardMarkup]:
    lines: list[str] = []
    rows: list[list[InlineKeyboardButton]] = []
    if notice.count:
        lines.append(t("rv-waiting-notice", count=notice.count))
        rows += review_queue(t).inline_keyboard
    if notice.practices:
        lines.append(t("practices-waiting-notice", count=notice.practices))
        rows.append([practice_keyboards.queue_button(t)])
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)
