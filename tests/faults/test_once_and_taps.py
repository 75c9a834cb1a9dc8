"""Promises kept under faults and attack (issue 10, items 5, 7, 8).

Once means once even when people press at the same moment (separate sessions, so the race
is real on SQLite too); a button answers only the question it was drawn for; "message is not
modified" is no error; forged or odd input is refused with a short reply, never a crash.
"""

from __future__ import annotations

import asyncio
import csv
import io
import typing
from datetime import timedelta

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import EditMessageText
from aiogram.types import CallbackQuery
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.digest import nudges
from handlers.evidence import callbacks as callbacks_evidence
from handlers.evidence.callbacks import ReviewCb
from handlers.news import broadcast as news_broadcast
from handlers.news import callbacks as callbacks_news
from handlers.survey import callbacks
from handlers.survey.callbacks import AnswerCb, BackCb
from handlers.team import callbacks as callbacks_team
from handlers.team.callbacks import InvitesCb
from services.csv_safe import safe_cell
from services.evidence.model import PENDING
from services.index.ratings import RatingRow
from services.index.report import render
from services.news.rules import NewsRules, NewsService
from services.privacy import Pseudonyms
from services.refusal import Refusal
from services.team.roles import EXPERT, STAFF, Access, Invitations
from services.text import clean_text
from services.users import Users
from storage.models import (
    Answer,
    CentreNews,
    Evidence,
    EvidenceDecision,
    Invitation,
    Questionnaire,
    Requirement,
    Role,
    utcnow,
)
from tests.evidence_support import ADMIN_ID, SM, grant, invite_token, load_checklist
from tests.harness import Person, RecordingSession

pytestmark = pytest.mark.backends("sqlite", "postgresql")
SEEKER_QUESTIONS = 19
APOLOGY = "что-то пошло не так"


def apologies(recording: RecordingSession) -> int:
    texts = [a.text or "" for a in recording.alerts]
    texts += [str(getattr(c, "text", "")) for c in recording.calls]
    return sum(APOLOGY in text for text in texts)


async def count(sm: SM, model: type[object]) -> int:
    async with sm() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def start_survey(user: Person) -> None:
    await user.send("/start c_77-cao")
    await user.tap("Согласен")
    await user.tap("соискатель")


# --- 5. once means once ---------------------------------------------------------------------


async def new_invitation(sm: SM, role: str = STAFF, scope: str | None = "77-cao") -> str:
    async with sm() as session:
        token, _ = await Invitations(session).create(role, scope, ADMIN_ID, timedelta(days=1))
        await session.commit()
    return token


async def test_8_people_open_one_invitation_at_once_1_role_granted(
    user: Person, sessionmaker: SM
) -> None:
    token = await new_invitation(sessionmaker)
    people = [user.as_user(4000 + n) for n in range(8)]
    await asyncio.gather(*(person.send(f"/start i_{token}") for person in people))
    granted = [p for p in people if "вы в рабочей группе центра" in p.last().text]
    refused = [p for p in people if "уже использовано" in p.last().text]
    roles = await count(sessionmaker, Role)
    print(f"8 redemptions of 1 link: {len(granted)} granted, {len(refused)} refused, {roles} roles")
    assert (len(granted), len(refused), roles) == (1, 7, 1)
    async with sessionmaker() as session:
        invitation = await session.scalar(select(Invitation))
        role = await session.scalar(select(Role))
    assert invitation is not None and role is not None
    assert invitation.used_by == role.user_id == granted[0].user.id


async def connected(sm: SM, n: int) -> list[AsyncSession]:
    """`n` sessions holding a connection each, so the racers start together."""
    sessions = [sm() for _ in range(n)]
    for session in sessions:
        await session.execute(select(1))
    return sessions


async def test_8_redemptions_in_separate_sessions_1_role(sessionmaker: SM, centres: None) -> None:
    token = await new_invitation(sessionmaker)

    async def redeem(session: AsyncSession, user_id: int) -> str:
        async with session:
            try:
                await Invitations(session).redeem(token, user_id)
            except Refusal as error:
                return error.reason
            await session.commit()
            return "granted"

    sessions = await connected(sessionmaker, 8)
    outcomes = await asyncio.gather(*(redeem(s, 4000 + n) for n, s in enumerate(sessions)))
    roles = await count(sessionmaker, Role)
    print(f"8 redemptions in 8 sessions: {outcomes.count('granted')} granted, {roles} roles")
    assert sorted(outcomes) == ["granted"] + ["used"] * 7 and roles == 1


