"""Users: language, consent, blocked flag, feedback opt-ins, and forgetting."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FeedbackSubscription, User, utcnow


class Users:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def ensure(self, user_id: int) -> User:
        user = await self.session.get(User, user_id)
        if user is None:
            user = User(id=user_id, created_at=utcnow())
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
        user = await self.session.get(User, user_id)
        if user is not None:
            user.blocked_at = utcnow()
            await self.session.commit()

    async def mark_unblocked(self, user_id: int) -> None:
        # Only a known user: a bare (re)start of the chat is no consent to store anything.
        user = await self.session.get(User, user_id)
        if user is not None and user.blocked_at is not None:
            user.blocked_at = None
            await self.session.commit()

    async def subscribe(self, user_id: int, centre_code: str) -> bool:
        """Opt in to news about a centre acting on feedback; False if already subscribed."""
        await self.ensure(user_id)
        await self.session.flush()
        if await self.session.get(FeedbackSubscription, (user_id, centre_code)) is not None:
            return False
        self.session.add(
            FeedbackSubscription(user_id=user_id, centre_code=centre_code, created_at=utcnow())
        )
        await self.session.commit()
        return True

    async def forget(self, user_id: int) -> None:
        await self.session.execute(
            delete(FeedbackSubscription).where(FeedbackSubscription.user_id == user_id)
        )
        await self.session.execute(delete(User).where(User.id == user_id))
