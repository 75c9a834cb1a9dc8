"""The production dispatcher on MAX in-process: /help, /language and /forget through the MAX
session and the fake MAX server (the same handlers and texts as on Telegram)."""

from __future__ import annotations

from tests.max.support import OnMax

PERSON = 8101


async def test_help_language_and_forget_on_max(on_max: OnMax) -> None:
    api = on_max.api
    api.send_text(PERSON, "/help")
    await on_max.pump()
    assert "/start" in on_max.last_to(PERSON).text

    api.send_text(PERSON, "/language")
    await on_max.pump()
    chooser = on_max.last_to(PERSON)
    assert "Выберите язык" in chooser.text
    api.click(PERSON, chooser.response["message"]["body"]["mid"], "English")
    await on_max.pump()
    changed = [c for c in api.calls if c.ok and "The language is now English" in c.text]
    assert changed  # the same texts from locales/, in the person's new language

    api.send_text(PERSON, "/forget")
    await on_max.pump()
    confirm = on_max.last_to(PERSON)
    api.click(PERSON, confirm.response["message"]["body"]["mid"], "Yes, delete")
    await on_max.pump()
    assert any(c.ok and "deleted" in c.text.lower() for c in api.calls[confirm.index :])
