"""The digest's caption: Telegram HTML that always fits 1,024 visible characters."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import Translations, Translator
from charts import RatingRow, build_caption, visible_length
from charts.caption import fmt_delta, fmt_week, shorten
from tests.charts import make_digest, region

RU = Translations().get("ru")
EN = Translations().get("en")
LIMIT = 1024
NAME_LIMITS = (None, 48, 36, 28, 22, 18, 12)  # the steps build_caption shortens names by


def assert_clean(caption: str, limit: int = LIMIT) -> None:
    assert visible_length(caption) <= limit
    assert "digest-" not in caption and "group-" not in caption  # no raw message key
    assert caption.count("<b>") == caption.count("</b>")
    # Only <b> tags; every other < > & is escaped.
    rest = re.sub(r"</?b>", "", caption)
    assert "<" not in rest and ">" not in rest
    assert re.fullmatch(r"([^&]|&(amp|lt|gt);)*", rest, flags=re.DOTALL)


def contains_name(caption: str, name: str) -> bool:
    return any(html.escape(shorten(name, n), quote=False) in caption for n in NAME_LIMITS)


def test_russian_caption() -> None:
    rows = [
        region("Тульская область", 8.4567, delta=0.3),
        region("г. Москва", 9.1234, delta=0.1234),
        region("Республика Татарстан", 8.0, delta=-0.2),
        region("Приморский край", 7.5, delta=0.004),  # rounds to 0,00: no change
        region("Чукотский автономный округ", 7.2, delta=-0.05),
        region("Омская область", 6.9, delta=None),
        region("Курская область", 9.9, official=False, delta=0.9),  # preliminary: not a leader
        region("Кировская область", None, official=False, delta=None),
    ]
    caption = build_caption(make_digest(rows=rows), RU)
    assert_clean(caption)
    assert "47-я неделя 2026 (16.11–22.11)" in caption
    assert "<b>7,43</b> из 10 (▲0,12 за неделю)" in caption
    assert "12\xa0345 анкет, из них от работодателей 2\xa0345" in caption
    assert "индекс официальный" in caption
    assert "1. г. Москва — 9,12 ▲0,12" in caption
    assert "2. Тульская область — 8,46 ▲0,30" in caption
    assert "Курская область" not in caption  # a preliminary index is not among the leaders
    assert "star-2023" in caption
    assert "23 ноября 2026" in caption
    risers = caption.split("Рост за неделю")[1].split("Снижение")[0]
    fallers = caption.split("Снижение за неделю")[1]
    assert "Тульская область ▲0,30" in risers and "г. Москва ▲0,12" in risers
    assert "Приморский" not in risers + fallers  # a change that shows as 0,00 is no change
    assert "Омская" not in risers + fallers
    assert "Республика Татарстан ▼0,20" in fallers
    assert fallers.index("Татарстан") < fallers.index("Чукотский")  # biggest fall first


def test_english_caption_uses_a_decimal_point() -> None:
    caption = build_caption(make_digest(rows=[region("Tula region", 8.4567, delta=-0.25)]), EN)
    assert_clean(caption)
    assert "week 47 of 2026" in caption
    assert "<b>7.43</b> of 10 (▲0.12 this week)" in caption
    assert "12,345 questionnaires" in caption
    assert "Tula region — 8.46 ▼0.25" in caption
    assert "Nov 23, 2026" in caption
    assert "," not in re.sub(r"\d,\d{3}|[^\d],|,[^\d]", "", caption)  # no decimal comma


def test_few_official_regions_are_said_and_preliminary_shown_apart() -> None:
    rows = [
        region("Официальная область", 6.0),
        region("Предварительная область", 9.0, official=False),
        region("Ещё одна область", 8.0, official=False),
    ]
    caption = build_caption(make_digest(rows=rows), RU)
    assert_clean(caption)
    assert "Официальный индекс пока только у 1 региона" in caption
    assert "1. Официальная область — 6,00" in caption
    preliminary = caption.split("Предварительные (мало анкет)")[1]
    assert "• Предварительная область — 9,00" in preliminary
    assert preliminary.index("Предварительная") < preliminary.index("Ещё одна")


def test_no_official_region_and_a_preliminary_country() -> None:
    rows = [region("Первая область", 7.0, official=False), region("Вторая", None)]
    digest = dataclasses.replace(
        make_digest(rows=rows), country_official=False, country_respondents=42, country_employers=3
    )
    caption = build_caption(digest, RU)
    assert_clean(caption)
    assert "Официального индекса пока нет ни у одного региона" in caption
    assert "• Первая область — 7,00" in caption
    assert "42 анкеты" in caption
    assert "индекс предварительный: нужно не менее 100 анкет, из них 20 от работодателей" in caption


def test_first_week_and_no_data() -> None:
    digest = dataclasses.replace(
        make_digest(rows=[], with_prev=False), country_index=None, week="not-a-week"
    )
    caption = build_caption(digest, RU)
    assert_clean(caption)
    assert "Индекс по стране: пока нет данных" in caption
    assert "нет данных</b> из 10" not in caption and "нет данных из 10" not in caption
    assert "неделя not-a-week" in caption


def test_names_are_escaped() -> None:
    rows = [region("Край <b>Большой</b> & Малый", 9.0, delta=0.5)]
    caption = build_caption(make_digest(rows=rows), RU)
    assert_clean(caption)
    assert "Край &lt;b&gt;Большой&lt;/b&gt; &amp; Малый" in caption


def test_85_regions_fit() -> None:
    digest = make_digest(85, with_none=True)
    caption = build_caption(digest, RU)
    assert_clean(caption)
    top = max((r for r in digest.regions if r.official and r.index is not None),
              key=lambda r: r.index or 0.0)  # fmt: skip
    assert contains_name(caption, top.name)


long_name = st.lists(
    st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГД-—()&<>", min_size=1, max_size=40),
    min_size=1,
    max_size=12,
).map(" ".join)


@st.composite
def ratings(draw: st.DrawFn) -> list[RatingRow]:
    count = draw(st.integers(1, 85))
    rows = []
    for i in range(count):
        rows.append(
            RatingRow(
                code=str(i),
                name=draw(long_name),
                index=draw(st.one_of(st.none(), st.floats(0, 10))),
                official=draw(st.booleans()),
                respondents=draw(st.integers(0, 10**6)),
                employers=draw(st.integers(0, 10**6)),
                delta=draw(st.one_of(st.none(), st.floats(-10, 10))),
            )
        )
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ratings(), english=st.booleans())
def test_always_fits_with_85_very_long_names(rows: list[RatingRow], english: bool) -> None:
    t = EN if english else RU
    caption = build_caption(make_digest(rows=rows), t)
    assert_clean(caption)
    rated = [r for r in rows if r.index is not None]
    leaders = [r for r in rated if r.official] or rated
    if leaders:
        top = sorted(leaders, key=lambda r: (-(r.index or 0.0), r.name))[0]
        assert contains_name(caption, top.name)


def test_85_regions_with_very_long_names_keep_the_leaders() -> None:
    names = [f"{i:02d} " + "Очень длинное название субъекта федерации " * 5 for i in range(85)]
    rows = [region(n, 9.0 - i / 20, delta=(-1) ** i * 0.3) for i, n in enumerate(names)]
    caption = build_caption(make_digest(rows=rows), RU)
    assert_clean(caption)
    for rank in range(1, 6):
        assert f"\n{rank}. 0{rank - 1} Очень" in caption
    assert caption.rstrip().endswith("данные на 23 ноября 2026")  # methodology kept


@settings(max_examples=60, deadline=None)
@given(limit=st.integers(0, LIMIT), english=st.booleans())
def test_any_limit_is_kept(limit: int, english: bool) -> None:
    caption = build_caption(make_digest(85), EN if english else RU, limit=limit)
    assert_clean(caption, limit)


def test_visible_length_counts_like_telegram() -> None:
    assert visible_length("<b>a&amp;b</b>") == 3
    assert visible_length("📈 x") == 4  # an emoji outside the BMP is two UTF-16 units


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Тульская область", None, "Тульская область"),
        ("Тульская область", 16, "Тульская область"),
        ("Ханты-Мансийский автономный округ — Югра", 30, "Ханты-Мансийский автономный…"),
        ("Ханты-Мансийский автономный округ — Югра", 20, "Ханты-Мансийский…"),
        ("Сверхдлинноеоднословноеназвание", 10, "Сверхдлин…"),
        ("  лишние   пробелы \n ", None, "лишние пробелы"),
    ],
)
def test_shorten(text: str, limit: int | None, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert limit is None or len(shorten(text, limit)) <= limit


@pytest.mark.parametrize(
    ("t", "delta", "expected"),
    [
        (RU, 0.1234, "▲0,12"),
        (RU, -0.05, "▼0,05"),
        (RU, 0.004, "0,00"),
        (RU, -0.004, "0,00"),
        (RU, None, "—"),
        (EN, 1.005, "▲1.00"),
        (EN, -2.5, "▼2.50"),
    ],
)
def test_delta_format(t: Translator, delta: float | None, expected: str) -> None:
    assert fmt_delta(t, delta) == expected


def test_week_format() -> None:
    assert fmt_week(RU, "2026-W01") == "1-я неделя 2026 (29.12–04.01)"
    assert fmt_week(EN, "2026-W53") == "week 53 of 2026 (Dec 28 – Jan 3)"
    assert fmt_week(RU, "2025-W53") == "неделя 2025-W53"  # 2025 has 52 ISO weeks


def test_unchanged_or_new_leaders_show_no_change() -> None:
    rows = [region("Новая область", 8.0, delta=None), region("Ровная область", 7.0, delta=0.001)]
    caption = build_caption(make_digest(rows=rows), RU)
    assert "1. Новая область — 8,00\n" in caption
    assert "2. Ровная область — 7,00\n" in caption


LOCALES = Path(__file__).resolve().parents[2] / "locales"


def digest_messages(lang: str) -> dict[str, ast.Message]:
    source = (LOCALES / lang / "digest.ftl").read_text(encoding="utf-8")
    resource = FluentParser().parse(source)
    assert not [e for e in resource.body if isinstance(e, ast.Junk)], f"{lang}: unparsable"
    return {e.id.name: e for e in resource.body if isinstance(e, ast.Message)}


def test_digest_ftl_has_the_same_messages_in_both_languages() -> None:
    ru, en = set(digest_messages("ru")), set(digest_messages("en"))
    assert ru == en, f"only ru {sorted(ru - en)}, only en {sorted(en - ru)}"
    assert all(name.startswith("digest-") for name in ru)  # group-* live in questionnaire.ftl


@pytest.mark.parametrize("t", [RU, EN], ids=["ru", "en"])
def test_digest_texts_are_safe_telegram_html(t: Translator) -> None:
    args = dict.fromkeys(
        ("week", "country", "name", "index", "change", "delta", "date", "methodology", "label"),
        "x",
    )
    numbers = dict.fromkeys(
        ("value", "count", "total", "official", "preliminary", "nodata", "respondents",
         "employers", "min_respondents", "min_employers", "rank", "page", "pages", "weeks"),
        3,
    )  # fmt: skip
    for key in digest_messages(t.language):
        text = re.sub(r"</?b>", "", t(key, **args, **numbers))
        assert "<" not in text and ">" not in text and "&" not in text, key
        assert "{" not in text and "}" not in text, key
