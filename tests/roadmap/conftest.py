"""The roadmap tests download results like the bot does: a session that serves file bytes
(getFile + the file URL) and MEDIA_DIR in the test's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from tests.evidence_support import FileServingSession, evidence_settings


@pytest.fixture
def recording() -> FileServingSession:
    return FileServingSession()


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return evidence_settings(settings, tmp_path)
