"""The README's "Try the toolkit" path, step by step through the production dispatcher: two
people join by invitation (a working group of a Moscow centre, an expert of Moscow), the
working group writes a profile and gets its card, the expert starts the pilot, the working
group marks a step done with a document, the expert accepts it — and the meeting reminder
fires on day 18 with a fake clock."""

from __future__ import annotations

from datetime import timedelta

from aiogram.methods import SendPhoto
from aiogram.types import BufferedInputFile
from sqlalchemy import select

from bot.config import Settings
from services.team.roles import EXPERT, STAFF
from storage.models import utcnow
from storage.models_roadmap import PilotStep
from tests.evidence_support import MOSCOW
from tests.harness import Person
from tests.roadmap.support import EXPERT_ID, SM, STAFF_ID, send_document
from tests.roadmap.test_reminders import Rig
from tests.team.test_roles import invite


async def test_the_readme_path_from_invitation_to_the_meeting_reminder(
    user: Person, sessionmaker: SM, settings: Settings
) -> None:
    staff, expert = user, user.as_user(EXPERT_ID)
    await staff.send(f"/start i_{await invite(sessionmaker, STAFF, '77-cao')}")
    await expert.send(f"/start i_{await invite(sessionmaker, EXPERT, '77')}")

    # /profiles → ➕ New profile → job seekers → the name → 💾 Save: the portrait card.
    await staff.send("/profiles")
    await staff.tap("Новый профиль")
    await staff.tap("соискатели")
    await staff.send("Молодые мамы после декрета")
    await staff.tap("Сохранить профиль")
    [card] = [c for c in staff.session.calls if isinstance(c, SendPhoto)]
    assert isinstance(card.photo, BufferedInputFile) and card.photo.data[:4] == b"\x89PNG"
    assert "Молодые мамы после декрета" in (card.caption or "")

    # The expert: /roadmap → ▶️ Start the pilot → today's date.
    today = utcnow().astimezone(MOSCOW).date()
    await expert.send("/roadmap")
    await expert.tap("Начать пилот")
    await expert.send(today.strftime("%d.%m.%Y"))
    assert any("Пилот начат" in t for t in expert.texts())

    # The working group: /roadmap → 1.2 → ✅ Mark done → a PDF with the comment as its caption.
    await staff.send("/roadmap")
    await staff.tap("1.2")
    await staff.tap("Отметить выполненным")
    await send_document(staff, "Приказ о пилоте.pdf", caption="Приказ № 15")
    assert "на проверке у эксперта" in staff.last().text
    await expert.tap("Открыть", expert.last_with_buttons())  # the notice of a result to review
    await expert.tap("Принять")
    assert "Выполнено в срок: 1" in (await _overview(expert))
    async with sessionmaker() as session:
        step = (await session.scalars(select(PilotStep).where(PilotStep.code == "1.2"))).one()
    assert step.status == "accepted" and step.stored_path is not None

    # Day 18 without a meeting: the working group is reminded (NUDGE_CRON, job roadmap.remind).
    rig = Rig(settings, sessionmaker)
    rig.clock.on(today + timedelta(days=18))
    await rig.jobs.roadmap_reminders()
    assert "Пора провести совещание команды" in rig.take()[STAFF_ID][0]


async def _overview(person: Person) -> str:
    await person.send("/roadmap")
    return person.last().text
