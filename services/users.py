"""Users: language, consent, blocked flag, feedback opt-ins, and forgetting.

Rows are keyed by a pseudonym of the Telegram id (services.privacy), never the id itself.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.privacy import Pseudonyms
from services.survey import RESPONDENT
from storage.models import FeedbackSubscription, Questionnaire, User, utcnow


class Users:
    def __init__(self, session: AsyncSession, pseudonyms: Pseudonyms) -> None:
        self.session = session
        self.pseudonyms = pseudonyms

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, self.pseudonyms.user(user_id))

    async def ensure(self, user_id: int) -> User:
        user = await self.get(user_id)
        if user is None:
            user = User(key=self.pseudonyms.user(user_id), created_at=utcnow())
            self.session.add(user)
        user.blocked_at = None  # they talk to us, so they have not blocked us
        return user

    async def set_language(self, user_id: int, language: str) -> None:
        user = await self.ensure(user_id)
        user.language = language
        await self.session.commit()

    async def give_consent(self, user_id: int) -> None:
        user = await self.ensure(user_id)
        user.consent_at = utcnow()
        await self.session.commit()

    async def mark_blocked(self, user_id: int) -> None:
        user = await self.get(user_id)
        if user is not None:
            user.blocked_at = utcnow()
            await self.session.commit()

    async def mark_unblocked(self, user_id: int) -> None:
        # Only a known user: a bare (re)start of the chat is no consent to store anything.
        user = await self.get(user_id)
        if user is not None and user.blocked_at is not None:
            user.blocked_at = None
            await self.session.commit()

    async def may_subscribe(self, user_id: int, centre_code: str) -> bool:
        """The opt-in is offered after a completed questionnaire, and only that earns it: the
        person consented and completed one for this centre. A forged button gets nothing."""
        user = await self.get(user_id)
        if user is None or user.consent_at is None:
            return False
        completed = await self.session.scalar(
            select(Questionnaire.id)
            .where(
                Questionnaire.respondent_key == self.pseudonyms.key(RESPONDENT, user_id),
                Questionnaire.centre_code == centre_code,
                Questionnaire.completed_at.is_not(None),
            )
            .limit(1)
        )
        return completed is not None

    async def subscribe(self, user_id: int, centre_code: str) -> bool:
        """Opt in to news about a centre acting on feedback; False if already subscribed.

        Stores the sealed chat id as it is: callers check `may_subscribe` first."""
        user = await self.ensure(user_id)
        await self.session.flush()
        if await self.session.get(FeedbackSubscription, (user.key, centre_code)) is not None:
            return False
        self.session.add(
            FeedbackSubscription(
                user_key=user.key,
                centre_code=centre_code,
                chat=self.pseudonyms.seal(user_id),
                created_at=utcnow(),
            )
        )
        await self.session.commit()
        return True

    async def forget(self, user_id: int) -> None:
        key = self.pseudonyms.user(user_id)
        await self.session.execute(
            delete(FeedbackSubscription).where(FeedbackSubscription.user_key == key)
        )
        await self.session.execute(delete(User).where(User.key == key))
