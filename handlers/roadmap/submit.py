"""/roadmap, the working group's side: marking a step done with its result (a document or a
photo, with a comment), and recording a meeting of the cross-functional team with its minutes.

A comment sent before the file is kept in the conversation and attached to it; anything that is
neither a document of a known kind nor a photo is refused with a clear answer. Thin: the rules
are in services.roadmap.pilots.
"""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import Translations
from handlers.evidence.download import telegram_fetch
from handlers.roadmap import common, texts
from handlers.roadmap import keyboards as kb
from handlers.roadmap.callbacks import RoadmapCb
from handlers.roadmap.states import RoadmapFlow
from services.evidence.media import MediaStore
from services.refusal import Refusal
from services.roadmap.files import Attachment, attachment
from services.roadmap.pilots import (
    COMMENT_MAX,
    Roadmap,
    Store,
    clean_comment,
    next_meeting_due,
    parse_date,
)
from services.team.roles import Access
from storage.models import utcnow

router = Router(name="roadmap_submit")


# A refusal of these ends the conversation; any other lets the person send the file again.
ENDS_RESULT = ("forbidden", "gone", "state")
ENDS_MEETING = ("forbidden", "no_pilot")


def _file_of(message: Message) -> Attachment:
    if message.photo:
        photo = message.photo[-1]
        return attachment("photo", photo.file_id, size=photo.file_size)
    if message.document:
        doc = message.document
        return attachment("document", doc.file_id, doc.file_name, doc.mime_type, doc.file_size)
    raise Refusal("roadmap-error", "wrong_file")


def _store(ctx: Ctx) -> Store:
    """Results are copied under MEDIA_DIR, like evidence."""
    return telegram_fetch(ctx.bot), MediaStore(ctx.settings.evidence.media_dir)


# --- a step's result ----------------------------------------------------------------------


@router.callback_query(RoadmapCb.filter(F.a == "done"))
async def on_done(
    callback: CallbackQuery, callback_data: RoadmapCb, ctx: Ctx, access: Access
) -> None:
    service = Roadmap(ctx.session)
    found = await common.step_or_alert(callback, ctx, access, callback_data.s)
    if found is None:
        return
    pilot, step = found
    if not await service.in_group(access, pilot.region_code):
        await callback.answer(ctx.t("roadmap-error-forbidden"), show_alert=True)
        return
    if step.status not in ("open", "returned"):
        await callback.answer(ctx.t("roadmap-error-state"), show_alert=True)
        return
    await callback.answer()
    spec = service.programme.step(step.code)
    result = escape(spec.result(ctx.t.language)) if spec else ""
    sent = await ctx.bot.send_message(
        ctx.chat_id,
        ctx.t("roadmap-ask-result", code=step.code, result=result, limit=COMMENT_MAX),
        reply_markup=kb.cancel(ctx.t),
    )
    await ctx.remember(RoadmapFlow.result, {common.STEP: step.id, common.ASK: sent.message_id})


@router.message(StateFilter(RoadmapFlow.result), F.photo | F.document)
async def on_result_file(
    message: Message, ctx: Ctx, access: Access, translations: Translations
) -> None:
    data = await ctx.state.get_data()
    try:
        file = _file_of(message)
        comment = clean_comment(message.caption) or data.get(common.COMMENT)
        pilot, step = await Roadmap(ctx.session).submit(
            access, int(data.get(common.STEP, 0)), file, comment, utcnow(), _store(ctx)
        )
    except Refusal as error:
        await common.refused(message, ctx, data, error, ENDS_RESULT)
        return
    await common.done(ctx, data)
    await message.answer(ctx.t("roadmap-submitted", code=step.code))
    await common.show_step(ctx, access, pilot, step, None)
    experts = await common.region_experts(ctx, pilot.region_code)
    await common.tell(ctx, translations, experts, "roadmap-told-submitted", step.id, code=step.code)


@router.message(
    StateFilter(RoadmapFlow.result, RoadmapFlow.meeting_file), F.text, ~F.text.startswith("/")
)
async def on_comment_first(message: Message, ctx: Ctx) -> None:
    # A comment before the file: kept, and attached to the file that follows.
    try:
        comment = clean_comment(message.text)
    except Refusal as error:
        await message.answer(common.error_text(ctx.t, error))
        return
    data = dict(await ctx.state.get_data())
    data[common.COMMENT] = comment
    await ctx.state.set_data(data)
    await message.answer(ctx.t("roadmap-comment-kept"))


