"""/my_index for staff and experts, and the reminders' opt-out button.

Staff see their centre; experts their regions with the centres ranked; experts of every region
and admins the country with the regions ranked. Each level: its star chart (this week against
last week), the index and the two sub-indices, the change, the sample toward 100 / 20 and the
three weakest indicators, all of one moment that the card states (the week's run, or now
before the first one), plus the questionnaires completed since the run; then the practice base
(handlers.digest.my_practices). Anyone else gets a polite "not for you".
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from datetime import datetime
from html import escape

from aiogram import F, Router
from aiogram.enums import ChatAction, ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.context import Ctx
from bot.i18n import Translator
from charts import render_star, visible_length
from charts.caption import (
    CAPTION_LIMIT,
    delta_sign,
    fmt_date,
    fmt_delta,
    fmt_index,
    fmt_percent,
    fmt_week,
)
from handlers.digest.keyboards import card_markup, centre_tools, swap_rows
from handlers.digest.my_practices import send_practices
from handlers.digest.nudges import NudgeCb, nudge_markup, set_nudges
from handlers.profiles.summary import toolkit_text
from services.comments import comment_count, comments_window
from services.index.my_index import CHILD_LEVEL, LevelCard, level_cards, star_translator
from services.index.ratings import COUNTRY
from services.team.roles import Access
from storage.models import utcnow

router = Router(name="my_index")

MAX_CARDS = 6  # levels per /my_index; more are summarised in one line
MAX_CHILDREN = 30  # ranked centres or regions listed under a level
BAR = 10  # cells of the sample progress bar


def targets_of(access: Access) -> list[tuple[str, str]]:
    targets = [("centre", code) for code in sorted(access.staff_centres)]
    if access.expert_everywhere or access.admin:
        targets.append(("country", COUNTRY))
    targets += [("region", code) for code in sorted(access.expert_regions)]
    return targets


def _bar(done: int, goal: int) -> str:
    share = 1.0 if goal <= 0 else min(1.0, done / goal)
    full = round(share * BAR)
    return "▰" * full + "▱" * (BAR - full)


def _change(t: Translator, delta: float | None) -> str:
    return "" if delta_sign(delta) == 0 else " " + fmt_delta(t, delta)


def tz_label(t: Translator, moment: datetime) -> str:
    abbr = moment.tzname() or "UTC"
    if abbr[:1] in ("+", "-"):  # zones without an abbreviation: "+05"
        abbr = "UTC" + abbr
    return t("mi-tz", abbr=abbr)


def moment_line(t: Translator, card: LevelCard) -> str:
    """The moment the card describes: the week and time of its run, or now."""
    moment = card.moment
    args = {
        "date": fmt_date(t, moment.date()),
        "time": f"{moment:%H:%M}",
        "tz": tz_label(t, moment),
    }
    if card.snapshot is not None and card.week is not None:
        return t("mi-as-of-run", week=fmt_week(t, card.week), **args)
    return t("mi-as-of-now", **args)


def interval_line(t: Translator, low: float | None, high: float | None, level: float) -> str:
    """The card's interval line ('95 % interval: 6.10 – 6.70', METHODOLOGY §8) or why none."""
    percent = round(level * 100)
    if low is None or high is None:
        return t("interval-my-index-undefined", percent=percent)
    return t("interval-my-index", percent=percent, low=fmt_index(t, low), high=fmt_index(t, high))


def card_text(t: Translator, card: LevelCard) -> str:
    """The level's figures in Telegram HTML (names escaped), all of the card's moment."""
    lines = [t(f"mi-title-{card.level}", name=escape(card.name, quote=False)), moment_line(t, card)]
    s = card.snapshot
    official = "yes" if card.official else "no"
    if s is None:
        lines.append(t("mi-no-index"))
    else:
        if card.delta is None:
            change = t("mi-no-prev")
        else:
            change = t("mi-change", delta=fmt_delta(t, card.delta))
        if s.index is None:  # not «нет данных из 10», and no status of a missing index
            lines.append(t("mi-index-none"))
        else:
            lines.append(
                t("mi-index", index=fmt_index(t, s.index), change=change, official=official)
            )
            if card.interval is not None:
                lines.append(interval_line(t, *card.interval))
            lines.append(t("mi-status", official=official))
            lines.append(
                t(
                    "mi-subindices",
                    seeker=fmt_index(t, s.index_seeker),
                    employer=fmt_index(t, s.index_employer),
                )
            )

    need_r = max(0, card.min_respondents - card.respondents)
    need_e = max(0, card.min_employers - card.employers)
    lines += [
        "",
        t(
            "mi-sample-title",
            days=card.window_days,
            min_respondents=card.min_respondents,
            min_employers=card.min_employers,
        ),
        t(
            "mi-sample-all",
            bar=_bar(card.respondents, card.min_respondents),
            count=card.respondents,
            goal=card.min_respondents,
        ),
        t(
            "mi-sample-employers",
            bar=_bar(card.employers, card.min_employers),
            count=card.employers,
            goal=card.min_employers,
        ),
        t("mi-sample-done")
        if need_r == need_e == 0
        else t("mi-sample-need", respondents=need_r, employers=need_e),
    ]
    if card.since_respondents is not None:
        lines.append(
            t("mi-since", count=card.since_respondents, employers=card.since_employers or 0)
            if card.since_respondents
            else t("mi-since-none")
        )

    if card.weakest:
        lines += ["", t("mi-weakest-title", official=official)]
        for rank, (code, share) in enumerate(card.weakest, start=1):
            name = escape(t(f"indicator-{code}"), quote=False)
            lines.append(t("mi-weakest-row", rank=rank, name=name, percent=fmt_percent(t, share)))

    child_level = CHILD_LEVEL.get(card.level)
    if card.children and child_level is not None:
        lines += ["", t(f"mi-children-{child_level}", count=len(card.children))]
        rank = 0
        for child in card.children[:MAX_CHILDREN]:
            name = escape(child.name, quote=False)
            if child.index is None:
                lines.append(t("mi-child-nodata", name=name))
            elif child.official:
                rank += 1
                lines.append(
                    t(
                        "mi-child-row",
                        rank=rank,
                        name=name,
                        index=fmt_index(t, child.index),
                        change=_change(t, child.delta),
                    )
                )
            else:
                lines.append(
                    t(
                        "mi-child-preliminary",
                        name=name,
                        index=fmt_index(t, child.index),
                        change=_change(t, child.delta),
                    )
                )
        if len(card.children) > MAX_CHILDREN:
            lines.append(t("mi-more", count=len(card.children) - MAX_CHILDREN))

    if card.snapshot is not None and card.run is not None:
        lines += ["", t("mi-updated", methodology=escape(card.run.methodology, quote=False))]
    return "\n".join(lines)


