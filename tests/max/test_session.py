"""The MAX session against the fake MAX server: requests as MAX wants them, errors as aiogram's."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramUnauthorizedError
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callback_answers import LateCallbackAnswers
from bot.max import ids
from bot.max.message_ids import MessageIds, UnknownMessage
from bot.max.session import PLACEHOLDER_TOKEN, MaxSession
from tests.fakemax import FakeMax
from tests.images import make_jpeg_with_gps

TOKEN = "max-unit-token"
PERSON = ids.user_to_bot(10001)
KEYS = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="4", callback_data="a:4")]])


@pytest.fixture
async def api() -> AsyncIterator[FakeMax]:
    async with FakeMax(token=TOKEN) as fake:
        yield fake


def max_bot(api: FakeMax, token: str = TOKEN, numbers: MessageIds | None = None) -> Bot:
    return Bot(PLACEHOLDER_TOKEN, session=MaxSession(api.url, token, numbers or MessageIds(None)))


async def test_send_then_edit_in_place(api: FakeMax) -> None:
    bot = max_bot(api)
    try:
        sent = await bot.send_message(PERSON, "<b>Вопрос 1</b>", reply_markup=KEYS)
        [call] = api.sent_to(10001)
        assert call.body["format"] == "html" and call.query["user_id"] == "10001"
        assert call.body["attachments"][0]["payload"]["buttons"][0][0]["payload"] == "a:4"
        await bot.edit_message_text("Вопрос 2", chat_id=PERSON, message_id=sent.message_id)
        mid = str(call.response["message"]["body"]["mid"])
        assert api.messages[mid].text == "Вопрос 2"
        assert not api.buttons(mid)  # Telegram's edit without a keyboard removes it, here too
    finally:
        await bot.session.close()


async def test_polling_confirms_by_marker_and_translates(api: FakeMax) -> None:
    bot = max_bot(api)
    try:
        api.start(10001, "c_77-cao")
        [update] = await bot.get_updates(timeout=0)
        assert update.message is not None and update.message.text == "/start c_77-cao"
        assert await bot.get_updates(timeout=0) == []  # the marker confirmed the first batch
        first, second = (c for c in api.calls if c.route == "GET /updates")
        assert "marker" not in first.query and second.query["marker"]
    finally:
        await bot.session.close()


async def test_a_wrong_token_is_unauthorized(api: FakeMax) -> None:
    bot = max_bot(api, token="wrong")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await bot.get_me()
    finally:
        await bot.session.close()


async def test_callback_answers_go_to_answers_and_unknown_ones_are_refused(api: FakeMax) -> None:
    bot = max_bot(api)
    try:
        sent = await bot.send_message(PERSON, "Вопрос", reply_markup=KEYS)
        mid = str(api.sent_to(10001)[0].response["message"]["body"]["mid"])
        api.click(10001, mid, "4")
        [update] = await bot.get_updates(timeout=0)
        assert update.callback_query is not None
        assert update.callback_query.message.message_id == sent.message_id  # type: ignore[union-attr]
        await bot.answer_callback_query(update.callback_query.id, text="Сохранено")
        [answer] = [c for c in api.calls if c.route == "POST /answers"]
        assert answer.ok and answer.body == {"notification": "Сохранено"}
        with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
            await bot.answer_callback_query(update.callback_query.id, text="again")
        bot.session.middleware(LateCallbackAnswers())  # as bot.factory sets it up
        assert await bot.answer_callback_query(update.callback_query.id, text="late") is True
    finally:
        await bot.session.close()


async def test_an_unknown_message_number_is_a_bad_request(api: FakeMax) -> None:
    bot = max_bot(api)
    try:
        with pytest.raises(TelegramBadRequest):
            await bot.edit_message_text("x", chat_id=PERSON, message_id=999)
    finally:
        await bot.session.close()


async def test_a_photo_is_uploaded_and_an_album_is_one_message(api: FakeMax) -> None:
    bot = max_bot(api)
    picture = make_jpeg_with_gps(55.0, 37.0, None)
    try:
        await bot.send_photo(PERSON, BufferedInputFile(picture, "a.jpg"), caption="фото")
        album = [
            InputMediaPhoto(
                media=BufferedInputFile(picture, f"{n}.jpg"), caption="дайджест" if n == 0 else None
            )
            for n in range(3)
        ]
        sent = await bot.send_media_group(PERSON, album)
        assert len(sent) == 1
        photo, post = api.sent_to(10001)
        assert [a["type"] for a in photo.body["attachments"]] == ["image"]
        assert [a["type"] for a in post.body["attachments"]] == ["image"] * 3
        assert post.body["text"] == "дайджест"
        assert [c.query["type"] for c in api.calls if c.route == "POST /uploads"] == ["image"] * 4
    finally:
        await bot.session.close()


async def test_a_file_is_alone_in_its_message_and_the_keyboard_follows(api: FakeMax) -> None:
    bot = max_bot(api)
    try:
        await bot.send_document(PERSON, BufferedInputFile(b"x" * 10, "r.xlsx"), reply_markup=KEYS)
        document, keys = api.sent_to(10001)
        assert document.ok and [a["type"] for a in document.body["attachments"]] == ["file"]
        assert keys.ok and keys.body["attachments"][0]["type"] == "inline_keyboard"
    finally:
        await bot.session.close()


async def test_a_received_photo_is_downloaded_from_its_url(api: FakeMax) -> None:
    bot = max_bot(api)
    try:
        api.send_photo(10001, b"JPEGDATA")
        [update] = await bot.get_updates(timeout=0)
        assert update.message is not None and update.message.photo
        data = await bot.download(update.message.photo[-1].file_id)
        assert data is not None and data.read() == b"JPEGDATA"
    finally:
        await bot.session.close()


async def test_message_numbers_survive_a_restart(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    first = MessageIds(sessionmaker)
    number = await first.number("mid.abc")
    assert await first.number("mid.abc") == number
    assert await first.number("mid.def") != number
    restarted = MessageIds(sessionmaker)
    assert await restarted.mid(number) == "mid.abc"
    assert await restarted.number("mid.abc") == number
    with pytest.raises(UnknownMessage):
        await restarted.mid(10**9)


async def test_the_webhook_is_registered_with_its_secret(api: FakeMax) -> None:
    bot = max_bot(api)
    try:
        await bot.set_webhook("https://bot.example.org/max/webhook", secret_token="s" * 32)
        [subscription] = api.subscriptions
        assert subscription["url"] == "https://bot.example.org/max/webhook"
        assert subscription["secret"] == "s" * 32
        assert set(subscription["update_types"]) == {
            "message_created",
            "message_callback",
            "bot_started",
        }
    finally:
        await bot.session.close()


async def test_a_method_max_lacks_is_refused_by_name(api: FakeMax) -> None:
    bot = max_bot(api)
    try:
        with pytest.raises(TelegramBadRequest, match="not available on MAX"):
            await bot.get_chat(-70000000)
    finally:
        await bot.session.close()
