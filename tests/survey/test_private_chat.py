"""Issue 9 item 4: staff do not rate their own centre; the survey runs in private chats only."""

from __future__ import annotations

import pytest
from aiogram.types import Chat, InlineKeyboardMarkup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.survey.callbacks import AnswerCb, CentreCb, ConsentCb
from services.team.roles import STAFF
from storage.models import Answer, FsmRecord, Questionnaire, User
from tests.evidence_support import grant
from tests.harness import Person, Shown

pytestmark = pytest.mark.backends("sqlite", "postgresql")
SM = async_sessionmaker[AsyncSession]
CAO = "Центр занятости населения г. Москвы — филиал ЦАО"


async def questionnaires(sm: SM, centre: str) -> int:
    async with sm() as session:
        total = await session.scalar(
            select(func.count())
            .select_from(Questionnaire)
            .where(Questionnaire.centre_code == centre)
        )
        return int(total or 0)


def urls(shown: Shown) -> list[str]:
    assert isinstance(shown.markup, InlineKeyboardMarkup), shown
    return [b.url or "" for row in shown.markup.inline_keyboard for b in row]


async def test_staff_are_refused_their_own_centre_only(user: Person, sessionmaker: SM) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/start c_77-cao")  # their own centre's QR code
    refused = user.last()
    assert f"Вы в рабочей группе центра «{CAO}»" in refused.text
    assert "Выбрать регион" in " ".join(label for label, _ in refused.buttons())
    assert "Согласен" not in " ".join(user.texts())  # not even asked for consent

    # Another centre they may rate; choosing their own from the picker is refused again.
    await user.send("/start c_77-sao")
    await user.tap("Согласен")
    audience = user.last()
    assert "Вы обращались в центр как" in audience.text
    seeker = audience.button("соискатель")
    await user.press(CentreCb(code="77-cao").pack())
    assert f"Вы в рабочей группе центра «{CAO}»" in user.last().text
    await user.press(seeker, audience)  # the audience button shown before: stale now
    assert await questionnaires(sessionmaker, "77-cao") == 0


async def test_joining_the_working_group_stops_the_open_questionnaire(
    user: Person, sessionmaker: SM
) -> None:
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")
    await user.tap("4")
    question = user.last()
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")  # an invitation meanwhile
    await user.press(question.button("5"), question)
    assert user.last_alert() is not None and "рабочей группе этого центра" in user.last_alert()
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Answer)) == 1
    await user.send("/start")  # not resumed: the picker instead
    assert "О каком центре занятости" in user.last().text


async def test_survey_in_a_group_points_to_the_private_chat(user: Person, sessionmaker: SM) -> None:
    user.chat = Chat(id=-100500, type="supergroup", title="ЦЗН чат")
    await user.send("/start@czn_star_bot c_77-cao")
    reply = user.last()
    assert reply.chat_id == -100500 and "только в личном чате" in reply.text
    assert urls(reply) == ["https://t.me/czn_star_bot?start=c_77-cao"]
    await user.send("/start i_sometoken")  # an invitation is not repeated in the group
    assert urls(user.last()) == ["https://t.me/czn_star_bot"]

    # A survey button there (an old message, a forwarded one) does nothing but point away.
    await user.press(ConsentCb(action="yes").pack(), reply)
    assert "только в личном чате" in (user.last_alert() or "")
    await user.press(AnswerCb(q=1, n=0, v=4).pack(), reply)
    assert "только в личном чате" in (user.last_alert() or "")
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Questionnaire)) == 0
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0
        assert (await session.scalars(select(User.consent_at))).all() == []

    # The same person in their private chat takes the survey as usual.
    user.chat = Chat(id=user.user.id, type="private")
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")
    assert "Вопрос 1 из 19" in user.last().text
