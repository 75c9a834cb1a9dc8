"""The polling inbox: a fetched update is stored before Telegram is told it arrived.

aiogram confirms a getUpdates batch by asking for the next one, which it does while the
batch is still being handled, so a crash would otherwise lose the taps in flight. The inbox
is a request middleware on getUpdates: each batch is claimed with its payload (sealed, as it
names the person) before aiogram sees it, and when polling starts the updates a dead process
left unfinished are handled first. DbSessionMiddleware asks `take()` whether an update was
claimed here, instead of claiming it again.

A stored update that cannot be opened (sealed under another SEALING_KEY, e.g. a restart with
a changed secret) is skipped and marked finished, with a warning that counts them: the bot
starts anyway, and the rest are handled.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Update
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.background import BackgroundTasks
from services import updates
from services.privacy import Pseudonyms, Unreadable

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher

log = logging.getLogger(__name__)


class Inbox(BaseRequestMiddleware):
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], pseudonyms: Pseudonyms
    ) -> None:
        self.sessionmaker = sessionmaker
        self.pseudonyms = pseudonyms
        self._claimed: set[int] = set()  # stored here, not yet handed to a handler
        self._replaying = BackgroundTasks()

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        response = await make_request(bot, method)
        # The chain hands on the method's result itself, despite the annotation.
        fetched: object = response
        if isinstance(method, GetUpdates) and isinstance(fetched, list):
            # Only what Telegram sent: a dump of every optional field of a Message is ~9× as
            # long (8.3 KB against 0.9 KB for an answer's tap) to build, seal and write.
            batch = [
                (update.update_id, self.pseudonyms.seal_text(_sent(update)))
                for update in fetched
                if isinstance(update, Update)
            ]
            async with self.sessionmaker() as session:
                self._claimed |= await updates.store(session, batch)
        return response

    def take(self, update_id: int) -> bool:
        """True once for an update this inbox claimed: its handler may go ahead."""
        if update_id in self._claimed:
            self._claimed.discard(update_id)
            return True
        return False

    async def replay(self, dispatcher: Dispatcher, bot: Bot) -> int:
        """Start handling what a dead process left unfinished, oldest first; how many."""
        async with self.sessionmaker() as session:
            pending = await updates.unfinished(session)
        readable: list[tuple[int, Update]] = []
        unreadable: list[int] = []
        for update_id, payload in pending:
            try:
                update = Update.model_validate_json(
                    self.pseudonyms.unseal_text(payload), context={"bot": bot}
                )
            except (Unreadable, ValidationError):
                unreadable.append(update_id)
                continue
            readable.append((update_id, update))
        if unreadable:
            log.warning(
                "%d unfinished update(s) cannot be opened with the current keys: skipped",
                len(unreadable),
            )
            async with self.sessionmaker() as session:
                for update_id in unreadable:
                    await updates.finish(session, update_id)
                await session.commit()
        for update_id, update in readable:
            self._claimed.add(update_id)
            # Tasks, as polling runs them: the per-chat lock keeps each person's order.
            self._replaying.start(
                dispatcher.feed_update(bot, update), f"replayed update {update_id}"
            )
        return len(readable)

    async def drain(self) -> None:
        """Wait for the replayed updates (tests, and a clean shutdown)."""
        await self._replaying.drain()


def _sent(update: Update) -> str:
    return update.model_dump_json(exclude_unset=True)


def inbox_of(data: dict[str, Any]) -> Inbox | None:
    inbox = data.get("inbox")
    return inbox if isinstance(inbox, Inbox) else None
