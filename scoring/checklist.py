"""The checklist of the objective part as validated, immutable data (METHODOLOGY.md §2, §5).

Per indicator, a list of requirements, each proven by one kind of evidence. The default list
ships as ``scoring/checklists/<name>.yaml``; a region replaces the requirements of some
indicators with an override file in the same format (``merge_override``).

File format::

    name: star-2023            # optional, defaults to the file name without .yaml
    methodology: star-2023     # optional, informative
    indicators:
      K1:
        - id: K1-queue         # stable key stored with the evidence: [A-Za-z0-9_-], <= 32 chars
          evidence: photo_geo  # photo_geo | screenshot | document
          text_ru: В зале ожидания есть электронная очередь: терминал выдачи талонов и табло.
          text_en: The waiting area has an electronic queue: a ticket terminal and a board.

Requirement ids are unique across the whole checklist (evidence rows point at them), not only
within an indicator. An empty requirement list is refused: a region that does not measure an
indicator objectively disables that indicator's objective part instead (METHODOLOGY.md §2), so
that "no requirements" and "not measured" cannot be confused.

Only the standard library and PyYAML here: no database, no Telegram. Loading is not cached;
callers that load on every request should keep the result (it is immutable).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

__all__ = [
    "CHECKLISTS_DIR",
    "DEFAULT_CHECKLIST",
    "EVIDENCE_KINDS",
    "Checklist",
    "ChecklistError",
    "Requirement",
    "load_checklist",
    "merge_override",
    "shipped_checklists",
]

CHECKLISTS_DIR = Path(__file__).resolve().parent / "checklists"
DEFAULT_CHECKLIST = "star-2023"
# photo_geo: a photo verified against the centre's coordinates (services.evidence.geocheck);
# screenshot: of a website or social network page; document: a report, order, scan or file.
EVIDENCE_KINDS: tuple[str, ...] = ("photo_geo", "screenshot", "document")
_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")

_TOP_KEYS = frozenset({"name", "methodology", "indicators"})
_REQUIREMENT_KEYS = frozenset({"id", "evidence", "text_ru", "text_en"})


class ChecklistError(ValueError):
    """A checklist file or override is unusable; the message names the offending item."""


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    indicator: str
    evidence: str
    text_ru: str
    text_en: str

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.fullmatch(self.id):
            raise ChecklistError(
                f"bad requirement id {self.id!r}: expected 1-32 characters of A-Z a-z 0-9 _ -"
            )
        if not isinstance(self.indicator, str) or not _ID.fullmatch(self.indicator):
            raise ChecklistError(f"requirement {self.id}: bad indicator code {self.indicator!r}")
        if self.evidence not in EVIDENCE_KINDS:
            raise ChecklistError(
                f"requirement {self.id}: unknown evidence kind {self.evidence!r} "
                f"(expected {', '.join(EVIDENCE_KINDS)})"
            )
        for name in ("text_ru", "text_en"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ChecklistError(f"requirement {self.id}: empty {name}")


@dataclass(frozen=True, slots=True)
class Checklist:
    """Requirements in file order; ids unique across the whole checklist."""

    name: str
    requirements: tuple[Requirement, ...]
    methodology: str = ""
    _by_id: Mapping[str, Requirement] = field(init=False, repr=False, compare=False)
    _by_indicator: Mapping[str, tuple[Requirement, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_id: dict[str, Requirement] = {}
        by_indicator: dict[str, list[Requirement]] = {}
        for req in self.requirements:
            if not isinstance(req, Requirement):
                raise ChecklistError(f"checklist {self.name}: not a Requirement: {req!r}")
            if req.id in by_id:
                raise ChecklistError(f"checklist {self.name}: duplicate requirement id {req.id}")
            by_id[req.id] = req
            by_indicator.setdefault(req.indicator, []).append(req)
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))
        frozen = {code: tuple(reqs) for code, reqs in by_indicator.items()}
        object.__setattr__(self, "_by_indicator", MappingProxyType(frozen))

    @property
    def indicators(self) -> tuple[str, ...]:
        """Indicator codes that have requirements, in the order of first appearance."""
        return tuple(self._by_indicator)

    def for_indicator(self, code: str) -> tuple[Requirement, ...]:
        """The requirements of one indicator (N = their number); empty if it has none."""
        return self._by_indicator.get(code, ())

    def get(self, requirement_id: str) -> Requirement:
        try:
            return self._by_id[requirement_id]
        except KeyError:
            raise KeyError(f"unknown requirement {requirement_id!r} in {self.name}") from None

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self._by_id

    def __len__(self) -> int:
        return len(self.requirements)

    def check_indicators(self, valid: Iterable[str]) -> None:
        """Raise ChecklistError if any indicator code is not in ``valid``."""
        allowed = frozenset(valid)
        for code in self.indicators:
            if code not in allowed:
                raise ChecklistError(
                    f"checklist {self.name}: unknown indicator {code!r} "
                    f"(expected one of {', '.join(sorted(allowed))})"
                )


def shipped_checklists() -> tuple[str, ...]:
    """Names accepted by ``load_checklist`` without a path, e.g. ``("star-2023",)``."""
    return tuple(sorted(p.stem for p in CHECKLISTS_DIR.glob("*.yaml")))


def load_checklist(
    name_or_path: str | os.PathLike[str] = DEFAULT_CHECKLIST,
    *,
    indicators: frozenset[str] | None = None,
) -> Checklist:
    """Load a shipped checklist by name ("star-2023") or any checklist file.

    With ``indicators`` (e.g. ``frozenset(load_methodology("star-2023").indicator_codes)``),
    an indicator code outside that set is an error rather than a requirement nobody scores.
    """
    text, source, default_name = _read_source(name_or_path)
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        raise ChecklistError(f"{source}: not valid YAML: {exc}") from exc
    try:
        checklist = _parse(data, default_name)
        if indicators is not None:
            checklist.check_indicators(indicators)
    except ChecklistError as exc:
        raise ChecklistError(f"{source}: {exc}") from exc
    return checklist


def merge_override(base: Checklist, override: Checklist) -> Checklist:
    """The base checklist with the requirements of the override's indicators replaced.

    Every indicator the override lists gets exactly the override's list (added at the end if
    the base has none for it); every other indicator keeps the base's requirements. The result
    is validated again, so an override id that clashes with a kept requirement is an error.
    Keep an id when only the wording changes: evidence already accepted stays attached to it.
    """
    replaced = frozenset(override.indicators)
    merged: list[Requirement] = []
    for code in base.indicators:
        source = override if code in replaced else base
        merged.extend(source.for_indicator(code))
    for code in override.indicators:
        if code not in base.indicators:
            merged.extend(override.for_indicator(code))
    try:
        return Checklist(
            name=f"{base.name}+{override.name}",
            requirements=tuple(merged),
            methodology=base.methodology,
        )
    except ChecklistError as exc:
        raise ChecklistError(f"override {override.name} on {base.name}: {exc}") from exc


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys.

    Plain PyYAML keeps the last of two equal keys, so an override listing ``K1`` twice would
    silently lose the first list.
    """


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key; construct_mapping reports it properly
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_source(name_or_path: str | os.PathLike[str]) -> tuple[str, str, str]:
    """The text, a name for messages, and the default checklist name."""
    if isinstance(name_or_path, str) and name_or_path in shipped_checklists():
        path = CHECKLISTS_DIR / f"{name_or_path}.yaml"
    else:
        path = Path(name_or_path)
        if not path.is_file():
            known = ", ".join(shipped_checklists())
            raise ChecklistError(
                f"unknown checklist {os.fspath(name_or_path)!r}: "
                f"neither a shipped one ({known}) nor an existing file"
            )
    try:
        return path.read_text(encoding="utf-8"), str(path), path.stem
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(f"{path}: cannot read: {exc}") from exc


