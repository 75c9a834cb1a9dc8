"""The bot process does not import matplotlib until a picture is drawn (issue 16: ~60 MB RSS).

Run in a fresh interpreter: the test process itself has matplotlib loaded by other tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

IMPORT_THE_BOT = """
import pkgutil, importlib, sys
import bot.app, bot.factory, handlers, services
for package in (handlers, services):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
print(sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")[:5])
"""


def test_no_handler_or_service_module_imports_matplotlib() -> None:
    run = subprocess.run(
        [sys.executable, "-c", IMPORT_THE_BOT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert run.stdout.strip() == "[]", run.stdout


def test_the_pictures_still_draw() -> None:
    from charts.cards import Bar
    from charts.desk import render_bars

    png = render_bars("title", "subtitle", [Bar("a", 0.5, "5")])
    assert png.startswith(b"\x89PNG")
