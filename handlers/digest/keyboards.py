"""Keyboards under /my_index: a centre card's comments and poster buttons, comment pages,
the centre choice of /poster."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from bot.pager import PagerTexts, pager_row
from handlers.digest.callbacks import MAX_PAGE, CommentsCb, PosterCb
from storage.models import Centre

PAGES = PagerTexts("mi-comments-newer", "mi-comments-page", "mi-comments-older")


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
    shown = min(pages, MAX_PAGE + 1)  # no button opens a page past MAX_PAGE
    row = pager_row(t, page, shown, lambda p: CommentsCb(c=centre_code, p=p, e=True).pack(), PAGES)
    return InlineKeyboardMarkup(inline_keyboard=[row]) if row else None


def poster_choice(centres: Sequence[Centre]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for centre in centres:
        b.row(InlineKeyboardButton(text=centre.name, callback_data=PosterCb(c=centre.code).pack()))
    return b.as_markup()
