"""What a centre's button says. Phones cut long labels at the end, and the Moscow branches
differ only at the end ("… г. Москвы — филиал ЦАО"), so a button shows the directory's
`short_name`, or a shortening that puts the distinguishing part first."""

from __future__ import annotations

import re

from storage.models import Centre

BUTTON_MAX = 30  # about what a phone shows on a full-width button
ABBREVIATIONS = (("Центр занятости населения", "ЦЗН"), ("центр занятости населения", "ЦЗН"))
_DASHES = (" — ", " – ", " - ")
_PARENTHESISED = re.compile(r"(.*\S)\s*\(([^()]+)\)")


def button_label(centre: Centre, limit: int = BUTTON_MAX) -> str:
    return centre.short_name or shorten_name(centre.name, limit)


def shorten_name(name: str, limit: int = BUTTON_MAX) -> str:
    """The name if it fits; else abbreviated; else its distinguishing tail (after a dash, or
    in closing parentheses) first; cut with "…" only as the last resort."""
    if len(name) <= limit:
        return name
    for long, short in ABBREVIATIONS:
        name = name.replace(long, short)
    if len(name) <= limit:
        return name
    head, tail = _split(name)
    if tail:
        name = f"{tail} · {head}"
    return name if len(name) <= limit else name[: limit - 1].rstrip(" ·,") + "…"


def _split(name: str) -> tuple[str, str]:
    for dash in _DASHES:
        if dash in name:
            head, tail = name.rsplit(dash, 1)
            return head.strip(), tail.strip()
    match = _PARENTHESISED.fullmatch(name)
    if match:
        return match.group(1), match.group(2).strip()
    return name, ""
