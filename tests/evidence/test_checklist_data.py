"""The default checklist as data, its loader, validation and per-region overrides."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

import scoring.checklist
from scoring import load_methodology
from scoring.checklist import (
    EVIDENCE_KINDS,
    Checklist,
    ChecklistError,
    Requirement,
    load_checklist,
    merge_override,
    shipped_checklists,
)

STAR = frozenset(load_methodology("star-2023").indicator_codes)


def write(tmp_path: Path, text: str, name: str = "region.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def requirement(rid: str, indicator: str = "K1", evidence: str = "photo_geo") -> Requirement:
    return Requirement(rid, indicator, evidence, f"Требование {rid}", f"Requirement {rid}")


# --- the shipped file ------------------------------------------------------------------------


def test_shipped_checklist_loads_by_default() -> None:
    assert "star-2023" in shipped_checklists()
    checklist = load_checklist()
    assert checklist == load_checklist("star-2023", indicators=STAR)
    assert checklist.name == "star-2023"
    assert checklist.methodology == "star-2023"


def test_every_star_2023_indicator_has_requirements_and_nothing_else_is_listed() -> None:
    checklist = load_checklist()
    assert set(checklist.indicators) == STAR
    # Listed in the methodology's order, so /checklist reads like the index.
    assert checklist.indicators == load_methodology("star-2023").indicator_codes
    for code in STAR:
        assert 1 <= len(checklist.for_indicator(code)) <= 4, code


def test_shipped_requirements_are_well_formed() -> None:
    checklist = load_checklist()
    ids = [r.id for r in checklist.requirements]
    assert len(ids) == len(set(ids))
    for req in checklist.requirements:
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,32}", req.id), req.id
        assert req.id.startswith(f"{req.indicator}-"), req.id
        assert req.evidence in EVIDENCE_KINDS
        assert req.text_ru.strip() and req.text_en.strip()
        assert re.search("[а-яё]", req.text_ru, re.IGNORECASE), req.id
        assert not re.search("[а-яё]", req.text_en, re.IGNORECASE), req.id
        assert req.text_ru == req.text_ru.strip() and "\n" not in req.text_ru
        assert checklist.get(req.id) is req
        assert req in checklist.for_indicator(req.indicator)
    # Every kind of evidence is actually used by the default list.
    assert {r.evidence for r in checklist.requirements} == set(EVIDENCE_KINDS)


def test_shipped_checklist_covers_the_facts_of_the_seeds() -> None:
    text = " ".join(r.text_ru for r in load_checklist().requirements)
    for fact in (
        "электронная очередь",
        "детский уголок",
        "15 минут",
        "правила модерации",
        "4 часа",
        "2 часа",
        "шаблоны ответов",
        "двумя переключениями",
        "скрипты",
        "24 часов",
        "база знаний",
        "персональный менеджер",
        "окружающей среде",
        "брендбук",
        "едином стиле",
        "вывеска",
    ):
        assert fact in text, fact


def test_lookup() -> None:
    checklist = load_checklist()
    queue = checklist.get("K1-queue")
    assert (queue.indicator, queue.evidence) == ("K1", "photo_geo")
    assert "K1-queue" in checklist and "nope" not in checklist
    assert len(checklist) == len(checklist.requirements)
    assert checklist.for_indicator("Z9") == ()
    with pytest.raises(KeyError, match="nope"):
        checklist.get("nope")


def test_checklist_module_imports_only_stdlib_and_yaml() -> None:
    tree = ast.parse(Path(scoring.checklist.__file__).read_text(encoding="utf-8"))
    modules = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    roots = {m.split(".")[0] for m in modules}
    assert not roots & {"aiogram", "sqlalchemy", "bot", "storage", "handlers"}
    assert roots - {"yaml"} <= {
        "__future__", "os", "re", "collections", "dataclasses", "pathlib", "types", "typing"
    }  # fmt: skip


# --- overrides ---------------------------------------------------------------------------------

OVERRIDE = """\
    name: region-66
    indicators:
      K1:
        - id: K1-queue
          evidence: photo_geo
          text_ru: Электронная очередь с голосовым оповещением.
          text_en: An electronic queue with voice announcements.
        - id: K1-66-water
          evidence: photo_geo
          text_ru: В зале ожидания есть кулер с питьевой водой.
          text_en: The waiting area has a drinking water cooler.
      D3:
        - id: D3-66-open-day
          evidence: document
          text_ru: Руководитель проводит день открытых дверей раз в квартал.
          text_en: The head holds an open day once a quarter.
