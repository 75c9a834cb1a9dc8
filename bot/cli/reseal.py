"""`python -m bot reseal`: every sealed value re-encrypted with the current SEALING_KEY.

After an upgrade (rows sealed with the key derived from RESPONDENT_SECRET) or a rotation
(rows sealed with a key now in SEALING_KEYS_OLD), the old keys still open what they sealed;
once this has run, nothing needs them and they can go. Values no key opens stay as they are
and are only counted (they are skipped wherever sealed data is read).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from services.privacy import Pseudonyms, Unreadable
from storage.db import create_engine, create_sessionmaker
from storage.models import CentreNews, FeedbackSubscription, ProcessedUpdate


@dataclass(frozen=True, slots=True)
class ResealReport:
    resealed: int
    unreadable: int


async def reseal_all(
    sessionmaker: async_sessionmaker[AsyncSession], pseudonyms: Pseudonyms
) -> ResealReport:
    resealed = unreadable = 0
    async with sessionmaker.begin() as session:
        for subscription in await session.scalars(select(FeedbackSubscription)):
            try:
                subscription.chat = pseudonyms.reseal(subscription.chat)
                resealed += 1
            except Unreadable:
                unreadable += 1
        authors = select(CentreNews).where(CentreNews.author_chat.is_not(None))
        for news in await session.scalars(authors):
            try:
                news.author_chat = pseudonyms.reseal(news.author_chat or "")
                resealed += 1
            except Unreadable:
                unreadable += 1
        pending = select(ProcessedUpdate).where(ProcessedUpdate.payload.is_not(None))
        for update in await session.scalars(pending):
            try:
                update.payload = pseudonyms.reseal(update.payload or "")
                resealed += 1
            except Unreadable:
                unreadable += 1
    return ResealReport(resealed, unreadable)


async def reseal_database(settings: Settings) -> ResealReport:
    engine = create_engine(settings.database.database_url)
    try:
        return await reseal_all(create_sessionmaker(engine), Pseudonyms.from_settings(settings))
    finally:
        await engine.dispose()
