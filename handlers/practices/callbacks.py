"""Callback data of the practice base. Buttons name a practice, a field or a filter, never
carry authority: every handler re-checks the presser against the row on the server."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.callback_data import RowId, Small


class DraftCb(CallbackData, prefix="pd"):
    # centre | ind (toggle v) | indok | client (v) | profile (v: its id) | next | preview |
    # edit | field (v) | submit | discard
    action: str
    p: RowId = 0
    v: str = ""


class ReviewCb(CallbackData, prefix="pv"):
    action: str  # accept | return | reject
    p: RowId


class QueueCb(CallbackData, prefix="pq"):
    """Opens the review queue (/practice_review) from /my_index; the presser is re-checked."""

    action: str = "open"


class LibraryCb(CallbackData, prefix="pl"):
    # menu | by (f) | list (f, v, page) | search | open (p; f, v, page to go back) | vote | ask
    # | doc
    action: str
    f: str = ""
    v: str = ""
    page: Small = 0
    p: RowId = 0


class AnswerCb(CallbackData, prefix="pa"):
    q: RowId  # the question the author answers
