"""One Sender and one Pseudonyms per process, built in bot.factory and handed out from there.

The Sender is the one rate limiter of every bulk message: a news broadcast started by a
handler, the scheduler's jobs and the digest all go through the dispatcher's `sender`.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.context import Ctx
from bot.factory import create_bot, create_sender
from bot.i18n import Translations
from bot.scheduler import Jobs
from bot.sender import Sender
from handlers.news import broadcast as news_broadcast
from services.privacy import Pseudonyms
from services.team.roles import STAFF
from services.users import Users
from tests.evidence_support import grant
from tests.harness import Person, RecordingSession

SM = async_sessionmaker[AsyncSession]
ROOT = Path(__file__).resolve().parents[2]


def test_the_sender_knows_no_feature() -> None:
    """bot/sender.py reaches into no service: the blocked marker is injected (`on_blocked`)."""
    tree = ast.parse((ROOT / "bot" / "sender.py").read_text(encoding="utf-8"))
    modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert modules and not [m for m in modules if m.split(".")[0] in ("services", "handlers")]


def test_the_dispatcher_holds_the_one_sender_and_pseudonyms(dispatcher: Dispatcher) -> None:
    sender, pseudonyms = dispatcher["sender"], dispatcher["pseudonyms"]
    assert isinstance(sender, Sender) and isinstance(pseudonyms, Pseudonyms)
    assert sender.pseudonyms is pseudonyms  # logs name people by the same pseudonyms
    assert sender.on_blocked is not None  # a blocked user gets marked


async def test_a_sender_serves_one_bot(settings: Settings, sessionmaker: SM) -> None:
    sender = create_sender(None, sessionmaker, Pseudonyms.from_settings(settings))
    with pytest.raises(RuntimeError):
        _ = sender.bot  # not bound yet: nothing can be sent by accident
    first = create_bot(settings, session=RecordingSession())
    assert sender.bind(first) is sender and sender.bind(first).bot is first
    with pytest.raises(ValueError):
        sender.bind(create_bot(settings, session=RecordingSession()))


async def test_the_news_broadcast_goes_through_the_dispatchers_sender(
    user: Person, dispatcher: Dispatcher, sessionmaker: SM
) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    async with sessionmaker() as session:
        users = Users(session, dispatcher["pseudonyms"])
        await users.set_language(3001, "ru")
        await users.subscribe(3001, "77-cao")
    sender: Sender = dispatcher["sender"]
    await user.send("/news")
    await user.send("Поставили новые стулья.")
    await user.tap("Отправить")
    await news_broadcast.drain()
    assert sender.bot is user.bot  # bound by the handler to the bot it runs on
    # The news to the subscriber and the report to the author took the one limiter's slots.
    assert len(sender._global.sent) == 2
    assert {int(c) for c in sender._chats} == {3001, user.user.id}


def test_the_scheduler_uses_the_sender_it_is_given(
    settings: Settings, sessionmaker: SM, bot: Bot
) -> None:
    pseudonyms = Pseudonyms.from_settings(settings)
    sender = create_sender(None, sessionmaker, pseudonyms)
    jobs = Jobs(
        settings=settings,
        bot=bot,
        sessionmaker=sessionmaker,
        translations=Translations(),
        sender=sender,
        pseudonyms=pseudonyms,
    )
    assert jobs.sender is sender and jobs.poster.sender is sender and sender.bot is bot
    assert jobs.pseudonyms is pseudonyms and jobs.poster.pseudonyms is pseudonyms


# Where the one Sender may be built: the class itself and the factory of the process's objects.
SENDER_BUILDERS = {"bot/factory.py", "bot/sender.py"}
PRODUCTION = ("bot", "handlers", "services", "storage", "scoring", "charts", "bench")


def _builds_a_sender(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(
        isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "Sender")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "Sender")
        )
        for node in ast.walk(tree)
    )


def test_nothing_but_the_factory_builds_a_sender() -> None:
    """A second Sender is a second rate limiter (and no blocked marker): one way to reach it."""
    builders = {
        str(path.relative_to(ROOT))
        for package in PRODUCTION
        for path in sorted((ROOT / package).rglob("*.py"))
        if _builds_a_sender(path)
    }
    assert builders <= SENDER_BUILDERS and "bot/factory.py" in builders


def test_every_step_gets_the_dispatchers_sender() -> None:
    """`Ctx.sender` is required: no step can find it missing and build a bare one instead."""
    fields = {f.name: f for f in dataclasses.fields(Ctx)}
    assert fields["sender"].default is dataclasses.MISSING
