"""The environment of a `python -m bot run` process in the end-to-end tests, on either
messenger: the test's own database with the sample centres imported."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Protocol

import aiohttp

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


class Logged(Protocol):
    def output(self) -> str: ...


async def wait_for_log(process: Logged, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while text not in process.output():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {text!r} in the bot's log")
        await asyncio.sleep(0.2)


async def healthy(port: int, timeout: float = 180) -> None:
    """Until the webhook replica on `port` answers its health check."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(f"no replica on port {port}")
