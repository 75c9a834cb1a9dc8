"""/practice_review for experts: the oldest pending practice of their regions as its card;
Accept (posted to the channel once), Return with a comment (the author edits and resends),
or Reject with a reason. services.practices.workflow re-checks region, author and state on
every press; the author is told in their own language."""

from __future__ import annotations

import logging
from html import escape

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.context import Ctx
from bot.i18n import Translations
from bot.sender import Sender
from handlers.practices import keyboards as kb
from handlers.practices import publish
from handlers.practices.callbacks import QueueCb, ReviewCb
from handlers.practices.common import card_text, drop_buttons, error_text, on, service
from handlers.practices.states import PracticeFlow
from services.practices.rules import ACCEPTED, MAX_COMMENT, REJECTED, RETURNED
from services.practices.workflow import may_review
from services.refusal import Refusal
from services.team.roles import Access
from services.users import Users
from storage.models import utcnow
from storage.models_practices import Practice

router = Router(name="practices.review")
log = logging.getLogger(__name__)
DECISION = {"accept": ACCEPTED, "return": RETURNED, "reject": REJECTED}


@router.message(Command("practice_review"))
async def on_queue(message: Message, ctx: Ctx, access: Access) -> None:
    if not may_review(access):
        await message.answer(ctx.t("practices-review-not-expert"))
        return
    await _next(ctx, access)


@router.callback_query(QueueCb.filter())
async def on_queue_button(callback: CallbackQuery, ctx: Ctx, access: Access) -> None:
    """The queue button under /my_index's count: the same as /practice_review."""
    if not may_review(access):
        await callback.answer(ctx.t("practices-error-forbidden"), show_alert=True)
        return
    await callback.answer()
    await _next(ctx, access)


async def _next(ctx: Ctx, access: Access) -> None:
    queue = await service(ctx).queue(access, limit=1)
    if not queue:
        await ctx.bot.send_message(ctx.chat_id, ctx.t("practices-review-empty"))
        return
    practice = queue[0]
    count = await service(ctx).queue_count(access)
    await ctx.bot.send_message(ctx.chat_id, ctx.t("practices-review-intro", count=count))
    await ctx.bot.send_message(
        ctx.chat_id, await card_text(ctx, practice), reply_markup=kb.review(ctx.t, practice.id)
    )


@router.callback_query(ReviewCb.filter())
async def on_decision(
    callback: CallbackQuery,
    callback_data: ReviewCb,
    ctx: Ctx,
    access: Access,
    sessionmaker: async_sessionmaker[AsyncSession],
    translations: Translations,
    sender: Sender,
) -> None:
    decision = DECISION.get(callback_data.action)
    if decision is None or not may_review(access):
        await callback.answer(ctx.t("practices-error-forbidden"), show_alert=True)
        return
    svc = service(ctx)
    try:
        if decision != ACCEPTED:
            await svc.reviewable(access, callback_data.p)  # refused now, not after the typing
            await callback.answer()
            await ctx.remember(PracticeFlow.comment, {"rv": callback_data.p, "d": decision})
            key = "practices-ask-return" if decision == RETURNED else "practices-ask-reject"
            await ctx.bot.send_message(ctx.chat_id, ctx.t(key, limit=MAX_COMMENT))
            return
        practice = await svc.decide(access, callback_data.p, ACCEPTED, None, utcnow())
    except Refusal as error:
        await ctx.session.rollback()
        await callback.answer(error_text(ctx.t, error), show_alert=True)
        if error.reason in ("decided", "gone"):
            await drop_buttons(on(callback))
        return
    await ctx.session.commit()
    await callback.answer(ctx.t("practices-accepted-alert"))
    await drop_buttons(on(callback))
    await _done(ctx, access, practice, translations)
    publish.start(
        bot=ctx.bot, sessionmaker=sessionmaker, settings=ctx.settings,
        translations=translations, practice_id=practice.id, sender=sender.bind(ctx.bot),
    )  # fmt: skip
    await _next(ctx, access)


@router.message(PracticeFlow.comment, F.text, ~F.text.startswith("/"))
async def on_comment(
    message: Message, ctx: Ctx, access: Access, translations: Translations
) -> None:
    data = await ctx.state.get_data()
    decision = str(data.get("d"))
    try:
        practice = await service(ctx).decide(
            access, int(data.get("rv", 0)), decision, message.text, utcnow()
        )
    except Refusal as error:
        await ctx.session.rollback()
        await message.answer(error_text(ctx.t, error))
        if error.reason not in ("too_long", "empty"):  # keep typing only if it can still work
            await ctx.state.clear()
        return
    await ctx.session.commit()
    await ctx.state.clear()
    await _done(ctx, access, practice, translations)
    await _next(ctx, access)


@router.message(PracticeFlow.comment)
async def on_comment_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("practices-error-text_expected"))


async def _done(ctx: Ctx, access: Access, practice: Practice, translations: Translations) -> None:
    title = escape(practice.title or "")
    await ctx.bot.send_message(
        ctx.chat_id, ctx.t(f"practices-decided-{practice.status}", title=title)
    )
    author = await Users(ctx.session, ctx.pseudonyms).get(practice.author_id)
    t = translations.get(author.language if author is not None else None)
    text = t(
        f"practices-notify-{practice.status}", title=title, comment=escape(practice.comment or "")
    )
    try:
        await ctx.bot.send_message(practice.author_id, text)
    except Exception:  # a blocked author must not undo the decision
        log.warning("could not tell the author of practice %s", practice.id)
