"""Evidence tests: a bot session that serves file downloads, and a media folder per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from tests.evidence_support import SM, FileServingSession, evidence_settings, load_checklist


@pytest.fixture
def recording() -> FileServingSession:
    return FileServingSession()


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return evidence_settings(settings, tmp_path)


@pytest.fixture
async def checklist(sessionmaker: SM, centres: None) -> None:
    await load_checklist(sessionmaker)