def _parse(data: object, default_name: str) -> Checklist:
    top = _mapping(data, "checklist", _TOP_KEYS, required=("indicators",))
    name = _text(top.get("name", default_name), "name")
    methodology = _text(top.get("methodology", ""), "methodology", allow_empty=True)
    raw_indicators = top["indicators"]
    if not isinstance(raw_indicators, dict) or not raw_indicators:
        raise ChecklistError("indicators: expected a non-empty mapping of indicator code to list")
    requirements: list[Requirement] = []
    for code, items in raw_indicators.items():
        if not isinstance(code, str) or not _ID.fullmatch(code):
            raise ChecklistError(f"indicators: bad indicator code {code!r}")
        if not isinstance(items, list):
            raise ChecklistError(f"indicator {code}: expected a list of requirements")
        if not items:
            raise ChecklistError(
                f"indicator {code}: empty requirement list (to measure it by survey only, "
                "disable its objective part for the region instead)"
            )
        for n, item in enumerate(items, 1):
            requirements.append(_parse_requirement(item, code, n))
    return Checklist(name=name, requirements=tuple(requirements), methodology=methodology)


def _parse_requirement(item: object, indicator: str, n: int) -> Requirement:
    where = f"indicator {indicator}, requirement #{n}"
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        where = f"indicator {indicator}, requirement {item['id']}"
    raw = _mapping(item, where, _REQUIREMENT_KEYS, required=tuple(sorted(_REQUIREMENT_KEYS)))
    for key in ("id", "evidence", "text_ru", "text_en"):
        if not isinstance(raw[key], str):
            raise ChecklistError(f"{where}: {key} must be a string, got {raw[key]!r}")
    return Requirement(
        id=raw["id"],
        indicator=indicator,
        evidence=raw["evidence"],
        text_ru=raw["text_ru"].strip(),
        text_en=raw["text_en"].strip(),
    )


def _mapping(
    value: object, where: str, allowed: frozenset[str], *, required: tuple[str, ...]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ChecklistError(f"{where}: expected a mapping, got {type(value).__name__}")
    missing = [k for k in required if k not in value]
    if missing:
        raise ChecklistError(f"{where}: missing field {', '.join(missing)}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        # Rejected rather than ignored: a misspelt key would silently drop a text.
        raise ChecklistError(f"{where}: unknown field {', '.join(unknown)}")
    return {str(k): v for k, v in value.items()}


def _text(value: object, where: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise ChecklistError(f"{where}: expected a non-empty string, got {value!r}")
    return value
