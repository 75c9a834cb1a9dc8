"""What the practice handlers share: the service, error texts, rendering a practice's card."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import Translator
from bot.refusal import refusal_text
from services.practices import card as cards
from services.practices import library
from services.practices.effect import measure
from services.practices.workflow import PracticeService
from services.refusal import Refusal
from storage.models import utcnow
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


@dataclass(frozen=True)
class ReaderCard:
    text: str
    votes: int  # 0 when not measured
    has_document: bool


async def reader_card(
    ctx: Ctx, practice: Practice, *, measured: bool = True, t: Translator | None = None
) -> ReaderCard:
    """A practice's card; `measured` adds what a reader sees (the measured effect and 👍),
    without it the card is exactly what the channel will show (photos and document as a line)."""
    svc = service(ctx)
    centre, region = await library.centre_and_region(ctx.session, practice)
    photos = await svc.files(practice.id, "photo")
    documents = await svc.files(practice.id, "document")
    effect, votes = None, None
    if measured:
        effect = await measure(
            ctx.session,
            practice,
            now=utcnow(),
            min_answers=ctx.settings.practices.practice_min_answers,
        )
        votes = await library.votes(ctx.session, practice.id)
    text = cards.card(
        t or ctx.t, svc.m, practice, centre, region, photos=len(photos), document=bool(documents),
        effect=effect, votes=votes, link=practice.post_link if measured else None,
    )  # fmt: skip
    return ReaderCard(text, votes or 0, bool(documents))


async def card_text(ctx: Ctx, practice: Practice, t: Translator | None = None) -> str:
    """The card exactly as the channel will show it (photos and document as a line)."""
    return (await reader_card(ctx, practice, measured=False, t=t)).text
