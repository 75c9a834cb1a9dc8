"""Driving the production dispatcher on MAX in-process (the fixture: tests/max/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot, Dispatcher

from tests.fakemax import FakeMax, MaxCall


def shown(call: MaxCall) -> str:
    """The mid of the message a call showed (a new message or an edited one)."""
    if call.route == "PUT /messages":
        return str(call.query["message_id"])
    return str(call.response["message"]["body"]["mid"])


@dataclass
class OnMax:
    api: FakeMax
    bot: Bot
    dispatcher: Dispatcher

    async def pump(self) -> None:
        """Fetch what the fake holds (confirming the last batch) and handle it, in order."""
        for update in await self.bot.get_updates(timeout=0):
            await self.dispatcher.feed_update(self.bot, update)

    def to(self, person: int) -> list[MaxCall]:
        """What the bot sent to this MAX person, oldest first."""
        return self.api.sent_to(person)

    def last_to(self, person: int) -> MaxCall:
        return self.to(person)[-1]

    def shown_to(self, person: int, part: str) -> MaxCall:
        """The newest message sent to or edited for `person` containing `part`."""
        mids = {shown(c) for c in self.to(person)}
        found = [
            c
            for c in self.api.calls
            if c.ok
            and part in c.text
            and (c.user_id == person or (c.route == "PUT /messages" and shown(c) in mids))
        ]
        assert found, f"nothing with {part!r} for {person}"
        return found[-1]

    async def tap(self, person: int, call: MaxCall, part: str) -> None:
        """Press the one button whose text starts with (or else contains) `part` on the message
        `call` showed, and handle what follows."""
        mid = shown(call)
        texts = [b["text"] for b in self.api.buttons(mid)]
        labels = [t for t in texts if t.startswith(part)] or [t for t in texts if part in t]
        assert len(labels) == 1, f"{part!r} among {texts}"
        self.api.click(person, mid, labels[0])
        await self.pump()

    async def say(self, person: int, text: str) -> None:
        self.api.send_text(person, text)
        await self.pump()
