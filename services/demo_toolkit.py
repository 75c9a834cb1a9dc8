"""The working-group toolkit in the demo database (`make demo`): a few client-group profiles
in Moscow, taken from seed 002's appendices, and one journey pilot in progress (seed 003)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.roadmap.pilots import ACCEPTED, SUBMITTED, Roadmap
from services.team.roles import Access
from storage.models import Region
from storage.models_profiles import ClientProfile
from storage.models_roadmap import PilotMeeting

REGION = "77"
DEMO_STAFF = 1001  # who "wrote" the demo rows (no such person needs to exist)
DEMO_EXPERT = 2001
PROFILES: tuple[tuple[str, str, int, dict[str, Any]], ...] = (
    ("Люди с инвалидностью, зарегистрированные в ЦЗН", "seekers", 30, {
        "age": "средний возраст 50+ (трудности одинаково у 40–55 лет)", "sex": "мужской",
        "family": "женат", "education": "среднее профессиональное, реже высшее",
        "experience": "есть опыт работы, перерыв от 1 года до 3 лет",
        "values": ["Главное — состояние здоровья", "Ценит стабильность"],
        "qualities": ["Консервативен, предпочитает личное общение"],
        "wishes": ["Получать государственную поддержку", "Работа по состоянию здоровья",
                   "Достойная «белая» зарплата", "Удобно и недолго добираться до работы"],
        "pains": ["Боится, что из-за здоровья будет сложно трудоустроиться",
                  "Мало вакансий с подходящими условиями труда",
                  "Нет навыков работы с интернет-сервисами"],
        "channels": ["Личное посещение ЦЗН 1–2 раза в месяц"],
    }),
    ("Руководители малого бизнеса", "employers", 200, {
        "sector": "торговля", "headcount": "5–100 человек",
        "features": ["Невозможность своевременно закрыть вакансии"],
        "values": ["Стабильность, время", "Материальный достаток",
                   "Важна скорость обмена информацией"],
        "wishes": ["Быстрое закрытие вакансий", "Бесплатное обучение персонала"],
        "pains": ["Изменчивость среды", "Падение доходов", "Проверки госорганами"],
        "channels": ["Дистанционно: онлайн-сервисы"],
    }),
    ("Граждане, освобождённые из мест лишения свободы", "seekers", 420, {
        "age": "18–60 лет", "sex": "мужчины и женщины",
        "wishes": ["Получать государственную поддержку", "Быть принятым в коллективе"],
        "pains": ["Убеждён, что судимость мешает трудоустройству",
                  "Давление общества, непринятие в социуме"],
    }),
)  # fmt: skip


async def seed_toolkit(session: AsyncSession, now: datetime) -> tuple[int, int]:
    """(profiles, pilot steps done); nothing when the region is not in the directory."""
    if await session.get(Region, REGION) is None:
        return 0, 0
    for name, kind, days_old, fields in PROFILES:
        when = now - timedelta(days=days_old)
        session.add(
            ClientProfile(
                region_code=REGION, kind=kind, name=name, fields=fields, created_by=DEMO_STAFF,
                created_at=when, updated_by=DEMO_STAFF, updated_at=when,
            )
        )  # fmt: skip
    start = (now - timedelta(days=40)).date()
    roadmap = Roadmap(session)
    pilot = await roadmap.start(Access(0, admin=True), REGION, start, today=start)
    done = 0
    for step in await roadmap.steps(pilot):
        if step.deadline > now.date():
            continue
        step.file_id, step.file_kind, step.file_name = "demo", "document", f"{step.code}.pdf"
        step.submitted_by = DEMO_STAFF
        step.submitted_at = datetime.combine(step.deadline, now.timetz()) - timedelta(days=1)
        if step.code == "2.1.3":  # one waits for review
            step.status = SUBMITTED
            continue
        step.status, step.decided_by, step.decided_at = ACCEPTED, DEMO_EXPERT, step.submitted_at
        done += 1
    session.add(
        PilotMeeting(
            pilot_id=pilot.id, held_on=start + timedelta(days=20), file_id="demo",
            file_kind="document", file_name="протокол-1.pdf", recorded_by=DEMO_STAFF,
            recorded_at=now - timedelta(days=20),
        )
    )  # fmt: skip
    await session.flush()
    return len(PROFILES), done
