"""Downloading evidence files through the Bot API (getFile + the file URL) into the media
spool, chunk by chunk: what is too big is refused before and while downloading."""

from __future__ import annotations

import logging
from typing import BinaryIO, cast

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiohttp import ClientError

from services.evidence.media import MAX_DOWNLOAD_BYTES, Spool, TooBig
from services.evidence.model import Fetch
from services.refusal import Refusal

log = logging.getLogger(__name__)


def _too_big() -> Refusal:
    return Refusal("ev-error", "too_big", mb=MAX_DOWNLOAD_BYTES // (1024 * 1024))


def telegram_fetch(bot: Bot, chunk_size: int = 65536) -> Fetch:
    """Downloads through the Bot API (getFile + the file URL) into the spool in chunks,
    refusing what is too big before and while downloading."""

    async def fetch(file_id: str, spool: Spool) -> None:
        try:
            file = await bot.get_file(file_id)
            if file.file_size is not None and file.file_size > spool.limit:
                raise _too_big()
            if not file.file_path:
                raise Refusal("ev-error", "download_failed")
            destination = cast(BinaryIO, spool)  # write() and flush() are all aiogram uses
            await bot.download_file(
                file.file_path, destination, timeout=120, chunk_size=chunk_size, seek=False
            )
        except TooBig as error:
            raise _too_big() from error
        except (TelegramAPIError, ClientError, TimeoutError, OSError) as error:
            log.warning("download of %s failed: %s", file_id, error)
            if "too big" in str(error).lower():
                raise _too_big() from error
            raise Refusal("ev-error", "download_failed") from error

    return fetch
