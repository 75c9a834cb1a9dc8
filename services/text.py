"""Free text typed by people (comments, reasons, news), cleaned before it is judged or stored.

Invisible characters carry nothing a reader can see: zero-width spaces, bidi marks and
overrides, the BOM (Unicode category Cf), control characters (Cc) and the "blank" letters
used to send empty-looking messages (Hangul fillers, the blank Braille pattern). They are
removed (zero-width joiners only count as nothing: they stay inside emoji and words), tabs
become spaces, lines lose their trailing blanks, runs of empty lines shrink to one, and the
whole is stripped. A text of invisible characters only becomes "" (empty), which the callers
refuse with their usual "empty" reply.
"""

from __future__ import annotations

import re
import unicodedata

_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Zero-width (non-)joiners shape emoji sequences (👩‍💻) and Persian words: kept between
# characters, but a text of nothing else is empty.
_JOINERS = frozenset("\u200c\u200d")
_EMPTY_LINES = re.compile(r"\n{3,}")


def _visible(char: str) -> bool:
    if char == "\n" or char in _JOINERS:
        return True
    if char in _BLANK_LETTERS:
        return False
    return unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co", "Cn")


def clean_text(text: str | None) -> str:
    """`text` without invisible characters and surplus whitespace ("" if nothing is left)."""
    if not text:
        return ""
    unified = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = "".join(char for char in unified if _visible(char))
    if all(char.isspace() or char in _JOINERS for char in kept):
        return ""
    lines = [line.rstrip() for line in kept.split("\n")]
    return _EMPTY_LINES.sub("\n\n", "\n".join(lines)).strip()
