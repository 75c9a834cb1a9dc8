"""Working groups through the production dispatcher: /checklist, drafts, files, geo check."""

from __future__ import annotations

import hashlib

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import GetFile
from aiogram.types import Video

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.evidence.callbacks import ChecklistCb, DraftCb, RequirementCb
from services.team.roles import STAFF
from tests.evidence_support import (
    CAO,
    SM,
    FileServingSession,
    evidence_rows,
    file_rows,
    grant,
    moscow_now,
    open_requirement,
    send_document,
    send_location,
    send_photo,
)
from tests.harness import Person
from tests.images import make_jpeg_with_gps, make_png, offset_north

pytestmark = pytest.mark.backends("sqlite", "postgresql")


async def staff(user: Person, sm: SM, centre: str = "77-cao") -> Person:
    await grant(sm, user.user.id, STAFF, centre)
    return user


async def test_checklist_overview_and_indicator(user: Person, sessionmaker: SM, checklist: None):
    await staff(user, sessionmaker)
    await user.send("/checklist")
    overview = user.last()
    assert "Центр занятости населения г. Москвы — филиал ЦАО" in overview.text
    assert "подтверждено 0 из" in overview.text
    assert "<b>K1</b> Комфорт в центре — 0/4" in overview.text
    # Indicators whose objective part Moscow does not count are marked as such.
    assert "<b>M1</b> Информация в центре — 0/2 (вне индекса региона)" in overview.text
    await user.tap("K1 · 0/4")
    shown = user.last()
    assert "<b>K1 · Комфорт в центре</b> — выполнено 0 из 4" in shown.text
    assert "электронная очередь" in shown.text and "Подтверждения нет" in shown.text
    assert [label for label, _ in shown.buttons()][:4] == ["📎 1", "📎 2", "📎 3", "📎 4"]


