"""A step's result or a meeting's minutes as a file: which files are taken, and their copy
under MEDIA_DIR.

A result is a document of a known kind or a photo. Like evidence (services.evidence.media),
the bytes are downloaded once into the content-addressed MediaStore, chunk by chunk and never
past MAX_DOWNLOAD_BYTES (the Bot API's own limit), so a result survives Telegram's copy and a
change of the bot's token, and the export can name the stored file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from services.evidence.media import MAX_DOWNLOAD_BYTES, MediaStore, TooBig
from services.evidence.model import Fetch
from services.refusal import Refusal

# A result is a document of these kinds, or a photo.
DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "ppt", "pptx",
     "odp", "jpg", "jpeg", "png", "zip"}
)  # fmt: skip
MAX_MB = MAX_DOWNLOAD_BYTES // (1024 * 1024)


@dataclass(frozen=True, slots=True)
class Attachment:
    file_id: str
    kind: str  # document | photo
    name: str | None = None
    size: int | None = None  # as the message says, before downloading
    stored_path: str | None = None  # under MEDIA_DIR, once kept
    stored_size: int | None = None


def attachment(
    kind: str,
    file_id: str,
    name: str | None = None,
    mime: str | None = None,
    size: int | None = None,
) -> Attachment:
    """A message's file as a step result; a "wrong_file" Refusal for anything else and a
    "too_big" one for what the Bot API would not let the bot download."""
    if kind == "photo":
        found = Attachment(file_id, "photo", size=size)
    elif kind != "document":
        raise Refusal("roadmap-error", "wrong_file")
    else:
        extension = (name or "").rsplit(".", 1)[-1].lower() if name and "." in name else ""
        if extension not in DOCUMENT_EXTENSIONS and not (mime or "").startswith("image/"):
            raise Refusal("roadmap-error", "wrong_file")
        found = Attachment(file_id, "document", (name or "")[:255] or None, size)
    if size is not None and size > MAX_DOWNLOAD_BYTES:
        raise Refusal("roadmap-error", "too_big", mb=MAX_MB)
    return found


async def keep(file: Attachment, fetch: Fetch, store: MediaStore) -> Attachment:
    """Download the file into the store; the same Attachment with where it now lies."""
    with store.spool(MAX_DOWNLOAD_BYTES) as spool:
        try:
            await fetch(file.file_id, spool)
        except TooBig as error:  # the message said it was smaller
            raise Refusal("roadmap-error", "too_big", mb=MAX_MB) from error
        except Refusal as error:  # the evidence downloader's words, said in ours
            if error.reason == "too_big":
                raise Refusal("roadmap-error", "too_big", mb=MAX_MB) from error
            raise Refusal("roadmap-error", "download_failed") from error
        _, relative = await store.keep(spool)
    return replace(file, stored_path=relative, stored_size=spool.size)
