"""A bare aiogram bot for the load benchmark's baseline: same calls, no database, no i18n.

It answers the driver's actions with the same Bot API calls the real bot makes (a message or
an edit carrying a keyboard, and an answerCallbackQuery), so the ratio between the two is the
cost of the product's own work: storage, FSM, scoring rules, texts.

    TELEGRAM_API_URL=http://127.0.0.1:PORT BOT_TOKEN=... python -m bench.bare_bot
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

LABELS = ("✅ Согласен(на)", "👤 Ищу работу (соискатель)", "4", "Пропустить")
KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text=label, callback_data=f"b:{n}")] for n, label in enumerate(LABELS)
    ]
)


async def main() -> None:
    api = TelegramAPIServer.from_base(os.environ["TELEGRAM_API_URL"])
    bot = Bot(os.environ["BOT_TOKEN"], session=AiohttpSession(api=api))
    dp = Dispatcher()

    @dp.message()
    async def on_message(message: Message) -> None:
        await message.answer("Вопрос", reply_markup=KEYBOARD)

    @dp.callback_query()
    async def on_callback(callback: CallbackQuery) -> None:
        await callback.answer()
        if isinstance(callback.message, Message):
            await callback.message.edit_text(f"Вопрос {callback.id}", reply_markup=KEYBOARD)

    await dp.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())
