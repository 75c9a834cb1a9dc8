"""Methodology versions as validated, immutable data (METHODOLOGY.md §1).

The weights and coefficients live in YAML files, never in code, because the ministry changes
them with its priorities and a deployment may override any of them. Everything that can be
wrong in such a file is rejected here, at load time, so that the math in ``index.py`` can
trust its input and stay small.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeGuard, TypeVar

import yaml

__all__ = [
    "AUDIENCES",
    "DEFAULT_METHODOLOGY",
    "OBJECTIVE_MODES",
    "Group",
    "Indicator",
    "Methodology",
    "MethodologyError",
    "SampleRules",
    "load_methodology",
    "shipped_methodologies",
]

AUDIENCES: tuple[str, ...] = ("seeker", "employer")
# "optional": a region may enable the checklist part (seed 000 assigns it per region);
# "none": the indicator is survey-only and a checklist entry for it is a caller's bug.
OBJECTIVE_MODES: tuple[str, ...] = ("optional", "none")
DEFAULT_METHODOLOGY = "star-2023"


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


class MethodologyError(ValueError):
    """A methodology file or override is unusable; the message names the offending item."""


@dataclass(frozen=True, slots=True)
class SampleRules:
    """When a level's index counts as official rather than preliminary (seed 000)."""

    min_respondents: int = 100
    min_employers: int = 20

    def __post_init__(self) -> None:
        for name in ("min_respondents", "min_employers"):
            value = getattr(self, name)
            if not _is_int(value) or value < 0:
                raise MethodologyError(
                    f"sample rule {name} must be a non-negative integer, got {value!r}"
                )

    def is_official(self, respondents: int, employers: int) -> bool:
        return respondents >= self.min_respondents and employers >= self.min_employers


@dataclass(frozen=True, slots=True)
class Group:
    code: str
    name_ru: str
    name_en: str
    coefficient: float
    # The pilot's Cyrillic letter (Э, П, Л, К, Д): shown to people, never used as a key.
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    group: str
    weight: float
    name_ru: str
    name_en: str
    audiences: tuple[str, ...] = AUDIENCES
    objective: str = "optional"


