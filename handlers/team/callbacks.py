"""Callback data of the team feature (/invite, /roles, /invites). Telegram allows 64 bytes, so
prefixes and field names are short and buttons name rows, never carry any authority: every
handler re-checks the presser's Access against the row on the server."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

# Bounded ints: forged data outside them does not unpack, so the button is simply stale.
from bot.callback_data import RowId, Small


class InviteCb(CallbackData, prefix="iv"):
    step: str  # role | regions | region | make | cancel
    role: str = ""  # staff | expert
    code: str = ""  # a region (step region), a centre or region or "*" (step make)
    page: Small = 0


class RolesCb(CallbackData, prefix="rl"):
    action: str  # page | ask | revoke
    role_id: RowId = 0
    page: Small = 0


class InvitesCb(CallbackData, prefix="ix"):
    action: str  # page | revoke
    i: RowId = 0  # invitation id (revoke)
    page: Small = 0
