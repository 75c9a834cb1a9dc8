"""/templates (a centre's own; region-wide ones by the region's experts) and /tickets."""

from __future__ import annotations

from sqlalchemy import select

from bot.i18n import Translations
from handlers.tickets.callbacks import TplCb
from storage.models_tickets import ReplyTemplate
from tests.harness import Person
from tests.tickets.conftest import SM, ask, consent_and_pick

RU = Translations().get("ru")


async def templates(sm: SM) -> list[ReplyTemplate]:
    async with sm() as session:
        return list(await session.scalars(select(ReplyTemplate).order_by(ReplyTemplate.id)))


async def test_staff_add_edit_remove(staff: Person, sessionmaker: SM) -> None:
    await staff.send("/templates")
    assert "пока нет" in staff.last().text
    await staff.tap("Добавить")
    await staff.send("   ")
    assert staff.last().text == RU("tickets-error-answer_empty")
    await staff.send("Первый шаблон")
    await staff.tap("✏️ 1")
    assert "Сейчас: Первый шаблон" in staff.last().text
    await staff.send("Первый шаблон, исправленный")
    (row,) = await templates(sessionmaker)
    assert (row.text, row.centre_code, row.region_code) == (
        "Первый шаблон, исправленный",
        "77-cao",
        None,
    )
    await staff.tap("✖ 1")
    assert await templates(sessionmaker) == []


async def test_region_wide_templates_reach_every_centre_of_the_region(
    user: Person, staff: Person, expert: Person, sessionmaker: SM
) -> None:
    await expert.send("/templates")
    assert "Весь регион" in expert.last().text
    await expert.tap("Добавить")
    await expert.send("Общий ответ для всех центров Москвы")
    (row,) = await templates(sessionmaker)
    assert (row.centre_code, row.region_code) == (None, "77")
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    await staff.tap("Ответить")
    assert any("Общий ответ" in label for label, _ in staff.last().buttons())


async def test_others_cannot_touch_a_centres_templates(
    user: Person, staff: Person, expert: Person, sessionmaker: SM
) -> None:
    await staff.send("/templates")
    await staff.tap("Добавить")
    await staff.send("Шаблон ЦАО")
    (row,) = await templates(sessionmaker)
    respondent = user.as_user(5555)
    await respondent.send("/templates")
    assert respondent.last().text == RU("tickets-templates-not-allowed")
    await expert.send("/help")
    for who in (respondent, expert):  # an expert edits region-wide ones, not a centre's
        await who.press(TplCb(action="del", k="c", c="77-cao", i=row.id).pack(), who.last())
        assert who.last_alert() == RU("tickets-error-forbidden")
        await who.press(TplCb(action="del", k="r", c="77", i=row.id).pack(), who.last())
        assert who.last_alert() == RU("tickets-error-forbidden")  # the row is the centre's
    assert len(await templates(sessionmaker)) == 1


async def test_tickets_view(user: Person, staff: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await ask(user, "Первый")
    await ask(user, "Второй")
    await staff.tap("Ответить", next(m for m in staff.messages() if "№1" in m.text))
    await staff.send("Ответ на первый")
    answer = next(m for m in user.messages() if "Ответ на ваш вопрос" in m.text)
    await user.tap("Вопрос решён", answer)
    await user.tap("4")
    await staff.send("/tickets")
    view = staff.last()
    assert "открытых 1" in view.text
    assert "в срок 100 % (1 из 1)" in view.text
    assert "оценка 4,0 (1)" in view.text
    assert [label for label, _ in view.buttons()] == ["№2"]
    await staff.tap("№2")
    assert "Вопрос №2" in staff.last().text and staff.last().buttons()
    respondent = user.as_user(5555)
    await respondent.send("/tickets")
    assert respondent.last().text == RU("tickets-not-staff")