async def test_admin_revokes_an_unused_invitation(user: Person, sessionmaker: SM) -> None:
    admin = user.as_user(ADMIN_ID)
    await grant(sessionmaker, ADMIN_ID, "admin", None)
    await admin.send("/invite")
    await admin.tap("Неиспользованные приглашения")
    assert "Неиспользованных приглашений нет" in admin.last().text
    kept = await new_invitation(sessionmaker)
    revoked = await new_invitation(sessionmaker, EXPERT, "77")
    await admin.send("/invites")
    listing = admin.last()
    assert "<b>Неиспользованные приглашения</b>: 2 ссылки" in listing.text
    assert "1. эксперт региона «г. Москва»" in listing.text  # the newest first
    assert [label for label, _ in listing.buttons()] == ["✖ 1", "✖ 2"]
    revoke_data = listing.button("✖ 1")
    await admin.tap("✖ 1")
    assert admin.last_alert() == "Приглашение отозвано: по ссылке роль больше не выдаётся."
    assert ": 1 ссылка" in listing.text and "эксперт" not in listing.text  # the list, updated
    await admin.press(revoke_data, listing)  # a second tap on the old button
    assert admin.last_alert() == "Это приглашение уже отозвано."

    newcomer = user.as_user(4100)
    await newcomer.send(f"/start i_{revoked}")
    assert "Это приглашение отозвано" in newcomer.last().text
    await newcomer.send(f"/start i_{kept}")
    assert "вы в рабочей группе центра" in newcomer.last().text
    assert await count(sessionmaker, Role) == 2  # the admin's and the kept invitation's
    await admin.press(InvitesCb(action="page").pack(), listing)
    assert "Неиспользованных приглашений нет" in listing.text

    stranger = user.as_user(4200)  # not an admin: no list, no revoking by forged data
    await stranger.send("/invites")
    assert "только администраторам" in stranger.last().text
    await stranger.press(InvitesCb(action="revoke", i=1).pack(), listing)
    assert "только администраторам" in (stranger.last_alert() or "")


async def test_invitation_link_from_the_flow_names_revocation(
    user: Person, sessionmaker: SM
) -> None:
    admin = user.as_user(ADMIN_ID)
    await grant(sessionmaker, ADMIN_ID, "admin", None)
    await admin.send("/invite")
    await admin.tap("Эксперта")
    await admin.tap("Все регионы")
    ready = admin.last().text
    assert "/invites" in ready and invite_token(ready)


async def pending_evidence(sm: SM) -> int:
    await load_checklist(sm)
    async with sm() as session:
        requirement = await session.scalar(
            select(Requirement.id).where(Requirement.indicator == "K1").order_by(Requirement.id)
        )
        assert requirement is not None
        evidence = Evidence(
            centre_code="77-cao", requirement_id=requirement, status=PENDING,
            submitted_by=1001, submitted_at=utcnow(), captured_at=utcnow(),
        )  # fmt: skip
        session.add(evidence)
        await session.commit()
        return evidence.id


async def test_2_experts_accept_at_once_1_decision(
    user: Person, sessionmaker: SM, centres: None
) -> None:
    evidence_id = await pending_evidence(sessionmaker)
    experts = [user.as_user(2001), user.as_user(2002)]
    for expert in experts:
        await grant(sessionmaker, expert.user.id, EXPERT, "77")
        await expert.send("/review")  # both see the same card
        assert expert.last().button("Принять") == ReviewCb(action="accept", e=evidence_id).pack()
    await asyncio.gather(*(expert.tap("Принять") for expert in experts))
    decided = [e for e in experts if any("принято" in text for text in e.texts())]
    decisions = await count(sessionmaker, EvidenceDecision)
    print(f"2 experts accepting at once: {len(decided)} decided, {decisions} decisions logged")
    assert (len(decided), decisions) == (1, 1)
    loser = next(e for e in experts if e not in decided)
    assert "уже принято" in (loser.last_alert() or "")
    async with sessionmaker() as session:
        evidence = await session.get(Evidence, evidence_id)
    assert evidence is not None and evidence.decided_by == decided[0].user.id


async def test_2_sends_of_news_at_once_1_broadcast(user: Person, sessionmaker: SM) -> None:
    subscriber = 3001
    async with sessionmaker() as session:
        await Users(session, Pseudonyms("test-secret")).subscribe(subscriber, "77-cao")
    group = [user, user.as_user(1002)]
    for member in group:
        await grant(sessionmaker, member.user.id, STAFF, "77-cao")
        await member.send("/news")
        await member.send(f"Новость от {member.user.id}: поставили кулер.")
    await asyncio.gather(*(member.tap("Отправить") for member in group))
    await news_broadcast.drain()
    rows = await count(sessionmaker, CentreNews)
    got = [m for m in user.as_user(subscriber).messages() if "поставили кулер" in m.text]
    print(f"2 Sends at once: {rows} news stored, {len(got)} delivered to the subscriber")
    assert (rows, len(got)) == (1, 1)
    refused = [m for m in group if "Центр уже отправлял новость" in m.last().text]
    assert len(refused) == 1


