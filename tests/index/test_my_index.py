"""/my_index for staff, experts and admins; a polite refusal for respondents; the opt-out."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiogram.methods import SendMessage, SendPhoto
from fluent.syntax import FluentParser, ast
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations
from handlers.digest.nudges import NudgeCb
from services.demo import populate
from services.privacy import Pseudonyms
from services.team.roles import ADMIN, EXPERT, STAFF, Roles
from services.users import Users
from storage.models import Questionnaire, Snapshot, SnapshotRun, User, utcnow
from tests.harness import Person, RecordingSession, Shown

pytestmark = pytest.mark.backends("sqlite", "postgresql")

SM = async_sessionmaker[AsyncSession]
LOCALES = Path(__file__).resolve().parents[2] / "locales"


async def grant(sessionmaker: SM, user_id: int, role: str, scope: str | None) -> None:
    async with sessionmaker() as session:
        await Roles(session).grant(user_id, role, scope, by=1)
        await session.commit()


@pytest.fixture
async def weeks(sessionmaker: SM, settings: Settings, centres: None) -> None:
    """Three weeks of answers and weekly snapshots, the last one yesterday."""
    async with sessionmaker() as session:
        await populate(session, settings, last_run=utcnow() - timedelta(days=1), weeks=3)


def photos(recording: RecordingSession, chat_id: int) -> list[SendPhoto]:
    return [c for c in recording.calls if isinstance(c, SendPhoto) and c.chat_id == chat_id]


def texts(recording: RecordingSession, chat_id: int) -> list[str]:
    out = []
    for call in recording.calls:
        if isinstance(call, SendMessage) and call.chat_id == chat_id:
            out.append(call.text)
        elif isinstance(call, SendPhoto) and call.chat_id == chat_id and call.caption:
            out.append(call.caption)
    return out


def png_size(call: SendPhoto) -> tuple[int, int]:
    data = call.photo.data  # type: ignore[union-attr]
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


async def test_a_respondent_is_told_politely(user: Person, recording: RecordingSession) -> None:
    await user.send("/my_index")
    assert "для рабочих групп" in user.last().text
    assert not photos(recording, user.chat.id)


async def test_staff_before_the_first_snapshot(
    user: Person, sessionmaker: SM, recording: RecordingSession
) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/my_index")
    card = user.messages()[0]  # then the centre's practices (tests/practices/test_my_index.py)
    text = card.text
    assert "Центр занятости населения г. Москвы — филиал ЦАО" in text
    assert "Индекс ещё не рассчитан" in text
    assert "0 из 100" in text and "0 из 20" in text
    assert "Не хватает: 100 анкет, из них от работодателей — 20" in text
    assert "🗓 По состоянию на " in text and " МСК" in text  # the moment: now, no run yet
    assert "После расчёта" not in text
    assert not photos(recording, user.chat.id)
    assert any("Не присылать" in label for label, _ in card.buttons())


async def test_staff_see_their_centre(
    user: Person, sessionmaker: SM, recording: RecordingSession, weeks: None
) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/my_index")
    (photo,) = photos(recording, user.chat.id)
    width, height = png_size(photo)
    assert width >= 1080 and height <= 1280
    caption = photo.caption or ""
    assert "ЦАО" in caption
    index = r"Индекс: <b>\d,\d\d</b> из 10(, предварительно)? \((▲|▼)?\d,\d\d за неделю\)"
    assert re.search(index, caption), caption
    figure = r"(\d,\d\d|нет данных)"
    assert re.search(rf"Соискатели: {figure} · работодатели: {figure}", caption)
    assert re.search(r"Всего: [▰▱]{10} \d+ из 100", caption)
    assert "Слабые места" in caption
    weakest = re.findall(r"^\d\. (.+) — \d+ %$", caption, flags=re.M)
    assert len(weakest) == 3
    assert photo.reply_markup is not None  # the reminders' switch


async def latest_snapshot(sm: SM, level: str, code: str) -> tuple[SnapshotRun, Snapshot]:
    async with sm() as session:
        run = await session.scalar(select(SnapshotRun).order_by(SnapshotRun.id.desc()).limit(1))
        assert run is not None
        snapshot = await session.scalar(
            select(Snapshot).where(
                Snapshot.run_id == run.id, Snapshot.level == level, Snapshot.code == code
            )
        )
        assert snapshot is not None
        return run, snapshot


async def complete_now(sm: SM, settings: Settings, centre: str, audience: str) -> None:
    async with sm.begin() as session:
        now = utcnow()
        session.add(
            Questionnaire(
                centre_code=centre,
                audience=audience,
                respondent_key=f"k-{audience}-{now.timestamp()}",
                methodology=settings.scoring.load().name,
                started_at=now - timedelta(minutes=5),
                completed_at=now,
            )
        )


async def test_the_card_describes_one_moment(
    user: Person, sessionmaker: SM, settings: Settings, recording: RecordingSession, weeks: None
) -> None:
    """Issue 9.5: the caption counted today's questionnaires while the index and the star were
    last week's snapshot. Now all figures are the run's, dated, and new ones a separate line."""
    async with sessionmaker() as session:
        silent = await session.scalar(
            select(Snapshot.code)
            .where(Snapshot.level == "centre", Snapshot.respondents == 0)
            .order_by(Snapshot.run_id.desc())
            .limit(1)
        )
    assert silent is not None  # the demo's centre nobody answered for
    await complete_now(sessionmaker, settings, silent, "seeker")
    await complete_now(sessionmaker, settings, "77-cao", "employer")
    await grant(sessionmaker, user.user.id, STAFF, silent)
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/my_index")
    captions = [p.caption or "" for p in photos(recording, user.chat.id)]
    assert len(captions) == 2
    for caption in captions:
        # the moment of every figure: the run's week and time
        run, _ = await latest_snapshot(sessionmaker, "centre", "77-cao")
        assert "🗓 По итогам недели: " in caption and "расчёт " in caption
        taken = run.taken_at.astimezone(ZoneInfo("Europe/Moscow"))
        assert f"{taken:%H:%M} МСК" in caption

    cao = next(c for c in captions if "ЦАО" in c)
    silent_caption = next(c for c in captions if c is not cao)
    # the silent centre: the star says "0 анкет", and so does the text; the new one is apart
    assert "Всего: ▱▱▱▱▱▱▱▱▱▱ 0 из 100" in silent_caption
    assert "1 из 100" not in silent_caption
    assert "Индекс: пока нет данных — анкет за этот период нет." in silent_caption
    assert "После расчёта: 1 новая анкета, из них от работодателей 0." in silent_caption
    # a centre with data: the sample shown is exactly the snapshot's, the star's figures
    _, snapshot = await latest_snapshot(sessionmaker, "centre", "77-cao")
    total = re.search(r"Всего: [▰▱]{10} (\d+) из 100", cao)
    employers = re.search(r"От работодателей: [▰▱]{10} (\d+) из 20", cao)
    assert total and employers, cao
    assert (int(total[1]), int(employers[1])) == (snapshot.respondents, snapshot.employers)
    assert "После расчёта: 1 новая анкета, из них от работодателей 1." in cao
    assert ("предварительно" in cao) is not snapshot.official


async def test_the_moment_in_english(
    user: Person, sessionmaker: SM, recording: RecordingSession, weeks: None
) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/language")
    await user.tap("English")
    await user.send("/my_index")
    (photo,) = photos(recording, user.chat.id)
    caption = photo.caption or ""
    assert "🗓 Results of the week: week " in caption and " MSK" in caption
    assert "No new questionnaires since the run yet." in caption


async def test_an_expert_sees_the_region_and_its_centres_ranked(
    user: Person, sessionmaker: SM, recording: RecordingSession, weeks: None
) -> None:
    await grant(sessionmaker, user.user.id, EXPERT, "77")
    await user.send("/my_index")
    (photo,) = photos(recording, user.chat.id)
    assert png_size(photo)[0] >= 1080
    text = "\n".join(texts(recording, user.chat.id))
    assert "г. Москва</b> · регион" in text
    assert "<b>Центры региона</b> (10)" in text
    ranked = re.findall(r"^(\d+)\. .+ — (\d,\d\d)", text, flags=re.M)
    official = [float(index.replace(",", ".")) for _, index in ranked]
    assert official == sorted(official, reverse=True)
    assert [int(rank) for rank, _ in ranked] == list(range(1, len(ranked) + 1))
    assert len(ranked) + text.count("(предварительный)") + text.count("нет данных") == 10


async def test_an_admin_sees_the_country_and_the_regions(
    user: Person, sessionmaker: SM, recording: RecordingSession, weeks: None
) -> None:
    await grant(sessionmaker, user.user.id, ADMIN, None)
    await user.send("/my_index")
    assert len(photos(recording, user.chat.id)) == 1
    text = "\n".join(texts(recording, user.chat.id))
    assert "Россия</b> · все регионы" in text and "<b>Регионы</b> (8)" in text


async def test_reminders_can_be_switched_off_and_on(
    user: Person, sessionmaker: SM, recording: RecordingSession
) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await user.send("/my_index")
    await user.tap("Не присылать")
    assert "Напоминания отключены" in (user.last_alert() or "")
    pseudonyms = Pseudonyms("test-secret")
    async with sessionmaker() as session:
        row = await Users(session, pseudonyms).get(user.user.id)
        assert row is not None and row.nudges_off
    labels = [label for label, _ in user.last_with_buttons().buttons()]
    assert any("Присылать" in label for label in labels)
    # the card's other buttons stay under it
    assert any("Комментарии" in label for label in labels)
    assert any("Плакат" in label for label in labels)
    await user.tap("Присылать")
    async with sessionmaker() as session:
        row = await Users(session, pseudonyms).get(user.user.id)
        assert row is not None and not row.nudges_off


@pytest.mark.parametrize("on", [False, True])
async def test_a_forged_reminder_switch_stores_nobody(
    user: Person, sessionmaker: SM, on: bool
) -> None:
    """The switch is only ever shown to staff; pressed by someone else it creates no row."""
    await user.press(NudgeCb(on=on).pack(), Shown(999, user.chat.id, "a crafted message"))
    assert "/start" in (user.last_alert() or "")  # the button is not theirs: stale
    async with sessionmaker() as session:
        assert await Users(session, Pseudonyms("test-secret")).get(user.user.id) is None
        assert await session.scalar(select(func.count()).select_from(User)) == 0


async def test_a_known_person_without_the_role_may_still_switch_off(
    user: Person, sessionmaker: SM
) -> None:
    """A former staff member keeps their row; switching reminders off there stores no one new."""
    pseudonyms = Pseudonyms("test-secret")
    async with sessionmaker() as session:
        await Users(session, pseudonyms).set_language(user.user.id, "ru")
    await user.press(NudgeCb(on=False).pack(), Shown(999, user.chat.id, "a crafted message"))
    assert "Напоминания отключены" in (user.last_alert() or "")
    async with sessionmaker() as session:
        row = await Users(session, pseudonyms).get(user.user.id)
        assert row is not None and row.nudges_off


def messages(language: str) -> dict[str, ast.Message]:
    source = (LOCALES / language / "my_index.ftl").read_text(encoding="utf-8")
    resource = FluentParser().parse(source)
    assert not [e for e in resource.body if isinstance(e, ast.Junk)], language
    return {e.id.name: e for e in resource.body if isinstance(e, ast.Message)}


def test_every_text_exists_in_russian_and_english() -> None:
    ru, en = set(messages("ru")), set(messages("en"))
    assert ru == en, f"only ru {sorted(ru - en)}, only en {sorted(en - ru)}"
    english = Translations().get("en")
    for key in en:
        assert english.has(key)
