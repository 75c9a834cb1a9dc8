"""The methodology files and their loader: the published numbers and every way a file can be bad."""

from __future__ import annotations

import ast
import copy
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import scoring
from scoring import (
    AUDIENCES,
    Group,
    Indicator,
    Methodology,
    MethodologyError,
    SampleRules,
    load_methodology,
)

STAR_WEIGHTS = {
    "D1": 3, "D2": 3, "D3": 2,
    "P1": 2, "P2": 2, "P3": 2,
    "M1": 1, "M2": 1, "M3": 1, "M4": 1, "M5": 1, "M6": 2, "M7": 3, "M8": 2,
    "A1": 3, "A2": 3,
    "K1": 3, "K2": 1, "K3": 2, "K4": 2,
}  # fmt: skip
PILOT_WEIGHTS = {
    "P1": 2, "P2": 2, "P3": 2,
    "A1": 3, "A2": 3,
    "L1": 3, "L2": 1, "L3": 1, "L4": 2, "L5": 3, "L6": 2,
    "K1": 3, "K2": 1, "K3": 2, "K4": 2,
    "D1": 3, "D2": 3, "D3": 2,
}  # fmt: skip


def test_star_2023_matches_the_contract() -> None:
    m = load_methodology("star-2023")
    assert m.name == "star-2023"
    assert m.group_codes == ("D", "P", "M", "A", "K")
    assert [m.group(c).coefficient for c in m.group_codes] == [1.5, 1.0, 1.5, 1.0, 1.0]
    assert {i.code: i.weight for i in m.indicators} == STAR_WEIGHTS
    assert [m.group_max(c) for c in m.group_codes] == [12, 6, 18, 6, 8]
    assert m.max_index == 10
    assert m.indicator("P2").audiences == ("employer",)
    assert m.indicator("P3").audiences == ("seeker",)
    assert m.indicator("A1").audiences == ("seeker",)
    assert m.indicator("D1").audiences == ("seeker", "employer")
    assert all(i.objective == "optional" for i in m.indicators)
    assert all(i.name_ru and i.name_en for i in m.indicators)
    assert m.sample_rules == SampleRules(100, 20)
    assert m.evidence_validity_days == 180
    assert m.overrides == ()


def test_pilot_2022_matches_the_contract() -> None:
    m = load_methodology("pilot-2022")
    assert m.group_codes == ("P", "A", "L", "K", "D")
    assert [m.group(c).label for c in m.group_codes] == ["Э", "П", "Л", "К", "Д"]
    assert [m.group(c).coefficient for c in m.group_codes] == [1.0, 1.0, 1.5, 1.0, 1.5]
    assert {i.code: i.weight for i in m.indicators} == PILOT_WEIGHTS
    assert [m.group_max(c) for c in m.group_codes] == [6, 6, 18, 8, 12]
    assert m.max_index == 10
    assert m.sample_rules == SampleRules(100, 20)
    assert m.evidence_validity_days == 180


def test_shared_codes_mean_the_same_in_both_versions() -> None:
    star, pilot = load_methodology("star-2023"), load_methodology("pilot-2022")
    shared = set(star.indicator_codes) & set(pilot.indicator_codes)
    assert shared == set(STAR_WEIGHTS) - {f"M{n}" for n in range(1, 9)}
    for code in shared:
        assert star.indicator(code).weight == pilot.indicator(code).weight
        assert star.indicator(code).group == pilot.indicator(code).group


def test_shipped_names_and_default() -> None:
    assert scoring.shipped_methodologies() == ("pilot-2022", "star-2023")
    assert scoring.DEFAULT_METHODOLOGY == "star-2023"
    assert AUDIENCES == ("seeker", "employer")


def test_lookup_of_unknown_codes_raises_key_error() -> None:
    m = load_methodology("star-2023")
    with pytest.raises(KeyError, match="Z9"):
        m.indicator("Z9")
    with pytest.raises(KeyError, match="Z"):
        m.indicators_of("Z")
    assert m.has_indicator("D1") and not m.has_indicator("L1")


def test_overrides_replace_coefficients_and_weights() -> None:
    m = load_methodology("star-2023", overrides={"D": 2.0, "K4": 1})
    assert m.group("D").coefficient == 2.0
    assert m.indicator("K4").weight == 1.0
    assert m.group_max("D") == 16 and m.group_max("K") == 7
    assert m.max_index == pytest.approx((16 + 6 + 18 + 6 + 7) / 5)
    assert m.overrides == (("D", 2.0), ("K4", 1.0))
    # The published file is untouched by an override.
    assert load_methodology("star-2023").group("D").coefficient == 1.5


