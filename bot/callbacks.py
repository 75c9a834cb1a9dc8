"""Callback data as typed classes. Prefixes are short: Telegram allows 64 bytes.

Every int field is bounded: callback data comes from the client and can be forged
(`an:100000000000000000000:0:5`). Data outside the bounds does not unpack, so the filter does
not match and the button is simply stale (handlers/fallback.py), never an OverflowError in
the database driver.
"""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# Ids of rows (INTEGER, 32 bits on PostgreSQL) and small counters (pages, positions).
RowId = Annotated[int, Field(ge=0, le=2**31 - 1)]
Small = Annotated[int, Field(ge=0, le=10_000)]
Score = Annotated[int, Field(ge=0, le=5)]  # 1..5, or 0 for "hard to say"


class ConsentCb(CallbackData, prefix="cs"):
    action: str  # yes | no | policy


class PickerCb(CallbackData, prefix="pk"):
    action: str  # regions | search | location


class RegionPageCb(CallbackData, prefix="rp"):
    page: Small


class RegionCb(CallbackData, prefix="rg"):
    code: str
    page: Small = 0


class CentreCb(CallbackData, prefix="ct"):
    code: str


class AudienceCb(CallbackData, prefix="au"):
    audience: str  # seeker | employer


class AnswerCb(CallbackData, prefix="an"):
    q: RowId  # questionnaire id
    n: Small  # question index
    v: Score


class BackCb(CallbackData, prefix="bk"):
    q: RowId
    n: Small  # the question to go back to


class CommentSkipCb(CallbackData, prefix="sk"):
    q: RowId


class NotifyCb(CallbackData, prefix="nt"):
    centre: str


class LanguageCb(CallbackData, prefix="lg"):
    language: str


class ForgetCb(CallbackData, prefix="fg"):
    confirm: bool
