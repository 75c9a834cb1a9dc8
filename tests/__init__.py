# The tests run aiogram as the bot does: its types built on first use (bot/telegram_types.py).
import bot  # noqa: F401
