"""A stored profile as the portrait card's content (charts.portrait draws it).

The card is in Russian, like the source documents: the template's Russian labels, the region's
name, the kind. Facts are the values outside the three columns, in the template's order.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from charts.cards import PortraitCard
from services.profiles.rules import shown_value
from services.profiles.template import SEEKERS, load_template
from storage.models_profiles import ClientProfile

KIND_RU = {SEEKERS: "соискатели", "employers": "работодатели"}
CARD_TITLE = "Портрет клиентской группы"


def portrait_of(profile: ClientProfile, region_name: str, timezone: str) -> PortraitCard:
    template = load_template(profile.kind)
    values = profile.fields or {}
    facts = tuple(
        (field.ru, shown_value(field, values[field.id], "ru"))
        for field in template.fields
        if field.id not in template.column_fields and values.get(field.id) not in (None, "", [])
    )
    columns = tuple(
        (
            column.ru,
            tuple(
                str(item)
                for field_id in column.fields
                for item in (values.get(field_id) or [])
                if isinstance(values.get(field_id), list)
            ),
        )
        for column in template.columns
    )
    updated = _local(profile.updated_at, timezone).strftime("%d.%m.%Y")
    subtitle = f"{region_name} · {KIND_RU.get(profile.kind, profile.kind)} · {updated}"
    return PortraitCard(CARD_TITLE, profile.name, subtitle, facts, columns)


def _local(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def portrait_png(profile: ClientProfile, region_name: str, timezone: str) -> bytes:
    from charts.portrait import render_portrait  # matplotlib only when drawn (charts.cards)

    return render_portrait(portrait_of(profile, region_name, timezone))
