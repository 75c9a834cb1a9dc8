"""The measured effect on a practice's card, from answers stored in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.i18n import Translations
from services.practices.card import effect_text
from services.practices.effect import measure
from storage.models import Answer, Questionnaire, utcnow
from storage.models_practices import Practice
from tests.evidence_support import SM

START = date(2025, 6, 1)
RU = Translations().get("ru")


async def answers(sm: SM, centre: str, day: datetime, values: list[int | None], code: str) -> None:
    async with sm.begin() as session:
        for number, value in enumerate(values):
            q = Questionnaire(
                centre_code=centre, audience="seeker", respondent_key=f"{centre}{day}{number}",
                methodology="star-2023", started_at=day, completed_at=day,
            )  # fmt: skip
            session.add(q)
            await session.flush()
            session.add(Answer(questionnaire_id=q.id, question_id="q", indicator=code, value=value))


async def test_the_card_shows_did_once_enough_answers_exist(
    sessionmaker: SM, centres: None
) -> None:
    before = datetime(2025, 5, 1, 12, tzinfo=UTC)
    after = datetime(2025, 7, 1, 12, tzinfo=UTC)
    await answers(sessionmaker, "77-cao", before, [3] * 30 + [None] * 5, "M7")
    await answers(sessionmaker, "77-cao", after, [4] * 29, "M7")
    await answers(sessionmaker, "77-sao", before, [3] * 40, "M7")
    await answers(sessionmaker, "77-sao", after, [3] * 20 + [4] * 20, "M7")
    await answers(sessionmaker, "77-cao", after, [1] * 50, "K1")  # another indicator
    await answers(sessionmaker, "50-khimki", after, [1] * 50, "M7")  # another region
    await answers(sessionmaker, "77-cao", before - timedelta(days=120), [1] * 50, "M7")  # too old
    async with sessionmaker.begin() as session:
        practice = Practice(
            centre_code="77-cao", region_code="77", author_id=1, status="accepted",
            indicators=" M7 ", groups=" M ", started_on=START, search_text="", post_attempts=0,
        )  # fmt: skip
        session.add(practice)
        await session.flush()
        thin = await measure(session, practice, now=utcnow(), min_answers=30)
        assert thin is not None and not thin.enough
        assert (thin.centre_before.count, thin.centre_after.count) == (30, 29)
        assert "недостаточно ответов" in effect_text(RU, thin)
        session.add(
            Questionnaire(
                centre_code="77-cao", audience="seeker", respondent_key="last",
                methodology="star-2023", started_at=after, completed_at=after,
            )
        )  # fmt: skip
    await answers(sessionmaker, "77-cao", after, [4], "M7")
    async with sessionmaker() as session:
        practice = await session.get(Practice, practice.id)
        assert practice is not None
        effect = await measure(session, practice, now=utcnow(), min_answers=30)
    assert effect is not None and effect.enough and effect.comparable
    assert effect.centre_change == 25.0 and effect.others_change == 12.5 and effect.did == 12.5
    text = effect_text(RU, effect)
    assert "50,0 → 75,0 (+25,0 п.)" in text and "<b>+12,5 п.</b>" in text
