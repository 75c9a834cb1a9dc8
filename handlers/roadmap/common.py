"""Pieces both /roadmap routers use: the region's day, the screens, short notices."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from contextlib import suppress
from datetime import date
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, FSInputFile, InputFile, Message
from sqlalchemy import select

from bot.context import Ctx
from bot.i18n import Translations, Translator
from bot.refusal import refusal_text
from bot.sender import Outgoing
from handlers.roadmap import keyboards as kb
from handlers.roadmap import texts
from services.centres.timezones import region_timezone
from services.evidence.media import MediaStore
from services.refusal import Refusal
from services.roadmap.pilots import Roadmap, local_today, next_meeting_due, progress
from services.team.people import People, shown_name
from services.team.roles import EXPERT, Access
from storage.models import Role, utcnow
from storage.models_roadmap import Pilot, PilotStep

log = logging.getLogger(__name__)
# FSM data keys
REGION, STEP, COMMENT, HELD_ON, ASK = "rm_region", "rm_step", "rm_comment", "rm_held_on", "rm_ask"


def error_text(t: Translator, error: Refusal) -> str:
    return refusal_text(t, error)


def soon_days(ctx: Ctx) -> int:
    return ctx.settings.digest.roadmap_reminder_days


async def today_in(ctx: Ctx, region_code: str) -> date:
    return local_today(utcnow(), await region_timezone(ctx.session, region_code))


def on(callback: CallbackQuery) -> Message | None:
    message = callback.message
    return message if isinstance(message, Message) and message.text else None


async def drop_buttons(ctx: Ctx, message_id: Any) -> None:
    if isinstance(message_id, int):
        with suppress(TelegramBadRequest):
            await ctx.bot.edit_message_reply_markup(
                chat_id=ctx.chat_id, message_id=message_id, reply_markup=None
            )


async def close(ctx: Ctx, data: Mapping[str, Any]) -> None:
    """End a /roadmap conversation: its question loses its buttons, the state is cleared."""
    await drop_buttons(ctx, data.get(ASK))
    await ctx.state.clear()


async def done(ctx: Ctx, data: Mapping[str, Any]) -> None:
    """What a conversation's last answer did is kept, and the conversation ends."""
    await ctx.session.commit()
    await close(ctx, data)


async def refused(
    message: Message, ctx: Ctx, data: Mapping[str, Any], error: Refusal, ends: Collection[str]
) -> None:
    """A refused answer: nothing of it is kept and the person is told why. The conversation
    goes on (the answer can be sent again) unless the reason is one of `ends`."""
    await ctx.session.rollback()
    if error.reason in ends:
        await close(ctx, data)
    await message.answer(error_text(ctx.t, error))


async def step_or_alert(
    callback: CallbackQuery, ctx: Ctx, access: Access, step_id: int
) -> tuple[Pilot, PilotStep] | None:
    """The step a button names, re-checked for the presser; None after an alert saying why."""
    try:
        return await Roadmap(ctx.session).step(access, step_id)
    except Refusal as error:
        await callback.answer(error_text(ctx.t, error), show_alert=True)
        return None


async def _send_file(ctx: Ctx, step: PilotStep, source: str | InputFile, caption: str) -> None:
    if step.file_kind == "photo":
        await ctx.bot.send_photo(ctx.chat_id, source, caption=caption)
    else:
        await ctx.bot.send_document(ctx.chat_id, source, caption=caption)


async def send_result(ctx: Ctx, step: PilotStep, caption: str) -> None:
    """A step's result by its Telegram file_id; when Telegram no longer has it (another bot
    token, an old file), the copy kept under MEDIA_DIR."""
    try:
        await _send_file(ctx, step, step.file_id or "", caption)
        return
    except TelegramBadRequest as error:
        log.info("roadmap result of step %s by file_id: %s", step.id, error)
    path = MediaStore(ctx.settings.evidence.media_dir).path(step.stored_path or "")
    if not step.stored_path or not path.is_file():
        await ctx.bot.send_message(ctx.chat_id, ctx.t("roadmap-file-unavailable"))
        return
    name = step.file_name or f"{step.code}.jpg"
    await _send_file(ctx, step, FSInputFile(path, filename=name), caption)


async def show_region(ctx: Ctx, access: Access, region_code: str, where: Message | None) -> None:
    """The pilot's overview, or "no pilot yet" (with Start for those who may)."""
    service = Roadmap(ctx.session)
    try:
        region = await service.region(access, region_code)
    except Refusal as error:
        await ctx.show(error_text(ctx.t, error), None, where)
        return
    pilot = await service.pilot_of(region.code)
    if pilot is None:
        may_start = access.reviews(region.code)
        key = "roadmap-no-pilot-start" if may_start else "roadmap-no-pilot"
        markup = kb.start(ctx.t, region.code) if may_start else None
        await ctx.show(ctx.t(key, region=region.name), markup, where)
        return
    steps = await service.steps(pilot)
    today = await today_in(ctx, region.code)
    zone = await region_timezone(ctx.session, region.code)
    due = next_meeting_due(pilot, await service.last_meeting(pilot), service.programme)
    text = texts.overview(
        ctx.t, region, pilot, steps, service.programme, today, soon_days(ctx),
        progress(steps, zone), due,
    )  # fmt: skip
    await ctx.show(text, kb.overview(ctx.t, region.code, steps, today, soon_days(ctx)), where)


async def show_step(
    ctx: Ctx, access: Access, pilot: Pilot, step: PilotStep, where: Message | None
) -> None:
    service = Roadmap(ctx.session)
    region = await service.region(access, pilot.region_code)
    submitter = None
    if step.submitted_by is not None:
        name = await People(ctx.session).name(step.submitted_by)
        submitter = shown_name(ctx.t, name, step.submitted_by)
    today = await today_in(ctx, region.code)
    text = texts.step_card(ctx.t, region, step, service.programme, today, soon_days(ctx), submitter)
    markup = kb.step(
        ctx.t,
        region.code,
        step,
        group=await service.in_group(access, region.code),
        reviewer=access.reviews(region.code),
    )
    await ctx.show(text, markup, where)


async def tell(
    ctx: Ctx,
    translations: Translations,
    user_ids: list[int],
    key: str,
    step_id: int,
    **args: Any,
) -> None:
    """A short notice to a few people (the region's experts, a submitter) in their language,
    through the process's one rate-limited sender (flood control waited out, a blocked chat
    marked)."""
    items = []
    for user_id in user_ids:
        if user_id == ctx.user_id:
            continue
        user = await ctx.users.get(user_id)
        t = translations.get(user.language if user is not None else None)
        items.append(Outgoing(user_id, t(key, **args), reply_markup=kb.open_step(t, step_id)))
    sender = ctx.sender.bind(ctx.bot)
    for result in await sender.send_all(items):
        if not result.ok:  # blocked, never started the bot...
            log.info("roadmap notice not sent: %s", result.error)


async def region_experts(ctx: Ctx, region_code: str) -> list[int]:
    rows = await ctx.session.scalars(
        select(Role.user_id).where(Role.role == EXPERT, Role.scope == region_code).distinct()
    )
    return sorted(int(u) for u in rows)
