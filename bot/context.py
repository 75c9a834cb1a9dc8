"""Everything a step of a conversation needs, built once per update by a middleware."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.services.survey import Survey, respondent_key
from scoring.questionnaire import QuestionnaireSpec


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

    @property
    def key(self) -> str:
        secret = self.settings.survey.respondent_secret.get_secret_value()
        return respondent_key(secret, self.user_id)

    @property
    def survey(self) -> Survey:
        return Survey(self.session, self.spec)
