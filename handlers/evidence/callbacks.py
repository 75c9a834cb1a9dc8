"""Callback data of the evidence feature (staff, review). Telegram allows 64 bytes, so
prefixes and field names are short and buttons name rows, never carry any authority: every
handler re-checks the presser's Access against the row on the server."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

# Bounded ints: forged data outside them does not unpack, so the button is simply stale.
from bot.callback_data import RowId, Small


class ChecklistCb(CallbackData, prefix="cl"):
    c: str  # centre code
    i: str = ""  # indicator code: its requirements; empty: the centre's overview


class RequirementCb(CallbackData, prefix="rq"):
    # Requirement ids (up to 64 characters) do not fit next to a centre code: the position
    # within the indicator names it, and the draft card shows its text before anything is sent.
    c: str
    i: str
    n: Small  # 1-based


class DraftCb(CallbackData, prefix="df"):
    action: str  # open | submit | force | discard
    e: RowId  # evidence id


class ReviewQueueCb(CallbackData, prefix="rvq"):
    action: str = "open"  # the review queue, from an "evidence waits" notice


class ReviewCb(CallbackData, prefix="rv"):
    action: str  # accept | reject | preset | custom | back | skip
    e: RowId  # evidence id
    r: str = ""  # preset reason code
