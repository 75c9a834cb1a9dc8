"""Shared pieces of the evidence tests (tests/evidence/).

`FileServingSession` answers getFile and serves file bytes like the Bot API's file URL, so the
production download path (bot.get_file + bot.download_file) runs in dispatcher-level tests.
Each test module wraps `evidence_settings`, `FileServingSession` and `load_checklist` in
fixtures named `settings`, `recording` and `checklist` (overriding the conftest ones).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.methods import GetFile, TelegramMethod
from aiogram.types import Document, File, Location, PhotoSize
from aiogram.types import User as TgUser
from aiogram.types.message_origin_user import MessageOriginUser
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import EvidenceSettings, Settings
from services.evidence.checklist_sync import sync_checklist
from services.team.roles import Roles
from storage.models import Evidence, EvidenceFile, ObjectiveIndicator
from tests.harness import Person, RecordingSession

SM = async_sessionmaker[AsyncSession]
ADMIN_ID = 9001
STAFF_ID = 1001  # Person's default id
EXPERT_ID = 2001
CAO = (55.7715, 37.6324)  # 77-cao in samples/centres.csv
MOSCOW = ZoneInfo("Europe/Moscow")


@dataclass
class FileServingSession(RecordingSession):
    files: dict[str, bytes] = field(default_factory=dict)
    chunks_served: int = 0

    def __post_init__(self) -> None:
        super().__post_init__()
        self._file_ids = itertools.count(1)

    def add_file(self, data: bytes) -> tuple[str, str]:
        """Register bytes as a Telegram file; returns (file_id, file_unique_id)."""
        n = next(self._file_ids)
        file_id, unique = f"FILE{n:04d}", f"UNIQ{n:04d}"
        self.files[file_id] = data
        return file_id, unique

    def downloads(self) -> list[GetFile]:
        return [c for c in self.calls if isinstance(c, GetFile)]

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if isinstance(method, GetFile):
            self.calls.append(method)
            queued = self.errors.get("GetFile")
            if queued:
                raise queued.pop(0)
            data = self.files.get(method.file_id)
            if data is None:
                raise AssertionError(f"unknown file_id {method.file_id}")
            return File(
                file_id=method.file_id,
                file_unique_id="u" + method.file_id,
                file_size=len(data),
                file_path=f"documents/{method.file_id}",
            )
        return await super().make_request(bot, method, timeout)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        # In chunks, as the Bot API's file URL streams (a test may count what was pulled).
        data = self.files[url.rsplit("/", 1)[-1]]
        for start in range(0, len(data), chunk_size):
            self.chunks_served += 1
            yield data[start : start + chunk_size]


def evidence_settings(settings: Settings, tmp_path: Path) -> Settings:
    """The test settings with MEDIA_DIR in the test's folder and ADMIN_ID an admin."""
    settings.evidence = EvidenceSettings(_env_file=None, media_dir=tmp_path / "media")
    settings.telegram.admin_ids = [ADMIN_ID]
    return settings


async def load_checklist(sm: SM) -> None:
    """The default checklist, and Moscow measuring K1 and D1 objectively (seed 000: per region)."""
    async with sm.begin() as session:
        await sync_checklist(session)
        session.add_all(
            [
                ObjectiveIndicator(region_code="77", indicator="K1"),
                ObjectiveIndicator(region_code="77", indicator="D1"),
            ]
        )


async def grant(sm: SM, user_id: int, role: str, scope: str | None) -> None:
    async with sm.begin() as session:
        await Roles(session).grant(user_id, role, scope, by=ADMIN_ID)


def moscow_now() -> datetime:
    """The wall clock a phone camera in Moscow writes into EXIF (naive)."""
    return datetime.now(MOSCOW).replace(tzinfo=None)


async def send_photo(
    person: Person, data: bytes, *, media_group_id: str | None = None, caption: str | None = None
) -> str:
    session = person.session
    assert isinstance(session, FileServingSession)
    file_id, unique = session.add_file(data)
    sizes = [
        PhotoSize(file_id=file_id, file_unique_id=unique, width=32, height=24, file_size=len(data))
    ]
    await person.feed(
        message=person._message(photo=sizes, media_group_id=media_group_id, caption=caption)
    )
    return file_id


async def send_document(
    person: Person,
    data: bytes,
    file_name: str,
    mime_type: str | None,
    *,
    size: int | None = None,
    media_group_id: str | None = None,
) -> str:
    session = person.session
    assert isinstance(session, FileServingSession)
    file_id, unique = session.add_file(data)
    document = Document(
        file_id=file_id,
        file_unique_id=unique,
        file_name=file_name,
        mime_type=mime_type,
        file_size=len(data) if size is None else size,
    )
    await person.feed(message=person._message(document=document, media_group_id=media_group_id))
    return file_id


async def send_location(
    person: Person,
    lat: float,
    lon: float,
    *,
    accuracy: float | None = None,
    forwarded: bool = False,
) -> None:
    origin = None
    if forwarded:
        origin = MessageOriginUser(
            date=datetime.now(UTC),
            sender_user=TgUser(id=777, is_bot=False, first_name="Someone"),
        )
    location = Location(latitude=lat, longitude=lon, horizontal_accuracy=accuracy)
    await person.feed(message=person._message(location=location, forward_origin=origin))


async def evidence_rows(sm: SM) -> list[Evidence]:
    async with sm() as session:
        return list(await session.scalars(select(Evidence).order_by(Evidence.id)))


async def file_rows(sm: SM, evidence_id: int) -> list[EvidenceFile]:
    async with sm() as session:
        return list(
            await session.scalars(
                select(EvidenceFile)
                .where(EvidenceFile.evidence_id == evidence_id)
                .order_by(EvidenceFile.id)
            )
        )


def invite_token(text: str) -> str:
    match = re.search(r"start=i_([A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


async def open_requirement(person: Person, indicator: str, number: int) -> None:
    """/checklist → the indicator → the requirement's 📎 button (one centre)."""
    await person.send("/checklist")
    await person.tap(f"{indicator} · ")
    await person.tap(f"📎 {number}")
