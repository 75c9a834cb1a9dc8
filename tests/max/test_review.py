"""Expert review on MAX in-process: a staff member's photo and location from MAX, the expert's
/review card (the photo uploaded to MAX, the decision buttons an inline_keyboard attachment),
"Принять", and the staff member told — the same handlers and texts as on Telegram."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.max.ids import user_to_bot
from services.team.roles import EXPERT, STAFF
from tests.evidence_support import CAO, SM, evidence_rows, evidence_settings, grant, load_checklist
from tests.images import make_jpeg_with_gps, offset_north
from tests.max.support import OnMax

STAFF_ID, EXPERT_MAX_ID = 8201, 8202


@pytest.fixture
def max_settings(settings: Settings, tmp_path: Path) -> Settings:
    return evidence_settings(settings, tmp_path)


async def submit_on_max(on_max: OnMax) -> None:
    """/checklist → K1 → 📎 1, a photo, the location 60 m from the centre, 📤 (all from MAX)."""
    await on_max.say(STAFF_ID, "/checklist")
    overview = on_max.shown_to(STAFF_ID, "Чек-лист: подтверждено 0 из")
    await on_max.tap(STAFF_ID, overview, "K1 · ")
    await on_max.tap(STAFF_ID, on_max.shown_to(STAFF_ID, "K1 · Комфорт в центре"), "📎 1")
    taken = datetime.now(ZoneInfo("Europe/Moscow")).replace(tzinfo=None)
    on_max.api.send_photo(STAFF_ID, make_jpeg_with_gps(None, None, taken))
    await on_max.pump()
    assert "Файл добавлен" in on_max.last_to(STAFF_ID).text
    on_max.api.send_location(STAFF_ID, *offset_north(*CAO, 60))
    await on_max.pump()
    await on_max.tap(STAFF_ID, on_max.shown_to(STAFF_ID, "Геопозиция получена"), "📤")
    assert on_max.shown_to(STAFF_ID, "Отправлено на проверку")


async def test_expert_accepts_evidence_on_max_and_staff_is_told(
    on_max: OnMax, sessionmaker: SM
) -> None:
    await load_checklist(sessionmaker)
    await grant(sessionmaker, user_to_bot(STAFF_ID), STAFF, "77-cao")
    await grant(sessionmaker, user_to_bot(EXPERT_MAX_ID), EXPERT, "77")
    await submit_on_max(on_max)
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "pending" and evidence.submitted_by == user_to_bot(STAFF_ID)

    await on_max.say(EXPERT_MAX_ID, "/review")
    card = on_max.shown_to(EXPERT_MAX_ID, "Подтверждение №1")
    assert "на проверке: 1" in card.text and "K1 · Комфорт в центре" in card.text
    assert "60 м от центра" in card.text
    photos = [
        c
        for c in on_max.to(EXPERT_MAX_ID)
        if any(a["type"] == "image" for a in c.body.get("attachments", []))
    ]
    assert photos and all(c.ok for c in photos)  # the photo uploaded to MAX and shown
    decisions = on_max.api.buttons(card.response["message"]["body"]["mid"])
    assert all(len(b["payload"].encode()) <= 64 for b in decisions if b["type"] == "callback")

    await on_max.tap(EXPERT_MAX_ID, card, "Принять")
    assert on_max.shown_to(EXPERT_MAX_ID, "Подтверждение №1 принято")
    notice = on_max.last_to(STAFF_ID).text
    assert "Эксперт принял подтверждение" in notice and "учитывается в индексе до" in notice
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "accepted" and evidence.decided_by == user_to_bot(EXPERT_MAX_ID)
    assert all(c.ok for c in on_max.api.calls)  # nothing the bot sent was refused by MAX
