"""Experts through the production dispatcher: /review, decisions, notifications, scoring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiogram.methods import SendMediaGroup, SendPhoto
from sqlalchemy import func, select

from handlers.evidence.callbacks import ReviewCb
from handlers.survey.callbacks import LanguageCb
from scoring import load_methodology
from services.index.ratings import Window, compute_levels
from services.team.roles import EXPERT, STAFF
from storage.models import EvidenceDecision, utcnow
from tests.evidence_support import (
    CAO,
    EXPERT_ID,
    SM,
    FileServingSession,
    evidence_rows,
    grant,
    open_requirement,
    send_location,
    send_photo,
)
from tests.harness import Person
from tests.images import make_jpeg_with_gps, make_png, offset_north

pytestmark = pytest.mark.backends("sqlite", "postgresql")


async def submit_photo(
    staff: Person, number: int, picture: bytes, *, metres: float = 120, album: int = 1
) -> None:
    """A K1 photo_geo submission with a location `metres` north of the centre."""
    await open_requirement(staff, "K1", number)
    for n in range(album):
        await send_photo(staff, picture if n == 0 else make_png((20 + n, 20)),
                         media_group_id="a" if album > 1 else None)  # fmt: skip
    await send_location(staff, *offset_north(*CAO, metres))
    await press_data(staff, "df:submit:")
    if any(data.startswith("df:force:") for _, data in staff.last().buttons()):
        await press_data(staff, "df:force:")


async def press_data(person: Person, prefix: str) -> None:
    """Press the button whose callback data starts with `prefix` (any language)."""
    shown = person.last_with_buttons()
    [data] = [data for _, data in shown.buttons() if data.startswith(prefix)]
    await person.press(data, shown)


async def k1_objective(sm: SM) -> float | None:
    m = load_methodology("star-2023")
    window = Window.trailing(utcnow() + timedelta(seconds=5), 90, m.evidence_validity_days)
    async with sm() as session:
        levels = await compute_levels(session, m, window, levels=["centre"])
    [cao] = [level for level in levels if level.code == "77-cao"]
    return cao.results.combined.indicators["K1"].objective


@pytest.fixture
async def team(user: Person, sessionmaker: SM, checklist: None) -> tuple[Person, Person]:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    return user, user.as_user(EXPERT_ID)


async def test_accept_notifies_and_counts_in_scoring(
    team: tuple[Person, Person], sessionmaker: SM, recording: FileServingSession
) -> None:
    staff, expert = team
    await submit_photo(staff, 1, make_png())
    assert await k1_objective(sessionmaker) == 0.0  # 0 of 4 K1 requirements

    await expert.send("/review")
    card = expert.last()
    assert "Подтверждение №1" in card.text and "на проверке: 1" in card.text
    assert "Центр занятости населения г. Москвы — филиал ЦАО (г. Москва)" in card.text
    assert "K1 · Комфорт в центре" in card.text and "электронная очередь" in card.text
    assert "✅ пройдена, 120 м от центра (по геопозиции)" in card.text
    assert "без комментария" in card.text
    [photo] = [c for c in recording.calls if isinstance(c, SendPhoto)]
    [evidence] = await evidence_rows(sessionmaker)
    assert photo.chat_id == EXPERT_ID and photo.photo == "FILE0001"  # Telegram's file_id

    await expert.tap("Принять")
    assert "Подтверждение №1 принято" in "\n".join(expert.texts())
    assert "Подтверждений на проверке нет" in expert.last().text  # the next one: none
    notice = staff.last().text
    assert "Эксперт принял подтверждение" in notice and "учитывается в индексе до" in notice
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "accepted" and evidence.decided_by == EXPERT_ID
    assert await k1_objective(sessionmaker) == pytest.approx(3 * 1 / 4)  # weight 3 × X/N

    await staff.send("/checklist")
    assert "<b>K1</b> Комфорт в центре — 1/4" in staff.last().text
    await staff.tap("K1 · 1/4")
    assert "1. ✅" in staff.last().text and "Принято, действует до" in staff.last().text
    await staff.tap("📎 1")  # already proven and far from expiry
    assert "уже подтверждено" in (staff.last_alert() or "")


async def test_reject_with_preset_reason_in_submitters_language(
    team: tuple[Person, Person], sessionmaker: SM
) -> None:
    staff, expert = team
    await staff.send("/language")
    await staff.press(LanguageCb(language="en").pack())
    await submit_photo(staff, 1, make_png())
    await expert.send("/review")
    card = expert.last()
    await expert.tap("Отклонить")
    assert expert.last_alert() == "Выберите причину или напишите свою"
    assert card.buttons()[0][0] == "Не подтверждает требование"
    await expert.tap("Не видно, что это этот центр", card)
    assert "отклонено: Не видно, что это этот центр" in "\n".join(expert.texts())
    notice = staff.last().text
    assert "An expert rejected your evidence" in notice
    assert "Reason: Cannot tell it is this centre" in notice
    assert "electronic queue" in notice  # the requirement in English too
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "rejected" and evidence.reason == "preset:place"
    await staff.send("/checklist")
    await staff.tap("K1 · 0/4")
    assert "Rejected: Cannot tell it is this centre" in staff.last().text
    await staff.tap("📎 1")  # a rejected requirement can be proven again
    assert "Continuing" not in staff.last().text and len(await evidence_rows(sessionmaker)) == 2


async def test_reject_with_typed_reason_is_escaped(
    team: tuple[Person, Person], sessionmaker: SM
) -> None:
    staff, expert = team
    await submit_photo(staff, 2, make_png())
    await expert.send("/review")
    card = expert.last()
    await expert.tap("Отклонить")
    await expert.tap("Своя причина", card)
    assert "Напишите причину" in expert.last().text
    await expert.send_sticker()
    assert "Причину нужно написать текстом" in expert.last().text
    await expert.send("<b>Уголок</b> пустой & без игрушек")
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.reason == "<b>Уголок</b> пустой & без игрушек"  # stored as typed
    assert "Причина: &lt;b&gt;Уголок&lt;/b&gt; пустой &amp; без игрушек" in staff.last().text


async def test_a_decision_is_never_overwritten(
    team: tuple[Person, Person], sessionmaker: SM
) -> None:
    staff, expert = team
    await submit_photo(staff, 1, make_png())
    await expert.send("/review")
    card = expert.last()
    await expert.tap("Принять", card)
    second = expert.as_user(2002)
    await grant(sessionmaker, 2002, EXPERT, "77")
    await second.send("/review")
    assert "Подтверждений на проверке нет" in second.last().text
    for data in (
        ReviewCb(action="accept", e=1).pack(),
        ReviewCb(action="preset", e=1, r="mismatch").pack(),
    ):
        await second.press(data)
        assert second.last_alert() == (
            "Решение по этому подтверждению уже принято — изменить его нельзя."
        )
    await second.press(ReviewCb(action="reject", e=1).pack())
    assert (
        second.last_alert() == "Решение по этому подтверждению уже принято — изменить его нельзя."
    )
    async with sessionmaker() as session:
        decisions = await session.scalar(select(func.count()).select_from(EvidenceDecision))
    assert decisions == 1
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "accepted" and evidence.decided_by == EXPERT_ID


async def test_expert_acts_only_in_own_regions(
    team: tuple[Person, Person], sessionmaker: SM
) -> None:
    staff, _ = team
    await submit_photo(staff, 1, make_png())
    tatarstan = staff.as_user(2016)
    await grant(sessionmaker, 2016, EXPERT, "16")
    await tatarstan.send("/review")
    assert "Подтверждений на проверке нет" in tatarstan.last().text
    for action in ("accept", "reject", "custom", "skip", "back"):
        await tatarstan.press(ReviewCb(action=action, e=1).pack())
        assert tatarstan.last_alert() == "Это подтверждение не из ваших регионов."
    await tatarstan.press(ReviewCb(action="preset", e=1, r="place").pack())
    assert tatarstan.last_alert() == "Это подтверждение не из ваших регионов."
    respondent = staff.as_user(5005)
    await respondent.send("/review")
    assert "для экспертов" in respondent.last().text
    await respondent.press(ReviewCb(action="accept", e=1).pack())
    assert respondent.last_alert() == "Это подтверждение не из ваших регионов."
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "pending"
    # An expert of every region sees it.
    everywhere = staff.as_user(2099)
    await grant(sessionmaker, 2099, EXPERT, None)
    await everywhere.send("/review")
    assert "Подтверждение №1" in everywhere.last().text


async def test_no_review_of_ones_own_evidence(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await grant(sessionmaker, user.user.id, STAFF, "77-cao")
    await grant(sessionmaker, user.user.id, EXPERT, "77")
    await submit_photo(user, 1, make_png())
    await user.send("/review")
    assert "Подтверждений на проверке нет" in user.last().text
    await user.press(ReviewCb(action="accept", e=1).pack())
    assert user.last_alert() == "Нельзя проверять собственное подтверждение."


async def test_failed_geo_album_and_duplicates_are_shown(
    team: tuple[Person, Person], sessionmaker: SM, recording: FileServingSession
) -> None:
    staff, expert = team
    picture = make_jpeg_with_gps(None, None, None)
    await submit_photo(staff, 1, picture, metres=900, album=3)
    await submit_photo(staff, 2, picture)  # the very same picture for another requirement
    await expert.send("/review")
    first = expert.last().text
    assert "Подтверждение №1" in first and "файлов: 3" in first
    assert "НЕ пройдена — 900 м от центра, а допускается не больше 300 м" in first
    # Issue 9 item 11: the centre's name and the requirement's text, not their codes.
    assert (
        "Тот же файл уже был в подтверждении №2: Центр занятости населения г. Москвы — филиал "
        "ЦАО, K1 «Оборудован детский уголок" in first
    )
    assert "77-cao" not in first and "K1-kids-corner" not in first
    assert '<a href="tg://user?id=1001">Анна</a>' in first  # the submitter, by name
    [album] = [c for c in recording.calls if isinstance(c, SendMediaGroup)]
    assert len(album.media) == 3 and album.chat_id == EXPERT_ID
    await expert.tap("Пропустить")
    second = expert.last().text
    assert "Подтверждение №2" in second and "Тот же файл уже был в подтверждении №1" in second
    await expert.tap("Пропустить")
    assert "Дальше в очереди ничего нет" in expert.last().text
    [one, two] = await evidence_rows(sessionmaker)
    assert one.geo_ok is False and one.geo_reason == "too_far" and one.status == "pending"
    assert two.geo_ok is True
