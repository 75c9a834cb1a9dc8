"""Everything a step of a conversation needs, built once per update by a middleware."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.edits import edit_or_send
from bot.fsm import SqlStorage
from bot.i18n import Translator
from bot.sender import Sender
from scoring.questionnaire import QuestionnaireSpec
from services.privacy import Pseudonyms
from services.survey import RESPONDENT, Survey
from services.users import Users


@dataclass(frozen=True, slots=True)
class Ctx:
    """What every step needs; built by handlers from injected dependencies."""

    bot: Bot
    chat_id: int
    user_id: int
    state: FSMContext
    session: AsyncSession
    t: Translator
    settings: Settings
    spec: QuestionnaireSpec
    pseudonyms: Pseudonyms
    # The process's one Sender (bot.factory), for the messages a step sends to other people.
    sender: Sender

    @property
    def key(self) -> str:
        """The respondent key of this user: what their questionnaires are stored under."""
        return self.pseudonyms.key(RESPONDENT, self.user_id)

    async def remember(self, state: State | None, data: Mapping[str, Any]) -> None:
        """Set the conversation state and its data together, and commit the update's writes.

        On the SQL storage it is one upsert in the update's session and one commit that
        also holds whatever the step wrote before (an answer, the claim's finished mark);
        with Redis the database commits first, then the state is written.
        """
        storage = self.state.storage
        if isinstance(storage, SqlStorage):
            await storage.set_both(self.state.key, state, data)
        else:
            await self.session.commit()
            await self.state.set_state(state)
            await self.state.set_data(data)

    async def show(
        self, text: str, markup: InlineKeyboardMarkup | None, on: Message | None = None
    ) -> None:
        """Edit the message a button was pressed on (one screen, updated in place), or send."""
        await edit_or_send(self.bot, self.chat_id, on.message_id if on else None, text, markup)

    @property
    def users(self) -> Users:
        return Users(self.session, self.pseudonyms)

    @property
    def survey(self) -> Survey:
        return Survey(self.session, self.spec)
