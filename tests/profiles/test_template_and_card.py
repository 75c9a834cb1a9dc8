"""The profile templates are data that match seed 002, and the portrait card stays readable."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from charts.portrait import PortraitCard, render_portrait
from services.profiles.rules import clean_value, months_between
from services.profiles.template import (
    CHOICE,
    EMPLOYERS,
    KINDS,
    SEEKERS,
    TemplateError,
    load_template,
    parse_template,
)
from services.refusal import Refusal
from storage.models import utcnow


@pytest.mark.parametrize("kind", KINDS)
def test_every_template_loads_with_labels_in_both_languages(kind: str) -> None:
    template = load_template(kind)
    assert template.kind == kind and len(template.columns) == 3
    for field in template.fields:
        assert field.ru and field.en and field.section_ru and field.section_en
    assert [c.ru for c in template.columns] == [
        "Ценности, личные качества, интересы",
        "Желания",
        "Боли и сложности",
    ]


def test_the_seekers_template_has_seed_002s_characteristics() -> None:
    template = load_template(SEEKERS)
    ids = {f.id for f in template.fields}
    assert {"age", "sex", "family", "dependants", "health", "income", "education", "skills",
            "experience", "locality", "transport", "climate", "local_features", "goals",
            "values", "qualities", "interests", "wishes", "pains", "channels", "sources",
            "mobility"} <= ids  # fmt: skip
    income = template.field("income")
    assert income is not None and income.type == CHOICE and len(income.options) == 5


def test_the_employers_template_has_the_employer_variant() -> None:
    ids = {f.id for f in load_template(EMPLOYERS).fields}
    assert {"ownership", "sector", "headcount", "transport", "pay", "features", "attractive",
            "negative", "channels"} <= ids  # fmt: skip


def test_a_broken_template_is_refused() -> None:
    with pytest.raises(TemplateError):
        parse_template({"kind": "seekers", "sections": [], "columns": []}, "seekers")
    raw = {
        "kind": "seekers",
        "sections": [{"ru": "А", "en": "A", "fields": [{"id": "x", "type": "text", "ru": "Х",
                                                        "en": "X"}]}],
        "columns": [{"ru": "1", "en": "1", "fields": ["missing"]}] * 3,
    }  # fmt: skip
    with pytest.raises(TemplateError, match="unknown fields"):
        parse_template(raw, "seekers")


def test_lists_are_one_item_per_line_and_bounded() -> None:
    skills = load_template(SEEKERS).field("skills")
    assert skills is not None
    assert clean_value(skills, " - ПК\n\n• соцсети  и   почта ") == ["ПК", "соцсети и почта"]
    with pytest.raises(Refusal) as error:
        clean_value(skills, "x" * 201)
    assert error.value.reason == "too_long" and error.value.details == {"limit": 200, "length": 201}


def test_months_between_counts_whole_months() -> None:
    now = utcnow()
    assert months_between(now, now) == 0
    assert months_between(now.replace(year=now.year - 1), now) == 12


def test_a_long_portrait_is_cut_but_stays_within_telegram_limits() -> None:
    items = tuple(
        f"Пункт номер {n}, довольно длинный, чтобы переносился на строки" for n in range(60)
    )
    card = PortraitCard(
        "Портрет клиентской группы", "Группа " * 40, "Регион · соискатели · 01.12.2026",
        tuple((f"Признак {n}", "значение " * 30) for n in range(30)), (("А", items),) * 3,
    )  # fmt: skip
    image = Image.open(io.BytesIO(render_portrait(card)))
    assert image.width == 1200
    assert image.width + image.height <= 10_000 and image.height <= 20 * image.width
    empty = PortraitCard("Портрет", "Пусто", "—", (), (("А", ()), ("Б", ()), ("В", ())))
    assert Image.open(io.BytesIO(render_portrait(empty))).height >= 700
