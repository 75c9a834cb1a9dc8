"""The respondent's whole path, fed through the production dispatcher."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from aiogram import Bot
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.survey.callbacks import AnswerCb
from storage.models import Answer, Base, FeedbackSubscription, FsmRecord, Questionnaire, User
from tests.harness import Person, RecordingSession

# The same tests on SQLite and on PostgreSQL + Redis (the scale-out configuration).
pytestmark = pytest.mark.backends("sqlite", "postgresql")

SEEKER_QUESTIONS = 19
EMPLOYER_QUESTIONS = 18
SM = async_sessionmaker[AsyncSession]


async def consent_and_pick(
    user: Person, centre: str = "77-cao", audience: str = "соискатель"
) -> None:
    await user.send(f"/start c_{centre}")
    await user.tap("Согласен")
    await user.tap(audience)


async def answer(user: Person, count: int, value: str = "4") -> None:
    for _ in range(count):
        await user.tap(value)


async def count(sm: SM, model: Any, *where: Any) -> int:
    async with sm() as session:
        total = await session.scalar(select(func.count()).select_from(model).where(*where))
        return int(total or 0)


async def stored_values(sm: SM) -> dict[str, int | None]:
    async with sm() as session:
        rows = await session.execute(select(Answer.question_id, Answer.value))
        return {qid: value for qid, value in rows}


async def test_seeker_completes_questionnaire(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    first = user.last()
    assert "Вопрос 1 из 19" in first.text
    assert "ЦАО" in first.text  # the centre is named on every step
    await answer(user, SEEKER_QUESTIONS)
    assert "все ответы сохранены" in user.last().text
    assert user.last().message_id == first.message_id  # one message, edited in place
    await user.tap("Пропустить")
    assert "Спасибо!" in user.last().text
    assert "обезличены" in user.last().text  # says what happens with the answers
    assert await count(sessionmaker, Answer) == SEEKER_QUESTIONS
    async with sessionmaker() as session:
        q = (await session.scalars(select(Questionnaire))).one()
    assert q.audience == "seeker" and q.centre_code == "77-cao" and q.completed_at is not None
    assert q.methodology == "star-2023"


async def test_employer_gets_employer_questions(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user, audience="работодател")
    assert "Вопрос 1 из 18" in user.last().text
    await answer(user, EMPLOYER_QUESTIONS, value="5")
    values = await stored_values(sessionmaker)
    assert len(values) == EMPLOYER_QUESTIONS
    assert "P2" in values and "P3" not in values and "A1" not in values
    assert set(values.values()) == {5}


async def test_every_answer_is_saved_at_once(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await user.tap("Затрудняюсь")
    await user.tap("2")
    values = await stored_values(sessionmaker)
    assert list(values.values()) == [None, 2]  # "hard to say" is stored as NULL
    assert "Вопрос 3 из 19" in user.last().text


async def test_back_changes_previous_answer(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await answer(user, 3, value="2")
    await user.tap("Назад")
    shown = user.last()
    assert "Вопрос 3 из 19" in shown.text
    assert any(label == "· 2 ·" for label, _ in shown.buttons())  # the current answer is marked
    await user.tap("5")
    assert "Вопрос 4 из 19" in user.last().text
    values = list((await stored_values(sessionmaker)).values())
    assert sorted(v for v in values if v is not None) == [2, 2, 5]
    assert await count(sessionmaker, Answer) == 3  # changed in place, not duplicated
    # no Back on the first question
    await user.tap("Назад")
    await user.tap("Назад")
    await user.tap("Назад")
    assert "Вопрос 1 из 19" in user.last().text
    assert not any("Назад" in label for label, _ in user.last().buttons())


async def test_resume_after_restart(
    user: Person, settings: Settings, sessionmaker: SM, bot: Bot, recording: RecordingSession
) -> None:
    await consent_and_pick(user)
    await answer(user, 5)
    # A new process: a fresh dispatcher over the same database.
    restarted = Person(create_dispatcher(settings, sessionmaker), bot, recording)
    await restarted.send("/start")
    assert any("вопрос 6 из 19" in t for t in restarted.texts())
    assert "Вопрос 6 из 19" in restarted.last().text
    await answer(restarted, SEEKER_QUESTIONS - 5)
    assert "все ответы сохранены" in restarted.last().text
    assert await count(sessionmaker, Answer) == SEEKER_QUESTIONS
    assert await count(sessionmaker, Questionnaire) == 1


async def test_resume_days_later_from_qr(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await answer(user, 2)
    await user.send("/start c_77-cao")  # scans the same poster again
    assert "Вопрос 3 из 19" in user.last().text
    assert await count(sessionmaker, Questionnaire) == 1


async def test_old_question_message_is_stale_after_resume(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await answer(user, 2)
    old = user.last()
    await user.send("/start")
    await user.press(old.button("1"), old)
    assert "другому вопросу" in (user.last_alert() or "")
    assert await count(sessionmaker, Answer) == 2


async def test_one_questionnaire_per_30_days(
    user: Person, sessionmaker: SM, settings: Settings
) -> None:
    await consent_and_pick(user)
    await answer(user, SEEKER_QUESTIONS)
    await user.tap("Пропустить")
    await user.send("/start c_77-cao")
    assert "уже оценивали" in user.last().text
    assert "Снова ответить" in user.last().text
    assert await count(sessionmaker, Questionnaire) == 1
    # another centre is fine
    await user.send("/start c_77-sao")
    assert "Вы обращались" in user.last().text
    # 31 days later the same centre is fine again
    async with sessionmaker.begin() as session:
        for q in await session.scalars(select(Questionnaire)):
            assert q.completed_at is not None
            q.completed_at -= timedelta(days=31)
    await user.send("/start c_77-cao")
    assert "Вы обращались" in user.last().text


async def test_unknown_and_malformed_deep_links(user: Person) -> None:
    for payload in ("c_nope", "c_bad!code", "garbage", "c_" + "x" * 40):
        await user.send(f"/start {payload}")
        assert any("Не удалось найти центр" in t for t in user.texts()[-2:]), payload
    await user.tap("Согласен")
    assert "О каком центре" in user.last().text


async def test_pick_by_region_with_pages(user: Person) -> None:
    await user.send("/start")
    assert "Здравствуйте" in user.texts()[-2]
    await user.tap("Согласен")
    await user.tap("Выбрать регион")
    regions = user.last()
    assert "Выберите регион" in regions.text
    await user.tap("Москва")
    assert "Центры занятости — г. Москва" in user.last().text
    await user.tap("▶️")
    assert any(label == "2 из 2" for label, _ in user.last().buttons())
    await user.tap("◀️")
    await user.tap("ЦАО")
    assert "Вы обращались" in user.last().text


async def test_search_by_name(user: Person) -> None:
    await user.send("/start")
    await user.tap("Согласен")
    await user.tap("Найти по названию")
    await user.send("казан")  # lower case, part of a word
    assert "Нашл" in user.last().text
    assert any("Казан" in label for label, _ in user.last().buttons())
    await user.send("зззз")
    assert "ничего не нашлось" in user.last().text
    await user.send("к")
    assert "хотя бы две буквы" in user.last().text


async def test_nearest_centres_by_location(user: Person) -> None:
    await user.send("/start")
    await user.tap("Согласен")
    await user.tap("Ближайшие")
    await user.send_location(55.7600, 37.6250)  # central Moscow
    shown = user.last()
    assert "Ближайшие к вам" in shown.text
    # Issue 9 item 12: the distances in the text, numbered like the buttons, which show the
    # short names (the part that tells the Moscow branches apart comes first).
    labels = [label for label, _ in shown.buttons()][:3]
    assert labels[0] == "1. ЦАО — ЦЗН г. Москвы"
    assert [label.split(".")[0] for label in labels] == ["1", "2", "3"]
    assert not any("км" in label for label in labels)
    lines = shown.text.split("\n")[-3:]
    assert lines[0].startswith("1. Центр занятости населения г. Москвы — филиал ЦАО · ")
    shown_km = [line.rsplit("·", 1)[1].split()[0] for line in lines]
    assert re.fullmatch(r"\d,\d", shown_km[0]), shown_km  # «1,3 км»: the decimal comma
    distances = [float(km.replace(",", ".")) for km in shown_km]
    assert distances == sorted(distances) and all(line.endswith(" км") for line in lines)
    await user.tap("1. ")
    assert "Вы обращались" in user.last().text
    assert "филиал ЦАО" in user.last().text


async def test_location_far_from_every_centre(user: Person) -> None:
    await user.send("/start")
    await user.tap("Согласен")
    await user.tap("Ближайшие")
    await user.send_location(64.7337, 177.5089)  # Anadyr, Chukotka: no centre in the sample
    assert "нет центров" in user.last().text
    assert "О каком центре" not in user.last().text
    assert any("регион" in label for label, _ in user.last().buttons())


async def test_consent_refused_and_policy(user: Person, sessionmaker: SM) -> None:
    await user.send("/start c_77-cao")
    consent = user.last_with_buttons()
    assert "152-ФЗ" in consent.text and "/forget" in consent.text
    await user.tap("Политика")
    assert "Политика обработки персональных данных" in user.last().text
    await user.tap("Не согласен", consent)
    assert "Без согласия" in consent.text  # the consent message is edited in place
    async with sessionmaker() as session:
        assert (await session.scalars(select(User.consent_at))).all() in ([], [None])
    await user.send("/start c_77-cao")
    assert "152-ФЗ" in user.last().text  # asked again, nothing assumed


async def test_forget_deletes_everything(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await answer(user, SEEKER_QUESTIONS)
    await user.tap("Пропустить")
    await user.tap("Сообщите")
    await user.send("/start c_77-sao")
    await user.tap("соискатель")
    await answer(user, 3)
    await user.send("/forget")
    await user.tap("Нет")
    assert "ничего не удаляем" in user.last().text
    assert await count(sessionmaker, Questionnaire) == 2
    await user.send("/forget")
    await user.tap("Да, удалить")
    assert "данные удалены" in user.last().text
    for model in (Questionnaire, Answer, User, FeedbackSubscription, FsmRecord):
        assert await count(sessionmaker, model) == 0, model
    await user.send("/start c_77-cao")
    assert "152-ФЗ" in user.last().text  # consent is asked again


async def test_language_switch(user: Person) -> None:
    await user.send("/language")
    await user.tap("English")
    assert "now English" in user.last().text
    await consent_and_pick_en(user)
    assert "Question 1 of 19" in user.last().text
    await user.send("/help")
    assert "/forget" in user.last().text and "What this bot does" in user.last().text
    await user.send("/language")
    await user.tap("Русский")
    assert "на русский" in user.last().text


@pytest.mark.parametrize("code", ["en", "en-GB"])
async def test_an_english_telegram_app_gets_english_until_a_choice(user: Person, code: str) -> None:
    english = Person(user.dp, user.bot, user.session, user_id=1501, language=code)
    await english.send("/start")
    assert english.texts()[0].startswith("Hello! This is a survey")
    await english.tap("I agree")  # the consent screen is English too
    await english.send("/language")
    await english.tap("Русский")  # an explicit choice wins over the app's language
    await english.send("/help")
    assert "Что умеет этот бот" in english.last().text


async def test_other_telegram_languages_get_russian(user: Person) -> None:
    german = Person(user.dp, user.bot, user.session, user_id=1502, language="de")
    await german.send("/start")
    assert german.texts()[0].startswith("Здравствуйте! Это опрос")


async def consent_and_pick_en(user: Person) -> None:
    await user.send("/start c_77-cao")
    await user.tap("I agree")
    await user.tap("job seeker")


async def test_text_or_sticker_where_button_expected(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await answer(user, 2)
    await user.send("пять")
    assert "кнопкой" in user.last().text
    await user.send_sticker()
    assert "кнопкой" in user.last().text
    assert await count(sessionmaker, Answer) == 2
    await user.tap("3")  # the question message still works
    assert await count(sessionmaker, Answer) == 3


async def test_button_of_finished_questionnaire(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    question = user.last()
    data = question.button("4")
    await answer(user, SEEKER_QUESTIONS)
    await user.press(data, question)
    assert "уже заполнена" in (user.last_alert() or "")
    assert await count(sessionmaker, Answer) == SEEKER_QUESTIONS


async def test_forged_callback_gets_nothing(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    mine = user.last()
    stranger = user.as_user(2002)
    await stranger.press(AnswerCb(q=1, n=0, v=5).pack(), mine)
    assert "не действует" in (stranger.last_alert() or "")
    await user.press(AnswerCb(q=1, n=7, v=5).pack(), mine)  # skipping ahead
    await user.press("an:1:0:9", mine)  # out of scale (AnswerCb itself refuses to build it)
    await user.press("an:x:y:z")  # not even parseable
    assert await count(sessionmaker, Answer) == 0


async def test_comment_limit_and_notify_opt_in(user: Person, sessionmaker: SM) -> None:
    await consent_and_pick(user)
    await answer(user, SEEKER_QUESTIONS)
    await user.send("слишком " * 200)
    assert "слишком длинный" in user.last().text
    await user.send_sticker()
    assert "только текстом" in user.last().text
    await user.send("Сделайте, пожалуйста, больше стульев в зоне ожидания.")
    assert "Комментарий сохранён" in user.texts()[-2]
    async with sessionmaker() as session:
        comment = await session.scalar(select(Questionnaire.comment))
    assert comment == "Сделайте, пожалуйста, больше стульев в зоне ожидания."
    await user.tap("Сообщите")
    assert "Напишем" in (user.last_alert() or "")
    assert await count(sessionmaker, FeedbackSubscription) == 1


async def test_unknown_text_outside_any_flow(user: Person) -> None:
    await user.send("привет")
    assert "/start" in user.last().text


async def dump_everything(sm: SM, redis_url: str) -> str:
    """Every row of every table (and every Redis key and value) as text."""
    parts = []
    async with sm() as session:
        for table in Base.metadata.sorted_tables:
            for row in await session.execute(select(table)):
                parts.append(f"{table.name} {tuple(row)!r}")
    if redis_url:
        from redis.asyncio import Redis

        client = Redis.from_url(redis_url)
        async for key in client.scan_iter():
            parts.append(f"{key!r} {await client.dump(key)!r}")
        await client.aclose()
    return "\n".join(parts)


async def test_database_dump_holds_no_raw_telegram_id(
    user: Person, sessionmaker: SM, settings: Settings
) -> None:
    someone = user.as_user(987654321987)
    await consent_and_pick(someone)
    await answer(someone, SEEKER_QUESTIONS)
    await someone.send("Комментарий")
    await someone.tap("Сообщите")  # the opt-in keeps a way to write back, sealed
    await someone.send("/start c_77-sao")
    await someone.tap("соискатель")
    await answer(someone, 3)  # an open conversation: FSM state is stored too
    await someone.send("/language")
    await someone.tap("English")
    dump = await dump_everything(sessionmaker, settings.database.redis_url)
    assert "987654321987" not in dump
    assert "Комментарий" in dump  # the dump did read the answers' tables
    async with sessionmaker() as session:
        for q in await session.scalars(select(Questionnaire)):
            assert len(q.respondent_key) == 64
        users = (await session.scalars(select(User))).all()
        assert len(users) == 1 and users[0].key not in {
            q.respondent_key for q in await session.scalars(select(Questionnaire))
        }
