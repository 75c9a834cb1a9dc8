"""Practice base tests: a bot session that serves files and answers channel posts like
Telegram (message ids for albums and photos), a media folder and a channel per test."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import SendDocument, SendMediaGroup, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import Chat, Message

from bot.config import DigestSettings, Settings
from tests.evidence_support import FileServingSession, evidence_settings
from tests.harness import BOT_USER

CHANNEL = "@czn_channel"


@dataclass
class ChannelSession(FileServingSession):
    posts: list[TelegramMethod[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self._channel_ids = itertools.count(500)

    def _post(self, text: str | None) -> Message:
        return Message(
            message_id=next(self._channel_ids),
            date=datetime.now(UTC),
            chat=Chat(id=-1001, type="channel"),
            from_user=BOT_USER,
            text=text,
        )

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        queued = self.errors.get(type(method).__name__)
        if queued and getattr(method, "chat_id", None) == CHANNEL:
            self.calls.append(method)
            raise queued.pop(0)
        if isinstance(method, SendMediaGroup):
            self.calls.append(method)
            self.posts.append(method)
            return [self._post(None) for _ in method.media]
        if isinstance(method, SendPhoto | SendDocument):
            self.calls.append(method)
            self.posts.append(method)
            return self._post(None)
        if isinstance(method, SendMessage) and method.chat_id == CHANNEL:
            self.calls.append(method)
            self.posts.append(method)
            return self._post(method.text)
        return await super().make_request(bot, method, timeout)

    def channel_posts(self) -> list[TelegramMethod[Any]]:
        return [p for p in self.posts if getattr(p, "chat_id", None) == CHANNEL]


@pytest.fixture
def recording() -> ChannelSession:
    return ChannelSession()


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    settings = evidence_settings(settings, tmp_path)
    settings.digest = DigestSettings(_env_file=None, channel_id=CHANNEL)
    return settings
