"""Every message key the code can ask for exists, parses and renders in both languages.

Keys are collected statically from the production code (no Telegram, no database):
- literal keys: the first argument of a call of the translator (`t(...)`, `ctx.t(...)`), and
  every string constant shaped like a key of a known family (`"news-unsubscribed"` kept in a
  variable, `tell_admins("admin-digest-missed")`, a key in a tuple of headings);
- built keys: every f-string that starts like a key (`f"cmd-{name}"`) must be listed in
  BUILT_KEYS below with the values its placeholder can take, taken from the code's own
  constants, so a new family of built keys fails here until someone enumerates it;
- refusals: every `Refusal(prefix, reason)` raised (services.refusal) is shown as
  `<prefix>-<reason>` (bot.refusal.refusal_text), so each raise site names a key; a reason
  computed at run time must be enumerated in COMPUTED_REASONS;
- data: question wording `q-<id>` of the questionnaires, indicator and group names of the
  methodologies.

A message that is a Fluent syntax error is dropped by the parser and shows as its raw key
("invite-granted-expert" did, issue 9): parsing without junk is checked first.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser
from fluent.syntax import ast as fl

from bot.app_commands import COMMANDS, ROLE_COMMANDS
from bot.i18n import LANGUAGES
from scoring.checklist import EVIDENCE_KINDS
from scoring.methodology import load_methodology, shipped_methodologies
from scoring.questionnaire import load_questionnaire
from services.audit import KINDS as AUDIT_KINDS
from services.evidence.geocheck import REASONS as GEO_REASONS
from services.evidence.model import DECISIONS, PHOTO_GEO, REJECT_PRESETS, SCREENSHOT, STATES
from services.exports.register import STATES as EXPORT_STATES
from services.index.ratings import LEVELS
from services.practices.rules import DECISIONS as PRACTICE_DECISIONS
from services.practices.rules import FIELDS as PRACTICE_FIELDS
from services.practices.rules import client_groups
from services.stats import PERIODS as STATS_PERIODS
from services.stats.funnel import STEPS as FUNNEL_STEPS
from services.team.roles import EXPERT, ROLES, STAFF
from services.team.roles import REFUSALS as INVITATION_REFUSALS
from services.tickets.rules import REASONS as TICKET_REASONS

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
SOURCE_DIRS = ("bot", "handlers", "services", "charts", "scoring", "storage")
KEY_SHAPE = re.compile(r"^[a-z][a-z0-9_]*(?:-[A-Za-z0-9_]+)+$")
TRANSLATOR_NAMES = frozenset({"t"})  # `t(...)` and `ctx.t(...)` / `self.t(...)`
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


# --- the locale files -------------------------------------------------------------------------


@cache
def resources(lang: str) -> tuple[tuple[str, fl.Resource], ...]:
    parser = FluentParser()
    return tuple(
        (path.name, parser.parse(path.read_text(encoding="utf-8")))
        for path in sorted((LOCALES / lang).glob("*.ftl"))
    )


@cache
def messages(lang: str) -> dict[str, fl.Message]:
    found: dict[str, fl.Message] = {}
    for _, resource in resources(lang):
        for entry in resource.body:
            if isinstance(entry, fl.Message):
                assert entry.id.name not in found, f"{lang}: {entry.id.name} defined twice"
                found[entry.id.name] = entry
    return found


@cache
def bundle(lang: str) -> FluentBundle:
    result = FluentBundle([lang], use_isolating=False)
    for path in sorted((LOCALES / lang).glob("*.ftl")):
        result.add_resource(FluentResource(path.read_text(encoding="utf-8")))
    return result


@cache
def families() -> frozenset[str]:
    return frozenset(key.split("-")[0] for lang in LANGUAGES for key in messages(lang))


# --- the code ---------------------------------------------------------------------------------


@cache
def source_trees() -> tuple[tuple[str, ast.Module], ...]:
    trees = []
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            trees.append((str(path.relative_to(ROOT)), ast.parse(path.read_text("utf-8"))))
    return tuple(trees)


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literals(node: ast.expr) -> Iterator[str]:
    """The keys an argument can be when it is written out: "a" or ("a" if x else "b")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)


def _pattern(node: ast.JoinedStr) -> str:
    return "".join(
        str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
    )


