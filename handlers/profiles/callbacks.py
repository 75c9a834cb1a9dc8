"""Callback data of /profiles. Buttons name a region, a profile or a step; every handler
re-checks the presser's Access on the server (services.profiles.rules)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.callback_data import RowId, Small


class ProfilesCb(CallbackData, prefix="pf"):
    a: str  # region | open | new | kind | edit | resume | discard
    r: str = ""  # region code
    p: RowId = 0  # profile id
    k: str = ""  # kind (seekers | employers)


class ProfileStepCb(CallbackData, prefix="pfs"):
    a: str  # skip | save | opt | cancel
    n: Small  # the step the button was shown for: a button of an older step is stale
    o: Small = 0  # the option of a choice
