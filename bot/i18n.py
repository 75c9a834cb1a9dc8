"""Fluent translations: every user-facing text lives in locales/<lang>/*.ftl."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal
from fluent.runtime import FluentBundle, FluentResource

from bot.config import PROJECT_ROOT

LOCALES_DIR = PROJECT_ROOT / "locales"
LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "ru"

log = logging.getLogger(__name__)


def number(value: float, digits: int, language: str) -> str:
    """A decimal as people of `language` write it: «0,2» and «12 345,5» in Russian.

    For numbers put into a text by code; a message can also format its own with NUMBER().
    """
    pattern = "#,##0." + "0" * digits if digits > 0 else "#,##0"
    return str(format_decimal(value, format=pattern, locale=language))


def pick_language(chosen: str | None, telegram_code: str | None) -> str:
    """The language to answer in: the one chosen with /language, else the Telegram app's.

    Telegram sends the app's IETF tag ("en", "en-GB", "ru"); English for an English app,
    Russian for every other one, since Russian is the complete language of the bot.
    """
    if chosen in LANGUAGES:
        return chosen
    if telegram_code and telegram_code.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def nest_quotes(text: str) -> str:
    """«…«…»…» becomes «…„…“…»: the inner quotes of Russian typography.

    Names carry their own guillemets (Центр «Моя работа» САО) and texts quote names, so a
    formatted text can nest them. Only balanced texts change: a stray « in something a
    person wrote leaves the text as it is.
    """
    if text.count("«") < 2:
        return text
    out: list[str] = []
    depth = 0
    for char in text:
        if char == "«":
            out.append("«" if depth == 0 else "„")
            depth += 1
        elif char == "»":
            depth -= 1
            if depth < 0:
                return text
            out.append("»" if depth == 0 else "“")
        else:
            out.append(char)
    return "".join(out) if depth == 0 else text


class Translator:
    """Formats messages of one language; falls back to Russian, the complete one."""

    def __init__(self, language: str, bundle: FluentBundle, fallback: Translator | None) -> None:
        self.language = language
        self._bundle = bundle
        self._fallback = fallback
        # A message without arguments formats the same every time: a question's text, a
        # button's label. Formatted once (bench/profile_answers.py: ~4 per answer).
        self._plain: dict[str, str] = {}

    def number(self, value: float, digits: int) -> str:
        return number(value, digits, self.language)

    def has(self, key: str) -> bool:
        return bool(self._bundle.has_message(key))

    def __call__(self, key: str, **args: Any) -> str:
        if not args:
            plain = self._plain.get(key)
            if plain is None:
                plain = self._plain[key] = self._format(key, args)
            return plain
        return self._format(key, args)

    def _format(self, key: str, args: dict[str, Any]) -> str:
        if not self._bundle.has_message(key):
            if self._fallback is not None:
                return self._fallback(key, **args)
            log.error("missing translation %s", key)
            return key
        message = self._bundle.get_message(key)
        if message.value is None:  # a message with attributes only
            return key
        text, errors = self._bundle.format_pattern(message.value, args)
        if errors:
            log.warning("translation %s(%s): %s", key, self.language, errors)
        return nest_quotes(str(text))


class Translations:
    def __init__(self, directory: Path = LOCALES_DIR) -> None:
        fallback = self._load(directory, DEFAULT_LANGUAGE, None)
        self._by_language: dict[str, Translator] = {DEFAULT_LANGUAGE: fallback}
        for language in LANGUAGES:
            if language != DEFAULT_LANGUAGE:
                self._by_language[language] = self._load(directory, language, fallback)

    @staticmethod
    def _load(directory: Path, language: str, fallback: Translator | None) -> Translator:
        # No isolation marks: Telegram shows them as stray characters on some clients.
        bundle = FluentBundle([language], use_isolating=False)
        for path in sorted((directory / language).glob("*.ftl")):
            bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
        return Translator(language, bundle, fallback)

    def get(self, language: str | None) -> Translator:
        return self._by_language.get(language or DEFAULT_LANGUAGE, self._by_language["ru"])
