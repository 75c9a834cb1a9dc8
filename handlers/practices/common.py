"""What the practice handlers share: the service, error texts, rendering a practice's card."""

from __future__ import annotations

from contextlib import suppress

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import Translator
from bot.refusal import refusal_text
from services.practices import card as cards
from services.practices import library
from services.practices.workflow import PracticeService
from services.refusal import Refusal
from storage.models_practices import Practice


def service(ctx: Ctx) -> PracticeService:
    return PracticeService(ctx.session, ctx.settings.scoring.load())


def error_text(t: Translator, error: Refusal) -> str:
    return refusal_text(t, error)


def on(callback: CallbackQuery) -> Message | None:
    return callback.message if isinstance(callback.message, Message) else None


async def drop_buttons(message: Message | None) -> None:
    if message is not None:
        with suppress(TelegramBadRequest):
            await message.edit_reply_markup(reply_markup=None)


async def card_text(ctx: Ctx, practice: Practice, t: Translator | None = None) -> str:
    """The card exactly as the channel will show it (photos and document as a line)."""
    svc = service(ctx)
    centre, region = await library.centre_and_region(ctx.session, practice)
    photos = await svc.files(practice.id, "photo")
    documents = await svc.files(practice.id, "document")
    return cards.card(
        t or ctx.t, svc.m, practice, centre, region, photos=len(photos), document=bool(documents)
    )
