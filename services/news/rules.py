"""News from a centre to the people who asked to hear about it ("you said, we did").

At the end of the questionnaire a respondent may tap "let me know" (services.users
`subscribe`): a `feedback_subscriptions` row with their chat id sealed. Here a centre's working
group writes what changed after the feedback, and it goes to those subscribers.

The rules, callable without Telegram (handlers/news.py turns events into these calls and
bot/news_broadcast.py sends):
- only staff of the centre may write its news (`Access.works_at`), re-checked on every step;
- one text, at most `max_chars` characters, not blank;
- at most one news per centre in `cooldown` (NEWS_COOLDOWN_DAYS), so subscribers are not
  spammed: checked when the flow opens and again when the news is stored;
- nobody to write to (no subscriber, or all of them blocked the bot): nothing is stored.

A news row names its author by their user pseudonym (Pseudonyms.user), never a Telegram id.
Subscribers' chat ids stay sealed in the database; the broadcast unseals them only to send
(services.news.deliveries, which also keeps who got it, so a cut-off broadcast resumes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Integer,
    String,
    Text,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.i18n import Translator
from bot.text_limit import TELEGRAM_TEXT, TextLimit
from services.news import deliveries as news_deliveries
from services.privacy import Pseudonyms
from services.refusal import Refusal
from services.team.roles import Access
from services.text import clean_text as visible_text
from storage.models import Centre, CentreNews, FeedbackSubscription, User, UTCDateTime

# The same text sent again this soon is a double tap on Send, even without a cool-down.
DOUBLE_SEND = timedelta(minutes=1)

# Reasons after which the person may simply send another text (the flow goes on).
RETRY_TEXT = frozenset({"empty", "too_long", "too_long_escaped"})
# Characters of the messenger's text limit kept for the frame and the centre's name around
# the news (the news text itself is at most NEWS_MAX_CHARS, 3,500 at most).
FRAME_ROOM = 500


@dataclass(frozen=True, slots=True)
class NewsRules:
    max_chars: int = 1000
    cooldown: timedelta = timedelta(days=7)
    text_limit: TextLimit = TELEGRAM_TEXT  # the process's messenger's (bot.text_limit)

    @classmethod
    def from_settings(cls, settings: Settings) -> NewsRules:
        survey = settings.survey
        return cls(
            max_chars=survey.news_max_chars,
            cooldown=timedelta(days=survey.news_cooldown_days),
            text_limit=settings.messenger.text_limit,
        )


def news_text(t: Translator, centre: Centre, text: str) -> str:
    """The message a subscriber gets: their language's frame around the text as written."""
    return t("news-frame", centre=escape(centre.name), text=escape(text))


