"""The one pager: ‹ · page p / P · › under a list, and the numbered slice of a page.

Every paged list (the regions and centres of the survey's picker and of /invite, /roles,
/invites, a centre's comments) uses these two, so paging looks and behaves the same
everywhere: the previous and next buttons only where there is a page to go to, the label only
when there is more than one page (its button does nothing: `NOOP`, answered quietly by
handlers/fallback.py), and a page number out of range (an old button) clamped, never an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator

T = TypeVar("T")
NOOP = "noop"  # the page label's callback data


@dataclass(frozen=True, slots=True)
class PagerTexts:
    """The message keys of the three buttons (the label gets `page` and `pages`, 1-based)."""

    previous: str = "btn-prev"
    label: str = "page-of"
    next: str = "btn-next"


DEFAULT_TEXTS = PagerTexts()


def pager_row(
    t: Translator,
    page: int,
    pages: int,
    data: Callable[[int], str],
    texts: PagerTexts = DEFAULT_TEXTS,
) -> list[InlineKeyboardButton]:
    """The buttons for 0-based `page` of `pages`; `data(p)` is the callback data opening page
    p. Empty for a single page."""
    row = []
    if page > 0:
        row.append(InlineKeyboardButton(text=t(texts.previous), callback_data=data(page - 1)))
    if pages > 1:
        label = t(texts.label, page=page + 1, pages=pages)
        row.append(InlineKeyboardButton(text=label, callback_data=NOOP))
    if page + 1 < pages:
        row.append(InlineKeyboardButton(text=t(texts.next), callback_data=data(page + 1)))
    return row


def add_pager(
    b: InlineKeyboardBuilder,
    t: Translator,
    page: int,
    pages: int,
    data: Callable[[int], str],
    texts: PagerTexts = DEFAULT_TEXTS,
) -> None:
    """`pager_row` as a row of `b`, if there is one."""
    row = pager_row(t, page, pages, data, texts)
    if row:
        b.row(*row)


@dataclass(frozen=True, slots=True)
class Slice(Generic[T]):
    """One page of a list: its items numbered as on screen (from 1, across pages)."""

    numbered: list[tuple[int, T]]
    page: int  # 0-based, clamped
    pages: int  # at least 1


def page_slice(items: Sequence[T], page: int, size: int) -> Slice[T]:
    pages = max(1, math.ceil(len(items) / size))
    page = min(max(page, 0), pages - 1)
    first = page * size
    return Slice(list(enumerate(items[first : first + size], start=first + 1)), page, pages)
