"""Evidence files: which ones we take, and a content-addressed copy under MEDIA_DIR.

Telegram keeps files for a long but unspecified time; evidence must outlive that (it counts for
180 days and is history after), so every file is downloaded once and stored by its SHA-256.
The same bytes always land in the same file, written once and atomically (a temporary file in
the same folder, then a rename), so a crash never leaves a half-written file under a final name.

A download is never held whole in memory: `MediaStore.spool()` takes it chunk by chunk into
the temporary file, hashing as it goes, and refuses it once it passes MAX_DOWNLOAD_BYTES
(the Bot API's own limit); `keep()` then renames it to its content address.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# The Bot API serves downloads up to 20 MB (getFile); bigger files cannot be fetched at all.
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024

IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp", "heic", "heif", "tif", "tiff"})
# Documents a working group plausibly proves a requirement with: PDF, office files, plain text.
# Everything else (archives, executables, video...) is refused: a moderator must be able to
# open it safely.
DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt", "csv"}
)
IMAGE_MIME_PREFIX = "image/"
DOCUMENT_MIMES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/rtf",
        "text/rtf",
        "text/plain",
        "text/csv",
    }
)
_BAD_IMAGE_MIMES = frozenset({"image/svg+xml"})  # SVG can carry scripts


@dataclass(frozen=True, slots=True)
class IncomingFile:
    """A file as a message carries it, before anything is downloaded."""

    kind: str  # photo (compressed by Telegram) | document (sent "as a file")
    file_id: str
    file_unique_id: str
    size: int | None
    mime_type: str | None = None
    file_name: str | None = None

    @property
    def extension(self) -> str | None:
        if not self.file_name or "." not in self.file_name:
            return None
        return self.file_name.rsplit(".", 1)[-1].lower()

    @property
    def is_image(self) -> bool:
        if self.kind == "photo":
            return True
        ext, mime = self.extension, (self.mime_type or "").lower()
        if ext is not None:
            return ext in IMAGE_EXTENSIONS and mime not in _BAD_IMAGE_MIMES
        return mime.startswith(IMAGE_MIME_PREFIX) and mime not in _BAD_IMAGE_MIMES

    @property
    def is_allowed(self) -> bool:
        """An image or an office/PDF document. The name decides when there is one: a client
        derives the MIME type from it anyway, and a `.exe` must not pass as "text/plain"."""
        if self.is_image:
            return True
        ext, mime = self.extension, (self.mime_type or "").lower()
        if ext is not None:
            return ext in DOCUMENT_EXTENSIONS
        return mime in DOCUMENT_MIMES

    @property
    def too_big(self) -> bool:
        return self.size is not None and self.size > MAX_DOWNLOAD_BYTES


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# A JPEG's EXIF (APP1, at most 64 KiB) comes right after the start of the image, before the
# picture itself: this much of the file is enough to read it.
JPEG_EXIF_HEAD = 1024 * 1024


class TooBig(Exception):
    """A download passed its size limit; what was written of it is discarded."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


class Spool:
    """A download in progress: chunks go to a temporary file and into the hash as they come.

    File-like enough for `Bot.download_file(..., destination=spool, seek=False)`.
    """

    def __init__(self, folder: Path, limit: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".part-")
        self.path = Path(name)
        self.limit = limit
        self.size = 0
        self._file = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()

    def write(self, chunk: bytes) -> int:
        self.size += len(chunk)
        if self.size > self.limit:
            raise TooBig(self.limit)
        self._hash.update(chunk)
        self._file.write(chunk)
        return len(chunk)

    def flush(self) -> None:
        self._file.flush()

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def _finish(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


class MediaStore:
    """Files under `root`, named by their SHA-256: `ab/abcdef…` (two-level, so that no folder
    holds hundreds of thousands of entries)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    @staticmethod
    def relative_path(sha256: str) -> str:
        return str(PurePosixPath(sha256[:2], sha256))

    def path(self, relative: str) -> Path:
        return self.root / relative

    @contextmanager
    def spool(self, limit: int = MAX_DOWNLOAD_BYTES) -> Iterator[Spool]:
        """A temporary file for one download; gone on leaving unless `keep()` stored it."""
        spool = Spool(self.root, limit)
        try:
            yield spool
        finally:
            spool.discard()

    async def keep(self, spool: Spool) -> tuple[str, str]:
        """Store a complete download under its SHA-256; returns (sha256, relative path)."""
        digest = spool.sha256
        relative = self.relative_path(digest)
        await asyncio.to_thread(self._settle, spool, self.root / relative)
        return digest, relative

    @staticmethod
    def _settle(spool: Spool, target: Path) -> None:
        spool._finish()
        if target.is_file() and target.stat().st_size == spool.size:
            return  # same name = same content: stored before (the spool is discarded)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(spool.path, target)

    async def exif_source(self, relative: str) -> bytes:
        """What `read_exif` needs of a stored file: a JPEG's head, other images whole (at most
        MAX_DOWNLOAD_BYTES)."""
        return await asyncio.to_thread(self._exif_source, self.path(relative))

    @staticmethod
    def _exif_source(path: Path) -> bytes:
        with path.open("rb") as file:
            head = file.read(JPEG_EXIF_HEAD)
            return head if head[:2] == b"\xff\xd8" else head + file.read()

    async def put(self, data: bytes) -> tuple[str, str]:
        """Store `data`; returns (sha256, path relative to the root). Idempotent."""
        digest = sha256_hex(data)
        relative = self.relative_path(digest)
        await asyncio.to_thread(self._write, self.root / relative, data)
        return digest, relative

    @staticmethod
    def _write(target: Path, data: bytes) -> None:
        if target.is_file() and target.stat().st_size == len(data):
            return  # same name = same content: written before
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            # Two writers of the same bytes may race here; both renames leave the same file.
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
