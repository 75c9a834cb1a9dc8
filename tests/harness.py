"""Feeding updates through the production dispatcher with a recording bot session.

The session answers every Bot API call the way Telegram would (a Message for sendMessage,
True for answerCallbackQuery, "message is not modified" for an edit that changes nothing...)
and keeps the chat as the user sees it: each message's current text and keyboard after
edits, so a test can press the buttons on screen.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import (
    CallbackQuery,
    Chat,
    InlineKeyboardMarkup,
    Location,
    Message,
    MessageEntity,
    Sticker,
    Update,
    User,
)

# What Telegram answers an edit that changes neither the text nor the keyboard.
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
BOT_USER = User(id=42, is_bot=True, first_name="Star bot", username="czn_star_bot")


def _markup(markup: Any) -> Any:
    """A message's inline keyboard as Telegram compares it (no keyboard: no rows)."""
    if isinstance(markup, InlineKeyboardMarkup) and markup.inline_keyboard:
        return markup.model_dump(exclude_none=True)
    return None


@dataclass
class Shown:
    """A message of the bot as the user sees it now."""

    message_id: int
    chat_id: int
    text: str
    markup: Any = None

    def buttons(self) -> list[tuple[str, str]]:
        if not isinstance(self.markup, InlineKeyboardMarkup):
            return []
        return [(b.text, b.callback_data or "") for row in self.markup.inline_keyboard for b in row]

    def button(self, text_part: str) -> str:
        """The callback data of the first button whose label contains `text_part`."""
        for label, data in self.buttons():
            if text_part in label:
                return data
        raise AssertionError(f"no button with {text_part!r} in {self.buttons()}")


@dataclass
class RecordingSession(BaseSession):
    calls: list[TelegramMethod[Any]] = field(default_factory=list)
    shown: dict[int, Shown] = field(default_factory=dict)
    alerts: list[AnswerCallbackQuery] = field(default_factory=list)
    errors: dict[str, list[Exception]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(100)

    def fail_next(self, method: str, error: Exception) -> None:
        self.errors.setdefault(method, []).append(error)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        self.calls.append(method)
        queued = self.errors.get(type(method).__name__)
        if queued:
            raise queued.pop(0)
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage):
            chat_id = int(method.chat_id)
            shown = Shown(next(self._ids), chat_id, method.text, method.reply_markup)
            self.shown[shown.message_id] = shown
            return self._message(shown)
        if (
            isinstance(method, EditMessageText | EditMessageReplyMarkup)
            and int(method.message_id or 0) not in self.shown
        ):
            raise TelegramBadRequest(method, "Bad Request: message to edit not found")
        if isinstance(method, EditMessageText):
            shown = self.shown[int(method.message_id or 0)]
            if (shown.text, _markup(shown.markup)) == (method.text, _markup(method.reply_markup)):
                raise TelegramBadRequest(method, NOT_MODIFIED)
            shown.text, shown.markup = method.text, method.reply_markup
            return self._message(shown)
        if isinstance(method, EditMessageReplyMarkup):
            shown = self.shown[int(method.message_id or 0)]
            if _markup(shown.markup) == _markup(method.reply_markup):
                raise TelegramBadRequest(method, NOT_MODIFIED)
            shown.markup = method.reply_markup
            return self._message(shown)
        if isinstance(method, AnswerCallbackQuery):
            self.alerts.append(method)
        return True

    @staticmethod
    def _message(shown: Shown) -> Message:
        markup = shown.markup if isinstance(shown.markup, InlineKeyboardMarkup) else None
        return Message(
            message_id=shown.message_id,
            date=datetime.now(UTC),
            chat=Chat(id=shown.chat_id, type="private"),
            from_user=BOT_USER,
            text=shown.text,
            reply_markup=markup,
        )

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def close(self) -> None:
        return None


class Person:
    """One person talking to the bot."""

    _update_ids = itertools.count(1)

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        session: RecordingSession,
        user_id: int = 1001,
        language: str = "ru",
    ) -> None:
        self.dp, self.bot, self.session = dispatcher, bot, session
        self.user = User(id=user_id, is_bot=False, first_name="Анна", language_code=language)
        self.chat = Chat(id=user_id, type="private")

    def as_user(self, user_id: int) -> Person:
        return Person(self.dp, self.bot, self.session, user_id)

    async def feed(self, **event: Any) -> None:
        update = Update(update_id=next(self._update_ids), **event)
        await self.dp.feed_update(self.bot, update)

    def _message(self, **content: Any) -> Message:
        return Message(
            message_id=next(self._update_ids) + 10_000,
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **content,
        )

    async def send(self, text: str) -> None:
        entities = None
        if text.startswith("/"):
            entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
        await self.feed(message=self._message(text=text, entities=entities))

    async def send_location(self, latitude: float, longitude: float) -> None:
        await self.feed(
            message=self._message(location=Location(latitude=latitude, longitude=longitude))
        )

    async def send_sticker(self) -> None:
        sticker = Sticker(
            file_id="st",
            file_unique_id="stu",
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
        )
        await self.feed(message=self._message(sticker=sticker))

    async def press(self, data: str, message: Shown | None = None) -> None:
        shown = message or self.last()
        on_screen = Message(
            message_id=shown.message_id,
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=BOT_USER,
            text=shown.text,
            # Telegram sends the pressed message with its keyboard.
            reply_markup=shown.markup if isinstance(shown.markup, InlineKeyboardMarkup) else None,
        )
        await self.feed(
            callback_query=CallbackQuery(
                id=str(next(self._update_ids)),
                from_user=self.user,
                chat_instance="ci",
                message=on_screen,
                data=data,
            )
        )

    async def tap(self, label_part: str, message: Shown | None = None) -> None:
        shown = message or self.last_with_buttons()
        await self.press(shown.button(label_part), shown)

    # what the user sees
    def messages(self) -> list[Shown]:
        return [s for s in self.session.shown.values() if s.chat_id == self.chat.id]

    def last(self) -> Shown:
        return self.messages()[-1]

    def last_with_buttons(self) -> Shown:
        return [m for m in self.messages() if m.buttons()][-1]

    def texts(self) -> list[str]:
        return [m.text for m in self.messages()]

    def last_alert(self) -> str | None:
        mine = [a for a in self.session.alerts if a.text]
        return mine[-1].text if mine else None
