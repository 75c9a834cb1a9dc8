"""The one way a Refusal (services.refusal) becomes text: its message in the reader's language.

`extra` carries what only this side knows, e.g. a date in the centre's time zone or a limit from
the settings; it is added to, and wins over, the refusal's own details.
"""

from __future__ import annotations

from typing import Any

from bot.i18n import Translator
from services.refusal import Refusal


def refusal_text(t: Translator, refusal: Refusal, **extra: Any) -> str:
    return t(refusal.key, **{**refusal.details, **extra})
