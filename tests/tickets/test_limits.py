"""Telegram's limits: a card with a whole thread of maximal messages fits 4096 characters,
callback data stays within 64 bytes, every alert within 200 characters."""

from __future__ import annotations

from html import unescape

import pytest

from bot.i18n import LANGUAGES, Translations
from handlers.tickets.callbacks import TkAskCb, TkAskerCb, TkCb, TkRateCb, TkTemplateCb, TplCb
from services.tickets.rules import REASONS
from tests.harness import Person
from tests.tickets.conftest import SM, consent_and_pick

BIG = 2**31 - 1


async def test_a_full_thread_fits_one_message(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await user.tap("Задать вопрос")
    await user.send("в" * 2000)
    await staff.tap("Ответить")
    await staff.send("о" * 3000)
    answer = next(m for m in user.messages() if "Ответ на ваш вопрос" in m.text)
    assert len(unescape(answer.text)) <= 4096
    await user.tap("Ответить ещё раз", answer)
    await user.send("у" * 2000)
    card = staff.last()
    assert "у" * 2000 in card.text  # the newest question in full
    await staff.tap("Ответить", card)
    await staff.send("о" * 3000)
    for message in staff.messages():
        assert len(unescape(message.text)) <= 4096


def test_callback_data_within_64_bytes() -> None:
    code = "x" * 32
    for data in (
        TkAskCb(c=code),
        TkCb(action="answer", t=BIG),
        TkTemplateCb(t=BIG, i=BIG),
        TkAskerCb(action="resolved", t=BIG),
        TkRateCb(t=BIG, v=5),
        TplCb(action="edit", k="c", c=code, i=BIG),
    ):
        assert len(data.pack().encode()) <= 64, data


@pytest.mark.parametrize("lang", LANGUAGES)
def test_alerts_within_200_characters(lang: str) -> None:
    t = Translations().get(lang)
    args = {"limit": 30, "length": 3001, "id": BIG}
    for key in [f"tickets-error-{r}" for r in REASONS] + ["tickets-taken-by-you", "tickets-rated"]:
        assert len(t(key, **args)) <= 200, key


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_a_thread_too_long_for_one_card_keeps_its_first_and_latest_messages(
    lang: str, sessionmaker: SM
) -> None:
    """Twenty messages of & and < (5 characters each as sent): the card keeps the question
    and the latest messages within every messenger, and says how many it leaves out."""
    from datetime import UTC, datetime

    from bot.text_limit import EVERY_MESSENGER, MAX_TEXT, TELEGRAM_TEXT
    from handlers.tickets.notify import card_text
    from storage.models_tickets import Ticket, TicketMessage

    t = Translations().get(lang)
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    ticket = Ticket(id=7, centre_code="77-cao", created_at=now, due_at=now, status="open")
    thread = [
        TicketMessage(
            id=n, author="asker" if n % 2 == 0 else "staff", text=f"#{n:02d} " + "&<" * 1500
        )
        for n in range(20)
    ]
    async with sessionmaker() as session:
        text = await card_text(session, t, ticket, thread, intro="tickets-overdue-intro")
        short = await card_text(session, t, ticket, thread[:4])
    for limit in (TELEGRAM_TEXT, MAX_TEXT):
        assert limit.length(text) <= EVERY_MESSENGER
    shown = [n for n in range(20) if f"#{n:02d} " in text]
    assert shown[0] == 0 and shown[-1] == 19  # the question and where the thread is now
    assert shown == [0, *range(20 - len(shown) + 1, 20)]  # nothing from the middle kept
    assert t("tickets-card-skipped", count=20 - len(shown)) in text
    assert all(f"#{n:02d} " in short for n in range(4))  # a short thread is shown whole
    assert t("tickets-card-skipped", count=1) not in short
