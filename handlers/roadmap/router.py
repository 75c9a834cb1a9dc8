"""/roadmap: the journey-pilot roadmap of a region (seed 003) — starting a pilot, the steps
with their state, a step's card, experts accepting or returning a result.

/roadmap [region code] → the region (buttons if several) → no pilot: Start (admins and the
region's experts) asks the start date; a pilot: its 20 steps (to do, due soon, overdue, on
review, returned, done), the progress and the next meeting's date → a step's card → Mark done
(handlers.roadmap.submit), or Accept / Return for the region's experts.

Thin: the rules are in services.roadmap.pilots; every button is re-checked there.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.i18n import Translations
from handlers.roadmap import common
from handlers.roadmap import keyboards as kb
from handlers.roadmap.callbacks import RoadmapCb
from handlers.roadmap.states import RoadmapFlow
from handlers.roadmap.texts import day
from services.refusal import Refusal
from services.roadmap.pilots import REASON_MAX, REASONS, Roadmap, parse_date
from services.team.roles import Access
from storage.models import utcnow

router = Router(name="roadmap")


@router.message(Command("roadmap"))
async def on_roadmap(message: Message, ctx: Ctx, access: Access, command: CommandObject) -> None:
    regions = await Roadmap(ctx.session).readable_regions(access)
    if not regions:
        await message.answer(ctx.t("roadmap-not-allowed"))
        return
    if await ctx.state.get_state() in {s.state for s in RoadmapFlow.__states__}:
        await common.close(ctx, await ctx.state.get_data())
    wanted = (command.args or "").strip()
    chosen = [r for r in regions if r.code == wanted] if wanted else regions
    if len(chosen) == 1:
        await common.show_region(ctx, access, chosen[0].code, None)
        return
    await message.answer(ctx.t("roadmap-pick-region"), reply_markup=kb.regions(regions))


@router.callback_query(RoadmapCb.filter(F.a == "region"))
async def on_region(
    callback: CallbackQuery, callback_data: RoadmapCb, ctx: Ctx, access: Access
) -> None:
    if not await Roadmap(ctx.session).may_read(access, callback_data.r):
        await callback.answer(ctx.t("roadmap-error-forbidden"), show_alert=True)
        return
    await callback.answer()
    await common.show_region(ctx, access, callback_data.r, common.on(callback))


# --- starting a pilot -------------------------------------------------------------------------


@router.callback_query(RoadmapCb.filter(F.a == "start"))
async def on_start(
    callback: CallbackQuery, callback_data: RoadmapCb, ctx: Ctx, access: Access
) -> None:
    if not access.reviews(callback_data.r):
        await callback.answer(ctx.t("roadmap-error-forbidden"), show_alert=True)
        return
    if await Roadmap(ctx.session).pilot_of(callback_data.r) is not None:
        await callback.answer(ctx.t("roadmap-error-exists"), show_alert=True)
        return
    await callback.answer()
    today = await common.today_in(ctx, callback_data.r)
    sent = await ctx.bot.send_message(
        ctx.chat_id, ctx.t("roadmap-ask-start", today=day(today)), reply_markup=kb.cancel(ctx.t)
    )
    await ctx.remember(
        RoadmapFlow.start_date, {common.REGION: callback_data.r, common.ASK: sent.message_id}
    )


@router.message(StateFilter(RoadmapFlow.start_date), F.text, ~F.text.startswith("/"))
async def on_start_date(message: Message, ctx: Ctx, access: Access) -> None:
    data = await ctx.state.get_data()
    region_code = str(data.get(common.REGION, ""))
    service = Roadmap(ctx.session)
    try:
        start = parse_date(message.text)
        pilot = await service.start(
            access, region_code, start, await common.today_in(ctx, region_code)
        )
    except Refusal as error:
        await common.refused(message, ctx, data, error, ends=("forbidden", "exists"))
        return
    await common.done(ctx, data)
    await message.answer(ctx.t("roadmap-started", start=day(pilot.start_date)))
    await common.show_region(ctx, access, region_code, None)


@router.callback_query(RoadmapCb.filter(F.a == "cancel"))
async def on_cancel(callback: CallbackQuery, ctx: Ctx) -> None:
    await callback.answer()
    if await ctx.state.get_state() in {s.state for s in RoadmapFlow.__states__}:
        await ctx.state.clear()
    await ctx.show(ctx.t("roadmap-cancelled"), None, common.on(callback))


# --- a step -----------------------------------------------------------------------------------


@router.callback_query(RoadmapCb.filter(F.a == "step"))
async def on_step(
    callback: CallbackQuery, callback_data: RoadmapCb, ctx: Ctx, access: Access
) -> None:
    found = await common.step_or_alert(callback, ctx, access, callback_data.s)
    if found is None:
        return
    await callback.answer()
    await common.show_step(ctx, access, *found, common.on(callback))


@router.callback_query(RoadmapCb.filter(F.a == "file"))
async def on_file(
    callback: CallbackQuery, callback_data: RoadmapCb, ctx: Ctx, access: Access
) -> None:
    found = await common.step_or_alert(callback, ctx, access, callback_data.s)
    if found is None:
        return
    await callback.answer()
    step = found[1]
    if step.file_id:
        await common.send_result(ctx, step, caption=step.code)


@router.callback_query(RoadmapCb.filter(F.a == "accept"))
async def on_accept(
    callback: CallbackQuery,
    callback_data: RoadmapCb,
    ctx: Ctx,
    access: Access,
    translations: Translations,
) -> None:
    service = Roadmap(ctx.session)
    try:
        pilot, step = await service.decide(
            access, callback_data.s, accept=True, reason=None, now=utcnow()
        )
    except Refusal as error:
        await ctx.session.rollback()
        await callback.answer(common.error_text(ctx.t, error), show_alert=True)
        return
    await ctx.session.commit()
    await callback.answer(ctx.t("roadmap-accepted"))
    await common.show_step(ctx, access, pilot, step, common.on(callback))
    if step.submitted_by is not None:
        await common.tell(
            ctx, translations, [step.submitted_by], "roadmap-told-accepted", step.id, code=step.code
        )


@router.callback_query(RoadmapCb.filter(F.a == "return"))
async def on_return(
    callback: CallbackQuery, callback_data: RoadmapCb, ctx: Ctx, access: Access
) -> None:
    found = await common.step_or_alert(callback, ctx, access, callback_data.s)
    if found is None:
        return
    pilot, step = found
    if not access.reviews(pilot.region_code):
        await callback.answer(ctx.t("roadmap-error-forbidden"), show_alert=True)
        return
    if step.status != "submitted":
        await callback.answer(ctx.t("roadmap-error-state"), show_alert=True)
        return
    await callback.answer()
    sent = await ctx.bot.send_message(
        ctx.chat_id,
        ctx.t("roadmap-ask-reason", code=step.code, limit=REASON_MAX),
        reply_markup=kb.cancel(ctx.t),
    )
    await ctx.remember(RoadmapFlow.reason, {common.STEP: step.id, common.ASK: sent.message_id})


@router.message(StateFilter(RoadmapFlow.reason), F.text, ~F.text.startswith("/"))
async def on_reason(message: Message, ctx: Ctx, access: Access, translations: Translations) -> None:
    data = await ctx.state.get_data()
    try:
        pilot, step = await Roadmap(ctx.session).decide(
            access, int(data.get(common.STEP, 0)), accept=False, reason=message.text, now=utcnow()
        )
    except Refusal as error:
        # Only a long reason can be sent again.
        await common.refused(message, ctx, data, error, ends=set(REASONS) - {"too_long"})
        return
    await common.done(ctx, data)
    await message.answer(ctx.t("roadmap-returned", code=step.code))
    await common.show_step(ctx, access, pilot, step, None)
    if step.submitted_by is not None:
        await common.tell(
            ctx, translations, [step.submitted_by], "roadmap-told-returned", step.id,
            code=step.code, reason=step.reason or "",
        )  # fmt: skip