@pytest.mark.parametrize(
    ("cooldown", "refusal"), [(timedelta(days=7), "cooldown"), (timedelta(0), "stale")]
)
async def test_2_news_sends_in_separate_sessions_1_stored(
    sessionmaker: SM, centres: None, cooldown: timedelta, refusal: str
) -> None:
    # Two members of the group (or one double tap, when there is no cool-down) at once.
    async with sessionmaker() as session:
        await Users(session, Pseudonyms("test-secret")).subscribe(3001, "77-cao")
    rules = NewsRules(cooldown=cooldown)

    async def send(session: AsyncSession, user_id: int) -> str:
        access = Access(user_id, staff_centres=frozenset({"77-cao"}))
        async with session:
            service = NewsService(session, rules, Pseudonyms("test-secret"))
            try:
                await service.create(access, "77-cao", "Один и тот же текст", utcnow())
            except Refusal as error:
                return error.reason
            await session.commit()
            return "stored"

    first, second = await connected(sessionmaker, 2)
    outcomes = sorted(await asyncio.gather(send(first, 1001), send(second, 1002)))
    rows = await count(sessionmaker, CentreNews)
    print(f"2 Sends in 2 sessions, cool-down {cooldown.days} d: {outcomes}, {rows} stored")
    assert outcomes == sorted([refusal, "stored"]) and rows == 1


# --- 7. a button answers only the question it was drawn for ---------------------------------


async def values(sm: SM) -> list[int | None]:
    async with sm() as session:
        return list(await session.scalars(select(Answer.value).order_by(Answer.answered_at)))


async def test_late_tap_on_previous_question_changes_nothing(
    user: Person, sessionmaker: SM, recording: RecordingSession
) -> None:
    await start_survey(user)
    question = user.last()
    late = question.button("2")  # drawn for question 1
    await user.tap("4")
    assert "Вопрос 2 из 19" in question.text
    await user.press(late, question)  # the old keyboard, tapped after the screen moved on
    assert user.last_alert() == "Этот вопрос уже позади."
    assert await values(sessionmaker) == [4]
    assert "Вопрос 2 из 19" in question.text
    back_twice = question.button("Назад")
    await user.tap("Назад")
    assert "Вопрос 1 из 19" in question.text
    await user.press(back_twice, question)  # Back drawn under question 2, now on question 1
    assert user.last_alert() == "Этот вопрос уже позади."
    await user.press(AnswerCb(q=1, n=1, v=5).pack(), question)  # drawn for the question ahead
    assert await values(sessionmaker) == [4]
    await user.tap("3")  # the current question's own button still works, after Back too
    assert await values(sessionmaker) == [3]
    assert "Вопрос 2 из 19" in question.text
    assert apologies(recording) == 0


async def test_10_late_taps_10_unchanged_answers(
    user: Person, sessionmaker: SM, recording: RecordingSession
) -> None:
    await start_survey(user)
    question = user.last()
    stale = []
    for _ in range(10):
        stale.append(question.button("1"))
        await user.tap("5")
    for data in stale:
        await user.press(data, question)
    kept = await values(sessionmaker)
    print(f"10 late taps: {kept.count(5)}/10 answers unchanged, {apologies(recording)} apologies")
    assert kept == [5] * 10 and apologies(recording) == 0
    assert "Вопрос 11 из 19" in question.text


async def test_double_tap_at_once_is_no_error(
    user: Person, sessionmaker: SM, recording: RecordingSession
) -> None:
    await start_survey(user)
    question = user.last()
    data = question.button("4")
    await asyncio.gather(user.press(data, question), user.press(data, question))
    assert await values(sessionmaker) == [4]
    assert "Вопрос 2 из 19" in question.text
    assert apologies(recording) == 0


async def test_repeated_edit_is_no_error(user: Person, recording: RecordingSession) -> None:
    await user.send("/language")
    chooser = user.last()
    english = chooser.button("English")
    await user.press(english, chooser)
    await user.press(english, chooser)  # the same screen again: "message is not modified"
    assert "now English" in chooser.text
    assert apologies(recording) == 0


