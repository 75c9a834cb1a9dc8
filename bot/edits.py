"""Editing what the bot already shows, where "message is not modified" is not an error.

Telegram refuses an edit that changes neither the text nor the keyboard with a
TelegramBadRequest "message is not modified": a double tap, or the same update handled twice,
edits a screen into what it already is. That is success, not a reason to apologise, so every
edit of the bot goes through `unless_unchanged` (or `edit_or_send`, which also replaces a
message that can no longer be edited, e.g. deleted by the user, by a new one).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup

NOT_MODIFIED = "message is not modified"


def is_not_modified(error: TelegramBadRequest) -> bool:
    return NOT_MODIFIED in error.message.lower()


@contextmanager
def unless_unchanged() -> Iterator[None]:
    """Swallow "message is not modified" (only that) from the edit inside."""
    try:
        yield
    except TelegramBadRequest as error:
        if not is_not_modified(error):
            raise


async def edit_or_send(
    bot: Bot, chat_id: int, message_id: int | None, text: str, markup: InlineKeyboardMarkup | None
) -> int:
    """Show `text` in message `message_id` (or a new message); returns the id showing it."""
    if message_id is not None:
        try:
            await bot.edit_message_text(
                text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
            return message_id
        except TelegramBadRequest as error:
            if is_not_modified(error):
                return message_id
            # Deleted, too old to edit...: the screen moves to a new message.
    sent = await bot.send_message(chat_id, text, reply_markup=markup)
    return sent.message_id
