"""The environment of a `python -m bot run` process in the end-to-end tests, on either
messenger: the test's own database with the sample centres imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLE_CENTRES

# Settings of the outer environment that must not leak into the bot under test.
_OWN = ("BOT_", "DATABASE_", "MAX_", "MESSENGER", "TELEGRAM_API_URL")


def bot_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN)}
    env.update(
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        RESPONDENT_SECRET="e2e-secret",
        PYTHONPATH=str(ROOT),
        **settings,
    )
    subprocess.run(
        [sys.executable, "-m", "bot", "import-centres", str(SAMPLE_CENTRES)],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return env
