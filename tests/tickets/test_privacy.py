"""Askers are anonymous by construction: staff see a number, the database keeps no raw id of
the asker (a keyed hash for tickets only, the chat sealed), and /forget removes the rest."""

from __future__ import annotations

import ast
from pathlib import Path

from sqlalchemy import text

from services.privacy import Pseudonyms
from services.tickets.rules import ASKER, REASONS
from tests.harness import Person
from tests.tickets.conftest import ASKER as ASKER_ID
from tests.tickets.conftest import SM, ask, consent_and_pick, thread, tickets

ROOT = Path(__file__).resolve().parents[2]


async def dump(sm: SM) -> str:
    out = []
    async with sm() as session:
        for table in ("tickets", "ticket_messages", "ticket_notices"):
            rows = (await session.execute(text(f"SELECT * FROM {table}"))).all()
            out += [repr(tuple(row)) for row in rows]
    return "\n".join(out)


async def test_no_raw_asker_id_and_a_key_of_its_own(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    await staff.tap("Ответить")
    await staff.send("Ответ")
    stored = await dump(sessionmaker)
    assert str(ASKER_ID) not in stored
    (ticket,) = await tickets(sessionmaker)
    p = Pseudonyms("test-secret")
    assert ticket.asker_key == p.key(ASKER, ASKER_ID)
    assert ticket.asker_key not in (p.user(ASKER_ID), p.key("respondent", ASKER_ID))
    assert ticket.asker_chat is not None and p.unseal(ticket.asker_chat) == ASKER_ID
    # The card names no asker; the answer tells the asker no staff member's name.
    assert all("Анна" not in m.text and str(ASKER_ID) not in m.text for m in staff.messages())
    answer = next(m for m in user.messages() if "Ответ на ваш вопрос" in m.text)
    assert str(staff.user.id) not in answer.text


async def test_forget_removes_questions_and_closes_open_ones(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Личный вопрос о моей ситуации")
    await user.send("/forget")
    await user.tap("Да, удалить")
    (ticket,) = await tickets(sessionmaker)
    assert ticket.status == "closed" and ticket.close_reason == "forgotten"
    assert ticket.asker_key is None and ticket.asker_chat is None
    assert await thread(sessionmaker, ticket.id) == []
    # The staff's old card leads nowhere now.
    await staff.tap("Ответить")
    assert staff.last_alert() == "Этот вопрос уже закрыт."


def test_every_raised_reason_has_a_text() -> None:
    """`tickets-error-{reason}` comes from the tickets' Refusals: each reason must be in REASONS
    (the locale guard, tests/test_locale_keys.py, checks the texts of REASONS)."""
    raised: set[str] = set()
    for folder in ("services/tickets", "handlers/tickets"):
        for path in (ROOT / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "Refusal"
                    and len(node.args) > 1
                    and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value == "tickets-error"
                    and isinstance(node.args[1], ast.Constant)
                ):
                    raised.add(str(node.args[1].value))
    assert len(raised) > 10
    assert raised <= set(REASONS), sorted(raised - set(REASONS))
