"""Count the imports that cross from one feature to another on the same floor.

A feature is a package or a module directly under handlers/ or services/ (handlers/news/,
handlers/start.py, services/privacy.py...). An import of handlers.Y from handlers/X, or of
services.Y from services/X (Y != X), crosses features. Printed as one line per
(importing file, imported module), then the total; docs/ARCHITECTURE.md quotes it.

    python scripts/cross_feature_imports.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ("handlers", "services")
# Modules every feature shares by design (privacy, user rows, text and CSV helpers): reported
# apart, they are the foundation of the floor rather than one feature reaching into another.
SHARED = ("services.privacy", "services.users", "services.text", "services.csv_safe")


def feature_of(floor: str, path: Path) -> str | None:
    parts = path.relative_to(ROOT / floor).parts
    if parts == ("__init__.py",):
        return None  # the floor's own assembly (handlers/__init__.py lists every router)
    return parts[0].removesuffix(".py")


def crossings() -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for floor in FLOORS:
        for path in sorted((ROOT / floor).rglob("*.py")):
            own = feature_of(floor, path)
            if own is None:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                modules: list[str] = []
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    modules = [node.module]
                for module in modules:
                    parts = module.split(".")
                    if parts[0] == floor and len(parts) > 1 and parts[1] != own:
                        found.add((str(path.relative_to(ROOT)), module))
    return sorted(found)


def main() -> int:
    found = crossings()
    for where, module in found:
        print(f"{where} -> {module}")
    shared = sum(1 for _, module in found if module.startswith(SHARED))
    print(f"{len(found)} cross-feature imports ({shared} of them into the shared modules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
