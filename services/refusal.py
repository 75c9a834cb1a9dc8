"""The one way a rule says no: `Refusal(prefix, reason, **details)`.

A service raises a Refusal when the request is understood but not allowed (not your draft, too
long, already decided...). It names the message family of the texts that explain it (`prefix`,
e.g. "ev-error", "news-error") and a reason code; the message key is `<prefix>-<reason>`, and
`details` are the Fluent arguments the text needs (a limit, a length, a date). The Telegram side
turns it into text in the reader's language in one place (bot.refusal.refusal_text); the
message keys are checked by tests/test_locale_keys.py from the raise sites.

The prefix is the family of the person who reads it: redeeming an invitation is refused with
"invite-error", revoking one with "adm-invite-gone". A subclass only when it carries more than a
reason (GeoCheckFailed carries the verdict the "send anyway?" question shows).
"""

from __future__ import annotations

from typing import Any


class Refusal(Exception):
    """A request a rule refuses; `key` is the message that says why."""

    def __init__(self, prefix: str, reason: str, **details: Any) -> None:
        super().__init__(f"{prefix}-{reason}")
        self.prefix = prefix
        self.reason = reason
        self.details = details

    @property
    def key(self) -> str:
        return f"{self.prefix}-{self.reason}"