def test_overrides_accumulate_and_keep_validation() -> None:
    m = load_methodology("star-2023").with_overrides({"D": 2}).with_overrides({"D1": 4})
    assert m.overrides == (("D", 2.0), ("D1", 4.0))
    assert m.with_overrides({}) is m


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"Z": 1.0}, "unknown group or indicator code 'Z'"),
        ({"D": 0}, "group D: coefficient must be a positive number"),
        ({"D1": -1}, "indicator D1: weight must be a positive number"),
        ({"D1": float("nan")}, "indicator D1: weight must be a positive number"),
        ({"D1": True}, "override D1: expected a number"),
        ({"D1": "3"}, "override D1: expected a number"),
    ],
)
def test_bad_overrides_are_rejected(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(MethodologyError, match=message):
        load_methodology("star-2023", overrides=overrides)


# --- loading files ---------------------------------------------------------------------------


def minimal() -> dict[str, Any]:
    return {
        "name": "test-1",
        "sample_rules": {"min_respondents": 10, "min_employers": 2},
        "evidence_validity_days": 30,
        "groups": [
            {"code": "X", "name_ru": "Икс", "name_en": "Ex", "coefficient": 2},
            {"code": "Y", "name_ru": "Игрек", "name_en": "Why", "coefficient": 1, "label": "У"},
        ],
        "indicators": [
            _ind("X1", "X", 1),
            _ind("X2", "X", 3),
            _ind("Y1", "Y", 2, audiences=["employer"]),
        ],
    }


def _ind(
    code: str, group: str, weight: float, audiences: list[str] | None = None
) -> dict[str, Any]:
    return {
        "code": code,
        "group": group,
        "weight": weight,
        "name_ru": f"показатель {code}",
        "name_en": f"indicator {code}",
        "audiences": audiences if audiences is not None else ["seeker", "employer"],
        "objective": "optional",
    }


def write(tmp_path: Path, data: Any, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_load_from_path_str_and_pathlike(tmp_path: Path) -> None:
    path = write(tmp_path, minimal())
    for arg in (path, str(path)):
        m = load_methodology(arg)
        assert m.name == "test-1"
        assert m.group_codes == ("X", "Y")
        assert m.group("Y").label == "У" and m.group("X").label is None
        assert m.indicators_of("X") == (m.indicator("X1"), m.indicator("X2"))
        assert m.group_max("X") == 8 and m.group_max("Y") == 2
        assert m.max_index == 5
        assert m.sample_rules == SampleRules(10, 2)
        assert m.evidence_validity_days == 30


def test_optional_fields_take_defaults(tmp_path: Path) -> None:
    data = minimal()
    del data["sample_rules"], data["evidence_validity_days"]
    del data["indicators"][0]["objective"]
    m = load_methodology(write(tmp_path, data))
    assert m.sample_rules == SampleRules(100, 20)
    assert m.evidence_validity_days == 180
    assert m.indicator("X1").objective == "optional"


def _broken(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(minimal())
    mutate(data)
    return data


BROKEN_FILES: list[tuple[str, dict[str, Any] | list[Any], str]] = [
    (
        "unknown group",
        _broken(lambda d: d["indicators"].append(_ind("Z1", "Z", 1))),
        "indicator Z1: unknown group 'Z'",
    ),
    (
        "zero weight",
        _broken(lambda d: d["indicators"][0].update(weight=0)),
        "indicator X1: weight must be a positive number",
    ),
    (
        "negative weight",
        _broken(lambda d: d["indicators"][1].update(weight=-2)),
        "indicator X2: weight must be a positive number",
    ),
    (
        "zero coefficient",
        _broken(lambda d: d["groups"][0].update(coefficient=0)),
        "group X: coefficient must be a positive number",
    ),
    (
        "text weight",
        _broken(lambda d: d["indicators"][0].update(weight="three")),
        "indicator X1: weight: expected a number",
    ),
    (
        "bool coefficient",
        _broken(lambda d: d["groups"][0].update(coefficient=True)),
        "group X: coefficient: expected a number",
    ),
    (
        "duplicate group",
        _broken(lambda d: d["groups"].append(dict(d["groups"][0]))),
        "duplicate group code X",
    ),
    (
        "duplicate indicator",
        _broken(lambda d: d["indicators"].append(_ind("X1", "Y", 1))),
        "duplicate indicator code X1",
    ),
    (
        "group and indicator share a code",
        _broken(lambda d: d["indicators"].append(_ind("X", "Y", 1))),
        "code used for both a group and an indicator: X",
    ),
    (
        "unknown audience",
        _broken(lambda d: d["indicators"][0].update(audiences=["seeker", "student"])),
        "indicator X1: unknown audience 'student'",
    ),
    (
        "audiences not a list",
        _broken(lambda d: d["indicators"][0].update(audiences="seeker")),
        "indicator X1: audiences must be a list",
    ),
    (
        "unknown objective mode",
        _broken(lambda d: d["indicators"][0].update(objective="mandatory")),
        "indicator X1: unknown objective mode 'mandatory'",
    ),
    (
        "unmeasurable indicator",
        _broken(lambda d: d["indicators"][0].update(audiences=[], objective="none")),
        "indicator X1 can never be measured",
    ),
    (
        "group without indicators",
        _broken(lambda d: d["groups"].append({**d["groups"][0], "code": "W"})),
        "group W has no indicators",
    ),
    (
        "no groups",
        _broken(lambda d: d.update(groups=[], indicators=[])),
        "methodology has no groups",
    ),
    (
        "missing top-level field",
        _broken(lambda d: d.pop("indicators")),
        "methodology: missing field indicators",
    ),
    (
        "missing group field",
        _broken(lambda d: d["groups"][0].pop("coefficient")),
        "group X: missing field coefficient",
    ),
    (
        "missing indicator field",
        _broken(lambda d: d["indicators"][2].pop("weight")),
        "indicator Y1: missing field weight",
    ),
    (
        "missing code names the position",
        _broken(lambda d: d["indicators"][2].pop("code")),
        "indicator #3: missing field code",
    ),
    (
        "misspelt field",
        _broken(lambda d: d["groups"][0].update(coeficient=2)),
        "group X: unknown field coeficient",
    ),
    (
        "empty name",
        _broken(lambda d: d["groups"][0].update(name_en=" ")),
        "group X: name_en: expected a non-empty string",
    ),
    (
        "groups not a list",
        _broken(lambda d: d.update(groups={"X": 1})),
        "groups: expected a list",
    ),
    (
        "negative sample rule",
        _broken(lambda d: d["sample_rules"].update(min_employers=-1)),
        "sample rule min_employers must be a non-negative integer",
    ),
    (
        "unknown sample rule",
        _broken(lambda d: d["sample_rules"].update(min_centres=3)),
        "sample_rules: unknown field min_centres",
    ),
    (
        "bad validity window",
        _broken(lambda d: d.update(evidence_validity_days=0)),
        "evidence_validity_days must be a positive integer",
    ),
    ("not a mapping", [1, 2], "methodology: expected a mapping, got list"),
]


@pytest.mark.parametrize(
    ("data", "message"),
    [pytest.param(data, message, id=name) for name, data, message in BROKEN_FILES],
)
def test_broken_files_are_rejected_with_a_named_reason(
    tmp_path: Path, data: Any, message: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(MethodologyError, match=message) as info:
        load_methodology(path)
    assert str(path) in str(info.value)


def test_unknown_name_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MethodologyError, match="unknown methodology 'star-2099'"):
        load_methodology("star-2099")
    with pytest.raises(MethodologyError, match="star-2023"):
        load_methodology(tmp_path / "absent.yaml")
    with pytest.raises(MethodologyError, match="unknown methodology"):
        load_methodology(tmp_path)  # a directory is not a methodology file


def test_invalid_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("groups: [unclosed\n", encoding="utf-8")
    with pytest.raises(MethodologyError, match="not valid YAML"):
        load_methodology(path)


def test_methodology_error_is_a_value_error() -> None:
    assert issubclass(MethodologyError, ValueError)


def test_constructing_in_code_is_validated_too() -> None:
    group = Group("X", "Икс", "Ex", 1.0)
    with pytest.raises(MethodologyError, match="unknown group 'Y'"):
        Methodology("t", (group,), (Indicator("Y1", "Y", 1, "и", "i"),))
    with pytest.raises(MethodologyError, match="min_respondents"):
        SampleRules(min_respondents=-5)
    with pytest.raises(MethodologyError, match="min_employers"):
        SampleRules(min_employers=True)


def test_dataclasses_are_frozen() -> None:
    m = load_methodology("star-2023")
    with pytest.raises(AttributeError):
        m.name = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        m.groups[0].coefficient = 9  # type: ignore[misc]
    assert hash(m) == hash(load_methodology("star-2023"))


def test_scoring_imports_only_stdlib_and_yaml() -> None:
    # scoring/ is the bottom layer: anything above it (aiogram, SQLAlchemy, bot, storage)
    # would make the math untestable without infrastructure. numpy (and threadpoolctl, which
    # only caps its BLAS threads) vectorise the bootstrap of §8, and numba compiles its
    # counting loop: computation, no I/O.
    allowed = set(sys.stdlib_module_names) | {"yaml", "scoring", "numpy", "threadpoolctl", "numba"}
    package = Path(scoring.__file__).parent
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{source.name} imports {name}"
