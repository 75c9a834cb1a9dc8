"""Settings as the CLI loads them: every bad one named in one line, and the secrets checked.

`load_settings()` builds each settings group on its own, so one run names every bad setting
(`bad setting ADMIN_IDS: expected …, got 'abc'`) instead of a pydantic traceback for the
first. `secret_problems()` refuses the shipped, a known or a short RESPONDENT_SECRET and a
missing SEALING_KEY when the bot talks to a real Bot API: with the secret known, every
respondent key is re-identified by brute force over the id space. A loopback Bot API (the
fake server of the tests, a local telegram-bot-api under test) serves no real people, so the
checks are waived there.
"""

from __future__ import annotations

import ipaddress
import re
import sys
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError
from pydantic_settings import BaseSettings
from pydantic_settings.exceptions import SettingsError

from bot.config import (
    DatabaseSettings,
    DigestSettings,
    EvidenceSettings,
    MessengerSettings,
    ScoringSettings,
    Settings,
    SurveySettings,
    TelegramSettings,
    WebhookSettings,
)

MIN_SECRET_CHARS = 32
# Values shipped in this repository (.env.example, old defaults, tests) or typed by habit.
KNOWN_SECRETS = frozenset(
    {
        "change-me-in-production",
        "change-me",
        "changeme",
        "secret",
        "test-secret",
        "e2e-secret",
        "demo-secret",
        "bench-secret",
        "password",
    }
)
GENERATE = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
# Inputs never echoed back in an error line.
_HIDDEN = ("secret", "token", "key", "password")

GROUPS: dict[str, type[BaseSettings]] = {
    "telegram": TelegramSettings,
    "database": DatabaseSettings,
    "survey": SurveySettings,
    "scoring": ScoringSettings,
    "evidence": EvidenceSettings,
    "digest": DigestSettings,
    "webhook": WebhookSettings,
    "messenger": MessengerSettings,
}


class BadSettings(Exception):
    """One line per bad setting, ready for stderr."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(self.lines))


def _shown(name: str, value: Any) -> str:
    if any(word in name.lower() for word in _HIDDEN):
        return ""
    text = repr(value) if isinstance(value, str) else repr(str(value))
    return f", got {text[:80]}" if len(text) <= 80 else f", got {text[:77]}...'"


def describe(error: ValidationError | SettingsError) -> list[str]:
    """`bad setting NAME: what is expected, got 'value'`, one line per bad setting."""
    if isinstance(error, SettingsError):
        found = re.search(r'field "([^"]+)"', str(error))
        name = found.group(1).upper() if found else "?"
        return [f"bad setting {name}: not valid JSON"]
    lines: list[str] = []
    for item in error.errors(include_url=False):
        name = str(item["loc"][0]).upper() if item["loc"] else "?"
        message = str(item["msg"]).removeprefix("Value error, ")
        line = f"bad setting {name}: {message}{_shown(name, item.get('input'))}"
        if line not in lines:
            lines.append(line)
    return lines


def load_settings() -> Settings:
    """Every group from the environment and `.env`; BadSettings names what is wrong."""
    groups: dict[str, BaseModel] = {}
    lines: list[str] = []
    for attribute, group in GROUPS.items():
        try:
            groups[attribute] = group()
        except (ValidationError, SettingsError) as error:
            lines.extend(describe(error))
    if lines:
        raise BadSettings(lines)
    settings = Settings(**groups)  # type: ignore[arg-type]
    lines = messenger_problems(settings)
    if lines:
        raise BadSettings(lines)
    return settings


def messenger_problems(settings: Settings) -> list[str]:
    """A MESSENGER without its token, or with the other messenger's token only: one line."""
    messenger = settings.messenger
    if messenger.is_max and messenger.max_bot_token is None:
        return [
            "bad setting MAX_BOT_TOKEN: required when MESSENGER=max (the token MAX's @MasterBot "
            "gives; README, Running on MAX)"
        ]
    if not messenger.is_max and settings.telegram.bot_token is None and messenger.max_bot_token:
        return [
            "bad setting MESSENGER: MAX_BOT_TOKEN is set but MESSENGER is telegram; set "
            "MESSENGER=max to serve MAX, or BOT_TOKEN to serve Telegram"
        ]
    return []


def is_loopback(url: str) -> bool:
    """A Bot API on this machine's loopback (tests, a fake server): no real people there."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _weak(value: str) -> str | None:
    if not value.strip():
        return "not set"
    if value.strip().lower() in KNOWN_SECRETS:
        return "a shipped or well-known placeholder"
    if len(value) < MIN_SECRET_CHARS:
        return f"shorter than {MIN_SECRET_CHARS} characters"
    return None


def secret_problems(settings: Settings) -> list[str]:
    """Why these secrets must not serve a real Bot API (empty: fine, or a loopback API)."""
    if is_loopback(settings.api_url):
        return []
    survey = settings.survey
    secret = survey.respondent_secret.get_secret_value()
    sealing = survey.sealing_key.get_secret_value()
    lines = []
    weak = _weak(secret)
    if weak:
        lines.append(
            f"bad setting RESPONDENT_SECRET: {weak}; set a random value of at least "
            f"{MIN_SECRET_CHARS} characters, e.g. from `{GENERATE}` (on a live bot a new one "
            "starts every respondent key afresh: README, Secrets)"
        )
    if not sealing:
        lines.append(
            "bad setting SEALING_KEY: not set; it must be a random value of its own, e.g. "
            f"from `{GENERATE}` (`make run` writes one into a new .env)"
        )
    elif _weak(sealing):
        lines.append(f"bad setting SEALING_KEY: {_weak(sealing)}; generate one with `{GENERATE}`")
    elif sealing == secret:
        lines.append(
            "bad setting SEALING_KEY: the same as RESPONDENT_SECRET; it must be a second, "
            "independent random value"
        )
    return lines


def refuse_weak_secrets(settings: Settings) -> bool:
    """Print why the secrets must not serve this Bot API; True when the command must stop."""
    lines = secret_problems(settings)
    for line in lines:
        print(line, file=sys.stderr)
    return bool(lines)
