"""/roadmap through the production dispatcher: an expert starts a pilot, the working group
sees the steps with their states and marks one done with a document, the expert accepts or
returns it; bad input and replayed buttons of another region are refused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage, TelegramMethod
from sqlalchemy import select

from bot.i18n import Translations
from handlers.roadmap.callbacks import RoadmapCb
from services.privacy import Pseudonyms
from services.roadmap.programme import load_programme
from services.team.roles import EXPERT, STAFF
from services.users import Users
from storage.models import utcnow
from storage.models_roadmap import Pilot, PilotStep
from tests.evidence_support import MOSCOW, grant
from tests.harness import Person, RecordingSession
from tests.roadmap.support import (
    EXPERT_ID,
    OTHER_EXPERT,
    OTHER_STAFF,
    SM,
    STAFF_ID,
    send_document,
    send_photo,
    start_pilot,
)

RU = Translations().get("ru")


def to(person: Person, chat_id: int) -> list[str]:
    return [
        c.text for c in person.session.calls if isinstance(c, SendMessage) and c.chat_id == chat_id
    ]


async def people(user: Person, sm: SM) -> tuple[Person, Person]:
    await grant(sm, STAFF_ID, STAFF, "77-cao")
    await grant(sm, EXPERT_ID, EXPERT, "77")
    return user, user.as_user(EXPERT_ID)


async def step_id(sm: SM, code: str) -> int:
    async with sm() as session:
        found = await session.scalar(select(PilotStep.id).where(PilotStep.code == code))
    assert found is not None
    return found


async def test_an_expert_starts_a_pilot_with_a_start_date(user: Person, sessionmaker: SM) -> None:
    staff, expert = await people(user, sessionmaker)
    await staff.send("/roadmap")
    assert staff.last().text == RU("roadmap-no-pilot", region="г. Москва")
    assert not staff.last().buttons()

    await expert.send("/roadmap")
    await expert.tap("Начать пилот")
    today = utcnow().astimezone(MOSCOW).date()
    await expert.send("завтра")
    assert expert.last().text == RU("roadmap-error-date_format")
    await expert.send((today - timedelta(days=1)).strftime("%d.%m.%Y"))
    assert expert.last().text == RU("roadmap-error-date_past")
    start = today + timedelta(days=1)
    await expert.send(start.strftime("%d.%m.%Y"))
    assert any("Пилот начат" in t for t in expert.texts())
    overview = expert.last().text
    assert "Начало: " + start.strftime("%d.%m.%Y") in overview
    assert "Выполнено в срок: 0, с опозданием: 0, открыто: 20" in overview
    assert len([b for b in expert.last().buttons() if b[1].startswith("rm:step")]) == 20

    async with sessionmaker() as session:
        pilot = (await session.scalars(select(Pilot))).one()
        steps = {s.code: s for s in await session.scalars(select(PilotStep))}
    assert pilot.region_code == "77" and pilot.start_date == start
    assert steps["1.2"].deadline == start + timedelta(days=21)  # «до 16.08» after 26.07
    assert steps["2.1.4"].deadline == start + timedelta(days=46)
    assert [s.code for s in load_programme().steps] == sorted(
        steps, key=lambda c: steps[c].position
    )

    # A second start of the same region is refused, even from an old button.
    await expert.press(RoadmapCb(a="start", r="77").pack())
    assert expert.last_alert() == RU("roadmap-error-exists")


async def test_staff_cannot_start_a_pilot(user: Person, sessionmaker: SM) -> None:
    staff, _ = await people(user, sessionmaker)
    await staff.send("/roadmap")
    await staff.press(RoadmapCb(a="start", r="77").pack())
    assert staff.last_alert() == RU("roadmap-error-forbidden")
    respondent = user.as_user(3001)
    await respondent.send("/roadmap")
    assert respondent.last().text == RU("roadmap-not-allowed")


async def test_mark_a_step_done_with_a_document_and_the_expert_accepts(
    user: Person, sessionmaker: SM
) -> None:
    staff, expert = await people(user, sessionmaker)
    await start_pilot(sessionmaker, "77", utcnow().astimezone(MOSCOW).date())
    await staff.send("/roadmap")
    await staff.tap("1.2")
    assert "Приказ руководителя ЦЗН" in staff.last().text
    assert "к выполнению" in staff.last().text
    await staff.tap("Отметить выполненным")
    assert "Пришлите результат мероприятия 1.2" in staff.last().text

    await staff.send_sticker()
    assert staff.last().text == RU("roadmap-error-wrong_file")
    await staff.send("Приказ № 15 от 10.08")
    assert staff.last().text == RU("roadmap-comment-kept")
    await send_document(staff, "setup.exe", mime="application/octet-stream")
    assert staff.last().text == RU("roadmap-error-wrong_file")
    await send_document(staff, "Приказ о пилоте.pdf")
    assert any("отправлен экспертам региона" in t for t in staff.texts())
    assert "на проверке у эксперта" in staff.last().text
    assert "Комментарий: Приказ № 15 от 10.08" in staff.last().text
    assert to(staff, EXPERT_ID) and "результат мероприятия 1.2" in to(staff, EXPERT_ID)[-1]

    async with sessionmaker() as session:
        step = await session.get(PilotStep, await step_id(sessionmaker, "1.2"))
    assert step is not None and step.status == "submitted"
    assert step.file_id == "doc-Приказ о пилоте.pdf" and step.file_kind == "document"

    # A second "done" on the same step is refused while it is on review.
    await staff.press(RoadmapCb(a="done", s=step.id).pack())
    assert staff.last_alert() == RU("roadmap-error-state")

    await expert.press(RoadmapCb(a="step", s=step.id).pack())
    await expert.tap("Принять")
    assert "выполнено" in expert.last().text
    assert "принял результат мероприятия 1.2" in to(staff, STAFF_ID)[-1]
    await expert.send("/roadmap")
    assert "Выполнено в срок: 1, с опозданием: 0, открыто: 19" in expert.last().text


async def test_the_expert_returns_a_step_with_a_reason(user: Person, sessionmaker: SM) -> None:
    staff, expert = await people(user, sessionmaker)
    await start_pilot(sessionmaker, "77", utcnow().astimezone(MOSCOW).date())
    code_id = await step_id(sessionmaker, "2.1.4")
    await staff.send("/roadmap")
    await expert.send("/roadmap")
    await staff.press(RoadmapCb(a="done", s=code_id).pack())
    await send_photo(staff, caption="Портрет на стенде")
    await expert.press(RoadmapCb(a="step", s=code_id).pack())
    await expert.tap("Вернуть на доработку")
    await expert.send("Нет раздела «Боли и сложности»")
    assert any("возвращено на доработку" in t for t in expert.texts())
    assert "вернул мероприятие 2.1.4" in to(staff, STAFF_ID)[-1]
    async with sessionmaker() as session:
        step = await session.get(PilotStep, code_id)
    assert step is not None and step.status == "returned"
    assert step.reason == "Нет раздела «Боли и сложности»" and step.file_kind == "photo"
    # Returned: the working group may send it again.
    await staff.press(RoadmapCb(a="step", s=code_id).pack())
    assert "Что доработать: Нет раздела" in staff.last().text
    assert any("Отметить выполненным" in label for label, _ in staff.last().buttons())


async def test_replayed_buttons_of_another_region_are_refused(
    user: Person, sessionmaker: SM
) -> None:
    await people(user, sessionmaker)
    await grant(sessionmaker, OTHER_STAFF, STAFF, "16-kazan-1")
    await grant(sessionmaker, OTHER_EXPERT, EXPERT, "16")
    await start_pilot(sessionmaker, "77", utcnow().astimezone(MOSCOW).date())
    code_id = await step_id(sessionmaker, "1.2")
    other_staff, other_expert = user.as_user(OTHER_STAFF), user.as_user(OTHER_EXPERT)
    await other_staff.send("/roadmap")
    await other_expert.send("/roadmap")
    for person in (other_staff, other_expert):
        for action in ("step", "done", "accept", "return", "file"):
            await person.press(RoadmapCb(a=action, s=code_id).pack())
            assert person.last_alert() == RU("roadmap-error-gone"), action
        for action in ("region", "meetings", "meet", "start"):
            await person.press(RoadmapCb(a=action, r="77").pack())
            assert person.last_alert() == RU("roadmap-error-forbidden"), action
    async with sessionmaker() as session:
        step = await session.get(PilotStep, code_id)
    assert step is not None and step.status == "open"


async def test_a_notice_to_an_expert_who_blocked_the_bot_marks_them_blocked(
    user: Person, sessionmaker: SM, recording: RecordingSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Notices go through the one sender: a blocked chat is marked, so bulk sends skip it.
    staff, _ = await people(user, sessionmaker)
    await start_pilot(sessionmaker, "77", utcnow().astimezone(MOSCOW).date())
    async with sessionmaker.begin() as session:  # a known user (one who chose a language)
        await Users(session, Pseudonyms("test-secret")).set_language(EXPERT_ID, "ru")
    await staff.send("/roadmap")
    await staff.press(RoadmapCb(a="done", s=await step_id(sessionmaker, "1.2")).pack())
    real = recording.make_request

    async def blocked(bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if isinstance(method, SendMessage) and method.chat_id == EXPERT_ID:
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        return await real(bot, method, timeout)

    monkeypatch.setattr(recording, "make_request", blocked)
    await send_document(staff, "Приказ.pdf")
    assert "на проверке у эксперта" in staff.last().text  # the submitter is not bothered
    async with sessionmaker() as session:
        marked = await Users(session, Pseudonyms("test-secret")).get(EXPERT_ID)
    assert marked is not None and marked.blocked_at is not None
