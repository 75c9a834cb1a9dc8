"""The digest's channel as Telegram knows it: CHANNEL_ID (`@name` or `-100…`) resolved to the
numeric chat id, the key of the channel's `posts` rows (issue 10: `-100…` once and `@name`
once must be one week, not two).

A numeric CHANNEL_ID is the id already; getChat is still asked (best effort) for the channel's
username. Rows an older version keyed by `@name` are re-keyed to the id once per process,
unless the id already has a row for that week (then the id's row is the week's record).
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.sender import parse_chat_id
from storage.models import Post

log = logging.getLogger(__name__)


class ChannelUnavailable(Exception):
    """getChat could not resolve CHANNEL_ID (not found, no rights, Telegram unreachable)."""


def _describe(error: BaseException) -> str:
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"


class Channel:
    """Resolves the configured channel once per process; see the module docstring."""

    def __init__(
        self, bot: Bot, configured: str, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        self.bot = bot
        self.configured = configured.strip()
        self.sessionmaker = sessionmaker
        self._key: str | None = None

    async def key(self) -> str:
        """The channel's numeric id as a string; raises ChannelUnavailable."""
        if self._key is not None:
            return self._key
        chat_id = parse_chat_id(self.configured)
        aliases = set()
        if isinstance(chat_id, int):
            key = str(chat_id)
            try:
                chat: Any = await self.bot.get_chat(chat_id)
            except Exception as error:  # the id is all we need to post
                log.info("getChat(%s) failed, old @name rows stay as they are: %s", key, error)
                chat = None
        else:
            aliases.add(chat_id)
            try:
                chat = await self.bot.get_chat(chat_id)
            except Exception as error:
                raise ChannelUnavailable(_describe(error)) from error
            if not isinstance(getattr(chat, "id", None), int):
                raise ChannelUnavailable(f"getChat({chat_id}) answered no chat id")
            key = str(chat.id)
        username = getattr(chat, "username", None)
        if isinstance(username, str) and username:
            aliases.add(f"@{username}")
        await self._adopt(key, {a.lower() for a in aliases})
        self._key = key
        if key != self.configured:
            log.info("digest channel %s is chat %s", self.configured, key)
        return key

    async def _adopt(self, key: str, aliases: set[str]) -> None:
        if not aliases:
            return
        async with self.sessionmaker() as session:
            weeks = set(await session.scalars(select(Post.iso_week).where(Post.channel == key)))
            legacy = await session.scalars(
                select(Post).where(func.lower(Post.channel).in_(sorted(aliases)))
            )
            moved = 0
            for post in legacy:
                if post.iso_week not in weeks:
                    post.channel = key
                    weeks.add(post.iso_week)
                    moved += 1
            try:
                await session.commit()
            except IntegrityError:  # another process re-keyed them first
                await session.rollback()
                return
        if moved:
            log.info("%d digest rows of %s re-keyed to chat %s", moved, sorted(aliases), key)
