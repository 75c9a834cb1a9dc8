"""Callback data of /export: which kind, which format. It grants nothing: the handler
re-checks the presser's scope (services.exports.scope) before building anything."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

KIND_PATTERN = "^(rating|answers|evidence|comments|audit)$"
FORMAT_PATTERN = "^(xlsx|csv)$"


class ExportCb(CallbackData, prefix="ex"):
    k: str = Field(pattern=KIND_PATTERN)
    f: str = Field(pattern=FORMAT_PATTERN)
