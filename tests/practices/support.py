"""Steps shared by the practice tests."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import utcnow
from storage.models_practices import Practice
from storage.models_profiles import ClientProfile
from tests.evidence_support import SM, send_photo
from tests.harness import Person
from tests.images import make_jpeg_with_gps

TITLE = "Заполняем заявление вместе с клиентом за 10 минут"
PROBLEM = "Предпенсионеры тратили на заявление по 40 минут & уходили без записи <на приём>."
DONE = "Консультант заполняет заявление вместе с клиентом на планшете и сразу записывает."
RESULT = "Время на заявление сократилось до 10 минут, жалоб на очередь не стало."


async def add_profile(sm: SM, region: str, name: str) -> int:
    """A client-group profile of the region (seed 002), written by staff member 1001."""
    now = utcnow()
    async with sm.begin() as session:
        profile = ClientProfile(
            region_code=region, kind="seekers", name=name, fields={}, created_by=1001,
            created_at=now, updated_by=1001, updated_at=now,
        )  # fmt: skip
        session.add(profile)
        await session.flush()
        return profile.id


async def practices(sm: SM) -> list[Practice]:
    async with sm() as session:
        return list(await session.scalars(select(Practice).order_by(Practice.id)))


async def fill_until_photos(staff: Person) -> None:
    """/practice through the start date, with the indicators typed and tapped."""
    await staff.send("/practice")
    await staff.send(TITLE)
    await staff.send("M7, к1")  # typed codes, one in Cyrillic
    await staff.tap("предпенсионного")
    await staff.send(PROBLEM)
    await staff.send(DONE)
    await staff.send(RESULT)
    await staff.send("01.09.2025")


async def add_photos(staff: Person, count: int) -> None:
    for number in range(count):
        picture = make_jpeg_with_gps(None, None, None, color=(10 * number, 100, 50))
        await send_photo(staff, picture, media_group_id="album1")
