"""A ticket's card goes to the working group through the dispatcher's one Sender."""

from __future__ import annotations

from aiogram import Dispatcher

from bot.sender import Sender
from tests.harness import Person
from tests.tickets.conftest import STAFF_ID, ask, consent_and_pick


async def test_the_card_takes_the_one_limiters_slot(
    user: Person, staff: Person, dispatcher: Dispatcher
) -> None:
    sender: Sender = dispatcher["sender"]
    await consent_and_pick(user)
    await ask(user, "Как записаться на курсы?")
    assert "Вопрос №" in staff.last().text
    assert sender.bot is user.bot  # bound to the bot the update came on
    assert STAFF_ID in {int(chat) for chat in sender._chats}
