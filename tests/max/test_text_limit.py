"""bot.text_limit: one limit per messenger, counted as that messenger counts."""

from __future__ import annotations

from bot.config import MessengerSettings
from bot.max import outgoing
from bot.text_limit import MAX_TEXT, TELEGRAM_TEXT
from charts import visible_length


def test_each_messenger_has_its_limit_and_its_count() -> None:
    telegram = MessengerSettings(_env_file=None).text_limit
    on_max = MessengerSettings(_env_file=None, messenger="max").text_limit
    assert (telegram, on_max) == (TELEGRAM_TEXT, MAX_TEXT)
    assert (telegram.chars, on_max.chars, outgoing.MAX_TEXT) == (4096, 4000, 4000)
    text = "<b>Очередь</b> &amp; 😀"
    assert telegram.length(text) == visible_length(text) == 12  # the emoji is 2 UTF-16 units
    assert on_max.length(text) == len(text)  # MAX: the text as sent, markup included
    escaped = "&amp;" * 800  # 800 characters shown, 4,000 sent
    assert telegram.fits(escaped + "&amp;") and on_max.fits(escaped)
    assert not on_max.fits(escaped + "&amp;")