"""


def test_override_replaces_only_the_listed_indicators(tmp_path: Path) -> None:
    base = load_checklist()
    override = load_checklist(write(tmp_path, OVERRIDE), indicators=STAR)
    merged = merge_override(base, override)
    assert merged.name == "star-2023+region-66"
    assert merged.indicators == base.indicators  # order kept
    assert [r.id for r in merged.for_indicator("K1")] == ["K1-queue", "K1-66-water"]
    assert merged.get("K1-queue").text_ru == "Электронная очередь с голосовым оповещением."
    assert [r.id for r in merged.for_indicator("D3")] == ["D3-66-open-day"]
    for code in STAR - {"K1", "D3"}:
        assert merged.for_indicator(code) == base.for_indicator(code), code
    assert "K1-kids-corner" not in merged and "D3-head-contacts" not in merged
    # The inputs are untouched.
    assert "K1-kids-corner" in base


def test_override_may_add_an_indicator_the_base_lacks(tmp_path: Path) -> None:
    base = Checklist("small", (requirement("K1-a"), requirement("K2-a", "K2")))
    override = Checklist("extra", (requirement("M8-a", "M8", "screenshot"),))
    merged = merge_override(base, override)
    assert merged.indicators == ("K1", "K2", "M8")
    assert [r.id for r in merged.requirements] == ["K1-a", "K2-a", "M8-a"]


def test_override_id_clashing_with_a_kept_requirement_is_refused() -> None:
    base = Checklist("base", (requirement("K1-a"), requirement("K2-a", "K2")))
    override = Checklist("bad", (requirement("K2-a", "K1"),))  # K2 is kept, so K2-a clashes
    with pytest.raises(ValueError, match="duplicate requirement id K2-a"):
        merge_override(base, override)


def test_empty_override_changes_nothing() -> None:
    base = load_checklist()
    merged = merge_override(base, Checklist("nothing", ()))
    assert merged.requirements == base.requirements


# --- validation ------------------------------------------------------------------------------


def one(rid: str = "K1-x", evidence: str = "photo_geo", ru: str = "Текст", en: str = "Text") -> str:
    return f"""\
        indicators:
          K1:
            - id: {rid!r}
              evidence: {evidence!r}
              text_ru: {ru!r}
              text_en: {en!r}
        """


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (one(evidence="video"), "unknown evidence kind 'video'"),
        (one(rid="K1 queue"), "bad requirement id 'K1 queue'"),
        (one(rid="K1/queue"), "bad requirement id"),
        (one(rid="K" * 33), "bad requirement id"),
        (one(rid=""), "bad requirement id"),
        (one(ru=""), "K1-x: empty text_ru"),
        (one(en="   "), "K1-x: empty text_en"),
        (
            """\
            indicators:
              K1:
                - {id: K1-x, evidence: document, text_ru: Да, text_en: Fine}
              K2:
                - {id: K1-x, evidence: document, text_ru: Да, text_en: Fine}
            """,
            "duplicate requirement id K1-x",
        ),
        (
            """\
            indicators:
              K1:
                - {id: K1-x, evidence: document, text_ru: Да, text_en: Fine}
                - {id: K1-x, evidence: photo_geo, text_ru: Нет, text_en: Bad}
            """,
            "duplicate requirement id K1-x",
        ),
        (
            """\
            indicators:
              K1:
                - {id: K1-x, evidence: document, text_ru: Да}
            """,
            "requirement K1-x: missing field text_en",
        ),
        (
            """\
            indicators:
              K1:
                - {id: K1-x, evidence: document, text_ru: Да, text_en: Fine, txt_de: Ja}
            """,
            "unknown field txt_de",
        ),
        (
            """\
            indicators:
              K1:
                - {id: 12, evidence: document, text_ru: Да, text_en: Fine}
            """,
            "id must be a string",
        ),
        (
            # YAML 1.1 reads a bare Yes as a boolean: refused, not turned into "True".
            """\
            indicators:
              K1:
                - {id: K1-x, evidence: document, text_ru: Да, text_en: Yes}
            """,
            "requirement K1-x: text_en must be a string, got True",
        ),
        ("indicators:\n  K1: []\n", "indicator K1: empty requirement list"),
        ("indicators:\n  K1: K1-queue\n", "indicator K1: expected a list"),
        ("indicators:\n  K1:\n    - just text\n", "requirement #1: expected a mapping"),
        ("indicators: {}\n", "non-empty mapping"),
        ("name: x\n", "missing field indicators"),
        ("- a\n- b\n", "checklist: expected a mapping"),
        ("indicators:\n  K1: [\n", "not valid YAML"),
        ("names: x\nindicators:\n  K1: []\n", "unknown field names"),
        (
            """\
            indicators:
              K1:
                - {id: K1-a, evidence: document, text_ru: Да, text_en: Fine}
              K1:
                - {id: K1-b, evidence: document, text_ru: Да, text_en: Fine}
            """,
            "duplicate key 'K1'",
        ),
    ],
)
def test_bad_files_are_refused_with_a_message_naming_the_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        load_checklist(path)
    assert isinstance(info.value, ChecklistError)
    assert str(path) in str(info.value)


def test_unknown_indicator_is_refused_only_when_indicators_are_given(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        indicators:
          K9:
            - {id: K9-x, evidence: document, text_ru: Да, text_en: Fine}
        """,
    )
    assert load_checklist(path).indicators == ("K9",)
    with pytest.raises(ValueError, match="unknown indicator 'K9'"):
        load_checklist(path, indicators=STAR)


def test_unknown_name_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown checklist 'star-2099'"):
        load_checklist("star-2099")
    with pytest.raises(ValueError, match="unknown checklist"):
        load_checklist(tmp_path / "absent.yaml")


def test_name_defaults_to_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, one(), name="sverdlovsk.yaml")
    assert load_checklist(path).name == "sverdlovsk"


def test_dataclasses_validate_themselves() -> None:
    with pytest.raises(ValueError, match="unknown evidence kind"):
        Requirement("K1-x", "K1", "selfie", "Да", "Yes")
    with pytest.raises(ValueError, match="bad indicator code"):
        Requirement("K1-x", "", "document", "Да", "Yes")
    with pytest.raises(ValueError, match="duplicate requirement id K1-a"):
        Checklist("x", (requirement("K1-a"), requirement("K1-a", "K2")))
    with pytest.raises(AttributeError):
        requirement("K1-a").text_ru = "changed"  # type: ignore[misc]
