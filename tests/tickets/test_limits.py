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