class NewsService:
    def __init__(self, session: AsyncSession, rules: NewsRules, pseudonyms: Pseudonyms) -> None:
        self.session = session
        self.rules = rules
        self.pseudonyms = pseudonyms

    # --- checks -------------------------------------------------------------------------------

    async def centre(self, access: Access, centre_code: str) -> Centre:
        """The centre, if `access` is staff of it."""
        centre = (
            await self.session.get(Centre, centre_code) if access.works_at(centre_code) else None
        )
        if centre is None:
            raise Refusal("news-error", "forbidden")
        return centre

    def clean_text(self, text: str | None) -> str:
        body = visible_text(text)
        if not body:
            raise Refusal("news-error", "empty", limit=self.rules.max_chars)
        if len(body) > self.rules.max_chars:
            raise Refusal("news-error", "too_long", length=len(body), limit=self.rules.max_chars)
        # On MAX the escapes count in full (& is &amp;): the framed news must still fit.
        limit = self.rules.text_limit
        if limit.length(escape(body)) > limit.chars - FRAME_ROOM:
            raise Refusal("news-error", "too_long_escaped", limit=self.rules.max_chars)
        return body

    async def last_news_at(self, centre_code: str) -> datetime | None:
        return await self.session.scalar(
            select(CentreNews.created_at)
            .where(CentreNews.centre_code == centre_code)
            .order_by(CentreNews.created_at.desc())
            .limit(1)
        )

    async def check_cooldown(self, centre_code: str, now: datetime) -> None:
        last = await self.last_news_at(centre_code)
        if last is None:
            return
        next_at = last + self.rules.cooldown
        if now < next_at:
            raise Refusal("news-error", "cooldown", last=last, next_at=next_at)

    async def subscribers(self, centre_code: str) -> int:
        """Subscribers of the centre who can be written to (not known to have blocked us)."""
        count = await self.session.scalar(
            select(func.count())
            .select_from(FeedbackSubscription)
            .join(User, User.key == FeedbackSubscription.user_key)
            .where(FeedbackSubscription.centre_code == centre_code, User.blocked_at.is_(None))
        )
        return int(count or 0)

    async def open(self, access: Access, centre_code: str, now: datetime) -> tuple[Centre, int]:
        """May `access` write news of this centre now? The centre and its subscriber count."""
        centre = await self.centre(access, centre_code)
        await self.check_cooldown(centre.code, now)
        count = await self.subscribers(centre.code)
        if count == 0:
            raise Refusal("news-error", "no_subscribers")
        return centre, count

    # --- writing ------------------------------------------------------------------------------

    async def create(
        self,
        access: Access,
        centre_code: str,
        text: str,
        now: datetime,
        *,
        author_chat_id: int | None = None,
        author_language: str | None = None,
    ) -> tuple[Centre, CentreNews]:
        """Store the news and its delivery log, every subscriber pending (every rule checked
        again); the caller commits both at once, then broadcasts. The author's chat (their
        user id unless given) is kept sealed for the final report."""
        if access.works_at(centre_code):
            # Serialises two members of one working group pressing Send at once (PostgreSQL;
            # SQLite has one writer anyway).
            await self.session.scalar(
                select(Centre.code).where(Centre.code == centre_code).with_for_update()
            )
        body = self.clean_text(text)
        centre, count = await self.open(access, centre_code, now)
        # Stored only if no news of the centre is within the cool-down, in the same statement:
        # of two Sends at the same moment (two members of the group, or a double tap) exactly
        # one stores a row, so exactly one broadcast starts. On PostgreSQL the lock above
        # already orders them; SQLite takes its write lock at this statement.
        recent = or_(
            CentreNews.created_at > now - self.rules.cooldown,
            and_(CentreNews.text == body, CentreNews.created_at > now - DOUBLE_SEND),
        )
        values = select(
            literal(centre.code, String()),
            literal(body, Text()),
            literal(self.pseudonyms.user(access.user_id), String()),
            literal(now, UTCDateTime()),
            literal(count, Integer()),
            literal(
                self.pseudonyms.seal(access.user_id if author_chat_id is None else author_chat_id),
                Text(),
            ),
            literal(author_language, String()),
        ).where(~exists().where(CentreNews.centre_code == centre.code, recent))
        columns = [
            "centre_code",
            "text",
            "author_key",
            "created_at",
            "recipients",
            "author_chat",
            "author_language",
        ]
        news_id = await self.session.scalar(
            insert(CentreNews).from_select(columns, values).returning(CentreNews.id)
        )
        if news_id is None:  # another Send got there first
            if self.rules.cooldown:
                await self.check_cooldown(centre.code, now)
            raise Refusal("news-error", "stale")  # the same text a moment ago: a double tap
        news = await self.session.get(CentreNews, news_id)
        assert news is not None
        news.recipients = await news_deliveries.log_recipients(self.session, news.id, centre.code)
        return centre, news

    async def unsubscribe(self, user_id: int, centre_code: str) -> bool:
        """Drop this person's subscription to one centre; False if there was none."""
        result = cast(
            CursorResult[Any],
            await self.session.execute(
                delete(FeedbackSubscription).where(
                    FeedbackSubscription.user_key == self.pseudonyms.user(user_id),
                    FeedbackSubscription.centre_code == centre_code,
                )
            ),
        )
        return bool(result.rowcount)
