"""Bot API markup and texts as MAX message bodies (NewMessageBody of MAX's schema).

- An inline keyboard is an `inline_keyboard` attachment: callback buttons carry the
  callback_data as their payload, URL buttons are `link` buttons.
- MAX has no reply keyboard. The only one the bot shows (the location picker: "send my
  location" and "cancel") becomes an inline keyboard too: a `request_geo_location` button, and
  `message` buttons that send their text as the person's message, as a reply keyboard's
  button does on Telegram. ReplyKeyboardRemove and ForceReply mean nothing on MAX.
- Texts keep the bot's HTML (`format: html`; the bot uses <b>, <i>, <a>, <code> only), up to
  MAX's 4,000 characters as sent (bot.text_limit, which the message builders follow too): a
  longer one is refused here, as Telegram refuses one over 4,096.
"""

from __future__ import annotations

from typing import Any

from aiogram.types import (
    ForceReply,
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot import text_limit

Json = dict[str, Any]
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply | None

MAX_TEXT = text_limit.MAX_TEXT.chars
MAX_PAYLOAD = 1024  # bytes of a callback button's payload; the bot sends at most 64


class TooLong(ValueError):
    """A text MAX would refuse."""


def keyboard(markup: Markup) -> list[Json]:
    """The attachments carrying `markup` (none, or one inline_keyboard)."""
    rows: list[list[Json]] = []
    if isinstance(markup, InlineKeyboardMarkup):
        for row in markup.inline_keyboard:
            buttons: list[Json] = []
            for button in row:
                if button.callback_data is not None:
                    buttons.append(
                        {"type": "callback", "text": button.text, "payload": button.callback_data}
                    )
                elif button.url is not None:
                    buttons.append({"type": "link", "text": button.text, "url": button.url})
            if buttons:
                rows.append(buttons)
    elif isinstance(markup, ReplyKeyboardMarkup):
        for reply_row in markup.keyboard:
            buttons = []
            for key in reply_row:
                if key.request_location:
                    buttons.append({"type": "request_geo_location", "text": key.text})
                else:
                    buttons.append({"type": "message", "text": key.text})
            if buttons:
                rows.append(buttons)
    if not rows:
        return []
    return [{"type": "inline_keyboard", "payload": {"buttons": rows}}]


def checked_text(text: str | None) -> str | None:
    if text is not None and not text_limit.MAX_TEXT.fits(text):
        length = text_limit.MAX_TEXT.length(text)
        raise TooLong(f"message is too long: {length} characters, MAX takes {MAX_TEXT}")
    return text


def body(text: str | None, markup: Markup, attachments: list[Json] | None = None) -> Json:
    """A NewMessageBody: the text (HTML), the media attachments, then the keyboard."""
    found: Json = {
        "text": checked_text(text),
        "format": "html",
        "attachments": [*(attachments or []), *keyboard(markup)],
    }
    return found
