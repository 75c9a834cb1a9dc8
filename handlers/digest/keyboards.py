"""Keyboards under /my_index: a centre card's comments and poster buttons, comment pages,
the centre choice of /poster."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from handlers.digest.callbacks import MAX_PAGE, CommentsCb, PosterCb
from storage.models import Centre

NOOP = "noop"  # answered quietly by handlers/fallback.py


def centre_tools(t: Translator, centre_code: str, comments: int) -> list[InlineKeyboardButton]:
    """The row under a centre card of its working group."""
    return [
        InlineKeyboardButton(
            text=t("mi-comments-button", count=comments),
            callback_data=CommentsCb(c=centre_code).pack(),
        ),
        InlineKeyboardButton(
            text=t("mi-poster-button"), callback_data=PosterCb(c=centre_code).pack()
        ),
    ]


def card_markup(
    rows: Sequence[Sequence[InlineKeyboardButton]], extra: InlineKeyboardMarkup | None
) -> InlineKeyboardMarkup | None:
    """A card's own rows, then those of `extra` (the reminders' switch), or None if empty."""
    keyboard = [list(row) for row in rows]
    if extra is not None:
        keyboard += [list(row) for row in extra.inline_keyboard]
    return InlineKeyboardMarkup(inline_keyboard=keyboard) if keyboard else None


def swap_rows(
    current: InlineKeyboardMarkup | None, prefix: str, new: InlineKeyboardMarkup
) -> InlineKeyboardMarkup:
    """`current` with its rows of buttons whose data starts with `prefix` replaced by `new`'s
    (the reminders' switch under a card also holding the comments and poster buttons)."""
    kept = [
        list(row)
        for row in (current.inline_keyboard if current is not None else [])
        if not any((b.callback_data or "").startswith(prefix) for b in row)
    ]
    return InlineKeyboardMarkup(inline_keyboard=kept + [list(r) for r in new.inline_keyboard])


def comment_pages(
    t: Translator, centre_code: str, page: int, pages: int
) -> InlineKeyboardMarkup | None:
    """‹ Newer · page p / P · Older ›, for 0-based `page` of `pages` (None for one page)."""
    last = min(pages, MAX_PAGE + 1) - 1
    if last <= 0:
        return None
    row = []
    if page > 0:
        data = CommentsCb(c=centre_code, p=page - 1, e=True).pack()
        row.append(InlineKeyboardButton(text=t("mi-comments-newer"), callback_data=data))
    label = t("mi-comments-page", page=page + 1, pages=last + 1)
    row.append(InlineKeyboardButton(text=label, callback_data=NOOP))
    if page < last:
        data = CommentsCb(c=centre_code, p=page + 1, e=True).pack()
        row.append(InlineKeyboardButton(text=t("mi-comments-older"), callback_data=data))
    return InlineKeyboardMarkup(inline_keyboard=[row])


def poster_choice(centres: Sequence[Centre]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for centre in centres:
        b.row(InlineKeyboardButton(text=centre.name, callback_data=PosterCb(c=centre.code).pack()))
    return b.as_markup()
