"""/my_index shows the 95 % interval of the index (METHODOLOGY.md §8), in both languages."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram.methods import SendPhoto
from fluent.syntax import FluentParser, ast
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations
from handlers.digest.my_index import interval_line
from services.demo import populate
from services.team.roles import STAFF, Roles
from storage.models import utcnow
from tests.harness import Person, RecordingSession

SM = async_sessionmaker[AsyncSession]
LOCALES = Path(__file__).resolve().parent.parent.parent / "locales"
RU = Translations().get("ru")
EN = Translations().get("en")


async def test_staff_see_the_interval_of_their_centre(
    user: Person, sessionmaker: SM, settings: Settings, recording: RecordingSession, centres: None
) -> None:
    async with sessionmaker() as session:
        await populate(session, settings, last_run=utcnow() - timedelta(days=1), weeks=2)
        await Roles(session).grant(user.user.id, STAFF, "77-cao", by=1)
        await session.commit()
    await user.send("/my_index")
    photo = next(c for c in recording.calls if isinstance(c, SendPhoto))
    caption = photo.caption or ""
    found = re.search(r"Индекс: <b>(\d,\d\d)</b>.*\n95 % интервал: (\d,\d\d) – (\d,\d\d)", caption)
    assert found, caption
    index, low, high = (float(g.replace(",", ".")) for g in found.groups())
    assert low <= index <= high


def test_interval_line_in_both_languages() -> None:
    assert interval_line(RU, 6.1, 6.704, 0.95) == "95 % интервал: 6,10 – 6,70"
    assert interval_line(EN, 6.1, 6.704, 0.9) == "90 % interval: 6.10 – 6.70"
    assert "анкет пока слишком мало" in interval_line(RU, None, None, 0.95)
    assert "too few questionnaires" in interval_line(EN, None, None, 0.95)


def messages(language: str) -> set[str]:
    source = (LOCALES / language / "interval.ftl").read_text(encoding="utf-8")
    resource = FluentParser().parse(source)
    assert not [e for e in resource.body if isinstance(e, ast.Junk)], language
    return {e.id.name for e in resource.body if isinstance(e, ast.Message)}


def test_every_interval_text_exists_in_russian_and_english() -> None:
    ru, en = messages("ru"), messages("en")
    assert ru == en, f"only ru {sorted(ru - en)}, only en {sorted(en - ru)}"
    assert all(key.startswith("interval-") for key in ru)


@pytest.mark.parametrize("key", ["interval-caption-mark", "interval-caption-legend"])
def test_caption_texts_are_plain(key: str) -> None:
    for t in (RU, EN):
        assert "<" not in t(key) and t(key) != key
