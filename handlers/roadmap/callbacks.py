"""Callback data of /roadmap. Buttons name a region or a step row; every handler re-checks the
presser's Access on the server (services.roadmap.pilots)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.callback_data import RowId


class RoadmapCb(CallbackData, prefix="rm"):
    # region | start | step | file | done | accept | return | meetings | meet | cancel
    a: str
    r: str = ""  # region code
    s: RowId = 0  # pilot step id
