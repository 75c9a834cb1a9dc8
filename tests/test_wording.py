"""Russian wording rules checked on the rendered texts (issue 9): plural forms through
Fluent's plural categories, no abbreviated units after a number, the decimal comma, quotes
inside quotes, and what a text says when there is no data."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.i18n import Translations, Translator, nest_quotes, number, pick_language

ROOT = Path(__file__).resolve().parent.parent
RU_FILES = sorted((ROOT / "locales" / "ru").glob("*.ftl"))
T = Translations()
RU, EN = T.get("ru"), T.get("en")

# An abbreviated word right after a placeable: «{ $days } дн.», «{ $weeks } нед.», «{ $h } ч».
ABBREVIATED = re.compile(r"\}\s*(?:дн|нед|мес|мин|сек|ч|шт|тыс|предв)(?:\.|\b)")


@pytest.mark.parametrize("path", RU_FILES, ids=lambda p: p.name)
def test_no_abbreviated_units_after_numbers(path: Path) -> None:
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ABBREVIATED.search(line) or "(предв.)" in line
    ]
    assert not found, found


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "за последний 1 день"), (2, "за последние 2 дня"), (5, "за последние 5 дней"),
     (21, "за последний 21 день")],
)  # fmt: skip
def test_days_agree_with_the_number(count: int, expected: str) -> None:
    text = RU("survey-too-soon", centre="Ц", days=count, date="01.06.2025")
    assert expected in text


@pytest.mark.parametrize(
    ("count", "ru", "en"),
    [(1, "Действует 1 день,", "Valid for 1 day,"),
     (2, "Действует 2 дня,", "Valid for 2 days,"),
     (5, "Действует 5 дней,", "Valid for 5 days,"),
     (21, "Действует 21 день,", "Valid for 21 days,")],
)  # fmt: skip
def test_invitation_validity_plurals(count: int, ru: str, en: str) -> None:
    args = {"role": "r", "days": count, "date": "d", "zone": "UTC+3", "link": "l"}
    assert ru in RU("adm-invite-ready", **args)
    assert en in EN("adm-invite-ready", **args)


@pytest.mark.parametrize(
    ("count", "weeks", "within"),
    [(1, "1 неделя", "1 часа"), (2, "2 недели", "2 часов"), (5, "5 недель", "5 часов"),
     (21, "21 неделя", "21 часа")],
)  # fmt: skip
def test_weeks_and_hours_plurals(count: int, weeks: str, within: str) -> None:
    assert weeks in RU("digest-trend-subtitle", weeks=count, end="01.06")
    assert f"в течение {within} после" in RU(
        "admin-digest-missed", week="w", scheduled="s", hours=count
    )


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 символ при"), (2, "2 символа при"), (5, "5 символов при"), (21, "21 символ при")],
)
def test_characters_plurals(count: int, expected: str) -> None:
    assert expected in RU("comment-too-long", length=count, limit=1000)


@pytest.mark.parametrize(
    ("value", "digits", "language", "expected"),
    [(0.2, 1, "ru", "0,2"), (0.2, 1, "en", "0.2"), (12345.25, 1, "ru", "12\u00a0345,2"),
     (7.0, 2, "ru", "7,00"), (42.4, 0, "ru", "42")],
)  # fmt: skip
def test_number_uses_the_languages_decimal_separator(
    value: float, digits: int, language: str, expected: str
) -> None:
    assert number(value, digits, language) == expected


def test_distance_has_a_decimal_comma() -> None:
    from handlers.survey.keyboards import centre_list
    from services.centres.directory import NearbyCentre
    from storage.models import Centre

    centre = Centre(code="77-cao", region_code="77", name="ЦЗН ЦАО", timezone="Europe/Moscow")
    listed = centre_list(RU, [NearbyCentre(centre, 0.24), NearbyCentre(centre, 12.6)])
    assert listed.splitlines() == ["1. ЦЗН ЦАО · 0,2 км", "2. ЦЗН ЦАО · 13 км"]
    assert EN.number(0.24, 1) == "0.2"


def test_a_quoted_name_with_its_own_quotes_gets_inner_quotes() -> None:
    text = RU("survey-too-soon", centre="Центр «Моя работа» САО", days=30, date="01.06.2025")
    assert "центр «Центр „Моя работа“ САО»" in text
    assert "««" not in text and "»»" not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("«a «b» c»", "«a „b“ c»"), ("«a» and «b»", "«a» and «b»"),
     ("«a «b «c»»»", "«a „b „c““»"), ("«a «b»", "«a «b»"), ("a» «b", "a» «b")],
)  # fmt: skip
def test_nest_quotes_changes_only_balanced_nesting(text: str, expected: str) -> None:
    assert nest_quotes(text) == expected


def test_a_level_without_an_index_does_not_say_no_data_of_10() -> None:
    from handlers.digest.my_index import card_text
    from scoring.methodology import load_methodology
    from services.index.my_index import LevelCard
    from storage.models import Snapshot

    snapshot = Snapshot(
        level="centre", code="77-cao", index=None, index_seeker=None, index_employer=None,
        groups={}, indicators={}, respondents=0, employers=0, official=False, delta=None,
    )  # fmt: skip
    card = LevelCard(
        level="centre", code="77-cao", name="ЦЗН", methodology=load_methodology("star-2023"),
        run=None, snapshot=snapshot, previous=None, taken_at=None, week=None,
        now=datetime(2026, 11, 30, 12, 0, tzinfo=UTC), respondents=0, employers=0,
        window_days=90, min_respondents=100, min_employers=20, since_respondents=None,
        since_employers=None, weakest=(), children=(),
    )  # fmt: skip
    for t, no_data in ((RU, "нет данных"), (EN, "no data")):
        text = card_text(t, card)
        assert no_data in text
        assert not re.search(r"(из|of) 10\b", text), text
        assert "индекс:" not in text.lower().replace("индекс: пока", "")  # no status line


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("Europe/Moscow", "UTC+3"), ("Asia/Kolkata", "UTC+5:30"), ("UTC", "UTC"),
     ("America/New_York", "UTC−5")],
)  # fmt: skip
def test_utc_offset_label(zone: str, expected: str) -> None:
    from datetime import UTC, datetime

    from services.centres.timezones import utc_offset

    assert utc_offset(datetime(2025, 1, 15, 12, tzinfo=UTC), zone) == expected


@pytest.mark.parametrize("t", [RU, EN], ids=["ru", "en"])
def test_policy_tells_about_the_news_opt_in(t: Translator) -> None:
    text = t(
        "policy-text", operator="ГКУ ЦЗН", contact="a@b.ru", retention_days=365, ticket_days=30
    )
    assert "ни рассылок" not in text and "no mailings" not in text
    assert t("btn-notify") in text  # the opt-in button is named, and how to leave it
    assert "/forget" in text


@pytest.mark.parametrize(
    ("chosen", "code", "expected"),
    [(None, "en", "en"), (None, "en-US", "en"), (None, "ru", "ru"), (None, "uk", "ru"),
     (None, None, "ru"), ("ru", "en", "ru"), ("en", "ru", "en"), ("xx", "en", "en")],
)  # fmt: skip
def test_pick_language(chosen: str | None, code: str | None, expected: str) -> None:
    assert pick_language(chosen, code) == expected


@pytest.mark.parametrize("t", [RU, EN], ids=["ru", "en"])
def test_questions_ask_one_thing_and_do_not_repeat(t: Translator) -> None:
    # Q4 (M5) asked about the channels and about not repeating oneself at once.
    m5 = t("q-M5")
    assert m5.count(".") == 1 and m5.endswith("."), m5
    assert "заново" not in m5 and "again" not in m5
    # Employers' Q17 (P2, the vacancy base) and Q18 (P1, overall use) nearly repeated.
    p2, p1 = t("q-P2"), t("q-P1-employer")
    assert ("ваканс" in p2) or ("vacanc" in p2)
    assert "ваканс" not in p1 and "vacanc" not in p1, p1


def test_a_message_without_arguments_is_formatted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    t = Translations().get("en")
    formatted: list[object] = []
    original = t._bundle.format_pattern

    def counting(pattern: object, args: object = None) -> object:
        formatted.append(pattern)
        return original(pattern, args)  # type: ignore[arg-type]

    monkeypatch.setattr(t._bundle, "format_pattern", counting)
    first = t("btn-back")
    assert t("btn-back") == first and len(formatted) == 1  # the second from memory
    # With arguments, every call formats: the arguments change the text.
    assert t("page-of", page=1, pages=3) != t("page-of", page=2, pages=3)
    assert len(formatted) == 3
    assert t("no-such-message") == "no-such-message"  # a missing key stays visible