@cache
def translator_calls() -> tuple[tuple[str, int, str, frozenset[str] | None], ...]:
    """(where, line, key, keyword names or None when **args are passed) per literal call."""
    calls = []
    for where, tree in source_trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            if _callee(node) not in TRANSLATOR_NAMES:
                continue
            names: frozenset[str] | None = frozenset(
                k.arg for k in node.keywords if k.arg is not None
            )
            if any(k.arg is None for k in node.keywords):
                names = None
            for key in _literals(node.args[0]):
                calls.append((where, node.lineno, key, names))
    return tuple(calls)


@cache
def key_constants() -> tuple[tuple[str, int, str], ...]:
    """String constants shaped like a key of a known family, wherever they are."""
    found = []
    for where, tree in source_trees():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and KEY_SHAPE.match(node.value)
                and node.value.split("-")[0] in families()
            ):
                found.append((where, node.lineno, node.value))
    return tuple(found)


@cache
def built_patterns() -> dict[str, list[str]]:
    """f-strings that start like a key of a known family -> where they are."""
    found: dict[str, list[str]] = {}
    for where, tree in source_trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr) or not node.values:
                continue
            head = node.values[0]
            if not (isinstance(head, ast.Constant) and isinstance(head.value, str)):
                continue
            if (
                re.match(r"^[a-z][a-z0-9_]*-", head.value)
                and head.value.split("-")[0] in families()
            ):
                found.setdefault(_pattern(node), []).append(f"{where}:{node.lineno}")
    return found


REFUSAL = "Refusal"


@cache
def raised_refusals() -> tuple[tuple[str, str, str | None], ...]:
    """(where, prefix, reason) of every `Refusal(prefix, reason, ...)` call in the code.

    A reason built by an f-string is returned as its pattern (`needs_image_{}`); a reason
    computed otherwise (a function call, a variable) as None.
    """
    found = []
    for where, tree in source_trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _callee(node) == REFUSAL):
                continue
            assert len(node.args) >= 2, f"{where}:{node.lineno}: Refusal(prefix, reason, ...)"
            prefix, reason = node.args[0], node.args[1]
            assert isinstance(prefix, ast.Constant) and isinstance(prefix.value, str), (
                f"{where}:{node.lineno}: the prefix of a Refusal must be written out"
            )
            text: str | None = None
            if isinstance(reason, ast.Constant) and isinstance(reason.value, str):
                text = reason.value
            elif isinstance(reason, ast.JoinedStr):
                text = _pattern(reason)
            found.append((f"{where}:{node.lineno}", prefix.value, text))
    return tuple(found)


def raised_reasons(prefix: str) -> set[str]:
    """The literal (or f-string pattern) reasons raised with one prefix."""
    return {r for _, p, r in raised_refusals() if p == prefix and r is not None}


@cache
def refusal_prefixes() -> frozenset[str]:
    return frozenset(p for _, p, _ in raised_refusals())


def _expand(reasons: set[str], **patterns: Iterable[str]) -> set[str]:
    """Replace the f-string reasons (`needs_image_{}`) by the values they are built from."""
    result = {r for r in reasons if "{}" not in r}
    for reason in reasons - result:
        values = patterns[reason.replace("{}", "").strip("_")]
        result |= {reason.replace("{}", v) for v in values}
    return result


# --- what built keys can be -------------------------------------------------------------------


@cache
def indicator_codes() -> set[str]:
    return {c for name in shipped_methodologies() for c in load_methodology(name).indicator_codes}


@cache
def group_codes() -> set[str]:
    return {c for name in shipped_methodologies() for c in load_methodology(name).group_codes}


@cache
def question_ids() -> set[str]:
    return {q.id for name in shipped_methodologies() for q in load_questionnaire(name).questions}


# Refusals the handlers answer with a general text (stale-button, stale-question...), never
# by their own key.
SILENT_REFUSALS = frozenset({"survey"})
# Reasons computed at run time, per prefix: the values they can take.
COMPUTED_REASONS: dict[str, Iterable[str]] = {
    "invite-error": INVITATION_REFUSALS,
    "adm-invite-gone": INVITATION_REFUSALS,
    "tickets-error": TICKET_REASONS,  # TicketService.why_not
}
# Subclasses of Refusal raise through super().__init__: their keys.
SUBCLASS_REFUSALS = ("ev-error-geo_failed",)  # GeoCheckFailed


