"""Callback data as typed classes. Prefixes are short: Telegram allows 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ConsentCb(CallbackData, prefix="cs"):
    action: str  # yes | no | policy


class PickerCb(CallbackData, prefix="pk"):
    action: str  # regions | search | location


class RegionPageCb(CallbackData, prefix="rp"):
    page: int


class RegionCb(CallbackData, prefix="rg"):
    code: str
    page: int = 0


class CentreCb(CallbackData, prefix="ct"):
    code: str


class AudienceCb(CallbackData, prefix="au"):
    audience: str  # seeker | employer


class AnswerCb(CallbackData, prefix="an"):
    q: int  # questionnaire id
    n: int  # question index
    v: int  # 1..5, or 0 for "hard to say"


class BackCb(CallbackData, prefix="bk"):
    q: int
    n: int  # the question to go back to


class CommentSkipCb(CallbackData, prefix="sk"):
    q: int


class NotifyCb(CallbackData, prefix="nt"):
    centre: str


class LanguageCb(CallbackData, prefix="lg"):
    language: str


class ForgetCb(CallbackData, prefix="fg"):
    confirm: bool
