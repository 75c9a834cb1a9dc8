"""What a practice must be, checked without Telegram: limits, indicator codes, the start date,
the client groups (client_groups.yaml) and the channel hashtags."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from scoring import Methodology
from services.refusal import Refusal

DRAFT, PENDING, RETURNED, ACCEPTED, REJECTED = (
    "draft", "pending", "returned", "accepted", "rejected",
)  # fmt: skip
EDITABLE = (DRAFT, RETURNED)
DECISIONS = (ACCEPTED, RETURNED, REJECTED)

MAX_TITLE = 120
MAX_TEXT = 1000  # each of the problem, what was done, the result: the card fits 4096
MAX_COMMENT = 500
MAX_QUESTION = 1000
MAX_PHOTOS = 10  # an album holds at most 10
MAX_INDICATORS = 5
QUESTIONS_PER_DAY = 5  # a reader's questions to authors in 24 hours
# The fields of a draft in the order they are asked; the last two are optional.
TEXT_FIELDS = ("problem", "done", "result")
FIELDS = ("title", "indicators", "client_group", *TEXT_FIELDS, "started_on", "photos", "document")
REQUIRED = FIELDS[:-2]
# Photos that Telegram shows in an album (sendPhoto accepts these).
PHOTO_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp"})
PHOTO_MIMES = frozenset({"image/jpeg", "image/png", "image/webp"})

CLIENT_GROUPS_FILE = Path(__file__).with_name("client_groups.yaml")
_DATE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_TAG = re.compile(r"^\w+$")


@dataclass(frozen=True, slots=True)
class ClientGroup:
    code: str
    tag: str


@lru_cache(maxsize=4)
def client_groups(path: Path = CLIENT_GROUPS_FILE) -> tuple[ClientGroup, ...]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list) or not rows:
        raise ValueError(f"{path}: a list of client groups expected")
    groups = []
    for row in rows:
        code, tag = str(row.get("code", "")), str(row.get("tag", ""))
        if not re.fullmatch(r"[a-z]{2,20}", code) or not _TAG.fullmatch(tag):
            raise ValueError(f"{path}: bad client group {row!r}")
        groups.append(ClientGroup(code, tag))
    if len({g.code for g in groups}) != len(groups):
        raise ValueError(f"{path}: a client group code is repeated")
    return tuple(groups)


def client_group(code: str | None) -> ClientGroup | None:
    return next((g for g in client_groups() if g.code == code), None)


def fold(text: str) -> str:
    """Case- and ё-insensitive form for search (SQLite's lower() ignores Cyrillic)."""
    return " ".join(text.casefold().replace("ё", "е").split())


def clean_title(text: str | None) -> str:
    title = " ".join((text or "").split())
    if not title:
        raise Refusal("practices-error", "empty")
    if len(title) > MAX_TITLE:
        raise Refusal("practices-error", "title_too_long", length=len(title), limit=MAX_TITLE)
    return title


def clean_text(text: str | None, limit: int = MAX_TEXT) -> str:
    body = (text or "").strip()
    if not body:
        raise Refusal("practices-error", "empty")
    if len(body) > limit:
        raise Refusal("practices-error", "too_long", length=len(body), limit=limit)
    return body


def parse_indicators(m: Methodology, text: str) -> list[str]:
    """Codes typed as "M7, K1" (Latin or Cyrillic letters, any case); unknown ones refused."""
    cyrillic = str.maketrans("ДПМАКдпмак", "DPMAKdpmak")
    words = [w for w in re.split(r"[\s,;]+", text.translate(cyrillic).upper()) if w]
    if not words:
        raise Refusal("practices-error", "empty")
    known = {i.code for i in m.indicators}
    unknown = [w for w in words if w not in known]
    if unknown:
        raise Refusal("practices-error", "unknown_indicator", codes=", ".join(unknown[:5]))
    codes = list(dict.fromkeys(words))
    if len(codes) > MAX_INDICATORS:
        raise Refusal("practices-error", "too_many_indicators", limit=MAX_INDICATORS)
    return codes


def parse_date(text: str | None, today: date) -> date:
    """DD.MM.YYYY (or YYYY-MM-DD); a start in the future is refused."""
    value = text or ""
    match, iso = _DATE.match(value), _ISO.match(value)
    try:
        if match:
            day, month, year = (int(x) for x in match.groups())
        elif iso:
            year, month, day = (int(x) for x in iso.groups())
        else:
            raise Refusal("practices-error", "date_format")
        started = date(year, month, day)
    except ValueError as error:
        raise Refusal("practices-error", "date_format") from error
    if started > today:
        raise Refusal("practices-error", "date_future", date=started.strftime("%d.%m.%Y"))
    if started.year < 2000:
        raise Refusal("practices-error", "date_format")
    return started


def groups_of(m: Methodology, codes: list[str]) -> list[str]:
    """The index groups of these indicators, in the methodology's order."""
    wanted = {m.indicator(c).group for c in codes if c in {i.code for i in m.indicators}}
    return [g.code for g in m.groups if g.code in wanted]


def _words(text: str, count: int) -> str:
    words = [w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2 or w.isdigit()]
    return "_".join(words[:count])


def indicator_tag(m: Methodology, code: str) -> str:
    """#М7_простота_процедур: the group's Cyrillic letter, the number, the first words."""
    indicator = m.indicator(code)
    group = m.group(indicator.group)
    letter = group.label or group.code
    return f"#{letter}{code[len(group.code) :]}_{_words(indicator.name_ru, 2)}"


def group_tag(m: Methodology, code: str) -> str:
    return f"#{_words(m.group(code).name_ru, 2)}"


def is_photo(kind: str, mime_type: str | None, file_name: str | None) -> bool:
    """A compressed photo, or an image file Telegram can show in an album."""
    if kind == "photo":
        return True
    ext = file_name.rsplit(".", 1)[-1].lower() if file_name and "." in file_name else None
    if ext is not None:
        return ext in PHOTO_EXTENSIONS
    return (mime_type or "").lower() in PHOTO_MIMES


def today_in(now: datetime, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()
