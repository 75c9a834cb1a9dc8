"""HEIC photos sent as files through the production dispatcher (issue 10)."""

from __future__ import annotations

import pytest

from bot.config import Settings
from services.team.roles import STAFF
from tests.evidence_support import (
    CAO,
    SM,
    evidence_rows,
    file_rows,
    grant,
    moscow_now,
    open_requirement,
    send_document,
    send_location,
)
from tests.harness import Person
from tests.images import make_heic_with_gps, make_jpeg_with_gps, offset_north

pytestmark = pytest.mark.backends("sqlite", "postgresql")


async def staff(user: Person, sm: SM) -> Person:
    await grant(sm, user.user.id, STAFF, "77-cao")
    return user


async def test_heic_sent_as_file_is_checked_by_its_gps(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K1", 2)  # K1-kids-corner, photo_geo
    lat, lon = offset_north(*CAO, 40)
    heic = make_heic_with_gps(lat, lon, moscow_now(), offset="+03:00")
    await send_document(user, heic, "IMG_0042.HEIC", "image/heic")
    assert "Файл добавлен" in user.last().text
    assert "40 м от центра — проверка пройдена" in user.last().text
    await user.tap("Отправить на проверку")
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "pending" and evidence.geo_ok is True
    [stored] = await file_rows(sessionmaker, evidence.id)
    assert stored.mime_type == "image/heic" and stored.exif_lat is not None
    assert stored.exif_taken_at is not None


async def test_heic_without_gps_is_treated_like_a_jpeg_without_gps(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await staff(user, sessionmaker)
    cards = []
    for number, (picture, name, mime) in enumerate(
        [
            (make_jpeg_with_gps(None, None, moscow_now()), "IMG_1.JPG", "image/jpeg"),
            (make_heic_with_gps(None, None, moscow_now()), "IMG_2.HEIC", "image/heic"),
        ],
        start=1,
    ):
        await open_requirement(user, "K1", number)
        await send_document(user, picture, name, mime)
        cards.append(user.last().text)
        await user.tap("Удалить черновик")
    jpeg_card, heic_card = cards
    geo = [line for line in jpeg_card.splitlines() if line.startswith("📍")]
    assert geo and geo == [line for line in heic_card.splitlines() if line.startswith("📍")]
    assert "открыть его как изображение не удалось" not in heic_card


async def test_corrupt_heic_gets_a_clear_reply_and_is_kept(
    user: Person, sessionmaker: SM, checklist: None, settings: Settings
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K1", 1)
    broken = make_heic_with_gps(*CAO, moscow_now(), offset="+03:00")[:200]  # cut short
    await send_document(user, broken, "IMG_0043.HEIC", "image/heic")
    reply = user.last().text
    assert "Файл добавлен" in reply
    assert "открыть его как изображение не удалось" in reply
    assert "Пришлите фото ещё раз" in reply
    [draft] = await evidence_rows(sessionmaker)
    [stored] = await file_rows(sessionmaker, draft.id)
    # Kept byte for byte, for the moderator: nothing the sender gave is lost.
    assert (settings.evidence.media_dir / stored.stored_path).read_bytes() == broken
    assert stored.exif_lat is None
    # The draft goes on: a shared location can still prove the place.
    await send_location(user, *offset_north(*CAO, 30), accuracy=10)
    assert "30 м от центра — проверка пройдена" in user.last().text
