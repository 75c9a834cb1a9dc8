"""The documentation stands on its own: a clone of the repository has every page it links to.

The README once linked to `../shared/METHODOLOGY.md`, a sibling folder of the development
machine that no clone has; the project now carries docs/METHODOLOGY.md.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
OUTSIDE = re.compile(r"(?:\.\./shared|/work/shared|/work/main)")


def markdown_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every .md file
        return sorted(p for p in ROOT.rglob("*.md") if ".venv" not in p.parts)
    return sorted(ROOT / name for name in listed)


FILES = markdown_files()


def test_markdown_files_are_found() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in FILES}
    assert {"README.md", "docs/ARCHITECTURE.md", "docs/METHODOLOGY.md"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_reference_outside_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [
        f"{n}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert not found, f"{path.name} points outside the repository: {found}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_resolve_inside_the_repository(path: Path) -> None:
    problems = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # https:, mailto:, tg: and anchors in the same page
        relative = unquote(target.split("#", 1)[0])
        resolved = (path.parent / relative).resolve()
        if not resolved.is_relative_to(ROOT):
            problems.append(f"{target}: outside the repository")
        elif not resolved.exists():
            problems.append(f"{target}: no such file")
    assert not problems, f"{path.relative_to(ROOT)}: {problems}"
