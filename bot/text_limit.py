"""The longest text a message may carry, per messenger: the one source of truth for the
message builders (pages, cards, summaries) and for bot.max.outgoing.

- Telegram: 4,096 characters of the text as shown, counted after the HTML is parsed (tags
  removed, entities decoded) in UTF-16 units.
- MAX: 4,000 characters. MAX does not say how it counts a `format: html` text, so the text as
  sent is counted, markup and entities included (the stricter reading: `&amp;` is 5).

A builder asks `settings.messenger.text_limit` (bot.config) and measures with its `length`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

_TAG = re.compile(r"<[^>]+>")


def shown_length(text: str) -> int:
    """Telegram's count: tags removed, entities decoded, UTF-16 units (as charts.visible_length)."""
    plain = html.unescape(_TAG.sub("", text))
    return len(plain.encode("utf-16-le")) // 2


def sent_length(text: str) -> int:
    """MAX's count as read here: every character of the text as sent."""
    return len(text)


@dataclass(frozen=True, slots=True)
class TextLimit:
    messenger: Literal["telegram", "max"]
    chars: int
    counts_markup: bool

    def length(self, text: str) -> int:
        return sent_length(text) if self.counts_markup else shown_length(text)

    def fits(self, text: str) -> bool:
        return self.length(text) <= self.chars


TELEGRAM_TEXT = TextLimit("telegram", 4096, counts_markup=False)
MAX_TEXT = TextLimit("max", 4000, counts_markup=True)


# A text of at most this many characters as sent fits every messenger (a builder that cuts to a
# fixed length, without knowing the process's messenger, cuts to this).
EVERY_MESSENGER = min(TELEGRAM_TEXT.chars, MAX_TEXT.chars)


def text_limit(messenger: str) -> TextLimit:
    return MAX_TEXT if messenger == "max" else TELEGRAM_TEXT
