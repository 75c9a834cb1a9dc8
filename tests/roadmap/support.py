"""Shared pieces of the roadmap tests: files sent by a person, a pilot started in a region."""

from __future__ import annotations

from datetime import date

from aiogram.types import Document, PhotoSize
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.roadmap.pilots import Roadmap
from services.team.roles import Access
from storage.models_roadmap import Pilot
from tests.evidence_support import FileServingSession
from tests.harness import Person

SM = async_sessionmaker[AsyncSession]
STAFF_ID, EXPERT_ID, OTHER_STAFF, OTHER_EXPERT, ADMIN_ID = 1001, 2001, 1002, 2002, 9001


PDF = b"%PDF-1.4\n% a step's result\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9"


def _serve(person: Person, file_id: str, data: bytes) -> None:
    """The bytes Telegram holds under file_id (the bot downloads them from there)."""
    session = person.session
    assert isinstance(session, FileServingSession)
    session.files[file_id] = data


async def send_document(
    person: Person,
    name: str,
    caption: str | None = None,
    mime: str = "application/pdf",
    data: bytes = PDF,
    size: int | None = None,
) -> None:
    document = Document(
        file_id=f"doc-{name}", file_unique_id=f"u-{name}", file_name=name, mime_type=mime,
        file_size=len(data) if size is None else size,
    )  # fmt: skip
    _serve(person, document.file_id, data)
    await person.feed(message=person._message(document=document, caption=caption))


async def send_photo(person: Person, caption: str | None = None, data: bytes = JPEG) -> None:
    photo = [
        PhotoSize(
            file_id="photo-1", file_unique_id="up-1", width=800, height=600, file_size=len(data)
        )
    ]
    _serve(person, "photo-1", data)
    await person.feed(message=person._message(photo=photo, caption=caption))


async def start_pilot(sm: SM, region: str, start: date) -> int:
    async with sm.begin() as session:
        pilot: Pilot = await Roadmap(session).start(
            Access(ADMIN_ID, admin=True), region, start, today=start
        )
        return pilot.id
