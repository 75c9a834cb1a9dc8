"""The documented settings file is valid, and every setting in code is documented in it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import (
    DatabaseSettings,
    DigestSettings,
    EvidenceSettings,
    MessengerSettings,
    ScoringSettings,
    Settings,
    SurveySettings,
    TelegramSettings,
    TicketSettings,
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
    TicketSettings,
    MessengerSettings,
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


@pytest.mark.parametrize(
    ("written", "ids"),
    [
        ("555000111", [555000111]),
        ("555000111, 555000222", [555000111, 555000222]),
        ("[555000111, 555000222]", [555000111, 555000222]),
        ("", []),
    ],
)
def test_admin_ids_as_anyone_writes_them(
    written: str, ids: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_IDS", written)
    assert TelegramSettings(_env_file=None).admin_ids == ids


def test_bad_settings_stop_with_one_line_each(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"ADMIN_IDS", "DISPLAY_SCALE"}}
    env.update(
        ADMIN_IDS="abc",
        DISPLAY_SCALE="42",
        METHODOLOGY_OVERRIDES="{D: 2",
        BOT_TOKEN="42:TEST",
        PYTHONPATH=str(ROOT),
    )
    for command in ("run", "migrate", "index"):
        result = subprocess.run(
            [sys.executable, "-m", "bot", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stderr.splitlines() == [
            "bad setting ADMIN_IDS: expected a Telegram user id or a comma-separated list of "
            "ids, got 'abc'",
            'bad setting METHODOLOGY_OVERRIDES: expected a JSON object, e.g. {"D": 2.0, "M7": 4}'
            ", got '{D: 2'",
            "bad setting DISPLAY_SCALE: DISPLAY_SCALE must be 10 (native) or 100 (index x 10)"
            ", got '42'",
        ]
