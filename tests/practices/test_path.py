"""The whole path through the production dispatcher: submit (the draft surviving a restart) →
review by the region's expert → one post in the channel with its link → /practices → 👍 once
→ a question to the author and the answer back, with neither side's Telegram id shown."""

from __future__ import annotations

from aiogram.methods import SendMediaGroup
from sqlalchemy import select

from bot.config import Settings
from bot.factory import create_dispatcher
from bot.i18n import Translations
from handlers.practices import publish
from handlers.practices.callbacks import ReviewCb
from services.team.roles import EXPERT, STAFF
from storage.models_practices import PracticeDecision, PracticeQuestion, PracticeVote
from tests.evidence_support import SM, grant
from tests.harness import Person
from tests.practices.conftest import CHANNEL, ChannelSession
from tests.practices.support import (
    DONE,
    PROBLEM,
    RESULT,
    TITLE,
    add_photos,
    practices,
)

RU = Translations().get("ru")
STAFF_ID, EXPERT_ID, OTHER_EXPERT, READER = 1001, 2001, 2002, 3001


async def test_submit_review_publish_find_vote_ask(
    user: Person, sessionmaker: SM, settings: Settings, recording: ChannelSession
) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    await grant(sessionmaker, OTHER_EXPERT, EXPERT, "16")
    staff = user

    await staff.send("/practice")
    assert "Новая практика" in staff.texts()[-2]
    await staff.send(TITLE)
    await staff.send("M7, к1")
    await staff.tap("предпенсионного")
    await staff.send(PROBLEM)

    # A restart: a new dispatcher on the same database; the draft and the step are kept.
    restarted = create_dispatcher(settings, sessionmaker, translations=Translations())
    staff = Person(restarted, staff.bot, recording, STAFF_ID)
    await staff.send(DONE)
    assert staff.last().text == RU("practices-ask-result", limit=1000)
    await staff.send(RESULT)
    await staff.send("01.09.2025")
    await add_photos(staff, 2)
    await staff.tap("Дальше")  # photos done
    await staff.tap("Дальше")  # no document
    card = staff.last()
    assert TITLE in card.text and "&amp; уходили" in card.text and "&lt;на приём&gt;" in card.text
    assert "#М7_простота_процедур" in card.text and "#К1_" in card.text
    assert "#предпенсионеры" in card.text and "📷 Фото: 2" in card.text
    await staff.tap("Отправить на проверку")
    [practice] = await practices(sessionmaker)
    assert practice.status == "pending" and practice.codes() == ["M7", "K1"]
    assert practice.groups.split() == ["M", "K"]

    # An expert of another region replaying the Accept button is refused; nothing changes.
    other = staff.as_user(OTHER_EXPERT)
    await other.send("/help")
    await other.press(ReviewCb(action="accept", p=practice.id).pack(), other.last())
    assert other.last_alert() == RU("practices-error-forbidden")
    assert (await practices(sessionmaker))[0].status == "pending"

    expert = staff.as_user(EXPERT_ID)
    await expert.send("/practice_review")
    review = expert.last_with_buttons()
    assert TITLE in review.text
    await expert.tap("Одобрить", review)
    await expert.press(ReviewCb(action="accept", p=practice.id).pack(), review)  # double tap
    assert expert.last_alert() == RU("practices-error-decided")
    await publish.drain()

    [practice] = await practices(sessionmaker)
    assert practice.status == "accepted" and practice.post_status == "posted"
    posts = recording.channel_posts()
    [album] = posts  # the card fits a caption: one album with the card on its first photo
    assert isinstance(album, SendMediaGroup) and len(album.media) == 2
    assert "Что сделали" in str(album.media[0].caption) and "#М7_" in str(album.media[0].caption)
    assert practice.post_link == f"https://t.me/{CHANNEL[1:]}/{practice.post_message_ids[0]}"
    assert any("одобрили" in m.text for m in staff.messages())
    async with sessionmaker() as session:
        log = [d.decision for d in await session.scalars(select(PracticeDecision))]
    assert log == ["submitted", "accepted"]

    # Anyone finds it, opens the card, marks it useful once.
    reader = staff.as_user(READER)
    await reader.send("/practices")
    await reader.tap("Новые")
    await reader.tap(TITLE[:20])
    opened = reader.last()
    assert "недостаточно ответов" in opened.text and practice.post_link in opened.text
    await reader.tap("Полезно")
    assert reader.last_alert() == RU("practices-voted")
    await reader.tap("Полезно")
    assert reader.last_alert() == RU("practices-voted-already")
    async with sessionmaker() as session:
        assert len(list(await session.scalars(select(PracticeVote)))) == 1

    # Search, tolerant of case and endings.
    await reader.send("/practices")
    await reader.tap("Поиск")
    query = "ПРЕДПЕНСИОНЕРОВ планшет"
    await reader.send(query)
    assert reader.last().text == RU("practices-search-result", query=query, count=1)

    # A question to the author and the answer back.
    await reader.tap(TITLE[:20])
    await reader.tap("Спросить автора")
    await reader.send("Сколько планшетов понадобилось?")
    assert reader.last().text == RU("practices-question-sent")
    question = staff.last_with_buttons()
    assert "Сколько планшетов" in question.text and str(READER) not in question.text
    await staff.tap("Ответить", question)
    await staff.send("Три планшета на зал.")
    assert staff.last().text == RU("practices-answer-sent")
    assert "Три планшета на зал." in reader.last().text
    assert str(STAFF_ID) not in reader.last().text
    async with sessionmaker() as session:
        [row] = list(await session.scalars(select(PracticeQuestion)))
    assert str(READER) not in row.asker_chat + row.asker_key and row.answered_at is not None

    # /forget takes the reader's 👍 and question (with its sealed chat) with it.
    await reader.send("/forget")
    await reader.tap("Да")
    async with sessionmaker() as session:
        assert list(await session.scalars(select(PracticeVote))) == []
        assert list(await session.scalars(select(PracticeQuestion))) == []
