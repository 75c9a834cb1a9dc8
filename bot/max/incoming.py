"""MAX updates as Telegram Bot API updates (dicts aiogram validates into `Update`).

- `message_created` → `message`: the text, an image (as `photo`), a file (`document`) or a
  location (`location`, without `horizontal_accuracy`: MAX sends none);
- `message_callback` → `callback_query`: `data` is the button's payload, `message` the bot's
  message with its integer id (bot.max.message_ids);
- `bot_started` (the person opened the bot, maybe by a deep link `max.ru/<bot>?start=<p>`)
  → a message `/start <p>`, what Telegram sends for `t.me/<bot>?start=<p>`.

Every other update type is skipped (`None`): the bot asks MAX only for these three. Users and
chats get their aiogram ids from bot.max.ids; the update its id from `ids.update_id`.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.max import ids
from bot.max.message_ids import MessageIds

log = logging.getLogger(__name__)

Json = dict[str, Any]
UPDATE_TYPES = ("message_created", "message_callback", "bot_started")


def user(raw: Json, locale: str | None = None) -> Json:
    """A MAX user as a Telegram User."""
    first = str(raw.get("first_name") or raw.get("name") or "")
    found: Json = {
        "id": ids.user_to_bot(int(raw["user_id"])),
        "is_bot": bool(raw.get("is_bot", False)),
        "first_name": first or "-",
    }
    if raw.get("last_name"):
        found["last_name"] = str(raw["last_name"])
    if raw.get("username"):
        found["username"] = str(raw["username"])
    if locale:
        found["language_code"] = locale
    return found


def chat_of(message: Json) -> Json:
    """The Telegram chat of a MAX message: a dialog is the private chat of its person."""
    recipient = message.get("recipient") or {}
    sender = message.get("sender") or {}
    if recipient.get("chat_type", "dialog") == "dialog":
        person = recipient.get("user_id") if sender.get("is_bot") else sender.get("user_id")
        if person is None:
            person = recipient.get("user_id")
        if person is None:
            raise ValueError("a MAX dialog message names no person")
        return {"id": ids.user_to_bot(int(person)), "type": "private"}
    kind = "channel" if recipient.get("chat_type") == "channel" else "group"
    return {"id": ids.chat_to_bot(int(recipient["chat_id"])), "type": kind, "title": "MAX"}


def keyboard(attachment: Json) -> Json | None:
    """An inline_keyboard attachment as a Telegram InlineKeyboardMarkup (callback and link)."""
    rows: list[list[Json]] = []
    for row in (attachment.get("payload") or {}).get("buttons") or []:
        buttons: list[Json] = []
        for button in row:
            if button.get("type") == "callback":
                buttons.append({"text": button["text"], "callback_data": button["payload"]})
            elif button.get("type") == "link":
                buttons.append({"text": button["text"], "url": button["url"]})
        if buttons:
            rows.append(buttons)
    return {"inline_keyboard": rows} if rows else None


def file_id(payload: Json) -> str:
    """What the bot keeps as a file id: MAX's token, which also sends the file again."""
    return str(payload.get("token") or payload.get("url") or "")


def content(attachments: list[Json]) -> Json:
    """The Telegram message fields for MAX attachments (the ones the bot understands)."""
    found: Json = {}
    for item in attachments:
        kind, payload = item.get("type"), item.get("payload") or {}
        if kind == "image" and "photo" not in found:
            unique = str(payload.get("photo_id") or file_id(payload))
            found["photo"] = [
                {"file_id": file_id(payload), "file_unique_id": unique, "width": 0, "height": 0}
            ]
        elif kind == "file" and "document" not in found:
            document: Json = {
                "file_id": file_id(payload),
                "file_unique_id": str(payload.get("fileId") or file_id(payload))[:64],
            }
            if item.get("filename"):
                document["file_name"] = str(item["filename"])
            if item.get("size"):
                document["file_size"] = int(item["size"])
            found["document"] = document
        elif kind == "location" and "location" not in found:
            found["location"] = {
                "latitude": float(item["latitude"]),
                "longitude": float(item["longitude"]),
            }
        elif kind == "inline_keyboard":
            markup = keyboard(item)
            if markup:
                found["reply_markup"] = markup
    return found


async def message(raw: Json, numbers: MessageIds, bot_user: Json, locale: str | None) -> Json:
    """A MAX message as a Telegram Message (its mid numbered)."""
    body = raw.get("body") or {}
    sender = raw.get("sender") or {}
    found: Json = {
        "message_id": await numbers.number(str(body["mid"])),
        "date": int(raw.get("timestamp", 0)) // 1000,
        "chat": chat_of(raw),
    }
    if sender.get("is_bot"):
        found["from"] = bot_user
    elif sender.get("user_id") is not None:
        found["from"] = user(sender, locale)
    link = raw.get("link") or {}
    if link.get("type") == "forward":
        # Shown as Telegram's hidden-user origin: the evidence geo check refuses a location
        # forwarded from someone else (it shows where they were, some time ago).
        origin = link.get("sender") or {}
        found["forward_origin"] = {
            "type": "hidden_user",
            "date": found["date"],
            "sender_user_name": str(origin.get("name") or origin.get("first_name") or "MAX"),
        }
    text = body.get("text")
    attachments = list(body.get("attachments") or [])
    media = content(attachments)
    if text and ("photo" in media or "document" in media):
        found["caption"] = text
    elif text:
        found["text"] = text
    found.update(media)
    return found


async def to_update(raw: Json, numbers: MessageIds, bot_user: Json) -> Json | None:
    """One MAX update as a Telegram update, or None for what the bot does not handle."""
    kind = raw.get("update_type")
    stamp = int(raw.get("timestamp", 0))
    locale = raw.get("user_locale")
    try:
        if kind == "message_created":
            msg = raw["message"]
            if (msg.get("sender") or {}).get("is_bot"):
                return None
            mid = str(msg["body"]["mid"])
            found = await message(msg, numbers, bot_user, locale)
            return {"update_id": ids.update_id(stamp, mid), "message": found}
        if kind == "message_callback":
            callback = raw["callback"]
            who = user(callback["user"], locale)
            query: Json = {
                "id": str(callback["callback_id"]),
                "from": who,
                "chat_instance": str(who["id"]),
                "data": str(callback.get("payload") or ""),
            }
            if raw.get("message"):
                query["message"] = await message(raw["message"], numbers, bot_user, locale)
            key = str(callback["callback_id"])
            return {"update_id": ids.update_id(stamp, key), "callback_query": query}
        if kind == "bot_started":
            who = user(raw["user"], locale)
            payload = raw.get("payload")
            started: Json = {
                "message_id": 0,  # MAX names no message for it; nothing edits or replies to it
                "date": stamp // 1000,
                "chat": {"id": who["id"], "type": "private"},
                "from": who,
                "text": f"/start {payload}" if payload else "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            }
            key = f"bot_started:{who['id']}"
            return {"update_id": ids.update_id(stamp, key), "message": started}
    except (ValueError, KeyError, TypeError) as error:  # MaxIdOutOfRange is a ValueError
        log.warning("MAX update %s skipped: %r", kind, error)
        return None
    return None
