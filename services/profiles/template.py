"""The profile template as data: one YAML file per kind (services/profiles/templates/).

The bot asks the fields in the file's order; every one is optional. Labels come in Russian and
English from the file (like the checklist's requirement texts), the card uses the Russian ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
SEEKERS, EMPLOYERS = "seekers", "employers"
KINDS = (SEEKERS, EMPLOYERS)
TEXT, LINES, CHOICE = "text", "lines", "choice"
_ID = re.compile(r"^[a-z][a-z_]{0,31}$")


class TemplateError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    type: str
    ru: str
    en: str
    section_ru: str
    section_en: str
    max_chars: int = 300
    max_items: int = 1
    options: tuple[tuple[str, str], ...] = ()  # (ru, en) of a choice

    def label(self, language: str) -> str:
        return self.en if language == "en" else self.ru

    def section(self, language: str) -> str:
        return self.section_en if language == "en" else self.section_ru


@dataclass(frozen=True, slots=True)
class Column:
    ru: str
    en: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    kind: str
    fields: tuple[Field, ...]
    columns: tuple[Column, ...]

    def field(self, field_id: str) -> Field | None:
        return next((f for f in self.fields if f.id == field_id), None)

    @property
    def column_fields(self) -> frozenset[str]:
        return frozenset(f for column in self.columns for f in column.fields)


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(f"{where}: `{key}` must be a non-empty text")
    return value.strip()


def parse_template(raw: Any, kind: str) -> Template:
    if not isinstance(raw, dict) or raw.get("kind") != kind:
        raise TemplateError(f"{kind}: the file must say `kind: {kind}`")
    fields: list[Field] = []
    for section in raw.get("sections") or []:
        s_ru, s_en = _text(section, "ru", kind), _text(section, "en", kind)
        for item in section.get("fields") or []:
            field_id = str(item.get("id", ""))
            if not _ID.match(field_id) or any(f.id == field_id for f in fields):
                raise TemplateError(f"{kind}: bad or repeated field id {field_id!r}")
            kind_of = item.get("type")
            if kind_of not in (TEXT, LINES, CHOICE):
                raise TemplateError(f"{kind}.{field_id}: type must be text, lines or choice")
            options = tuple(
                (_text(o, "ru", field_id), _text(o, "en", field_id))
                for o in item.get("options") or []
            )
            if (kind_of == CHOICE) != bool(options):
                raise TemplateError(f"{kind}.{field_id}: options go with type choice only")
            fields.append(
                Field(
                    id=field_id,
                    type=kind_of,
                    ru=_text(item, "ru", field_id),
                    en=_text(item, "en", field_id),
                    section_ru=s_ru,
                    section_en=s_en,
                    max_chars=int(item.get("max", 300)),
                    max_items=int(item.get("items", 1)),
                    options=options,
                )
            )
    columns = tuple(
        Column(_text(c, "ru", kind), _text(c, "en", kind), tuple(c.get("fields") or []))
        for c in raw.get("columns") or []
    )
    known = {f.id for f in fields}
    for column in columns:
        unknown = set(column.fields) - known
        if unknown:
            raise TemplateError(f"{kind}: columns name unknown fields {sorted(unknown)}")
    if not fields or len(columns) != 3:
        raise TemplateError(f"{kind}: a template needs fields and exactly three columns")
    return Template(kind, tuple(fields), columns)


@cache
def load_template(kind: str) -> Template:
    if kind not in KINDS:
        raise TemplateError(f"unknown profile kind {kind!r}")
    path = TEMPLATES_DIR / f"{kind}.yaml"
    return parse_template(yaml.safe_load(path.read_text(encoding="utf-8")), kind)
