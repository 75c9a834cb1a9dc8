"""The documented settings file is valid, and every setting in code is documented in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import (
    DatabaseSettings,
    DigestSettings,
    EvidenceSettings,
    ScoringSettings,
    Settings,
    SurveySettings,
    TelegramSettings,
    WebhookSettings,
)
from tests.conftest import ROOT

GROUPS = (
    TelegramSettings,
    DatabaseSettings,
    SurveySettings,
    ScoringSettings,
    EvidenceSettings,
    DigestSettings,
    WebhookSettings,
)


def test_env_example_parses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    for group in GROUPS:
        for name in group.model_fields:
            monkeypatch.delenv(name.upper(), raising=False)
    settings = Settings()
    assert settings.telegram.bot_token is None  # blank BOT_TOKEN= means "not set yet"
    assert settings.scoring.load().name == "star-2023"
    assert settings.scoring.display_scale == 10


def test_every_setting_is_documented() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    for group in GROUPS:
        for name in group.model_fields:
            assert f"{name.upper()}=" in text, name  # set, or shown commented out


def test_sample_rules_override() -> None:
    scoring = ScoringSettings(_env_file=None, min_respondents=50)
    rules = scoring.rules(scoring.load())
    assert (rules.min_respondents, rules.min_employers) == (50, 20)
    with pytest.raises(ValueError, match="DISPLAY_SCALE"):
        ScoringSettings(_env_file=None, display_scale=42)
