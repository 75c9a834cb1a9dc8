"""/stats for admins (the country) and experts (their regions): figures and two pictures.

The text has the questionnaires of today, this week and the rating window, the funnel, the
sample toward the 100 / 20 rule and the evidence waiting; the pictures show the funnel and the
centres furthest from the sample rule. Anyone else gets a polite "not for you".
"""

from __future__ import annotations

from aiogram import Router
from aiogram.enums import ChatAction
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message

from bot.context import Ctx
from handlers.stats.texts import funnel_picture_bars, sample_picture_bars, stats_text
from services.stats import FUNNEL_DAYS, build_report, scope_of
from services.team.roles import Access

router = Router(name="stats")


@router.message(Command("stats"))
async def on_stats(message: Message, ctx: Ctx, access: Access) -> None:
    scope = scope_of(access)
    if scope is None:
        await message.answer(ctx.t("stats-not-allowed"))
        return
    await ctx.bot.send_chat_action(ctx.chat_id, ChatAction.UPLOAD_PHOTO)
    report = await build_report(ctx.session, ctx.settings, scope)
    from charts.desk import render_bars  # matplotlib only once someone asks (charts.cards)

    await message.answer(stats_text(ctx.t, report, ctx.spec))
    funnel = render_bars(
        ctx.t("stats-chart-funnel-title"),
        ctx.t("stats-chart-funnel-subtitle", days=FUNNEL_DAYS),
        funnel_picture_bars(ctx.t, report),
    )
    await ctx.bot.send_photo(ctx.chat_id, BufferedInputFile(funnel, "funnel.png"))
    if report.furthest:
        sample = render_bars(
            ctx.t("stats-chart-sample-title"),
            ctx.t(
                "stats-chart-sample-subtitle",
                respondents=report.min_respondents,
                employers=report.min_employers,
                days=report.window_days,
            ),
            sample_picture_bars(ctx.t, report),
            goal=True,
        )
        await ctx.bot.send_photo(ctx.chat_id, BufferedInputFile(sample, "sample.png"))
