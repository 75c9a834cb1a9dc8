"""Callback data of /audit: filters and pages. Only admins act on it, re-checked per press."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.callback_data import Small

MAX_USER_ID = 2**53  # Telegram ids fit 52 bits


class AuditCb(CallbackData, prefix="au"):
    a: str = Field(pattern="^(show|kinds|people)$")  # the list; pick a kind; pick a person
    k: Small = 0  # 1 + index in services.audit.KINDS; 0: every kind
    u: int = Field(default=0, ge=0, le=MAX_USER_ID)  # the person; 0: everyone
    p: Small = 0  # page (newest first)
