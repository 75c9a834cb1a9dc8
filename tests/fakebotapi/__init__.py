"""A local fake Telegram Bot API server for end-to-end tests of the bot (see server.py)."""

from tests.fakebotapi.server import ApiError, FakeBotAPI, RecordedCall

__all__ = ["ApiError", "FakeBotAPI", "RecordedCall"]
