"""A bare aiogram bot for the load benchmark's baseline: same calls, no database, no i18n.

It answers the driver's actions with the same Bot API calls the real bot makes (a message or
an edit carrying a keyboard, and an answerCallbackQuery), so the ratio between the two is the
cost of the product's own work: storage, FSM, scoring rules, texts.

The calls carry what the bot's carry, in size and shape: a question of the same length in
HTML parse mode (so Telegram's reply comes back with the same entities to parse) and the
answer keyboard's eight buttons in four rows. Until 2026-12-02 it sent a two-word text and
four buttons: those lighter calls cost it 16 % less CPU per update (2.21 and 1.99 against
2.63 and 2.37 ms, alternated), which the README's older rows carry.

    TELEGRAM_API_URL=http://127.0.0.1:PORT BOT_TOKEN=... python -m bench.bare_bot
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

# The driver's taps (load_driver.ACTIONS) by label; the bot's answer keyboard by shape.
ROWS = (
    ("1", "2", "3", "4", "5"),
    ("✅ Согласен(на)",),
    ("👤 Ищу работу (соискатель)",),
    ("Пропустить",),
)
KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text=label, callback_data=f"an:1:12:{label[:2]}") for label in row]
        for row in ROWS
    ]
)
# A question as the bot shows one: centre, progress, the statement in bold, the scale.
QUESTION = (
    "<i>Центр занятости населения г. Москвы — филиал ЦАО</i>\nВопрос {n}\n\n"
    "<b>Сотрудники вежливы, внимательно слушают и понятно объясняют.</b>\n\n"
    "1 — совсем не согласны, 5 — полностью согласны. Если вы с этим не сталкивались, "
    "нажмите «Затрудняюсь ответить»."
)


def create_bot() -> Bot:
    """As bot.factory's: HTML parse mode and no link previews by default."""
    api = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"])
    return Bot(
        os.environ["BOT_TOKEN"],
        session=AiohttpSession(api=api),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


async def main() -> None:
    bot = create_bot()
    dp = Dispatcher()

    @dp.message()
    async def on_message(message: Message) -> None:
        await message.answer(QUESTION.format(n=message.message_id), reply_markup=KEYBOARD)

    @dp.callback_query()
    async def on_callback(callback: CallbackQuery) -> None:
        await callback.answer()
        if isinstance(callback.message, Message):
            text = QUESTION.format(n=callback.id)
            await callback.message.edit_text(text, reply_markup=KEYBOARD)

    await dp.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
