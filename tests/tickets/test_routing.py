"""Who gets a question: the working group; «Передать эксперту региона»; a centre without a
working group goes to the region's experts (else the experts of every region)."""

from __future__ import annotations

from services.team.roles import EXPERT
from tests.evidence_support import ADMIN_ID, grant
from tests.harness import Person
from tests.tickets.conftest import SM, ask, consent_and_pick, tickets


async def test_pass_to_the_regions_expert(
    user: Person, staff: Person, expert: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Сложный вопрос")
    card = staff.last()
    await staff.tap("Передать эксперту", card)
    assert "Передан эксперту региона" in card.text
    assert not any("Передать" in label for label, _ in card.buttons())  # passed once
    assert "передала вам вопрос №1" in expert.last().text
    await staff.press("tk:pass:1", card)
    assert staff.last_alert() == "Этот вопрос уже передан эксперту региона."
    await expert.tap("Ответить", expert.last())
    await expert.send("Ответ эксперта")
    assert any("Ответ эксперта" in t for t in user.texts())
    (ticket,) = await tickets(sessionmaker)
    assert ticket.escalated_at is not None and ticket.taken_by == expert.user.id


async def test_pass_with_no_expert_tells_the_admins(
    user: Person, staff: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user)
    await ask(user, "Вопрос")
    await staff.tap("Передать эксперту")
    assert "сообщено администраторам" in staff.last().text
    assert "некому ответить" in user.as_user(ADMIN_ID).last().text


async def test_no_working_group_goes_to_the_regions_expert(
    user: Person, staff: Person, expert: Person, sessionmaker: SM
) -> None:
    await consent_and_pick(user, "77-sao")  # 77-sao has no working group
    await ask(user, "Вопрос без рабочей группы")
    assert "Вопрос №1" in expert.last().text
    assert not any("Вопрос №1" in t for t in staff.texts())  # 77-cao's group is not asked
    (ticket,) = await tickets(sessionmaker)
    assert ticket.route == "experts"


async def test_experts_of_every_region_when_the_region_has_none(
    user: Person, sessionmaker: SM
) -> None:
    await grant(sessionmaker, 2999, EXPERT, None)
    await consent_and_pick(user, "77-sao")
    await ask(user, "Вопрос")
    assert "Вопрос №1" in user.as_user(2999).last().text
