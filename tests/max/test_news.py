"""/news from a staff member to subscribers on MAX in-process: the subscribers are MAX people,
each gets the news in their language with the unsubscribe button, through the one Sender
with MAX's limits; one who stopped the bot (MAX answers 403) is marked blocked."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.i18n import Translations
from bot.max.ids import user_to_bot
from bot.max.limits import MAX_LIMITS
from bot.sender import Sender
from handlers.news import broadcast as news_broadcast
from services.team.roles import STAFF
from storage.models import User
from tests.evidence_support import grant
from tests.max.support import OnMax, shown
from tests.news.test_news import CAO, NEWS, SM, framed, news_rows, pseudonyms, subscribe

STAFF_ID, RUSSIAN, ENGLISH, GONE = 8401, 8402, 8403, 8404
RU, EN = Translations().get("ru"), Translations().get("en")


@pytest.fixture(autouse=True)
async def no_broadcast_left_behind() -> AsyncIterator[None]:
    yield
    await news_broadcast.drain()


async def test_news_reaches_max_subscribers_through_the_one_sender(
    on_max: OnMax, sessionmaker: SM
) -> None:
    sender = on_max.dispatcher["sender"]
    assert isinstance(sender, Sender) and sender.limits == MAX_LIMITS
    await grant(sessionmaker, user_to_bot(STAFF_ID), STAFF, "77-cao")
    await subscribe(sessionmaker, user_to_bot(RUSSIAN))
    await subscribe(sessionmaker, user_to_bot(ENGLISH), language="en")
    await subscribe(sessionmaker, user_to_bot(GONE))
    on_max.api.blocked.add(GONE)

    await on_max.say(STAFF_ID, "/news")
    assert "Подписчиков: <b>3</b>" in on_max.last_to(STAFF_ID).text
    await on_max.say(STAFF_ID, NEWS)
    preview = on_max.last_to(STAFF_ID)
    assert preview.text == framed(RU, CAO, NEWS)
    await on_max.tap(STAFF_ID, preview, "Отправить")
    await news_broadcast.drain()

    [russian] = on_max.to(RUSSIAN)
    assert russian.ok and russian.text == framed(RU, CAO, NEWS)
    [button] = on_max.api.buttons(shown(russian))
    assert button["text"] == "🔕 Отписаться от новостей центра" and button["type"] == "callback"
    assert len(button["payload"].encode()) <= 64
    [english] = on_max.to(ENGLISH)
    assert english.ok and english.text == framed(EN, CAO, NEWS)
    [gone] = on_max.to(GONE)
    assert gone.status == 403
    assert "доставлена 2 из 3 подписчиков" in on_max.last_to(STAFF_ID).text
    [news] = await news_rows(sessionmaker)
    assert (news.recipients, news.delivered) == (3, 2)
    async with sessionmaker() as session:
        blocked = await session.get(User, pseudonyms().user(user_to_bot(GONE)))
    assert blocked is not None and blocked.blocked_at is not None  # MAX's 403 is "blocked"

    await on_max.tap(RUSSIAN, russian, "Отписаться")
    [answer] = [c for c in on_max.api.calls if c.route == "POST /answers"]
    assert answer.ok and answer.body["notification"] == RU("news-unsubscribed")


async def test_a_news_full_of_escapes_is_refused_on_max_before_it_is_sent(
    on_max: OnMax, sessionmaker: SM
) -> None:
    """999 characters of &, < and > are 4,329 as MAX counts them once escaped: the staff member is
    asked to shorten it (the flow goes on), instead of every delivery being refused."""
    await grant(sessionmaker, user_to_bot(STAFF_ID), STAFF, "77-cao")
    await subscribe(sessionmaker, user_to_bot(RUSSIAN))
    await on_max.say(STAFF_ID, "/news")
    await on_max.say(STAFF_ID, "&<>" * 333)
    assert on_max.last_to(STAFF_ID).text == RU("news-error-too_long_escaped")
    await on_max.say(STAFF_ID, NEWS)  # still in the flow: a shorter text gets its preview
    preview = on_max.last_to(STAFF_ID)
    assert preview.text == framed(RU, CAO, NEWS)
    assert on_max.to(RUSSIAN) == [] and all(c.ok for c in on_max.api.calls)