@dataclass(frozen=True, slots=True)
class Methodology:
    """One published version of the index; validated on construction, whatever built it."""

    name: str
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    title_ru: str = ""
    title_en: str = ""
    sample_rules: SampleRules = SampleRules()
    evidence_validity_days: int = 180
    # Deployment overrides already applied, kept so that stored figures can say they were
    # not computed with the published weights.
    overrides: tuple[tuple[str, float], ...] = ()
    _group_by_code: Mapping[str, Group] = field(init=False, repr=False, compare=False)
    _indicator_by_code: Mapping[str, Indicator] = field(init=False, repr=False, compare=False)
    _members: Mapping[str, tuple[Indicator, ...]] = field(init=False, repr=False, compare=False)
    # Derived once: the snapshot run scores thousands of levels with the same methodology.
    _weights: Mapping[str, float] = field(init=False, repr=False, compare=False)
    _maxima: Mapping[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        groups = _index_unique(self.groups, "group")
        indicators = _index_unique(self.indicators, "indicator")
        if not groups:
            raise MethodologyError("methodology has no groups")
        clash = sorted(groups.keys() & indicators.keys())
        if clash:
            # Overrides address both kinds by code, so a shared code would be ambiguous.
            raise MethodologyError(f"code used for both a group and an indicator: {clash[0]}")
        for g in self.groups:
            _check_positive(g.coefficient, f"group {g.code}: coefficient")
        members: dict[str, list[Indicator]] = {code: [] for code in groups}
        for ind in self.indicators:
            _check_indicator(ind)
            if ind.group not in groups:
                raise MethodologyError(f"indicator {ind.code}: unknown group {ind.group!r}")
            members[ind.group].append(ind)
        for code, items in members.items():
            if not items:
                raise MethodologyError(f"group {code} has no indicators")
        if not _is_int(self.evidence_validity_days) or self.evidence_validity_days <= 0:
            raise MethodologyError(
                "evidence_validity_days must be a positive integer, "
                f"got {self.evidence_validity_days!r}"
            )
        object.__setattr__(self, "_group_by_code", MappingProxyType(groups))
        object.__setattr__(self, "_indicator_by_code", MappingProxyType(indicators))
        frozen_members = {code: tuple(items) for code, items in members.items()}
        object.__setattr__(self, "_members", MappingProxyType(frozen_members))
        weights = {c: math.fsum(i.weight for i in items) for c, items in frozen_members.items()}
        maxima = {c: groups[c].coefficient * w for c, w in weights.items()}
        object.__setattr__(self, "_weights", MappingProxyType(weights))
        object.__setattr__(self, "_maxima", MappingProxyType(maxima))

    @property
    def group_codes(self) -> tuple[str, ...]:
        return tuple(g.code for g in self.groups)

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    def group(self, code: str) -> Group:
        try:
            return self._group_by_code[code]
        except KeyError:
            raise KeyError(f"unknown group {code!r} in {self.name}") from None

    def indicator(self, code: str) -> Indicator:
        try:
            return self._indicator_by_code[code]
        except KeyError:
            raise KeyError(f"unknown indicator {code!r} in {self.name}") from None

    def has_indicator(self, code: str) -> bool:
        return code in self._indicator_by_code

    def indicators_of(self, group_code: str) -> tuple[Indicator, ...]:
        self.group(group_code)
        return self._members[group_code]

    def group_weight(self, group_code: str) -> float:
        """Sum of the weights of a group's indicators, before the coefficient."""
        self.group(group_code)
        return self._weights[group_code]

    def group_max(self, group_code: str) -> float:
        self.group(group_code)
        return self._maxima[group_code]

    @property
    def group_maxima(self) -> Mapping[str, float]:
        return self._maxima

    @property
    def max_index(self) -> float:
        return math.fsum(self._maxima.values()) / len(self.groups)

    def with_overrides(self, overrides: Mapping[str, float]) -> Methodology:
        """A copy with some coefficients or weights replaced, addressed by group/indicator code."""
        if not overrides:
            return self
        values: dict[str, float] = {}
        for code, value in overrides.items():
            if code not in self._group_by_code and code not in self._indicator_by_code:
                raise MethodologyError(f"override for unknown group or indicator code {code!r}")
            values[code] = _number(value, f"override {code}")
        groups = tuple(
            replace(g, coefficient=values[g.code]) if g.code in values else g for g in self.groups
        )
        indicators = tuple(
            replace(i, weight=values[i.code]) if i.code in values else i for i in self.indicators
        )
        merged = dict(self.overrides) | values
        return replace(
            self, groups=groups, indicators=indicators, overrides=tuple(sorted(merged.items()))
        )


def shipped_methodologies() -> tuple[str, ...]:
    """Names accepted by ``load_methodology`` without a path, e.g. ``("pilot-2022", ...)``."""
    folder = resources.files(__package__ or "scoring").joinpath("methodologies")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


def load_methodology(
    name_or_path: str | os.PathLike[str],
    *,
    overrides: Mapping[str, float] | None = None,
) -> Methodology:
    """Load a shipped version by name ("star-2023", "pilot-2022") or any methodology file."""
    text, source = _read_source(name_or_path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise MethodologyError(f"{source}: not valid YAML: {exc}") from exc
    try:
        methodology = _parse(data)
        return methodology.with_overrides(overrides or {})
    except MethodologyError as exc:
        raise MethodologyError(f"{source}: {exc}") from exc


def _read_source(name_or_path: str | os.PathLike[str]) -> tuple[str, str]:
    if isinstance(name_or_path, str) and name_or_path in shipped_methodologies():
        folder = resources.files(__package__ or "scoring").joinpath("methodologies")
        return folder.joinpath(f"{name_or_path}.yaml").read_text(encoding="utf-8"), name_or_path
    path = Path(name_or_path)
    if not path.is_file():
        known = ", ".join(shipped_methodologies())
        raise MethodologyError(
            f"unknown methodology {os.fspath(name_or_path)!r}: "
            f"neither a shipped one ({known}) nor an existing file"
        )
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise MethodologyError(f"{path}: cannot read: {exc}") from exc


_TOP_KEYS = {"name", "title_ru", "title_en", "sample_rules", "evidence_validity_days"}
_TOP_KEYS |= {"groups", "indicators"}
_GROUP_KEYS = {"code", "label", "name_ru", "name_en", "coefficient"}
_INDICATOR_KEYS = {"code", "group", "weight", "name_ru", "name_en", "audiences", "objective"}
_RULE_KEYS = {"min_respondents", "min_employers"}

_Coded = TypeVar("_Coded", Group, Indicator)


def _parse(data: object) -> Methodology:
    top = _mapping(data, "methodology", _TOP_KEYS, required=("name", "groups", "indicators"))
    groups = tuple(_parse_group(item, n) for n, item in enumerate(_list(top, "groups"), 1))
    indicators = tuple(
        _parse_indicator(item, n) for n, item in enumerate(_list(top, "indicators"), 1)
    )
    rules = SampleRules()
    if "sample_rules" in top:
        raw = _mapping(top["sample_rules"], "sample_rules", _RULE_KEYS, required=())
        rules = SampleRules(**raw)
    return Methodology(
        name=_text(top["name"], "name"),
        title_ru=_text(top.get("title_ru", ""), "title_ru", allow_empty=True),
        title_en=_text(top.get("title_en", ""), "title_en", allow_empty=True),
        groups=groups,
        indicators=indicators,
        sample_rules=rules,
        evidence_validity_days=top.get("evidence_validity_days", 180),
    )


def _parse_group(item: object, n: int) -> Group:
    where = _where("group", n, item)
    raw = _mapping(item, where, _GROUP_KEYS, required=("code", "name_ru", "name_en", "coefficient"))
    label = raw.get("label")
    return Group(
        code=_text(raw["code"], f"{where}: code"),
        name_ru=_text(raw["name_ru"], f"{where}: name_ru"),
        name_en=_text(raw["name_en"], f"{where}: name_en"),
        coefficient=_number(raw["coefficient"], f"{where}: coefficient"),
        label=None if label is None else _text(label, f"{where}: label"),
    )


def _parse_indicator(item: object, n: int) -> Indicator:
    where = _where("indicator", n, item)
    required = ("code", "group", "weight", "name_ru", "name_en", "audiences")
    raw = _mapping(item, where, _INDICATOR_KEYS, required=required)
    audiences = raw["audiences"]
    if not isinstance(audiences, list) or not all(isinstance(a, str) for a in audiences):
        raise MethodologyError(f"{where}: audiences must be a list of {', '.join(AUDIENCES)}")
    return Indicator(
        code=_text(raw["code"], f"{where}: code"),
        group=_text(raw["group"], f"{where}: group"),
        weight=_number(raw["weight"], f"{where}: weight"),
        name_ru=_text(raw["name_ru"], f"{where}: name_ru"),
        name_en=_text(raw["name_en"], f"{where}: name_en"),
        audiences=tuple(audiences),
        objective=_text(raw.get("objective", "optional"), f"{where}: objective"),
    )


def _check_indicator(ind: Indicator) -> None:
    _check_positive(ind.weight, f"indicator {ind.code}: weight")
    for audience in ind.audiences:
        if audience not in AUDIENCES:
            raise MethodologyError(
                f"indicator {ind.code}: unknown audience {audience!r} "
                f"(expected {', '.join(AUDIENCES)})"
            )
    if ind.objective not in OBJECTIVE_MODES:
        raise MethodologyError(
            f"indicator {ind.code}: unknown objective mode {ind.objective!r} "
            f"(expected {', '.join(OBJECTIVE_MODES)})"
        )
    if not ind.audiences and ind.objective == "none":
        raise MethodologyError(f"indicator {ind.code} can never be measured: no audience")


def _index_unique(items: tuple[_Coded, ...], kind: str) -> dict[str, _Coded]:
    seen: dict[str, _Coded] = {}
    for item in items:
        if item.code in seen:
            raise MethodologyError(f"duplicate {kind} code {item.code}")
        seen[item.code] = item
    return seen


def _where(kind: str, n: int, item: object) -> str:
    code = item.get("code") if isinstance(item, dict) else None
    return f"{kind} {code}" if isinstance(code, str) and code else f"{kind} #{n}"


def _mapping(
    value: object, where: str, allowed: set[str], *, required: tuple[str, ...]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MethodologyError(f"{where}: expected a mapping, got {type(value).__name__}")
    missing = [k for k in required if k not in value]
    if missing:
        raise MethodologyError(f"{where}: missing field {', '.join(missing)}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        # Rejected rather than ignored: a misspelt key would silently fall back to a default.
        raise MethodologyError(f"{where}: unknown field {', '.join(unknown)}")
    return {str(k): v for k, v in value.items()}


def _list(top: Mapping[str, Any], key: str) -> list[object]:
    value = top[key]
    if not isinstance(value, list):
        raise MethodologyError(f"{key}: expected a list, got {type(value).__name__}")
    return value


def _text(value: object, where: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise MethodologyError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _number(value: object, where: str) -> float:
    # bool is an int to Python but "weight: yes" is a typo, not a weight of 1.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MethodologyError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _check_positive(value: float, where: str) -> None:
    if not math.isfinite(value) or value <= 0:
        raise MethodologyError(f"{where} must be a positive number, got {value!r}")
