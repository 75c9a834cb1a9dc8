"""The running application. Importing it first keeps aiogram's types lean (bot.telegram_types)."""

from bot import telegram_types

telegram_types.install()
