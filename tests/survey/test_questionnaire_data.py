"""Checks of the respondent questionnaires (scoring/questionnaires/*.yaml) and their wording.

The indicator lists are copied from METHODOLOGY.md §1 on purpose: this test must not depend on
the scoring library, and a change of the methodology should make someone look at the wording.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRES = ROOT / "scoring" / "questionnaires"
LOCALES = ROOT / "locales"
LANGS = ("ru", "en")
FTL_FILES = ("questionnaire.ftl", "policy.ftl")

SEEKER = "seeker"
EMPLOYER = "employer"
BOTH = frozenset({SEEKER, EMPLOYER})
ONLY_SEEKERS = frozenset({SEEKER})
ONLY_EMPLOYERS = frozenset({EMPLOYER})

# METHODOLOGY §1, star-2023: indicator -> audiences surveyed (column "survey").
STAR_2023: dict[str, frozenset[str]] = {
    "D1": BOTH,
    "D2": BOTH,
    "D3": BOTH,
    "P1": BOTH,
    "P2": ONLY_EMPLOYERS,
    "P3": ONLY_SEEKERS,
    "M1": BOTH,
    "M2": BOTH,
    "M3": BOTH,
    "M4": BOTH,
    "M5": BOTH,
    "M6": BOTH,
    "M7": BOTH,
    "M8": BOTH,
    "A1": ONLY_SEEKERS,
    "A2": BOTH,
    "K1": BOTH,
    "K2": BOTH,
    "K3": BOTH,
    "K4": BOTH,
}
STAR_2023_GROUPS = ("D", "P", "M", "A", "K")

# METHODOLOGY §1, pilot-2022. The pilot gives no audiences; the shared codes keep those of
# star-2023, and the L group (easy) is asked of both audiences like the M group it became.
PILOT_2022: dict[str, frozenset[str]] = {
    **{code: STAR_2023[code] for code in ("P1", "P2", "P3", "A1", "A2")},
    **{f"L{n}": BOTH for n in range(1, 7)},
    **{code: STAR_2023[code] for code in ("K1", "K2", "K3", "K4", "D1", "D2", "D3")},
}
PILOT_2022_GROUPS = ("P", "A", "L", "K", "D")

METHODOLOGIES = {"star-2023": STAR_2023, "pilot-2022": PILOT_2022}
ALL_GROUPS = sorted(set(STAR_2023_GROUPS) | set(PILOT_2022_GROUPS))
ALL_INDICATORS = sorted(set(STAR_2023) | set(PILOT_2022))

ID_RE = re.compile(r"^[A-Za-z0-9_-]+$")
# Plain-language rule for what respondents read (Russian wording).
JARGON = ("клиентоцентрич", "омниканал", "многоканал", "СЗН", "ЦЗН", "респондент")
QUESTION_MAX_CHARS = 200
CONSENT_MAX_CHARS = 700
POLICY_MAX_CHARS = 3500
TELEGRAM_MAX_CHARS = 4096
ALLOWED_TAG_RE = re.compile(r"</?(?:b|i|u|s|code)>")
ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#\d+);")
POLICY_ARGS = {
    "operator": "ГКУ «Центр занятости населения города N» (ИНН 0000000000)",
    "contact": "privacy@czn.example.ru",
    "ticket_days": 30,
}


@cache
def questionnaire(name: str) -> dict[str, Any]:
    with (QUESTIONNAIRES / f"{name}.yaml").open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, dict), f"{name}.yaml: top level must be a mapping"
    return data


def questions(name: str) -> list[dict[str, Any]]:
    items = questionnaire(name)["questions"]
    assert isinstance(items, list) and items, f"{name}.yaml: `questions` must be a non-empty list"
    return items


def asked_of(name: str, audience: str) -> list[dict[str, Any]]:
    return [q for q in questions(name) if audience in q["audiences"]]


@cache
def ftl_source(lang: str, filename: str) -> str:
    return (LOCALES / lang / filename).read_text(encoding="utf-8")


@cache
def ftl_messages(lang: str, filename: str) -> dict[str, ast.Message]:
    resource = FluentParser().parse(ftl_source(lang, filename))
    junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
    assert not junk, f"{lang}/{filename}: unparsable Fluent: {[j.content[:80] for j in junk]}"
    return {e.id.name: e for e in resource.body if isinstance(e, ast.Message)}


@cache
def bundle(lang: str) -> FluentBundle:
    result = FluentBundle([lang])
    for filename in FTL_FILES:
        result.add_resource(FluentResource(ftl_source(lang, filename)))
    return result


def render(lang: str, message_id: str, args: dict[str, Any] | None = None) -> str:
    message = bundle(lang).get_message(message_id)
    assert message.value is not None, f"{lang}: {message_id} has no value"
    text, errors = bundle(lang).format_pattern(message.value, args)
    assert not errors, f"{lang}: {message_id}: {errors}"
    return str(text).replace("\u2068", "").replace("\u2069", "")  # Fluent bidi isolation marks


# --- the YAML files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(METHODOLOGIES))
def test_questionnaire_file_shape(name: str) -> None:
    data = questionnaire(name)
    assert data["methodology"] == name
    assert data["scale"] == {"min": 1, "max": 5}
    for i, q in enumerate(questions(name)):
        where = f"{name}.yaml question #{i + 1} ({q.get('id')!r})"
        assert isinstance(q, dict), where
        assert set(q) == {"id", "indicator", "audiences"}, f"{where}: keys {sorted(q)}"
        assert q["indicator"] in METHODOLOGIES[name], f"{where}: unknown indicator"
        audiences = q["audiences"]
        assert isinstance(audiences, list) and audiences, f"{where}: audiences must be a list"
        assert len(set(audiences)) == len(audiences), f"{where}: repeated audience"
        assert set(audiences) <= BOTH, f"{where}: unknown audience in {audiences}"
        assert set(audiences) <= METHODOLOGIES[name][q["indicator"]], (
            f"{where}: {q['indicator']} is not surveyed among {audiences}"
        )


@pytest.mark.parametrize("name", sorted(METHODOLOGIES))
def test_question_ids_unique_and_well_formed(name: str) -> None:
    ids = [q["id"] for q in questions(name)]
    assert all(isinstance(i, str) and ID_RE.fullmatch(i) for i in ids), ids
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicates, f"{name}.yaml: duplicate ids {duplicates}"


@pytest.mark.parametrize("name", sorted(METHODOLOGIES))
def test_every_surveyed_indicator_has_a_question_per_audience(name: str) -> None:
    for audience in sorted(BOTH):
        covered = {q["indicator"] for q in asked_of(name, audience)}
        expected = {code for code, who in METHODOLOGIES[name].items() if audience in who}
        assert covered == expected, (
            f"{name}.yaml, {audience}: missing {sorted(expected - covered)}, "
            f"extra {sorted(covered - expected)}"
        )


@pytest.mark.parametrize("name", sorted(METHODOLOGIES))
def test_one_question_per_indicator_and_audience(name: str) -> None:
    for audience in sorted(BOTH):
        counts = Counter(q["indicator"] for q in asked_of(name, audience))
        assert all(n == 1 for n in counts.values()), f"{name}.yaml, {audience}: {counts}"


def test_star_2023_question_counts() -> None:
    assert len(asked_of("star-2023", SEEKER)) == 19
    assert len(asked_of("star-2023", EMPLOYER)) == 18


def test_pilot_reuses_star_questions() -> None:
    star = {q["id"]: q for q in questions("star-2023")}
    for q in questions("pilot-2022"):
        assert q["id"] in star, f"pilot-2022 question {q['id']!r} has no star-2023 counterpart"
        assert q["audiences"] == star[q["id"]]["audiences"], q["id"]


# --- the Fluent files -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("filename", FTL_FILES)
def test_ftl_parses_without_junk(lang: str, filename: str) -> None:
    messages = ftl_messages(lang, filename)
    assert messages
    assert all(m.value is not None for m in messages.values())


@pytest.mark.parametrize("filename", FTL_FILES)
def test_same_message_ids_in_ru_and_en(filename: str) -> None:
    ru, en = set(ftl_messages("ru", filename)), set(ftl_messages("en", filename))
    assert ru == en, f"{filename}: only ru {sorted(ru - en)}, only en {sorted(en - ru)}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_question_has_wording(lang: str) -> None:
    messages = ftl_messages(lang, "questionnaire.ftl")
    for name in sorted(METHODOLOGIES):
        missing = [q["id"] for q in questions(name) if f"q-{q['id']}" not in messages]
        assert not missing, f"{lang}/questionnaire.ftl lacks wording for {name}: {missing}"
    assert {"q-scale-hint", "q-hard-to-say"} <= set(messages)


@pytest.mark.parametrize("lang", LANGS)
def test_no_orphan_question_wording(lang: str) -> None:
    ids = {q["id"] for name in METHODOLOGIES for q in questions(name)}
    wording = {m for m in ftl_messages(lang, "questionnaire.ftl") if m.startswith("q-")}
    orphans = wording - {f"q-{i}" for i in ids} - {"q-scale-hint", "q-hard-to-say"}
    assert not orphans, f"{lang}: messages for no question: {sorted(orphans)}"


@pytest.mark.parametrize("lang", LANGS)
def test_indicator_and_group_names(lang: str) -> None:
    messages = ftl_messages(lang, "questionnaire.ftl")
    missing = [f"indicator-{c}" for c in ALL_INDICATORS if f"indicator-{c}" not in messages]
    missing += [f"group-{g}" for g in ALL_GROUPS if f"group-{g}" not in messages]
    assert not missing, f"{lang}/questionnaire.ftl: {missing}"
    for code in ALL_INDICATORS:
        assert 0 < len(render(lang, f"indicator-{code}")) <= 40, code


@pytest.mark.parametrize("lang", LANGS)
def test_question_texts_are_short_and_plain(lang: str) -> None:
    ids = {q["id"] for name in METHODOLOGIES for q in questions(name)}
    for qid in [*sorted(ids), "scale-hint", "hard-to-say"]:
        text = render(lang, f"q-{qid}")
        assert 0 < len(text) <= QUESTION_MAX_CHARS, f"{lang} q-{qid}: {len(text)} chars"
        assert "\n" not in text, f"{lang} q-{qid}: one line expected"
        if lang == "ru":
            found = [word for word in JARGON if word.lower() in text.lower()]
            assert not found, f"q-{qid}: jargon {found}"


@pytest.mark.parametrize("lang", LANGS)
def test_consent_text(lang: str) -> None:
    text = render(lang, "consent-text")
    assert len(text) <= CONSENT_MAX_CHARS, f"{lang}: {len(text)} chars"
    assert "/forget" in text
    assert "152" in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("retention_days", [1, 2, 5, 21, 90, 365, 1095])
def test_policy_text_formats_and_fits_a_message(lang: str, retention_days: int) -> None:
    message = bundle(lang).get_message("policy-text")
    args = {**POLICY_ARGS, "retention_days": retention_days}
    text, errors = bundle(lang).format_pattern(message.value, args)
    assert not errors, errors
    assert len(text) <= TELEGRAM_MAX_CHARS
    assert len(render(lang, "policy-text", args)) <= POLICY_MAX_CHARS
    assert POLICY_ARGS["operator"] in text
    assert POLICY_ARGS["contact"] in text
    assert "/forget" in text
    assert "152" in text


def test_policy_day_plurals() -> None:
    def days(lang: str, n: int) -> str:
        return render(lang, "policy-text", {**POLICY_ARGS, "retention_days": n})

    assert "21 день" in days("ru", 21)
    assert "3 дня" in days("ru", 3)
    assert "365 дней" in days("ru", 365)
    assert "1 day " in days("en", 1)
    assert "90 days" in days("en", 90)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("filename", FTL_FILES)
def test_texts_are_safe_telegram_html(lang: str, filename: str) -> None:
    args = {**POLICY_ARGS, "retention_days": 365}
    for message_id in ftl_messages(lang, filename):
        text = ALLOWED_TAG_RE.sub("", render(lang, message_id, args))
        assert "<" not in text and ">" not in text, f"{lang} {message_id}: stray tag or bracket"
        assert "&" not in ENTITY_RE.sub("", text), f"{lang} {message_id}: unescaped ampersand"
        assert "{" not in text and "}" not in text, f"{lang} {message_id}: literal brace"
