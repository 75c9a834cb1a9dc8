"""The load benchmark's floor: the bare bot plus the least that issue 16 says must not change.

The bare bot (bench/bare_bot.py) makes the real bot's Bot API calls and stores nothing. This
one makes the same calls, but first does, per update and through the project's stack
(SQLAlchemy 2's AsyncSession on `storage.db`'s engine, the same SQLite driver or asyncpg),
what a durable survey bot cannot skip:
  - claims the update id, so a redelivered update is handled once;
  - reads the chat's conversation state, so it survives restarts;
  - writes the answer and the new state;
  - commits all of it in one transaction, before the person sees the acknowledgement.
Four Core statements and one commit per update, no ORM objects, no texts, no rules. The real
bot against this floor is the cost of the product; this floor against the bare bot is what
durability costs on this stack, done as cheaply as we know how (measured on SQLite only).

    TELEGRAM_API_URL=http://127.0.0.1:PORT BOT_TOKEN=... DATABASE_URL=... python -m bench.floor_bot
"""

from __future__ import annotations

import asyncio
import os

from aiogram import Dispatcher
from aiogram.types import CallbackQuery, Message, Update
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.bare_bot import KEYBOARD, QUESTION, create_bot
from storage.db import create_engine, create_sessionmaker

metadata = MetaData()
claims = Table("floor_claims", metadata, Column("update_id", BigInteger, primary_key=True))
states = Table(
    "floor_states",
    metadata,
    Column("chat_id", BigInteger, primary_key=True),
    Column("step", Integer, nullable=False),
)
answers = Table(
    "floor_answers",
    metadata,
    Column("chat_id", BigInteger, primary_key=True),
    Column("step", Integer, primary_key=True),
    Column("value", String(64), nullable=False),
)


class Floor:
    """The four statements, built once for the backend's dialect."""

    def __init__(self, dialect: str) -> None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        self.claim = insert(claims).on_conflict_do_nothing()
        self.state = select(states.c.step).where(states.c.chat_id == bindparam("chat_id"))
        put_state = insert(states)
        self.put_state = put_state.on_conflict_do_update(
            index_elements=[states.c.chat_id], set_={"step": put_state.excluded.step}
        )
        put_answer = insert(answers)
        self.put_answer = put_answer.on_conflict_do_update(
            index_elements=[answers.c.chat_id, answers.c.step],
            set_={"value": put_answer.excluded.value},
        )

    async def record(self, session: AsyncSession, update_id: int, chat_id: int, value: str) -> bool:
        """False for an update already handled; otherwise its answer and state, committed."""
        claimed = await session.execute(self.claim, {"update_id": update_id})
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return False
        step = (await session.execute(self.state, {"chat_id": chat_id})).scalar()
        step = (step or 0) + 1
        await session.execute(self.put_answer, {"chat_id": chat_id, "step": step, "value": value})
        await session.execute(self.put_state, {"chat_id": chat_id, "step": step})
        await session.commit()
        return True


async def main() -> None:
    engine = create_engine(os.environ["DATABASE_URL"])
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    sessionmaker: async_sessionmaker[AsyncSession] = create_sessionmaker(engine)
    floor = Floor(engine.dialect.name)
    bot = create_bot()
    dp = Dispatcher()

    @dp.message()
    async def on_message(message: Message, event_update: Update) -> None:
        async with sessionmaker() as session:
            if not await floor.record(
                session, event_update.update_id, message.chat.id, message.text or ""
            ):
                return
        await message.answer(QUESTION.format(n=message.message_id), reply_markup=KEYBOARD)

    @dp.callback_query()
    async def on_callback(callback: CallbackQuery, event_update: Update) -> None:
        if not isinstance(callback.message, Message):
            return
        async with sessionmaker() as session:
            if not await floor.record(
                session, event_update.update_id, callback.message.chat.id, callback.data or ""
            ):
                return
        await callback.answer()
        await callback.message.edit_text(QUESTION.format(n=callback.id), reply_markup=KEYBOARD)

    try:
        # As the bot polls (WebhookSettings.polling_concurrency's default).
        limit = int(os.environ.get("POLLING_CONCURRENCY", "64"))
        await dp.start_polling(bot, tasks_concurrency_limit=limit)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
