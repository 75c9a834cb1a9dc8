"""Callback data of the respondent's path, as typed classes. Prefixes are short: Telegram
allows 64 bytes. Every int field is bounded (bot.callback_data)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.callback_data import RowId, Score, Small


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
