"""Callback data of /news (services.news.rules). Buttons name a centre, never carry authority:
every handler re-checks the presser against the server's state and roles."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class NewsCb(CallbackData, prefix="nw"):
    action: str  # pick | send | cancel
    c: str  # centre code


class NewsUnsubscribeCb(CallbackData, prefix="nu"):
    c: str  # centre code; whose subscription: the presser's (through Pseudonyms)