@cache
def refusal_keys() -> dict[str, str]:
    """Every key a raised Refusal is shown as -> one place that raises it."""
    keys: dict[str, str] = dict.fromkeys(SUBCLASS_REFUSALS, "a Refusal subclass")
    for where, prefix, reason in raised_refusals():
        if prefix in SILENT_REFUSALS:
            continue
        if reason is None:
            assert prefix in COMPUTED_REASONS, f"{where}: list its reasons in COMPUTED_REASONS"
            reasons = set(COMPUTED_REASONS[prefix])
        else:
            reasons = _expand(
                {reason},
                needs_image=(PHOTO_GEO, SCREENSHOT),
                expected=("client_group", "photos", "document", "preview"),  # practices' steps
            )
        for value in reasons:
            keys.setdefault(f"{prefix}-{value}", where)
    return keys


BUILT_KEYS: dict[str, Callable[[], Iterable[str]]] = {
    "cmd-{}": lambda: {*COMMANDS, *(c for cs in ROLE_COMMANDS.values() for c in cs)},
    "indicator-{}": indicator_codes,
    "group-{}": group_codes,
    "q-{}": question_ids,
    "ev-geo-reason-{}": lambda: GEO_REASONS,
    "ev-how-{}": lambda: EVIDENCE_KINDS,
    "ev-kind-{}": lambda: EVIDENCE_KINDS,
    "ev-state-{}": lambda: STATES,
    "rv-status-{}": lambda: DECISIONS,
    "rv-preset-{}": lambda: REJECT_PRESETS,
    "language-name-{}": lambda: LANGUAGES,
    "mi-title-{}": lambda: LEVELS,
    "mi-children-{}": lambda: [level for level in LEVELS if level != "country"],
    "mi-star-index-of-{}": lambda: [level for level in LEVELS if level != "country"],
    "adm-pick-region-{}": lambda: (STAFF, EXPERT),
    "invite-granted-{}": lambda: ROLES,
    "digest-month-{}": lambda: [str(month) for month in range(1, 13)],
    "practices-client-{}": lambda: [group.code for group in client_groups()],
    "practices-field-{}": lambda: PRACTICE_FIELDS,
    "practices-ask-{}": lambda: PRACTICE_FIELDS,
    "practices-decided-{}": lambda: PRACTICE_DECISIONS,
    "practices-notify-{}": lambda: PRACTICE_DECISIONS,
    "exports-col-{}": lambda: ("low", "high"),
    "exports-level-{}": lambda: LEVELS,
    "exports-state-{}": lambda: EXPORT_STATES,
    "audit-kind-{}": lambda: AUDIT_KINDS,
    "stats-period-{}": lambda: STATS_PERIODS,
    "stats-step-{}": lambda: FUNNEL_STEPS,
    "stats-chart-step-{}": lambda: FUNNEL_STEPS,
}


@cache
def keys_used_by_code() -> dict[str, str]:
    """Every key the code can ask for -> one place that asks for it."""
    used: dict[str, str] = {}
    for where, line, key, _ in translator_calls():
        used.setdefault(key, f"{where}:{line}")
    for where, line, key in key_constants():
        if key not in refusal_prefixes():  # "ev-error" in Refusal("ev-error", ...) is no key
            used.setdefault(key, f"{where}:{line}")
    for key, where in refusal_keys().items():
        used.setdefault(key, where)
    for pattern, values in BUILT_KEYS.items():
        values = list(values())
        assert values, f"{pattern}: no values found"
        for value in values:
            used.setdefault(pattern.replace("{}", value), f"values of {pattern}")
    return used


# --- tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_locale_file_parses_without_junk(lang: str) -> None:
    junk = [
        f"{filename}: {entry.content.splitlines()[0]!r} ({entry.annotations[0].message})"
        for filename, resource in resources(lang)
        for entry in resource.body
        if isinstance(entry, fl.Junk)
    ]
    assert not junk, f"{lang}: Fluent syntax errors drop these messages: {junk}"


def test_ru_and_en_have_the_same_keys() -> None:
    ru, en = set(messages("ru")), set(messages("en"))
    assert ru == en, f"only in ru: {sorted(ru - en)}; only in en: {sorted(en - ru)}"


