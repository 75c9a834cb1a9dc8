"""MAX updates into aiogram's and aiogram's markup into MAX's (bot.max.incoming, outgoing)."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot.max import ids, incoming, outgoing
from bot.max.message_ids import MessageIds

BOT_USER = {"id": ids.user_to_bot(10002), "is_bot": True, "first_name": "Bot"}
USER = {"user_id": 10001, "first_name": "Anna", "last_name": "", "is_bot": False}


def created(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "update_type": "message_created",
        "timestamp": 1770679787821,
        "user_locale": "ru",
        "message": {
            "recipient": {"chat_id": -100000000, "chat_type": "dialog", "user_id": 10002},
            "timestamp": 1770679787821,
            "body": {"mid": "mid.0000000008a53b9b019c44bd612d33e0", "seq": 1, **body},
            "sender": USER,
        },
    }


async def test_a_text_message_becomes_a_private_message_of_the_mapped_user() -> None:
    raw = await incoming.to_update(created({"text": "привет"}), MessageIds(None), BOT_USER)
    assert raw is not None
    update = Update.model_validate(raw)
    assert update.message is not None and update.message.text == "привет"
    assert update.message.chat.type == "private"
    assert update.message.chat.id == update.message.from_user.id == ids.user_to_bot(10001)  # type: ignore[union-attr]
    assert update.message.from_user.language_code == "ru"  # type: ignore[union-attr]
    assert update.update_id == ids.update_id(1770679787821, "mid.0000000008a53b9b019c44bd612d33e0")


async def test_a_location_has_no_accuracy_and_an_image_is_a_photo() -> None:
    location = {"type": "location", "latitude": 55.77, "longitude": 37.63}
    raw = await incoming.to_update(
        created({"text": None, "attachments": [location]}), MessageIds(None), BOT_USER
    )
    message = Update.model_validate(raw).message
    assert message is not None and message.location is not None
    assert (message.location.latitude, message.location.longitude) == (55.77, 37.63)
    assert message.location.horizontal_accuracy is None
    image = {"type": "image", "payload": {"photo_id": 7, "token": "tok", "url": "http://x/i"}}
    raw = await incoming.to_update(
        created({"text": "подпись", "attachments": [image]}), MessageIds(None), BOT_USER
    )
    message = Update.model_validate(raw).message
    assert message is not None and message.photo is not None
    assert message.photo[-1].file_id == "tok" and message.caption == "подпись"


async def test_a_forwarded_message_keeps_that_it_was_forwarded() -> None:
    location = {"type": "location", "latitude": 55.77, "longitude": 37.63}
    raw = created({"attachments": [location]})
    raw["message"]["link"] = {"type": "forward", "sender": {"user_id": 7, "name": "Other"}}
    message = Update.model_validate(
        await incoming.to_update(raw, MessageIds(None), BOT_USER)
    ).message
    assert message is not None and message.forward_origin is not None


async def test_a_callback_carries_the_payload_and_the_numbered_bot_message() -> None:
    numbers = MessageIds(None)
    keyboard = {
        "type": "inline_keyboard",
        "payload": {"buttons": [[{"type": "callback", "text": "4", "payload": "a:4"}]]},
    }
    raw = {
        "update_type": "message_callback",
        "timestamp": 1770679803383,
        "callback": {"timestamp": 1, "callback_id": "cb-1", "user": USER, "payload": "a:4"},
        "message": {
            "recipient": {"chat_id": -100000000, "chat_type": "dialog", "user_id": 10001},
            "timestamp": 1770671779146,
            "body": {"mid": "mid.bot1", "seq": 2, "text": "Вопрос", "attachments": [keyboard]},
            "sender": {"user_id": 10002, "first_name": "Bot", "is_bot": True},
        },
    }
    update = Update.model_validate(await incoming.to_update(raw, numbers, BOT_USER))
    query = update.callback_query
    assert query is not None and query.id == "cb-1" and query.data == "a:4"
    assert query.message is not None
    assert query.message.chat.id == ids.user_to_bot(10001)  # the person's chat, not the bot's
    assert await numbers.mid(query.message.message_id) == "mid.bot1"
    assert query.message.reply_markup.inline_keyboard[0][0].callback_data == "a:4"  # type: ignore[union-attr]


async def test_bot_started_with_a_payload_is_start_with_that_payload() -> None:
    raw = {
        "update_type": "bot_started",
        "timestamp": 1775025604499,
        "chat_id": 182182182,
        "user": {"user_id": 123456789, "first_name": "John", "is_bot": False},
        "payload": "c_77-cao",
    }
    update = Update.model_validate(await incoming.to_update(raw, MessageIds(None), BOT_USER))
    assert update.message is not None and update.message.text == "/start c_77-cao"
    assert update.message.chat.id == ids.user_to_bot(123456789)


def test_a_channel_message_is_a_channel_apart_from_telegram_chats() -> None:
    chat = incoming.chat_of(
        {
            "recipient": {"chat_id": -70000000, "chat_type": "channel"},
            "sender": {"user_id": 10002, "is_bot": True},
        }
    )
    assert chat["type"] == "channel" and chat["id"] == ids.chat_to_bot(-70000000)
    assert ids.recipient(chat["id"]) == ("chat_id", -70000000)


async def test_what_the_bot_does_not_handle_is_skipped() -> None:
    assert (
        await incoming.to_update({"update_type": "user_added"}, MessageIds(None), BOT_USER) is None
    )
    huge = created({"text": "x"})
    huge["message"]["sender"] = {**USER, "user_id": 2**62}
    assert await incoming.to_update(huge, MessageIds(None), BOT_USER) is None


def test_an_inline_keyboard_becomes_callback_and_link_buttons() -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text="4", callback_data="a:4")],
            [InlineKeyboardButton(text="сайт", url="https://example.org")],
        ]
    )
    [attachment] = outgoing.keyboard(markup)
    assert attachment == {
        "type": "inline_keyboard",
        "payload": {
            "buttons": [
                [{"type": "callback", "text": "4", "payload": "a:4"}],
                [{"type": "link", "text": "сайт", "url": "https://example.org"}],
            ]
        },
    }


def test_the_location_picker_becomes_a_geo_button_and_a_message_button() -> None:
    markup = ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text="📍 Отправить", request_location=True)],
            [KeyboardButton(text="Отмена")],
        ]
    )
    [attachment] = outgoing.keyboard(markup)
    rows = attachment["payload"]["buttons"]
    assert rows == [
        [{"type": "request_geo_location", "text": "📍 Отправить"}],
        [{"type": "message", "text": "Отмена"}],
    ]
    assert outgoing.keyboard(ReplyKeyboardRemove()) == []


def test_a_text_over_4000_characters_is_refused_before_sending() -> None:
    assert outgoing.body("я" * 4000, None)["text"] == "я" * 4000
    with pytest.raises(outgoing.TooLong):
        outgoing.body("я" * 4001, None)
