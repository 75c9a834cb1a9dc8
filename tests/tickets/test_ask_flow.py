"""Issue 13, "done when": a newcomer asks from the middle of the questionnaire, a staff member
answers, and the questionnaire continues at the same question. Through the production
dispatcher, every step as the people see it."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from storage.models import Answer
from tests.harness import Person
from tests.tickets.conftest import (
    SEEKER_QUESTIONS,
    SM,
    ask,
    consent_and_pick,
    send_document,
    send_photo,
    thread,
    tickets,
)

QUESTION = "Как записаться на курсы переподготовки? Нужна ли справка <об> & доходах?"
ANSWER = "Запишитесь в окне 3 или на портале «Работа России» — справка не нужна."


async def answers_stored(sm: SM) -> int:
    async with sm() as session:
        return int(await session.scalar(select(func.count()).select_from(Answer)) or 0)


async def test_ask_from_the_middle_answer_and_continue(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    for _ in range(5):
        await user.tap("4")
    assert "Вопрос 6 из 19" in user.last().text
    # ❓ is on the question itself; the prompt names the centre's working group, no person.
    await user.tap("Задать вопрос")
    prompt = user.last().text
    assert "рабочая группа центра" in prompt and "ЦАО" in prompt
    await user.send(QUESTION)
    ack = next(t for t in user.texts() if "принят" in t)
    number = re.search(r"№(\d+)", ack)
    assert number is not None
    assert "до " in ack and "рабочих час" in ack  # the promised time
    # Back at the same question, and answering goes on from there.
    assert "Вопрос 6 из 19" in user.last().text
    await user.tap("5")
    assert "Вопрос 7 из 19" in user.last().text
    assert await answers_stored(sessionmaker) == 6

    # The working group member gets the card: the number, the text (escaped), no asker id.
    card = staff.last()
    assert f"Вопрос №{number.group(1)}" in card.text
    assert "&lt;об&gt; &amp; доходах" in card.text
    assert str(user.user.id) not in card.text and "Анна" not in card.text
    await staff.tap("Ответить")
    await staff.send(ANSWER)
    assert "доставлен" in staff.last().text

    # The asker gets the answer in the same chat, resolves it and rates it.
    delivered = next(m for m in reversed(user.messages()) if "Ответ на ваш вопрос" in m.text)
    assert "Работа России" in delivered.text
    await user.tap("Вопрос решён", delivered)
    await user.tap("5")
    assert "5 из 5" in user.last().text
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "closed" and ticket.close_reason == "resolved"
    assert ticket.rating == 5 and ticket.first_answered_at is not None
    assert [(m.author, m.delivered) for m in await thread(sessionmaker, ticket.id)] == [
        ("asker", False),
        ("staff", True),
    ]

    # The questionnaire still waits at question 7, and finishes.
    question = next(m for m in reversed(user.messages()) if "Вопрос 7 из 19" in m.text)
    for _ in range(SEEKER_QUESTIONS - 6):
        await user.tap("4", question)  # one message, edited in place
    assert "все ответы сохранены" in question.text
    assert await answers_stored(sessionmaker) == SEEKER_QUESTIONS


async def test_ask_command_text_photo_and_document(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await user.send("/ask")
    await send_photo(user, "Вот квитанция, что с ней делать?")
    await user.tap("Задать вопрос", user.last_with_buttons())
    await send_document(user, None)
    rows = await tickets(sessionmaker)
    assert len(rows) == 2
    photo, document = [(await thread(sessionmaker, t.id))[0] for t in rows]
    assert (photo.file_kind, photo.file_id, photo.text) == (
        "photo",
        "PHOTO1",
        "Вот квитанция, что с ней делать?",
    )
    assert (document.file_kind, document.file_id, document.text) == ("document", "DOC1", "")
    # Staff see that an attachment is there and get it on request.
    card = next(m for m in staff.messages() if f"№{rows[0].id}" in m.text and m.buttons())
    assert "Вложение: фото" in card.text
    await staff.tap("вложение", card)
    sent = [c for c in staff.session.calls if type(c).__name__ == "SendPhoto"]
    assert sent and sent[-1].photo == "PHOTO1"


async def test_one_takes_it_the_others_see_it_taken(
    user: Person, staff: Person, staff2: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, QUESTION)
    first, second = staff.last(), staff2.last()
    assert "Свободен" in first.text and "Свободен" in second.text
    await staff.tap("Взять себе", first)
    assert "Взял(а): Анна" in staff2.session.shown[second.message_id].text  # staff are named
    assert not staff2.session.shown[second.message_id].buttons()  # no buttons left there
    # The other one pressing the old button is told, and nothing changes.
    await staff2.press(second.button("Ответить") if second.buttons() else first.button("Ответить"))
    assert staff2.last_alert() == "Этот вопрос уже взял другой сотрудник."
    (ticket,) = await tickets(sessionmaker)
    assert ticket.taken_by == staff.user.id and ticket.status == "taken"


async def test_follow_up_once_then_resolved(user: Person, staff: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await ask(user, QUESTION)
    await staff.tap("Ответить")
    await staff.send(ANSWER)
    answer = next(m for m in reversed(user.messages()) if "Ответ на ваш вопрос" in m.text)
    await user.tap("Ответить ещё раз", answer)
    await user.send("А если я работаю неполный день?")
    assert "Уточнение к вопросу" in user.texts()[-2] or any("передано" in t for t in user.texts())
    assert "Вопрос 1 из 19" in user.last().text  # back to the questionnaire
    # The one who answered gets the follow-up and answers again.
    assert "Уточнение к вопросу" in staff.last().text
    await staff.tap("Ответить")
    await staff.send("Тогда тоже можно, запись та же.")
    second = next(m for m in reversed(user.messages()) if "Ответ на ваш вопрос" in m.text)
    assert "Тогда тоже можно" in second.text
    assert not any("Ответить ещё раз" in label for label, _ in second.buttons())  # once only
    await user.press(answer.button("Ответить ещё раз"), answer)
    assert user.last_alert() is not None and "один раз" in (user.last_alert() or "")
    await user.tap("Вопрос решён", second)
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "closed" and ticket.follow_up_used
    assert [m.author for m in await thread(sessionmaker, ticket.id)] == [
        "asker", "staff", "asker", "staff",
    ]  # fmt: skip


async def test_template_answer_is_editable(user: Person, staff: Person, sessionmaker: SM) -> None:
    await staff.send("/templates")
    await staff.tap("Добавить")
    await staff.send("Здравствуйте! Запись на консультацию — по телефону 8-800.")
    assert "Шаблон сохранён" in staff.texts()[-2]
    await consent_and_pick(user)
    await ask(user, QUESTION)
    await staff.tap("Ответить", next(m for m in reversed(staff.messages()) if "Вопрос №" in m.text))
    await staff.tap("📋")
    assert "Шаблон для ответа" in staff.last().text
    # Edited before sending: the typed text is what the asker gets.
    await staff.send("Здравствуйте! Запись на консультацию — по телефону 8-800, с 9 до 18.")
    got = next(m for m in reversed(user.messages()) if "Ответ на ваш вопрос" in m.text)
    assert "с 9 до 18" in got.text
    # And a template sent as it is.
    await user.send("/ask")
    await user.send("Ещё вопрос про запись")
    await staff.tap(
        "Ответить",
        next(m for m in reversed(staff.messages()) if m.buttons() and "Свободен" in m.text),
    )
    await staff.tap("📋")
    await staff.tap("Отправить как есть")
    got = next(m for m in reversed(user.messages()) if "Ответ на ваш вопрос" in m.text)
    assert got.text.endswith("по телефону 8-800.")