def test_the_collection_finds_keys() -> None:
    # Guards the guard: a broken collector would make the next test pass vacuously.
    used = keys_used_by_code()
    assert len(used) > 300
    assert {"welcome", "invite-granted-expert", "invite-granted-expert-all", "cmd-review"} <= set(
        used
    )
    assert {"news-unsubscribed", "news-unsubscribed-already"} <= set(used)  # kept in a variable
    assert "ev-error-needs_image_photo_geo" in used  # a reason built by an f-string


def test_the_refusals_are_found() -> None:
    # Every family of refusals, from its raise sites (services/ and handlers/).
    keys = refusal_keys()
    assert {"ev-error-stale", "ev-error-too_big", "ev-error-geo_failed"} <= set(keys)
    assert {"rv-error-own", "rv-error-already_decided", "rv-error-reason_too_long"} <= set(keys)
    assert {"news-error-cooldown", "adm-error-scope", "comment-too-long"} <= set(keys)
    assert {"invite-error-used", "adm-invite-gone-revoked"} <= set(keys)
    assert not any(key.startswith("survey-") for key in keys)  # answered as stale, never shown
    assert raised_reasons("survey") >= {"not-yours", "stale"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_used_in_code_exists(lang: str) -> None:
    present = messages(lang)
    missing = sorted(
        f"{key} ({where})" for key, where in keys_used_by_code().items() if key not in present
    )
    assert not missing, f"{lang}: missing messages: {missing}"


def test_every_built_key_is_enumerated() -> None:
    found = built_patterns()
    unknown = {p: w for p, w in found.items() if p not in BUILT_KEYS}
    assert not unknown, f"list the values of these built keys in BUILT_KEYS: {unknown}"
    stale = sorted(set(BUILT_KEYS) - set(found))
    assert not stale, f"BUILT_KEYS lists patterns the code no longer builds: {stale}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calls_pass_every_variable_the_message_uses(lang: str) -> None:
    problems = []
    for where, line, key, names in translator_calls():
        message = messages(lang).get(key)
        if message is None or names is None:
            continue
        needed = _variables(message)
        if needed - names:
            problems.append(f"{where}:{line} {key}: no {sorted(needed - names)}")
    assert not problems, f"{lang}: {problems}"


def _variables(node: fl.BaseNode) -> set[str]:
    found: set[str] = set()

    def visit(value: Any) -> None:
        if isinstance(value, fl.VariableReference):
            found.add(value.id.name)
        if isinstance(value, fl.BaseNode):
            for child in vars(value).values():
                visit(child)
        elif isinstance(value, list):
            for child in value:
                visit(child)

    visit(node)
    return found


def _selectors(node: fl.BaseNode) -> dict[str, set[str]]:
    """Variables used as selectors -> their variant keys (as text)."""
    found: dict[str, set[str]] = {}

    def visit(value: Any) -> None:
        if isinstance(value, fl.SelectExpression) and isinstance(
            value.selector, fl.VariableReference
        ):
            keys = found.setdefault(value.selector.id.name, set())
            for variant in value.variants:
                key = variant.key
                keys.add(key.name if isinstance(key, fl.Identifier) else key.value)
        if isinstance(value, fl.BaseNode):
            for child in vars(value).values():
                visit(child)
        elif isinstance(value, list):
            for child in value:
                visit(child)

    visit(node)
    return found


def _argument_sets(message: fl.Message) -> Iterator[dict[str, Any]]:
    """Plausible arguments: numbers everywhere, every variant of every selector."""
    base: dict[str, Any] = {name: 5 for name in _variables(message)}
    choices: list[list[tuple[str, Any]]] = []
    for name, keys in sorted(_selectors(message).items()):
        words = sorted(k for k in keys if k not in PLURAL_CATEGORIES and not k.isdigit())
        values: list[Any] = [1, 2, 5, 21, 1.5, *words]
        choices.append([(name, v) for v in values])
    if not choices:
        yield base
        return
    for combination in product(*choices):
        yield {**base, **dict(combination)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_renders_without_errors(lang: str) -> None:
    failures = []
    for key, message in messages(lang).items():
        if message.value is None:
            failures.append(f"{key}: no value")
            continue
        compiled = bundle(lang).get_message(key)
        for args in _argument_sets(message):
            text, errors = bundle(lang).format_pattern(compiled.value, args)
            if errors or not str(text).strip():
                failures.append(f"{key} {args}: {errors or 'empty'}")
                break
    assert not failures, f"{lang}: {failures}"
