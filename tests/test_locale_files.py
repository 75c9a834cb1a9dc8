"""One .ftl per feature, the same files in every language, each key in the same file.

The texts themselves are checked by tests/test_locale_keys.py; this guards where they live,
so a feature's texts can be found by its name (locales/<lang>/<feature>.ftl).
"""

from __future__ import annotations

from pathlib import Path

from fluent.syntax import FluentParser
from fluent.syntax import ast as fl

from bot.i18n import LANGUAGES

LOCALES = Path(__file__).resolve().parent.parent / "locales"
# key prefix -> the feature file its messages belong in
HOMES = {
    "adm-": "team.ftl",
    "invite-": "team.ftl",
    "ev-": "evidence.ftl",
    "rv-": "evidence.ftl",
    "news-": "news.ftl",
    "mi-": "my_index.ftl",
    "q-": "questionnaire.ftl",
}


def files_of(language: str) -> dict[str, str]:
    """message key -> the file defining it"""
    found: dict[str, str] = {}
    for path in sorted((LOCALES / language).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, fl.Message):
                found[entry.id.name] = path.name
    return found


def test_every_language_has_the_same_files_and_keys_in_them() -> None:
    names = {lang: sorted(p.name for p in (LOCALES / lang).glob("*.ftl")) for lang in LANGUAGES}
    assert all(files == names["ru"] for files in names.values()), names
    ru = files_of("ru")
    for language in LANGUAGES:
        assert files_of(language) == ru, language


def test_a_features_texts_live_in_its_file() -> None:
    misplaced = [
        f"{key} in {where}, expected {home}"
        for key, where in files_of("ru").items()
        for prefix, home in HOMES.items()
        if key.startswith(prefix) and where != home
    ]
    assert not misplaced, misplaced
    assert {"survey.ftl", "team.ftl"} <= set(files_of("ru").values())
