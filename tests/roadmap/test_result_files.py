"""A step's result and a meeting's minutes are copied under MEDIA_DIR like evidence, through
the production dispatcher: what lands there, what a wrong type or an oversize file gets, and
the copy standing in when Telegram no longer has the file (a new bot token)."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendDocument
from aiogram.types import FSInputFile
from sqlalchemy import select

from bot.config import Settings
from bot.i18n import Translations
from handlers.roadmap import texts
from handlers.roadmap.callbacks import RoadmapCb
from services.evidence.media import MAX_DOWNLOAD_BYTES, MediaStore, sha256_hex
from services.team.roles import EXPERT, STAFF
from storage.models import utcnow
from storage.models_roadmap import PilotMeeting, PilotStep
from tests.evidence_support import MOSCOW, FileServingSession, grant
from tests.harness import Person
from tests.roadmap.support import EXPERT_ID, PDF, SM, STAFF_ID, send_document, start_pilot

RU = Translations().get("ru")


async def _ready(user: Person, sm: SM) -> tuple[Person, Person, int]:
    await grant(sm, STAFF_ID, STAFF, "77-cao")
    await grant(sm, EXPERT_ID, EXPERT, "77")
    await start_pilot(sm, "77", utcnow().astimezone(MOSCOW).date())
    async with sm() as session:
        found = await session.scalar(select(PilotStep.id).where(PilotStep.code == "1.2"))
    assert found is not None
    staff = user
    await staff.send("/roadmap")
    await staff.press(RoadmapCb(a="done", s=found).pack())
    return staff, user.as_user(EXPERT_ID), found


async def _step(sm: SM, step_id: int) -> PilotStep:
    async with sm() as session:
        step = await session.get(PilotStep, step_id)
    assert step is not None
    return step


def _media_files(settings: Settings) -> list[str]:
    root = settings.evidence.media_dir
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def test_a_submitted_result_lands_in_media_dir(
    user: Person, sessionmaker: SM, settings: Settings
) -> None:
    staff, _, step_id = await _ready(user, sessionmaker)
    await send_document(staff, "Приказ о пилоте.pdf", caption="Приказ № 15")
    assert "на проверке у эксперта" in staff.last().text

    step = await _step(sessionmaker, step_id)
    assert step.status == "submitted" and step.stored_path == MediaStore.relative_path(
        sha256_hex(PDF)
    )
    stored = MediaStore(settings.evidence.media_dir).path(step.stored_path)
    assert stored.read_bytes() == PDF and step.file_size == len(PDF)


async def test_a_wrong_type_or_an_oversize_file_is_refused_and_nothing_is_stored(
    user: Person, sessionmaker: SM, settings: Settings, recording: FileServingSession
) -> None:
    staff, _, step_id = await _ready(user, sessionmaker)
    await send_document(staff, "run.exe", mime="application/octet-stream")
    assert staff.last().text == RU("roadmap-error-wrong_file")
    await send_document(staff, "scan.pdf", size=MAX_DOWNLOAD_BYTES + 1)
    assert staff.last().text == RU("roadmap-error-too_big", mb=20)
    assert not recording.downloads()  # refused before downloading anything
    # The download itself failing: said so, nothing recorded, the file can be sent again.
    recording.fail_next("GetFile", TelegramBadRequest(SendDocument(chat_id=1, document="x"), "x"))
    await send_document(staff, "scan.pdf")
    assert staff.last().text == RU("roadmap-error-download_failed")
    step = await _step(sessionmaker, step_id)
    assert step.status == "open" and step.stored_path is None and not _media_files(settings)

    await send_document(staff, "scan.pdf")  # the conversation went on
    assert (await _step(sessionmaker, step_id)).status == "submitted"
    assert len(_media_files(settings)) == 1


async def test_the_stored_copy_is_sent_when_telegram_no_longer_has_the_file(
    user: Person, sessionmaker: SM, recording: FileServingSession
) -> None:
    staff, expert, step_id = await _ready(user, sessionmaker)
    await send_document(staff, "Приказ.pdf")
    await expert.send("/roadmap")
    # A file_id of another bot token: "wrong file identifier".
    gone = TelegramBadRequest(SendDocument(chat_id=1, document="x"), "wrong file identifier")
    recording.fail_next("SendDocument", gone)
    await expert.press(RoadmapCb(a="file", s=step_id).pack())
    sent = [c for c in recording.calls if isinstance(c, SendDocument)]
    assert [c.document for c in sent[:1]] == ["doc-Приказ.pdf"]
    assert len(sent) == 2 and isinstance(sent[1].document, FSInputFile)
    assert sent[1].document.filename == "Приказ.pdf" and sent[1].caption == "1.2"


async def test_meeting_minutes_are_recorded_and_stored_too(
    user: Person, sessionmaker: SM, settings: Settings
) -> None:
    staff, _, _ = await _ready(user, sessionmaker)
    await staff.send("/roadmap")
    await staff.press(RoadmapCb(a="meet", r="77").pack())
    today = utcnow().astimezone(MOSCOW).date()
    await staff.send(today.strftime("%d.%m.%Y"))
    await send_document(staff, "Протокол.pdf", caption="Протокол № 1")
    assert RU("roadmap-meeting-recorded", date=texts.day(today)) in staff.texts()
    async with sessionmaker() as session:
        meeting = await session.scalar(select(PilotMeeting))
    assert meeting is not None and meeting.stored_path is not None
    assert MediaStore(settings.evidence.media_dir).path(meeting.stored_path).read_bytes() == PDF


async def test_a_result_without_a_copy_that_telegram_lost_is_said_to_be_unavailable(
    user: Person, sessionmaker: SM, recording: FileServingSession
) -> None:
    # A row from before results were stored (or the demo's): Telegram's file_id only.
    _, expert, step_id = await _ready(user, sessionmaker)
    async with sessionmaker.begin() as session:
        step = await session.get(PilotStep, step_id)
        assert step is not None
        step.status, step.file_id, step.file_kind = "submitted", "old-file", "document"
    await expert.send("/roadmap")
    gone = TelegramBadRequest(SendDocument(chat_id=1, document="x"), "wrong file identifier")
    recording.fail_next("SendDocument", gone)
    await expert.press(RoadmapCb(a="file", s=step_id).pack())
    assert expert.last().text == RU("roadmap-file-unavailable")
