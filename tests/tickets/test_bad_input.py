"""Issue 13, bad input: each gets a short clear reply and nothing is lost."""

from __future__ import annotations

from bot.i18n import Translations
from handlers.tickets.callbacks import TkAskCb, TkCb, TkRateCb
from services.team.roles import STAFF
from tests.evidence_support import ADMIN_ID, grant
from tests.harness import Person
from tests.tickets.conftest import (
    ASKER,
    SM,
    BlockingSession,
    ask,
    consent_and_pick,
    thread,
    tickets,
)

RU = Translations().get("ru")


async def test_empty_or_sticker_question_is_refused_and_the_prompt_stays(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await user.tap("Задать вопрос")
    await user.send_sticker()
    assert user.last().text == RU("tickets-error-empty")
    await user.send("\u200b \u2800")  # invisible characters only
    assert user.last().text == RU("tickets-error-empty")
    assert await tickets(sessionmaker) == []
    await user.send("Теперь настоящий вопрос")  # still writing: the question goes
    assert len(await tickets(sessionmaker)) == 1


async def test_question_over_the_limit(user: Person, staff: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await user.tap("Задать вопрос")
    await user.send("я" * 2001)
    assert user.last().text == RU("tickets-error-too_long", length=2001, limit=2000)
    assert await tickets(sessionmaker) == []
    await user.send("я" * 2000)
    assert len(await tickets(sessionmaker)) == 1


async def test_answer_to_a_ticket_already_answered(
    user: Person, staff: Person, staff2: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    card2 = staff2.last()
    replayed = card2.button("Ответить")  # the button as it was before the answer
    await staff.tap("Ответить")
    await staff.send("Ответ")
    await staff2.press(replayed, card2)
    assert staff2.last_alert() == RU("tickets-error-answered")
    await staff.press(TkCb(action="answer", t=1).pack(), staff.last())
    assert staff.last_alert() == RU("tickets-error-answered")
    assert [m.author for m in await thread(sessionmaker, 1)] == ["asker", "staff"]


async def test_answer_typed_by_one_while_another_took_it(
    user: Person, staff: Person, staff2: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    card = staff.last()
    replayed = card.button("Ответить")
    await staff2.tap("Ответить", staff2.last())  # staff2 holds it now
    await staff.press(replayed, card)
    assert staff.last_alert() == RU("tickets-error-taken")
    await staff2.send("Ответ второго")
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "answered" and ticket.taken_by == staff2.user.id


async def test_replayed_button_of_another_centres_ticket(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await grant(sessionmaker, 2301, STAFF, "77-sao")
    other = user.as_user(2301)
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    await other.send("/help")
    for action in ("answer", "take", "pass", "file", "show"):
        await other.press(TkCb(action=action, t=1).pack(), other.last())
        assert other.last_alert() == RU("tickets-error-forbidden"), action
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "open" and ticket.taken_by is None and ticket.escalated_at is None


async def test_asker_blocked_the_bot(
    user: Person, staff: Person, sessionmaker: SM, recording: BlockingSession
) -> None:
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    recording.blocked.add(ASKER)
    await staff.tap("Ответить")
    await staff.send("Ответ, который не дойдёт")
    assert staff.last().text == RU("tickets-asker-blocked", id=1)
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "closed" and ticket.close_reason == "blocked"
    assert ticket.asker_chat is None
    assert (await thread(sessionmaker, 1))[-1].text == "Ответ, который не дойдёт"  # kept


async def test_nobody_to_answer_tells_the_admins(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user, "77-sao")  # no working group, and region 77 has no expert
    await user.tap("Задать вопрос")
    assert "эксперт региона" in user.last().text  # the asker is told where it goes
    await user.send("Вопрос")
    admin = user.as_user(ADMIN_ID)
    assert "некому ответить" in admin.last().text
    (ticket,) = await tickets(sessionmaker)
    assert ticket.route == "experts" and ticket.admins_told_at is not None


async def test_a_few_open_questions_at_once(user: Person, staff: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    for n in range(3):
        await ask(user, f"Вопрос {n}")
    await user.tap("Задать вопрос")
    assert user.last().text == RU("tickets-error-throttled", limit=3)
    assert len(await tickets(sessionmaker)) == 3
    assert "Вопрос 1 из 19" in user.last_with_buttons().text  # the questionnaire is untouched


async def test_staff_cannot_ask_their_own_centre(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await staff.send("/start")
    await staff.tap("Согласен")
    await staff.press(TkAskCb(c="77-cao").pack(), staff.last())  # e.g. a thanks screen's ❓
    assert staff.last().text == RU("tickets-error-own_centre")
    await staff.press(TkAskCb(c="77-sao").pack(), staff.last())  # another centre they may
    assert "Вопрос специалисту" in staff.last().text
    await staff.send("Вопрос соседям")
    (ticket,) = await tickets(sessionmaker)
    assert ticket.centre_code == "77-sao"


async def test_ask_before_consent_or_centre(user: Person, sessionmaker: SM) -> None:
    await user.send("/ask")
    assert user.last().text == RU("tickets-error-no_consent")
    await user.send("/start")
    await user.tap("Согласен")
    await user.send("/ask")
    assert user.last().text == RU("tickets-error-no_centre")


async def test_someone_elses_answer_buttons_change_nothing(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    await staff.tap("Ответить")
    await staff.send("Ответ")
    stranger = user.as_user(4444)
    await stranger.send("/help")
    answer = next(m for m in reversed(user.messages()) if "Ответ на ваш вопрос" in m.text)
    await stranger.press(answer.button("Вопрос решён"), stranger.last())
    assert stranger.last_alert() == RU("tickets-error-not_asker")
    await stranger.press(TkRateCb(t=1, v=1).pack(), stranger.last())
    assert stranger.last_alert() == RU("tickets-error-not_asker")
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "answered" and ticket.rating is None
    await user.tap("Вопрос решён", answer)
    await user.tap("4")
    await user.press(TkRateCb(t=1, v=1).pack(), user.last())
    assert user.last_alert() == RU("tickets-error-rated")
    assert (await tickets(sessionmaker))[0].rating == 4


async def test_unknown_command_while_writing_keeps_the_prompt(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await user.tap("Задать вопрос")
    await user.send("/whatever")
    assert user.last().text == RU("tickets-writing-command")
    await user.send("Вопрос после команды")
    assert len(await tickets(sessionmaker)) == 1


async def test_cancel_returns_to_the_same_question(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await user.tap("3")
    await user.tap("Задать вопрос")
    await user.tap("Отмена")
    assert "Вопрос 2 из 19" in user.last().text
    assert await tickets(sessionmaker) == []