async def _send_card(ctx: Ctx, card: LevelCard, markup: InlineKeyboardMarkup | None) -> None:
    text = card_text(ctx.t, card)
    digest = card.digest()
    if digest is None:
        await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)
        return
    await ctx.bot.send_chat_action(ctx.chat_id, ChatAction.UPLOAD_PHOTO)
    png = await asyncio.to_thread(render_star, digest, star_translator(ctx.t, card))
    photo = BufferedInputFile(png, filename=f"star-{card.code}.png")
    if visible_length(text) <= CAPTION_LIMIT:
        await ctx.bot.send_photo(ctx.chat_id, photo, caption=text, reply_markup=markup)
        return
    await ctx.bot.send_photo(ctx.chat_id, photo)
    await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)


# Private chats only: a centre's figures are not for a group the bot happens to be in.
@router.message(Command("my_index"), F.chat.type == ChatType.PRIVATE)
async def on_my_index(message: Message, ctx: Ctx, access: Access) -> None:
    targets = targets_of(access)
    if not targets:
        await message.answer(ctx.t("mi-only-staff"))
        return
    cards = await level_cards(
        ctx.session,
        ctx.settings,
        targets[:MAX_CARDS],
        now=utcnow(),
        country_name=ctx.t("digest-country"),
    )
    markup = None
    if access.is_staff:
        user = await ctx.users.get(ctx.user_id)
        markup = nudge_markup(ctx.t, off=bool(user and user.nudges_off))
    more = len(targets) - MAX_CARDS
    if not cards:
        await message.answer(ctx.t("mi-nothing"), reply_markup=markup)
        return
    window = comments_window(ctx.settings, utcnow())
    for number, card in enumerate(cards):
        last = number == len(cards) - 1 and more <= 0
        rows = []
        if card.level == "centre" and access.works_at(card.code):
            count = await comment_count(ctx.session, card.code, window)
            rows.append(centre_tools(ctx.t, card.code, count))
        await _send_card(ctx, card, card_markup(rows, markup if last else None))
    if more > 0:
        await message.answer(ctx.t("mi-more-levels", count=more), reply_markup=markup)
    # The practice base: the centre's practices for staff, the review queue for experts.
    await send_practices(ctx, access)
    # The experts' regions: client-group profiles against the target, the pilot's roadmap.
    toolkit = await toolkit_text(ctx.session, ctx.t, access.expert_regions, utcnow())
    if toolkit:
        await message.answer(toolkit)


@router.callback_query(NudgeCb.filter())
async def on_nudges(callback: CallbackQuery, callback_data: NudgeCb, ctx: Ctx) -> None:
    on = callback_data.on
    if not await set_nudges(ctx.session, ctx.pseudonyms, ctx.user_id, on=on, now=utcnow()):
        await callback.answer(ctx.t("stale-button"), show_alert=True)  # reminders go to staff
        return
    done = ctx.t("mi-nudges-on-done" if on else "mi-nudges-off-done")
    await callback.answer(done, show_alert=True)
    if isinstance(callback.message, Message):
        # Only the switch changes: the comments and poster buttons of the card stay.
        prefix = NudgeCb.__prefix__ + NudgeCb.__separator__
        markup = swap_rows(callback.message.reply_markup, prefix, nudge_markup(ctx.t, off=not on))
        # Unchanged or too old to edit: the setting is saved anyway.
        with suppress(TelegramBadRequest):
            await callback.message.edit_reply_markup(reply_markup=markup)
