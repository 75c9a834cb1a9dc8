"""/profiles through the production dispatcher: a working group writes a profile from the
template and gets its portrait card; the draft survives a restart; bad input keeps the draft;
the list shows each profile's age; access is re-checked for every button."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from aiogram import Dispatcher
from aiogram.methods import SendPhoto
from aiogram.types import BufferedInputFile
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from bot.i18n import Translations
from handlers.profiles.callbacks import ProfilesCb
from services.team.roles import EXPERT, STAFF
from storage.models import utcnow
from storage.models_profiles import ClientProfile
from tests.evidence_support import grant
from tests.harness import Person

SM = async_sessionmaker[AsyncSession]
RU = Translations().get("ru")
STAFF_ID, EXPERT_ID, OTHER_EXPERT, RESPONDENT = 1001, 2001, 2002, 3001


def photos(person: Person) -> list[SendPhoto]:
    return [c for c in person.session.calls if isinstance(c, SendPhoto)]


def png_of(call: SendPhoto) -> Image.Image:
    assert isinstance(call.photo, BufferedInputFile)
    return Image.open(io.BytesIO(call.photo.data))


@pytest.fixture
async def staff(user: Person, sessionmaker: SM) -> Person:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    return user


async def start_new(person: Person, kind_label: str = "соискатели") -> None:
    await person.send("/profiles")
    await person.tap("Новый профиль")
    await person.tap(kind_label)


async def test_create_profile_and_get_its_card(staff: Person, sessionmaker: SM) -> None:
    await staff.send("/profiles")
    assert "Составлено 0 из 10" in staff.last().text
    await staff.tap("Новый профиль")
    await staff.tap("соискатели")
    assert "Как называется группа" in staff.last().text
    await staff.send("Инвалиды, зарегистрированные в ЦЗН")
    assert "Шаг 1 из 22" in staff.last().text and "Возраст" in staff.last().text
    await staff.send("средний возраст – 50+")
    await staff.send("мужской")  # sex
    await staff.tap("Пропустить")  # family
    await staff.tap("Пропустить")  # dependants
    await staff.tap("Пропустить")  # health
    assert "Уровень дохода семьи" in staff.last().text
    await staff.tap("мелкую бытовую технику")  # the third of seed 002's five options
    for _ in range(8):  # education, skills, experience, geography (4), goals
        await staff.tap("Пропустить")
    assert "Ценности" in staff.last().text
    await staff.send("Главное – состояние здоровья\n• Ценит стабильность")
    await staff.tap("Сохранить профиль")

    sent = photos(staff)
    assert len(sent) == 1
    assert "Профиль сохранён" in (sent[0].caption or "")
    assert "Инвалиды, зарегистрированные в ЦЗН" in (sent[0].caption or "")
    image = png_of(sent[0])
    assert image.width == 1200 and 700 <= image.height <= 8600
    async with sessionmaker() as session:
        profile = (await session.scalars(select(ClientProfile))).one()
    assert profile.region_code == "77" and profile.kind == "seekers"
    assert profile.fields == {
        "age": "средний возраст – 50+",
        "sex": "мужской",
        "income": 2,
        "values": ["Главное – состояние здоровья", "Ценит стабильность"],
    }
    # The list counts it against the target of ten.
    await staff.send("/profiles")
    assert "Составлено 1 из 10" in staff.last().text
    assert "обновлён в этом месяце" in staff.last().text


async def test_draft_survives_a_restart(
    staff: Person, settings: Settings, sessionmaker: SM, translations: Translations
) -> None:
    await start_new(staff)
    await staff.send("Молодые родители")
    await staff.send("25–35 лет")
    # The process restarts: a new dispatcher over the same database, nothing in memory.
    restarted: Dispatcher = create_dispatcher(settings, sessionmaker, translations=translations)
    again = Person(restarted, staff.bot, staff.session, STAFF_ID)
    await again.send("/profiles")
    waiting = [m for m in again.messages() if "несохранённый черновик" in m.text][-1]
    assert "«Молодые родители»" in waiting.text
    await again.tap("Продолжить черновик", waiting)
    assert "Шаг 2 из 22" in again.last().text and "Пол" in again.last().text
    await again.send("женский")
    await again.tap("Сохранить профиль")
    async with sessionmaker() as session:
        profile = (await session.scalars(select(ClientProfile))).one()
    assert profile.name == "Молодые родители"
    assert profile.fields == {"age": "25–35 лет", "sex": "женский"}


async def test_bad_input_is_answered_and_the_draft_kept(staff: Person, sessionmaker: SM) -> None:
    await start_new(staff)
    await staff.send("Х" * 201)
    assert "Слишком длинно: 201" in staff.last().text
    await staff.send("Предпенсионеры")
    await staff.send("55–60 лет")
    await staff.send("п" * 101)  # sex allows 100 characters
    assert "Слишком длинно: 101 символ при пределе 100" in staff.last().text
    await staff.send_sticker()
    assert staff.last().text == RU("profiles-not-text")
    await staff.tap("Пропустить")  # sex, after the errors the same question is still open
    await staff.send("женат")  # family
    await staff.tap("Сохранить профиль")
    async with sessionmaker() as session:
        profile = (await session.scalars(select(ClientProfile))).one()
    assert profile.fields == {"age": "55–60 лет", "family": "женат"}


async def test_a_list_over_its_item_limit_is_refused(staff: Person) -> None:
    await start_new(staff)
    await staff.send("Самозанятые")
    for _ in range(7):  # up to skills (a list of at most 15)
        await staff.tap("Пропустить")
    assert "Навыки и компетенции" in staff.last().text
    await staff.send("\n".join(f"навык {n}" for n in range(16)))
    assert "Слишком много пунктов: 16 при пределе 15" in staff.last().text


async def test_list_shows_age_and_the_ones_to_refresh(staff: Person, sessionmaker: SM) -> None:
    now = utcnow()
    async with sessionmaker.begin() as session:
        for name, age in (("Мигранты", timedelta(days=430)), ("Выпускники", timedelta(days=40))):
            session.add(
                ClientProfile(
                    region_code="77", kind="seekers", name=name, fields={}, created_by=STAFF_ID,
                    created_at=now - age, updated_by=STAFF_ID, updated_at=now - age,
                )
            )  # fmt: skip
    await staff.send("/profiles")
    text = staff.last().text
    assert "Составлено 2 из 10" in text
    assert "<b>Мигранты</b> (соискатели) — обновлён 14 месяцев назад — ⚠️ пора обновить" in text
    assert "<b>Выпускники</b> (соискатели) — обновлён 1 месяц назад\n" in text + "\n"


async def test_edit_regenerates_the_card(staff: Person, sessionmaker: SM) -> None:
    old = utcnow() - timedelta(days=400)
    async with sessionmaker.begin() as session:
        profile = ClientProfile(
            region_code="77", kind="employers", name="Малый бизнес", fields={"sector": "торговля"},
            created_by=STAFF_ID, created_at=old, updated_by=STAFF_ID, updated_at=old,
        )  # fmt: skip
        session.add(profile)
        await session.flush()
        profile_id = profile.id
    await staff.send("/profiles")
    await staff.tap("1. Малый бизнес")
    assert "пора обновить" in (photos(staff)[-1].caption or "")
    await staff.press(ProfilesCb(a="edit", p=profile_id).pack())
    assert "Сейчас: Малый бизнес" in staff.last().text
    await staff.tap("Оставить как есть")  # the name
    await staff.tap("Пропустить")  # ownership
    assert "Сейчас: торговля" in staff.last().text
    await staff.send("торговля и услуги")
    await staff.tap("Сохранить профиль")
    assert "Профиль обновлён" in (photos(staff)[-1].caption or "")
    assert "пора обновить" not in (photos(staff)[-1].caption or "")
    async with sessionmaker() as session:
        stored = await session.get(ClientProfile, profile_id)
    assert stored is not None and stored.fields == {"sector": "торговля и услуги"}
    assert stored.updated_at > old + timedelta(days=300)


async def test_who_may_read_and_write(user: Person, sessionmaker: SM) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    await grant(sessionmaker, OTHER_EXPERT, EXPERT, "16")
    now = utcnow()
    async with sessionmaker.begin() as session:
        profile = ClientProfile(
            region_code="77", kind="seekers", name="Предпенсионеры", fields={},
            created_by=STAFF_ID, created_at=now, updated_by=STAFF_ID, updated_at=now,
        )  # fmt: skip
        session.add(profile)
        await session.flush()
        profile_id = profile.id

    respondent = user.as_user(RESPONDENT)
    await respondent.send("/profiles")
    assert respondent.last().text == RU("profiles-not-allowed")

    expert = user.as_user(EXPERT_ID)
    await expert.send("/profiles")
    assert "Предпенсионеры" in expert.last().text
    assert all("Новый профиль" not in label for label, _ in expert.last().buttons())
    await expert.press(ProfilesCb(a="new", r="77").pack())  # forged: experts read only
    assert expert.last_alert() == RU("profiles-error-forbidden")

    # A replayed button of another region: its profile is as good as gone.
    other = user.as_user(OTHER_EXPERT)
    await other.send("/profiles")
    await other.press(ProfilesCb(a="open", p=profile_id).pack())
    assert other.last_alert() == RU("profiles-error-gone")
    await other.press(ProfilesCb(a="edit", p=profile_id).pack())
    assert other.last_alert() == RU("profiles-error-gone")
    await other.press(ProfilesCb(a="region", r="77").pack())
    assert other.last_alert() == RU("profiles-error-forbidden")
    assert not photos(other)
