"""/news: a centre's working group tells its subscribers what changed ("you said, we did").

Through the production dispatcher: the respondent's "🔔 Сообщите мне", the staff flow with its
preview, the broadcast in each subscriber's language, unsubscribing, the cool-down, blocked
subscribers and who may write a centre's news.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendMessage, TelegramMethod
from fluent.syntax import FluentParser, ast
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations
from handlers.evidence.texts import local_datetime
from handlers.news import broadcast as news_broadcast
from handlers.news.callbacks import NewsCb, NewsUnsubscribeCb
from services.news import deliveries as news_deliveries
from services.news.rules import NewsRules, NewsService
from services.privacy import Pseudonyms
from services.refusal import Refusal
from services.team.roles import STAFF, Access
from services.users import Users
from storage.models import CentreNews, FeedbackSubscription, Role, User, utcnow
from tests.conftest import ROOT
from tests.evidence_support import grant
from tests.harness import Person, RecordingSession

pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]
RU, EN = Translations().get("ru"), Translations().get("en")
STAFF_ID = 1001  # Person's default id: the `user` fixture is the working group member
RESPONDENT, ENGLISH, THIRD = 3001, 3002, 3003
CAO = "Центр занятости населения г. Москвы — филиал ЦАО"
SEEKER_QUESTIONS = 19
NEWS = "Поставили 10 новых стульев в зоне ожидания & табло <очереди> теперь работает."


@dataclass
class BlockingSession(RecordingSession):
    """The recording session, where chats in `blocked` answer like a user who blocked the bot."""

    blocked: set[int] = field(default_factory=set)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if isinstance(method, SendMessage) and int(method.chat_id) in self.blocked:
            self.calls.append(method)
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        return await super().make_request(bot, method, timeout)


@pytest.fixture
def recording() -> BlockingSession:
    return BlockingSession()


@pytest.fixture(autouse=True)
async def no_broadcast_left_behind() -> AsyncIterator[None]:
    yield
    await news_broadcast.drain()


def pseudonyms() -> Pseudonyms:
    return Pseudonyms("test-secret")  # the conftest settings' RESPONDENT_SECRET


async def subscribe(sm: SM, user_id: int, centre: str = "77-cao", language: str = "ru") -> None:
    """A subscription as "🔔 Сообщите мне" stores it (the full path is in the first test)."""
    async with sm() as session:
        users = Users(session, pseudonyms())
        await users.set_language(user_id, language)
        await users.subscribe(user_id, centre)


async def staff(user: Person, sm: SM, *centres: str) -> Person:
    for centre in centres or ("77-cao",):
        await grant(sm, user.user.id, STAFF, centre)
    return user


async def news_rows(sm: SM) -> list[CentreNews]:
    async with sm() as session:
        return list(await session.scalars(select(CentreNews).order_by(CentreNews.id)))


async def subscriptions(sm: SM, user_id: int) -> list[str]:
    async with sm() as session:
        rows = await session.scalars(
            select(FeedbackSubscription.centre_code).where(
                FeedbackSubscription.user_key == pseudonyms().user(user_id)
            )
        )
        return list(rows)


async def age_news(sm: SM, days: int) -> None:
    """Move every stored news `days` back in time (past the cool-down)."""
    async with sm() as session:
        for news in await session.scalars(select(CentreNews)):
            news.created_at -= timedelta(days=days)
        await session.commit()


async def write_news(user: Person, text: str = NEWS) -> None:
    """/news (one centre) → the text → Send, and wait for the broadcast."""
    await user.send("/news")
    await user.send(text)
    await user.tap("Отправить")
    await news_broadcast.drain()


def framed(t: Any, centre: str, text: str) -> str:
    return str(t("news-frame", centre=escape(centre), text=escape(text)))


async def test_you_said_we_did(user: Person, sessionmaker: SM) -> None:
    # A respondent answers the questionnaire and asks to be told about changes.
    respondent = user.as_user(RESPONDENT)
    await respondent.send("/start c_77-cao")
    await respondent.tap("Согласен")
    await respondent.tap("соискатель")
    for _ in range(SEEKER_QUESTIONS):
        await respondent.tap("4")
    await respondent.tap("Пропустить")
    await respondent.tap("Сообщите")
    assert "Напишем" in (respondent.last_alert() or "")
    await subscribe(sessionmaker, ENGLISH, language="en")  # another one, reading English
    before = len(respondent.messages())

    # The working group writes what changed.
    await staff(user, sessionmaker)
    await user.send("/news")
    ask = user.last()
    assert CAO in ask.text and "Подписчиков: <b>2</b>" in ask.text
    assert "до 1\xa0000 символов" in ask.text and "раза в 7 дней" in ask.text
    await user.send(NEWS)
    intro, preview = user.messages()[-2:]
    assert "Так новость увидят подписчики" in intro.text
    assert preview.text == framed(RU, CAO, NEWS)  # exactly what a Russian subscriber gets
    assert "&amp; табло &lt;очереди&gt;" in preview.text  # the body is escaped, not markup
    assert [label for label, _ in preview.buttons()] == ["📤 Отправить 2 подписчикам", "✖️ Отмена"]
    await user.tap("Отправить")
    assert any("Отправляем новость 2 подписчикам" in text for text in user.texts())
    assert preview.buttons() == []  # the preview cannot be sent twice
    await news_broadcast.drain()

    # Each subscriber gets it in their own language, with a button to unsubscribe.
    got = respondent.messages()[before:]
    assert [m.text for m in got] == [framed(RU, CAO, NEWS)]
    assert got[0].buttons() == [
        ("🔕 Отписаться от новостей центра", NewsUnsubscribeCb(c="77-cao").pack())
    ]
    english = user.as_user(ENGLISH)
    assert english.last().text == framed(EN, CAO, NEWS)
    assert english.last().text.startswith("📣 The centre «")
    assert english.last().buttons()[0][0] == "🔕 Unsubscribe from this centre's news"
    assert user.last().text == (f"✅ Готово: новость центра «{CAO}» доставлена 2 из 2 подписчиков.")
    [news] = await news_rows(sessionmaker)
    assert (news.centre_code, news.text, news.recipients, news.delivered) == (
        "77-cao",
        NEWS,
        2,
        2,
    )
    assert news.author_key == pseudonyms().user(STAFF_ID) and str(STAFF_ID) not in news.author_key
    assert news.finished_at is not None and news.finished_at >= news.created_at

    # The respondent unsubscribes; the next news (after the cool-down) does not reach them.
    await respondent.tap("Отписаться", got[0])
    assert respondent.last_alert() == RU("news-unsubscribed")
    assert got[0].buttons() == []
    assert await subscriptions(sessionmaker, RESPONDENT) == []
    assert await subscriptions(sessionmaker, ENGLISH) == ["77-cao"]
    await respondent.press(NewsUnsubscribeCb(c="77-cao").pack(), got[0])  # a second tap
    assert respondent.last_alert() == RU("news-unsubscribed-already")

    await age_news(sessionmaker, 8)
    await user.send("/news")
    assert "Подписчиков: <b>1</b>" in user.last().text
    await user.send("Открыли второе окно приёма работодателей.")
    await user.tap("Отправить 1 подписчику")
    await news_broadcast.drain()
    assert len(respondent.messages()) == before + 1  # nothing new for them
    assert english.last().text == framed(EN, CAO, "Открыли второе окно приёма работодателей.")
    assert "доставлена 1 из 1 подписчика" in user.last().text
    assert [n.delivered for n in await news_rows(sessionmaker)] == [2, 1]


async def test_cool_down(user: Person, sessionmaker: SM, settings: Settings) -> None:
    await subscribe(sessionmaker, RESPONDENT)
    await staff(user, sessionmaker)
    colleague = user.as_user(1002)
    await grant(sessionmaker, colleague.user.id, STAFF, "77-cao")
    # A colleague opens a preview before the news goes out...
    await colleague.send("/news")
    await colleague.send("Продлили часы работы до 20:00.")
    await write_news(user)
    [news] = await news_rows(sessionmaker)
    next_at = local_datetime(news.created_at + timedelta(days=7), "Europe/Moscow")
    # ...and is refused on Send: the rule is checked again.
    await colleague.tap("Отправить")
    refusal = colleague.last().text
    assert refusal.startswith("⏳ Центр уже отправлял новость подписчикам")
    assert f"Следующую можно отправить с {next_at}" in refusal and "раза в 7 дней" in refusal
    assert len(await news_rows(sessionmaker)) == 1
    await colleague.send("ещё текст")  # the flow has ended
    assert colleague.last().text == RU("unknown-input")
    # /news itself refuses until the date.
    await user.send("/news")
    assert f"с {next_at}" in user.last().text and user.last().buttons() == []
    await age_news(sessionmaker, 6)
    await user.send("/news")
    assert "⏳" in user.last().text  # 6 days later: still a day to wait
    await age_news(sessionmaker, 1)
    await user.send("/news")
    assert "Подписчиков: <b>1</b>" in user.last().text
    # NEWS_COOLDOWN_DAYS=0 switches the cool-down off.
    await write_news(user)
    settings.survey.news_cooldown_days = 0
    await user.send("/news")
    assert "Подписчиков: <b>1</b>" in user.last().text
    assert "раза в" not in user.last().text


async def test_text_rules_keep_the_state(user: Person, sessionmaker: SM) -> None:
    await subscribe(sessionmaker, RESPONDENT)
    await staff(user, sessionmaker)
    await user.send("/news")
    await user.send("ж" * 1001)
    assert user.last().text == RU("news-error-too_long", length=1001, limit=1000)
    assert "1\xa0001 символ," in user.last().text
    await user.send("   ")
    assert user.last().text == RU("news-error-empty")
    await user.send_sticker()
    assert "одно текстовое сообщение" in user.last().text
    await user.send("/nonsense")  # a command is not the news either
    assert "одно текстовое сообщение" in user.last().text
    assert await news_rows(sessionmaker) == []
    text = "ж" * 1000  # exactly the limit
    await user.send(text)
    assert user.last().text == framed(RU, CAO, text)
    # A new text replaces the preview; only the latest one can be sent.
    first = user.last()
    await user.send("Исправленный текст.")
    second = user.last()
    assert first.buttons() == [] and second.text == framed(RU, CAO, "Исправленный текст.")
    await user.press(NewsCb(action="send", c="77-cao").pack(), first)
    assert user.last_alert() == RU("news-error-stale")
    await user.tap("Отправить", second)
    await news_broadcast.drain()
    assert [n.text for n in await news_rows(sessionmaker)] == ["Исправленный текст."]
    assert user.as_user(RESPONDENT).last().text == framed(RU, CAO, "Исправленный текст.")


async def test_cancel_sends_nothing(user: Person, sessionmaker: SM) -> None:
    await subscribe(sessionmaker, RESPONDENT)
    await staff(user, sessionmaker)
    await user.send("/news")
    ask = user.last()
    await user.tap("Отмена")  # under the request for the text
    assert ask.text == RU("news-cancelled") and ask.buttons() == []
    await user.send("Не новость.")
    assert user.last().text == RU("unknown-input")
    await user.send("/news")
    ask = user.last()
    await user.send("Черновик новости.")
    preview = user.last()
    assert ask.buttons() == []  # from here on, the preview's buttons decide
    await user.tap("Отмена")
    assert preview.text == RU("news-cancelled") and preview.buttons() == []
    await user.press(NewsCb(action="send", c="77-cao").pack(), preview)
    assert user.last_alert() == RU("news-error-stale")
    await news_broadcast.drain()
    assert await news_rows(sessionmaker) == []
    assert user.as_user(RESPONDENT).messages() == []


async def test_no_subscribers(user: Person, sessionmaker: SM) -> None:
    await subscribe(sessionmaker, RESPONDENT, centre="77-sao")  # another centre's subscriber
    await staff(user, sessionmaker)
    await user.send("/news")
    assert user.last().text == RU("news-error-no_subscribers")
    assert user.last().buttons() == []
    await user.send("Текст, который некому отправить.")
    assert user.last().text == RU("unknown-input")  # no flow was opened
    assert await news_rows(sessionmaker) == []


async def test_blocked_subscriber(
    user: Person, sessionmaker: SM, recording: BlockingSession
) -> None:
    for subscriber in (RESPONDENT, ENGLISH, THIRD):
        await subscribe(sessionmaker, subscriber)
    await staff(user, sessionmaker)
    recording.blocked.add(ENGLISH)
    await write_news(user)
    report = user.last().text
    assert report.startswith(f"✅ Готово: новость центра «{CAO}» доставлена 2 из 3 подписчиков.")
    assert "Не дошла: 1." in report
    [news] = await news_rows(sessionmaker)
    assert (news.recipients, news.delivered) == (3, 2)
    async with sessionmaker() as session:
        blocked = await session.get(User, pseudonyms().user(ENGLISH))
        assert blocked is not None and blocked.blocked_at is not None
    assert user.as_user(THIRD).last().text == framed(RU, CAO, NEWS)
    # Next time the one who blocked the bot is not counted nor written to.
    await age_news(sessionmaker, 7)
    await user.send("/news")
    assert "Подписчиков: <b>2</b>" in user.last().text


async def test_only_staff_of_the_centre(user: Person, sessionmaker: SM) -> None:
    await subscribe(sessionmaker, RESPONDENT)
    await subscribe(sessionmaker, ENGLISH, centre="77-sao")
    # Not staff at all.
    stranger = user.as_user(5001)
    await stranger.send("/news")
    assert stranger.last().text == RU("news-not-staff")
    await stranger.press(NewsCb(action="pick", c="77-cao").pack(), stranger.last())
    assert stranger.last_alert() == RU("news-error-forbidden")
    # Staff of another centre cannot open, nor send, this centre's news.
    other = user.as_user(5002)
    await grant(sessionmaker, other.user.id, STAFF, "77-sao")
    await other.send("/news")
    assert "Центр «Моя работа» САО" in other.last().text  # their own centre, directly
    await other.press(NewsCb(action="pick", c="77-cao").pack(), other.last())
    assert other.last_alert() == RU("news-error-forbidden")
    await other.send("Новость САО.")
    await other.press(NewsCb(action="send", c="77-cao").pack(), other.last())  # forged
    assert other.last_alert() == RU("news-error-stale")
    assert await news_rows(sessionmaker) == []
    # Staff of several centres pick one.
    await staff(user, sessionmaker, "77-cao", "77-sao")
    await user.send("/news")
    assert user.last().text == RU("news-pick-centre")
    assert [d for _, d in user.last().buttons()] == [
        NewsCb(action="pick", c="77-cao").pack(),
        NewsCb(action="pick", c="77-sao").pack(),
    ]
    await user.tap("ЦАО")
    assert CAO in user.last().text and "Подписчиков: <b>1</b>" in user.last().text
    await user.send(NEWS)
    # The role is revoked before Send: nothing is stored or sent.
    async with sessionmaker.begin() as session:
        await session.execute(delete(Role).where(Role.user_id == STAFF_ID, Role.scope == "77-cao"))
    await user.tap("Отправить")
    assert user.last().text == RU("news-error-forbidden")
    await news_broadcast.drain()
    assert await news_rows(sessionmaker) == []
    assert user.as_user(RESPONDENT).messages() == []


async def test_service_rules_without_telegram(sessionmaker: SM, centres: None) -> None:
    await subscribe(sessionmaker, RESPONDENT)
    await subscribe(sessionmaker, ENGLISH, language="en")
    rules = NewsRules(max_chars=10, cooldown=timedelta(days=3))
    member = Access(STAFF_ID, staff_centres=frozenset({"77-cao"}))
    async with sessionmaker() as session:
        service = NewsService(session, rules, pseudonyms())
        with pytest.raises(Refusal) as error:
            service.clean_text("x" * 11)
        assert (error.value.reason, error.value.details) == (
            "too_long",
            {"length": 11, "limit": 10},
        )
        with pytest.raises(Refusal, match="forbidden"):
            await service.open(Access(STAFF_ID), "77-cao", utcnow())
        centre, news = await service.create(member, "77-cao", "  Сделано.  ", utcnow())
        await session.commit()
        assert (centre.code, news.text, news.recipients) == ("77-cao", "Сделано.", 2)
        with pytest.raises(Refusal) as error:
            await service.create(member, "77-cao", "Ещё.", news.created_at + timedelta(days=2))
        assert error.value.reason == "cooldown"
        assert error.value.details["next_at"] == news.created_at + timedelta(days=3)
        # Every subscriber is in the delivery log, pending, committed with the news.
        recipients = await news_deliveries.due(session, pseudonyms(), news.id, utcnow())
        assert sorted(r.chat_id for r in recipients) == [RESPONDENT, ENGLISH]
        assert {r.chat_id: r.language for r in recipients}[ENGLISH] == "en"
        assert await news_deliveries.counts(session, news.id) == {"pending": 2}
        assert await service.unsubscribe(RESPONDENT, "77-cao")
        assert not await service.unsubscribe(RESPONDENT, "77-cao")
        await session.commit()
        assert await service.subscribers("77-cao") == 1
        total = await session.scalar(select(func.count()).select_from(CentreNews))
        assert total == 1


def ftl(language: str) -> dict[str, ast.Message]:
    source = (ROOT / "locales" / language / "news.ftl").read_text(encoding="utf-8")
    resource = FluentParser().parse(source)
    assert not [e for e in resource.body if isinstance(e, ast.Junk)], language
    return {e.id.name: e for e in resource.body if isinstance(e, ast.Message)}


def test_news_texts_exist_in_russian_and_english() -> None:
    ru, en = set(ftl("ru")), set(ftl("en"))
    assert ru == en, f"only ru {sorted(ru - en)}, only en {sorted(en - ru)}"
    assert "cmd-news" in ru
    args: dict[str, Any] = dict.fromkeys(("centre", "text", "last", "date"), "x")
    args |= dict.fromkeys(("count", "limit", "days", "delivered", "total", "failed", "length"), 3)
    for t in (RU, EN):
        for key in ru:
            text = t(key, **args)
            for tag in ("<b>", "</b>", "<i>", "</i>"):
                text = text.replace(tag, "")
            assert "<" not in text and ">" not in text and "{" not in text, (t.language, key)
        assert len(t("news-error-stale")) <= 200  # callback alerts hold 200 characters
        assert len(t("news-unsubscribed")) <= 200
        assert len(t("news-error-forbidden")) <= 200
