"""Callback data of tickets. A button names a ticket or a template, never grants anything:
every handler re-checks the presser (the asker's key, or a role for the ticket's centre)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.callback_data import RowId, Score


class TkAskCb(CallbackData, prefix="tq"):
    c: str = ""  # the centre (thanks screen); empty: the one of the conversation


class TkCb(CallbackData, prefix="tk"):
    action: str  # take | answer | pass | file | send | cancel | show
    t: RowId


class TkTemplateCb(CallbackData, prefix="tt"):
    t: RowId  # the ticket being answered
    i: RowId  # the template


class TkAskerCb(CallbackData, prefix="ta"):
    action: str  # resolved | more | cancel
    t: RowId = 0


class TkRateCb(CallbackData, prefix="tr"):
    t: RowId
    v: Score


class TplCb(CallbackData, prefix="tm"):
    action: str  # open | add | edit | del
    k: str = ""  # c (a centre's) | r (region-wide)
    c: str = ""  # centre or region code
    i: RowId = 0  # template id