async def test_harness_says_not_modified_like_telegram(recording: RecordingSession) -> None:
    bot = None
    shown = await recording.make_request(bot, _send("a"))  # type: ignore[arg-type]
    edit = EditMessageText(chat_id=7, message_id=shown.message_id, text="a")
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await recording.make_request(bot, edit)  # type: ignore[arg-type]
    changed = EditMessageText(chat_id=7, message_id=shown.message_id, text="b")
    assert (await recording.make_request(bot, changed)).text == "b"  # type: ignore[arg-type]


def _send(text: str) -> typing.Any:
    from aiogram.methods import SendMessage

    return SendMessage(chat_id=7, text=text)


# --- 8. forged and odd input ----------------------------------------------------------------


def test_every_int_in_callback_data_is_bounded() -> None:
    modules = (callbacks, callbacks_evidence, callbacks_team, callbacks_news, nudges)
    classes = {
        obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type) and issubclass(obj, CallbackData) and obj is not CallbackData
    }
    unbounded = []
    for cls in classes:
        for name, info in cls.model_fields.items():
            if info.annotation is int:
                limits = {type(m).__name__ for m in info.metadata}
                if not {"Ge", "Le"} <= limits:
                    unbounded.append(f"{cls.__name__}.{name}")
    print(f"{len(classes)} callback data classes, unbounded ints: {unbounded}")
    assert len(classes) >= 20 and unbounded == []


@pytest.mark.parametrize(
    "data",
    [
        "an:100000000000000000000:0:5",
        "an:1:100000000000000000000:5",
        "an:1:0:-1",
        "bk:99999999999999999999:0",
        "sk:-5",
        "rp:100000000000000000000",
        "rg:77:-1",
        "rv:accept:100000000000000000000:",
        "ix:revoke:100000000000000000000:0",
    ],
)
async def test_huge_numbers_in_callback_data_are_stale(
    user: Person, sessionmaker: SM, recording: RecordingSession, data: str
) -> None:
    await start_survey(user)
    await user.press(data, user.last())
    assert user.last_alert() == "Эта кнопка уже не действует. Отправьте /start, чтобы продолжить."
    assert apologies(recording) == 0
    assert await count(sessionmaker, Answer) == 0


async def test_callback_with_only_inline_message_id(
    user: Person, recording: RecordingSession
) -> None:
    for data in (AnswerCb(q=1, n=0, v=5).pack(), BackCb(q=1, n=0).pack(), "noop"):
        await user.feed(
            callback_query=CallbackQuery(
                id=f"inline-{data}",
                from_user=user.user,
                chat_instance="ci",
                inline_message_id="AAQAAk4",
                data=data,
            )
        )
    answered = [a for a in recording.alerts if a.callback_query_id.startswith("inline-")]
    assert len(answered) == 3 and apologies(recording) == 0
    assert all("не действует" in (a.text or "") for a in answered)


async def test_invisible_comment_is_refused_and_the_next_kept(
    user: Person, sessionmaker: SM
) -> None:
    await start_survey(user)
    for _ in range(SEEKER_QUESTIONS):
        await user.tap("4")
    await user.send("\u200b\u200d\u2060\ufeff \u3164\u2800\t")
    assert "Комментарий пустой" in user.last().text
    await user.send("\u200bБольше\u200b стульев,\u00a0пожалуйста.\u2060")
    assert "Комментарий сохранён" in user.texts()[-2]
    async with sessionmaker() as session:
        comment = await session.scalar(select(Questionnaire.comment))
    assert comment == "Больше стульев,\u00a0пожалуйста."


def test_clean_text_keeps_what_is_visible() -> None:
    assert clean_text("\u200b\u200c\u200d \u202e\u0007\r\n\u3164") == ""
    assert clean_text("  Строка 1\t\r\n\n\n\nСтрока 2  ") == "Строка 1\n\nСтрока 2"
    assert clean_text("👩\u200d💻 ок") == "👩\u200d💻 ок"  # a joiner inside an emoji stays


def test_csv_cells_never_become_formulas() -> None:
    names = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1"]
    rows = [
        RatingRow(level="centre", code=f"c{n}", name=name, region_code="=77", index=-0.5,
                  index_seeker=None, index_employer=None, respondents=1, employers=0,
                  official=False, delta=None)
        for n, name in enumerate(names)
    ]  # fmt: skip
    parsed = list(csv.reader(io.StringIO(render(rows, "csv"))))[1:]
    assert [row[2] for row in parsed] == ["'" + name for name in names]
    assert {row[3] for row in parsed} == {"'=77"} and {row[4] for row in parsed} == {"-0.5"}
    assert safe_cell("Центр занятости") == "Центр занятости" and safe_cell(-1) == -1
