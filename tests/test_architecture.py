"""The layout's rules (docs/ARCHITECTURE.md), checked on the source so they cannot erode:
arrows point down only, and no source file grows past what a reader can hold."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "services", "storage", "scoring", "charts")
# What each floor may import of the project (its own package is always allowed).
ALLOWED = {
    "bot": {"bot", "handlers", "services", "storage", "scoring", "charts"},
    "handlers": {"handlers", "bot", "services", "storage", "scoring", "charts"},
    "services": {"services", "storage", "scoring", "charts"},  # and FOUNDATION
    "storage": {"storage"},
    "scoring": {"scoring"},
    "charts": {"charts", "scoring"},
}
# The parts of bot/ that assemble or start the application: a handler never reaches them.
APPLICATION = ("bot.app", "bot.cli", "bot.factory", "bot.scheduler")
# The modules of bot/ that use no messenger's API and that rules may read: the settings, the
# Fluent texts and the messengers' text limits (plain numbers). Every other import of bot/
# from below is an arrow pointing up.
FOUNDATION = {"bot.config", "bot.i18n", "bot.text_limit"}
NO_MESSENGER = ("services", "storage", "scoring", "charts")
MAX_LINES = 400


def _sources(package: str) -> list[Path]:
    return sorted(
        p for p in (ROOT / package).rglob("*.py") if "migrations/versions" not in p.as_posix()
    )


def _imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _all_sources() -> list[tuple[str, Path]]:
    return [(package, path) for package in PACKAGES for path in _sources(package)]


@pytest.mark.parametrize("package", PACKAGES)
def test_arrows_point_down_only(package: str) -> None:
    wrong = []
    for path in _sources(package):
        for module in _imports(path):
            top = module.split(".")[0]
            if top in PACKAGES and top not in ALLOWED[package] and module not in FOUNDATION:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", NO_MESSENGER)
def test_rules_and_data_know_no_messenger(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _sources(package)
        for module in _imports(path)
        if module.split(".")[0] == "aiogram"
    ]
    assert not wrong, "\n".join(wrong)


def test_handlers_do_not_reach_the_application() -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _sources("handlers")
        for module in _imports(path)
        if module.startswith(APPLICATION)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_source_file_over_400_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for _, path in _all_sources()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not long, "\n".join(long)