async def test_photo_with_location_goes_to_review(
    user: Person,
    sessionmaker: SM,
    checklist: None,
    recording: FileServingSession,
    settings: Settings,
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K1", 1)  # K1-queue, photo_geo
    how = [m for m in user.messages() if "Как подтвердить" in m.text][-1]
    assert "файлом" in how.text and "геопозицией" in how.text
    card = user.last()
    assert "ждём фото и геопозицию" in card.text and "Файлов: 0" in card.text

    photo = make_png()
    await send_photo(user, photo)
    assert "Файл добавлен" in user.last().text
    assert "Telegram удаляет координаты" in user.last().text  # how to keep the position
    lat, lon = offset_north(*CAO, 120)
    await send_location(user, lat, lon, accuracy=15)
    assert "120 м от центра — проверка пройдена" in user.last().text
    await user.send("Терминал у входа, табло над окнами")
    assert "Комментарий сохранён" in user.last().text and "Комментарий: есть" in user.last().text

    await user.tap("Отправить на проверку")
    assert "Отправлено на проверку" in user.last().text
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "pending" and evidence.requirement_id == "K1-queue"
    assert evidence.geo_ok is True and evidence.geo_reason == "ok"
    assert evidence.distance_m is not None and 119 < evidence.distance_m < 121
    assert evidence.comment == "Терминал у входа, табло над окнами"
    assert evidence.location_accuracy == 15 and evidence.location_forwarded is False
    [stored] = await file_rows(sessionmaker, evidence.id)
    digest = hashlib.sha256(photo).hexdigest()
    assert stored.sha256 == digest and stored.kind == "photo"
    assert stored.file_unique_id.startswith("UNIQ")
    copy = settings.evidence.media_dir / digest[:2] / digest
    assert copy.read_bytes() == photo  # the content-addressed copy
    assert stored.message_at is not None  # the photo's time starts the validity window
    assert abs((evidence.captured_at - stored.message_at).total_seconds()) < 1
    # The checklist shows it as waiting for an expert.
    await user.send("/checklist")
    await user.tap("K1 · 0/4")
    assert "1. ⏳" in user.last().text and "На проверке у эксперта" in user.last().text


async def test_photo_sent_as_file_is_checked_by_exif(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K1", 2)  # K1-kids-corner, photo_geo
    lat, lon = offset_north(*CAO, 40)
    taken = moscow_now()
    picture = make_jpeg_with_gps(lat, lon, taken, offset="+03:00")
    await send_document(user, picture, "IMG_0042.JPG", "image/jpeg")
    assert "40 м от центра — проверка пройдена" in user.last().text
    assert "Telegram удаляет координаты" not in user.last().text
    await user.tap("Отправить на проверку")
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "pending" and evidence.geo_ok is True
    [stored] = await file_rows(sessionmaker, evidence.id)
    assert stored.kind == "document" and stored.exif_lat is not None
    assert stored.exif_taken_at is not None
    # The capture time from EXIF (to the second) is when the proof was made.
    assert abs((evidence.captured_at - stored.exif_taken_at).total_seconds()) < 1


async def test_album_is_one_submission_with_one_card(
    user: Person, sessionmaker: SM, checklist: None, recording: FileServingSession
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K1", 3)
    before = len(user.messages())
    for n in range(3):
        await send_photo(
            user, make_jpeg_with_gps(None, None, None, color=(n, 0, 0)), media_group_id="alb1"
        )
    assert len(user.messages()) == before + 1  # one card for the album, edited in place
    assert "Альбом получен" in user.last().text and "Файлов: 3" in user.last().text
    [evidence] = await evidence_rows(sessionmaker)
    files = await file_rows(sessionmaker, evidence.id)
    assert len(files) == 3 and {f.media_group_id for f in files} == {"alb1"}
    assert len(recording.downloads()) == 3


async def test_draft_survives_restart(
    user: Person,
    sessionmaker: SM,
    checklist: None,
    settings: Settings,
    bot: Bot,
    recording: FileServingSession,
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K1", 1)
    await send_photo(user, make_png())
    # A new process: a fresh dispatcher over the same database.
    restarted = Person(create_dispatcher(settings, sessionmaker), bot, recording)
    await send_photo(restarted, make_jpeg_with_gps(None, None, None))
    assert "Файлов: 2" in restarted.last().text  # the state and the draft both survived
    await restarted.send("/checklist")
    assert "незаконченные черновики" in restarted.last().text
    await restarted.tap("Продолжить черновик: K1 №1")
    assert "Продолжаем ваш черновик" in "\n".join(restarted.texts()[-2:])
    assert "Файлов: 2" in restarted.last().text
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "draft"


async def test_bad_input_gets_a_clear_reply_and_keeps_the_draft(
    user: Person, sessionmaker: SM, checklist: None, recording: FileServingSession
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K1", 1)  # photo_geo

    await user.tap("Отправить на проверку")  # nothing in it yet
    assert "нет ни одного файла" in (user.last_alert() or "")
    await user.send_sticker()
    assert "Такое сообщение не подходит" in user.last().text
    video = Video(file_id="v1", file_unique_id="vu1", width=1, height=1, duration=1)
    await user.feed(message=user._message(video=video))
    assert "Такое сообщение не подходит" in user.last().text
    await send_document(user, b"MZ\x90\x00", "setup.exe", "application/x-msdownload")
    assert "Такой файл не подходит" in user.last().text
    await send_document(user, b"MZ", "report.txt.exe", "text/plain")  # the name decides
    assert "Такой файл не подходит" in user.last().text
    await send_document(user, b"%PDF-1.4", "act.pdf", "application/pdf")
    assert "нужно фото" in user.last().text  # a PDF proves no place
    downloads = len(recording.downloads())
    await send_document(user, b"x", "huge.jpg", "image/jpeg", size=25 * 1024 * 1024)
    assert "больше 20 МБ" in user.last().text
    assert len(recording.downloads()) == downloads  # refused before downloading
    await user.send("x" * 1001)
    assert "Комментарий слишком длинный: 1\xa0001" in user.last().text

    await send_photo(user, make_png())
    far = offset_north(*CAO, 2500)
    await send_location(user, *far)
    assert "2\xa0500 м от центра, а допускается не больше 300 м" in user.last().text
    await send_location(user, *CAO, forwarded=True)
    assert "геопозиция переслана" in user.last().text
    await send_location(user, *CAO, accuracy=500)
    assert "слишком неточная" in user.last().text

    # Sending with a failed check asks first; "send anyway" keeps the verdict for the expert.
    await user.tap("Отправить на проверку")
    assert "Проверка места не пройдена" in user.last().text
    [draft] = await evidence_rows(sessionmaker)
    assert draft.status == "draft" and len(await file_rows(sessionmaker, draft.id)) == 1
    await user.tap("Всё равно отправить")
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "pending"
    assert evidence.geo_ok is False and evidence.geo_reason == "inaccurate"
    assert evidence.distance_m is not None and evidence.distance_m < 1


async def test_missing_location_and_wrong_kind(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "M2", 1)  # a screenshot
    await send_location(user, *CAO)
    assert "геопозиция не нужна" in user.last().text
    await send_document(user, b"%PDF-1.4", "page.pdf", "application/pdf")
    assert "нужен скриншот" in user.last().text
    await send_document(user, make_png(), "screen.png", "image/png")
    assert "Файл добавлен" in user.last().text and "Место" not in user.last().text
    await user.tap("Отправить на проверку")
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "pending" and evidence.geo_reason is None

    await open_requirement(user, "K1", 1)
    await send_photo(user, make_png())
    await user.tap("Отправить на проверку")
    assert "нет геопозиции" in user.last().text  # missing location: asked, not sent
    assert (await evidence_rows(sessionmaker))[-1].status == "draft"


async def test_document_requirement_takes_office_files(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "D1", 1)  # a document
    await send_document(user, b"PK\x03\x04", "Правила.docx", None)
    await send_document(user, b"%PDF-1.4", "scan", "application/pdf")  # no name: MIME decides
    assert "Файлов: 2" in user.last().text
    await user.tap("Отправить на проверку")
    [evidence] = await evidence_rows(sessionmaker)
    assert evidence.status == "pending"
    # A second submission while one waits is refused.
    await user.send("/checklist")
    await user.tap("D1 · 0/2")
    await user.tap("📎 1")
    assert "уже есть подтверждение на проверке" in (user.last_alert() or "")


async def test_discard_and_file_without_draft(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K4", 2)
    await user.tap("Удалить черновик")
    assert "Черновик удалён" in user.last().text
    assert await evidence_rows(sessionmaker) == []
    for _ in range(2):  # an album outside a draft gets one answer, not one per picture
        await send_photo(user, make_png(), media_group_id="lone")
    assert sum("Сначала выберите требование" in m.text for m in user.messages()) == 1


async def test_staff_of_one_centre_cannot_touch_another(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await staff(user, sessionmaker)  # 77-cao only
    await user.send("/checklist")
    await user.press(ChecklistCb(c="77-sao").pack())
    assert user.last_alert() == "У вас нет доступа к этому центру."
    await user.press(ChecklistCb(c="77-sao", i="K1").pack())
    assert user.last_alert() == "У вас нет доступа к этому центру."
    await user.press(RequirementCb(c="77-sao", i="K1", n=1).pack())
    assert user.last_alert() == "У вас нет доступа к этому центру."
    assert await evidence_rows(sessionmaker) == []

    # Someone else's draft cannot be opened, sent or deleted by its id.
    other = user.as_user(1002)
    await grant(sessionmaker, 1002, STAFF, "77-sao")
    await open_requirement(other, "K1", 1)
    [draft] = await evidence_rows(sessionmaker)
    for action in ("open", "submit", "force", "discard"):
        await user.press(DraftCb(action=action, e=draft.id).pack())
        assert user.last_alert() == "Эта кнопка уже не действует. Откройте /checklist заново."
    assert (await evidence_rows(sessionmaker))[0].status == "draft"

    # Losing the role ends access to one's own draft too.
    async with sessionmaker.begin() as session:
        from sqlalchemy import delete

        from storage.models import Role

        await session.execute(delete(Role).where(Role.user_id == 1002))
    await other.press(DraftCb(action="submit", e=draft.id).pack())
    assert other.last_alert() == "У вас нет доступа к этому центру."


async def test_several_centres_and_a_respondent(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    respondent = user.as_user(5005)
    await respondent.send("/checklist")
    assert "для рабочих групп" in respondent.last().text
    await respondent.press(ChecklistCb(c="77-cao").pack())
    assert respondent.last_alert() == "У вас нет доступа к этому центру."

    await staff(user, sessionmaker, "77-cao")
    await grant(sessionmaker, user.user.id, STAFF, "77-sao")
    await user.send("/checklist")
    assert "нескольких центров" in user.last().text
    await user.tap("САО")
    assert "подтверждено 0 из" in user.last().text and "САО" in user.last().text


async def test_checklist_in_english(user: Person, sessionmaker: SM, checklist: None) -> None:
    from handlers.survey.callbacks import LanguageCb

    await staff(user, sessionmaker)
    await user.send("/language")
    await user.press(LanguageCb(language="en").pack())
    await user.send("/checklist")
    assert "requirements proven" in user.last().text
    await user.tap("K1 · ")
    assert "electronic queue" in user.last().text and "No evidence yet" in user.last().text


async def test_colleagues_do_not_queue_the_same_requirement_twice(
    user: Person, sessionmaker: SM, checklist: None
) -> None:
    await staff(user, sessionmaker)
    colleague = user.as_user(1002)
    await grant(sessionmaker, 1002, STAFF, "77-cao")
    for person in (user, colleague):
        await open_requirement(person, "D1", 2)
        await send_document(person, b"%PDF-1.4", "plan.pdf", "application/pdf")
    await user.tap("Отправить на проверку")
    await colleague.tap("Отправить на проверку")
    assert "уже есть подтверждение на проверке" in (colleague.last_alert() or "")
    assert [e.status for e in await evidence_rows(sessionmaker)] == ["pending", "draft"]


async def test_failed_download_keeps_the_draft(
    user: Person, sessionmaker: SM, checklist: None, recording: FileServingSession
) -> None:
    await staff(user, sessionmaker)
    await open_requirement(user, "K1", 1)
    for description, reply in (
        ("Bad Request: file is temporarily unavailable", "Не удалось скачать файл"),
        ("Bad Request: file is too big", "больше 20 МБ"),
    ):
        recording.fail_next("GetFile", TelegramBadRequest(GetFile(file_id="x"), description))
        await send_photo(user, make_png())
        assert reply in user.last().text
    [draft] = await evidence_rows(sessionmaker)
    assert draft.status == "draft" and await file_rows(sessionmaker, draft.id) == []
    await send_photo(user, make_png())  # sending it again works
    assert "Файлов: 1" in user.last().text