# --- meetings -----------------------------------------------------------------------------


@router.callback_query(RoadmapCb.filter(F.a == "meetings"))
async def on_meetings(
    callback: CallbackQuery, callback_data: RoadmapCb, ctx: Ctx, access: Access
) -> None:
    service = Roadmap(ctx.session)
    try:
        region = await service.region(access, callback_data.r)
    except Refusal as error:
        await callback.answer(common.error_text(ctx.t, error), show_alert=True)
        return
    pilot = await service.pilot_of(region.code)
    if pilot is None:
        await callback.answer(ctx.t("roadmap-error-no_pilot"), show_alert=True)
        return
    await callback.answer()
    items = await service.meetings(pilot)
    due = next_meeting_due(pilot, items[0].held_on if items else None, service.programme)
    text = texts.meetings(ctx.t, region, items, due, service.programme.meetings_every_days)
    group = await service.in_group(access, region.code)
    await ctx.show(text, kb.meetings(ctx.t, region.code, group=group), common.on(callback))


@router.callback_query(RoadmapCb.filter(F.a == "meet"))
async def on_meet(
    callback: CallbackQuery, callback_data: RoadmapCb, ctx: Ctx, access: Access
) -> None:
    service = Roadmap(ctx.session)
    if not await service.in_group(access, callback_data.r):
        await callback.answer(ctx.t("roadmap-error-forbidden"), show_alert=True)
        return
    if await service.pilot_of(callback_data.r) is None:
        await callback.answer(ctx.t("roadmap-error-no_pilot"), show_alert=True)
        return
    await callback.answer()
    today = await common.today_in(ctx, callback_data.r)
    sent = await ctx.bot.send_message(
        ctx.chat_id, ctx.t("roadmap-ask-meeting-date", today=texts.day(today)),
        reply_markup=kb.cancel(ctx.t),
    )  # fmt: skip
    await ctx.remember(
        RoadmapFlow.meeting_date, {common.REGION: callback_data.r, common.ASK: sent.message_id}
    )


@router.message(StateFilter(RoadmapFlow.meeting_date), F.text, ~F.text.startswith("/"))
async def on_meeting_date(message: Message, ctx: Ctx, access: Access) -> None:
    data = dict(await ctx.state.get_data())
    region_code = str(data.get(common.REGION, ""))
    try:
        held_on = parse_date(message.text)
        await Roadmap(ctx.session).check_meeting_date(
            access, region_code, held_on, await common.today_in(ctx, region_code)
        )
    except Refusal as error:
        await common.refused(message, ctx, data, error, ENDS_MEETING)
        return
    data[common.HELD_ON] = held_on.isoformat()
    await ctx.remember(RoadmapFlow.meeting_file, data)
    await message.answer(ctx.t("roadmap-ask-minutes", date=texts.day(held_on), limit=COMMENT_MAX))


@router.message(StateFilter(RoadmapFlow.meeting_file), F.photo | F.document)
async def on_minutes(message: Message, ctx: Ctx, access: Access) -> None:
    from datetime import date

    data = await ctx.state.get_data()
    region_code = str(data.get(common.REGION, ""))
    try:
        file = _file_of(message)
        comment = clean_comment(message.caption) or data.get(common.COMMENT)
        held_on = date.fromisoformat(str(data.get(common.HELD_ON)))
        meeting = await Roadmap(ctx.session).record_meeting(
            access, region_code, held_on, file, comment, utcnow(),
            await common.today_in(ctx, region_code), _store(ctx),
        )  # fmt: skip
    except Refusal as error:
        await common.refused(message, ctx, data, error, ENDS_MEETING)
        return
    await common.done(ctx, data)
    await message.answer(ctx.t("roadmap-meeting-recorded", date=texts.day(meeting.held_on)))
    await common.show_region(ctx, access, region_code, None)


# Last: registered before on_minutes it took the minutes themselves for "not a file".
@router.message(StateFilter(RoadmapFlow.result, RoadmapFlow.meeting_file), ~F.text.startswith("/"))
async def on_wrong_file(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("roadmap-error-wrong_file"))
