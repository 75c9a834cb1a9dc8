"""The fake Bot API driven by a real aiogram Bot/Dispatcher, as the bot's e2e tests will."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from io import BytesIO

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InaccessibleMessage,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from tests.fakebotapi import FakeBotAPI, RecordedCall

TOKEN = "123456:TEST"
USER = 1001
PNG = (  # a real 1x1 PNG, so Pillow can read its size
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=t, callback_data=d) for t, d in pairs]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN) as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api.url))
    bot = Bot(TOKEN, session=session)
    yield bot
    await bot.session.close()


async def test_get_me(api: FakeBotAPI, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username, me.first_name) == (123456, True, "fake_bot", "Fake bot")
    assert [c.method for c in api.calls] == ["getMe"]
    assert api.calls[0].ok and api.calls[0].index == 0


async def test_wrong_token_is_unauthorized(api: FakeBotAPI) -> None:
    other = Bot("999:WRONG", session=AiohttpSession(api=TelegramAPIServer.from_base(api.url)))
    with pytest.raises(Exception, match="Unauthorized"):
        await other.get_me()
    await other.session.close()


async def test_dispatcher_start_button_and_edit(api: FakeBotAPI, bot: Bot) -> None:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message, command: CommandObject) -> None:
        await message.answer(f"Hello, {command.args}", reply_markup=keyboard(("Go", "go")))

    @dp.callback_query(F.data == "go")
    async def go(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        assert query.message.text == "Hello, abc"  # the message as it currently is
        await query.message.edit_text("Done")  # no markup: the keyboard disappears
        await query.answer()

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=5))
    try:
        update = api.send_message(USER, "/start abc")
        assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        reply = await api.wait_for(lambda c: c.method == "sendMessage")
        assert reply.params["chat_id"] == USER and reply.params["text"] == "Hello, abc"
        assert reply.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "go"
        sent = api.last_message(USER)
        assert sent["message_id"] == 2  # the user's /start was message 1 of this chat
        assert api.buttons(sent) == [("Go", "go")]

        api.click(USER, sent, "Go")
        await api.wait_for("answerCallbackQuery", since=reply.index + 1)
        await api.wait_until_consumed()
        (edited,) = api.messages(USER)
        assert edited["text"] == "Done" and "reply_markup" not in edited and edited["edit_date"]
        edit_call = api.calls_of("editMessageText")[0]
        assert edit_call.response and edit_call.response["result"]["text"] == "Done"
    finally:
        await dp.stop_polling()
        await polling


async def test_edit_errors_like_telegram(api: FakeBotAPI, bot: Bot) -> None:
    sent = await bot.send_message(USER, "Pick", reply_markup=keyboard(("A", "a")))
    await bot.edit_message_reply_markup(
        chat_id=USER, message_id=sent.message_id, reply_markup=keyboard(("B", "b"))
    )
    assert api.buttons(api.last_message(USER)) == [("B", "b")]
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Pick", chat_id=USER, message_id=sent.message_id, reply_markup=keyboard(("B", "b"))
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    edited = await bot.edit_message_text("Picked", chat_id=USER, message_id=sent.message_id)
    assert isinstance(edited, Message) and edited.text == "Picked" and edited.reply_markup is None
    assert api.messages(USER) == [api.last_message(USER)]
    assert await bot.delete_message(USER, sent.message_id)
    assert api.messages(USER) == []
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query("nope")


async def test_html_is_rendered_and_validated(api: FakeBotAPI, bot: Bot) -> None:
    message = await bot.send_message(USER, "<b>Hi</b> &amp; <i>you</i>", parse_mode="HTML")
    assert message.text == "Hi & you"
    assert [(e.type, e.offset, e.length) for e in message.entities or []] == [
        ("bold", 0, 2),
        ("italic", 5, 3),
    ]
    assert api.calls_of("sendMessage")[0].params["text"] == "<b>Hi</b> &amp; <i>you</i>"
    with pytest.raises(TelegramBadRequest, match="Unsupported start tag"):
        await bot.send_message(USER, "line<br>break", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "x" * 4097)


async def test_reply_keyboard_is_tracked(api: FakeBotAPI, bot: Bot) -> None:
    markup = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Send location", request_location=True)]]
    )
    message = await bot.send_message(USER, "Where are you?", reply_markup=markup)
    assert message.reply_markup is None  # Telegram only echoes inline keyboards
    assert api.buttons(api.last_message(USER)) == [("Send location", "")]
    shown = api.reply_keyboard(USER)
    assert shown and shown["keyboard"][0][0]["request_location"] is True
    await bot.send_message(USER, "Thanks", reply_markup=ReplyKeyboardRemove())
    assert api.reply_keyboard(USER) is None


async def test_faults(api: FakeBotAPI, bot: Bot) -> None:
    api.fail_next("sendMessage", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "hi")
    assert caught.value.retry_after == 7
    assert (await bot.send_message(USER, "hi")).message_id == 1  # the failed one sent nothing

    api.fail_next("sendMessage", status=500, count=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(USER, "hi")

    api.fail_next("sendMessage", status=403)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "hi")

    api.drop_next("sendMessage")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER, "hi")
    assert api.calls_of("sendMessage")[-1].response is None
    assert (await bot.send_message(USER, "after drop")).text == "after drop"

    update = api.block_bot(USER)
    assert update["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    assert USER in api.blocked_users
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(USER, "hi")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_chat_action(USER, "typing")
    assert [c.ok for c in api.calls_of("sendMessage")].count(True) == 2


async def test_user_photo_and_document_download(api: FakeBotAPI, bot: Bot) -> None:
    photo_update = api.send_photo(USER, PNG, caption="receipt")
    sizes = photo_update["message"]["photo"]
    assert len(sizes) == 3 and sizes[-1]["width"] == 1
    doc_update = api.send_photo(USER, b"%PDF-1", as_document=True, file_name="scan.pdf",
                                mime_type="application/pdf")  # fmt: skip
    document = doc_update["message"]["document"]
    assert (document["file_name"], document["mime_type"], document["file_size"]) == (
        "scan.pdf",
        "application/pdf",
        6,
    )

    for file_id, expected in ((sizes[-1]["file_id"], PNG), (document["file_id"], b"%PDF-1")):
        file = await bot.get_file(file_id)
        assert file.file_path
        buffer = await bot.download(file_id)
        assert isinstance(buffer, BytesIO) and buffer.getvalue() == expected
    assert len(api.calls_of("downloadFile")) == 2
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("unknown")


async def test_bot_sends_files(api: FakeBotAPI, bot: Bot) -> None:
    photo = await bot.send_photo(
        USER, BufferedInputFile(PNG, "chart.png"), caption="<b>Chart</b>", parse_mode="HTML"
    )
    assert photo.caption == "Chart" and photo.photo and len(photo.photo) == 3
    call = api.calls_of("sendPhoto")[0]
    assert call.files["photo"] == PNG and call.file_names["photo"] == "chart.png"
    assert (await bot.download(photo.photo[-1].file_id)).getvalue() == PNG  # type: ignore[union-attr]

    doc = await bot.send_document(USER, BufferedInputFile(b"a;b\n1;2\n", "report.csv"))
    assert doc.document and doc.document.file_name == "report.csv"
    assert doc.document.mime_type == "text/csv"
    again = await bot.send_document(USER, doc.document.file_id)  # re-send by file_id
    assert again.document and again.document.file_id == doc.document.file_id

    album = await bot.send_media_group(
        USER,
        [
            InputMediaPhoto(media=BufferedInputFile(PNG, "a.png"), caption="first"),
            InputMediaDocument(media=BufferedInputFile(b"x", "b.txt")),
        ],
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    assert album[0].caption == "first" and album[1].document
    assert [m["message_id"] for m in api.messages(USER)] == [1, 2, 3, 4, 5]


async def test_offset_confirms_and_drops_updates(api: FakeBotAPI, bot: Bot) -> None:
    for text in ("one", "two", "three"):
        api.send_message(USER, text)
    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["one", "two", "three"]
    assert [u.update_id for u in first] == [1, 2, 3]
    # Not confirmed yet: the same updates come again.
    assert [u.update_id for u in await bot.get_updates(limit=2)] == [1, 2]
    assert [u.update_id for u in await bot.get_updates(offset=3)] == [3]  # 1, 2 confirmed
    api.send_message(USER, "four")
    assert [u.update_id for u in await bot.get_updates(offset=4)] == [4]
    assert await bot.get_updates(offset=5) == []
    await api.wait_until_consumed(timeout=1)

    # An explicitly replayed update_id is delivered again (for dedup tests).
    api.push_update({"update_id": 4, "message": api.updates[-1]["message"]})
    assert [u.update_id for u in await bot.get_updates(offset=5)] == [4]
    assert await bot.get_updates(offset=5) == []
    assert api.send_message(USER, "five")["update_id"] == 5


async def test_long_poll_returns_early_on_update(api: FakeBotAPI, bot: Bot) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()
    api.send_message(USER, "wake up")
    updates = await asyncio.wait_for(poll, 2)
    assert [u.message.text for u in updates if u.message] == ["wake up"]
    assert time.monotonic() - started < 2

    started = time.monotonic()
    assert await bot.get_updates(offset=2, timeout=1) == []
    assert 0.9 < time.monotonic() - started < 3


async def test_second_poller_terminates_the_first(api: FakeBotAPI, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await first


async def test_misc_methods(api: FakeBotAPI, bot: Bot) -> None:
    from aiogram.types import BotCommand

    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    api.send_message(USER, "pending")
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert (await bot.get_webhook_info()).pending_update_count == 0
    chat = await bot.get_chat(USER)
    assert chat.type == "private" and chat.first_name == "Test"
    assert await bot.set_my_description("whatever")  # unknown to the fake: ok/true
    assert api.calls_of("setMyDescription")[0].params == {"description": "whatever"}
    located = await bot.send_location(USER, latitude=55.75, longitude=37.61)
    assert located.location and located.location.latitude == 55.75


async def test_wait_for_times_out_with_context(api: FakeBotAPI) -> None:
    with pytest.raises(TimeoutError, match="no matching call"):
        await api.wait_for(lambda c: c.method == "sendMessage", timeout=0.1)
    with pytest.raises(TimeoutError, match="not consumed"):
        api.send_message(USER, "nobody polls")
        await api.wait_until_consumed(timeout=0.1)


async def test_scripted_updates_shape(api: FakeBotAPI, bot: Bot) -> None:
    location = api.send_location(USER, 55.75, 37.61, horizontal_accuracy=20, forward=True)
    sticker = api.send_sticker(USER)
    sent = await bot.send_message(USER, "q", reply_markup=keyboard(("Yes", "y")))
    press = api.press_button(USER, sent.message_id, "y")
    await bot.delete_message(USER, sent.message_id)
    stale = api.press_button(USER, sent.model_dump(), "y")
    updates = {u.update_id: u for u in await bot.get_updates()}  # validated by aiogram models
    assert updates[location["update_id"]].message.forward_origin  # type: ignore[union-attr]
    assert updates[location["update_id"]].message.location.horizontal_accuracy == 20  # type: ignore[union-attr]
    assert updates[sticker["update_id"]].message.sticker  # type: ignore[union-attr]
    query = updates[press["update_id"]].callback_query
    assert query and query.data == "y" and query.chat_instance
    assert isinstance(query.message, Message) and query.message.text == "q"
    stale_query = updates[stale["update_id"]].callback_query
    assert stale_query and isinstance(stale_query.message, InaccessibleMessage)
    assert await bot.answer_callback_query(query.id)


def test_recorded_call_helpers() -> None:
    call = RecordedCall("sendMessage", {"chat_id": 5}, {}, 0.0, {"ok": True, "result": {}})
    assert call.chat_id == 5 and call.ok
