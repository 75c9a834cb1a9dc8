"""Choosing a centre: by region (paged), by name, or by the nearest to a shared location."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove

from bot.context import Ctx
from bot.edits import unless_unchanged
from handlers.survey import keyboards
from handlers.survey.callbacks import CentreCb, PickerCb, RegionCb, RegionPageCb
from handlers.survey.flow import proceed
from handlers.survey.states import Respondent
from services.centres.directory import CentreDirectory

router = Router(name="centre_picker")

# Where a person may still be choosing: a location or a search works from any of them.
PICKING = StateFilter(Respondent.picking_centre, Respondent.searching, Respondent.sharing_location)
SEARCH_LIMIT = 10
NEAREST = 3


async def _edit_or_send(
    callback: CallbackQuery, ctx: Ctx, text: str, markup: InlineKeyboardMarkup
) -> None:
    await ctx.show(
        text, markup, callback.message if isinstance(callback.message, Message) else None
    )
    await callback.answer()


@router.callback_query(PickerCb.filter(F.action == "regions"))
@router.callback_query(RegionPageCb.filter())
async def on_regions(
    callback: CallbackQuery, ctx: Ctx, callback_data: PickerCb | RegionPageCb
) -> None:
    page = callback_data.page if isinstance(callback_data, RegionPageCb) else 0
    await ctx.state.set_state(Respondent.picking_centre)
    regions = await CentreDirectory(ctx.session).regions(page, ctx.settings.survey.page_size)
    if not regions.items:
        await callback.answer(ctx.t("directory-empty"), show_alert=True)
        return
    await _edit_or_send(callback, ctx, ctx.t("pick-region"), keyboards.regions(ctx.t, regions))


@router.callback_query(RegionCb.filter())
async def on_region(callback: CallbackQuery, callback_data: RegionCb, ctx: Ctx) -> None:
    directory = CentreDirectory(ctx.session)
    region = await directory.region(callback_data.code)
    if region is None:
        await callback.answer(ctx.t("stale-button"), show_alert=True)
        return
    page = await directory.centres(region.code, callback_data.page, ctx.settings.survey.page_size)
    await _edit_or_send(
        callback,
        ctx,
        ctx.t("pick-centre-in-region", region=escape(region.name)),
        keyboards.centres(ctx.t, region.code, page),
    )


@router.callback_query(CentreCb.filter())
async def on_centre(callback: CallbackQuery, callback_data: CentreCb, ctx: Ctx) -> None:
    centre = await CentreDirectory(ctx.session).get(callback_data.code)
    if centre is None:
        await callback.answer(ctx.t("stale-button"), show_alert=True)
        return
    await ctx.state.set_data({"centre": centre.code})
    if isinstance(callback.message, Message):
        with unless_unchanged():
            await callback.message.edit_text(
                ctx.t("centre-chosen", name=escape(centre.name), address=escape(centre.address))
            )
    await callback.answer()
    await proceed(ctx)


@router.callback_query(PickerCb.filter(F.action == "search"))
async def on_search(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.set_state(Respondent.searching)
    await ctx.bot.send_message(ctx.chat_id, ctx.t("search-prompt"))
    await callback.answer()


@router.message(Respondent.searching, F.text)
async def on_search_text(message: Message, ctx: Ctx) -> None:
    query = (message.text or "").strip()
    if len(query) < 2 or query.startswith("/"):
        await message.answer(ctx.t("search-too-short"))
        return
    found = await CentreDirectory(ctx.session).search(query[:100], SEARCH_LIMIT)
    if not found.centres:
        await message.answer(
            ctx.t("search-nothing", query=escape(query[:100])), reply_markup=keyboards.picker(ctx.t)
        )
        return
    text = (
        ctx.t("search-results-cut", total=found.total, shown=len(found.centres))
        if found.cut
        else ctx.t("search-results", count=found.total)
    )
    text += "\n\n" + keyboards.centre_list(ctx.t, found.centres)
    await message.answer(text, reply_markup=keyboards.centre_choice(ctx.t, found.centres))


@router.callback_query(PickerCb.filter(F.action == "location"))
async def on_location_request(callback: CallbackQuery, ctx: Ctx) -> None:
    await ctx.state.set_state(Respondent.sharing_location)
    await ctx.bot.send_message(
        ctx.chat_id,
        # MAX has no reply keyboard: its location button sits under the prompt (bot.max.outgoing).
        ctx.t("location-prompt", messenger=ctx.settings.messenger.messenger),
        reply_markup=keyboards.request_location(ctx.t),
    )
    await callback.answer()


@router.message(PICKING, F.location)
async def on_location(message: Message, ctx: Ctx) -> None:
    assert message.location is not None
    await ctx.state.set_state(Respondent.picking_centre)
    nearest = await CentreDirectory(ctx.session).nearest(
        message.location.latitude, message.location.longitude, NEAREST
    )
    await message.answer(ctx.t("location-received"), reply_markup=ReplyKeyboardRemove())
    if not nearest:
        await message.answer(ctx.t("directory-empty"))
        return
    if nearest[0].km > ctx.settings.survey.nearest_max_km:
        await message.answer(
            ctx.t("location-far", km=round(nearest[0].km)), reply_markup=keyboards.picker(ctx.t)
        )
        return
    await message.answer(
        ctx.t("location-nearest") + "\n\n" + keyboards.centre_list(ctx.t, nearest),
        reply_markup=keyboards.centre_choice(ctx.t, nearest),
    )


@router.message(Respondent.sharing_location, F.text)
async def on_location_cancel(message: Message, ctx: Ctx) -> None:
    # The reply keyboard's "Cancel", or anything typed instead of a location.
    await ctx.state.set_state(Respondent.picking_centre)
    await message.answer(ctx.t("location-cancelled"), reply_markup=ReplyKeyboardRemove())
    await message.answer(ctx.t("pick-centre"), reply_markup=keyboards.picker(ctx.t))
