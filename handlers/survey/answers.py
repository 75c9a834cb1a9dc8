"""The questionnaire: audience, answers, Back, comment, and the feedback opt-in."""

from __future__ import annotations

from contextlib import suppress
from functools import partial

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.edits import unless_unchanged
from bot.refusal import refusal_text
from handlers.survey.callbacks import AnswerCb, AudienceCb, BackCb, CommentSkipCb, NotifyCb
from handlers.survey.flow import finish, proceed, redraw, show_question, thank
from handlers.survey.private_chat import PRIVATE
from handlers.survey.states import Respondent
from services.centres.directory import CentreDirectory
from services.refusal import Refusal
from services.survey import AUDIENCES, Progress, Sheet, drawn_for_current
from services.team.roles import Access

router = Router(name="survey")
# The hot path (every answer is a callback) is checked before every other flow: the routers
# an update passes cost it more than their filters (bench/profile_answers.py, handlers/
# __init__.py). Outside a private chat nothing here matches: handlers/private_only.py answers.
router.callback_query.filter(F.message.chat.type == PRIVATE)
router.message.filter(F.chat.type == PRIVATE)


@router.callback_query(Respondent.audience, AudienceCb.filter(F.audience.in_(AUDIENCES)))
async def on_audience(callback: CallbackQuery, callback_data: AudienceCb, ctx: Ctx) -> None:
    await ctx.state.update_data(audience=callback_data.audience)
    await callback.answer()
    edit = callback.message.message_id if isinstance(callback.message, Message) else None
    await proceed(ctx, edit_message_id=edit)


async def _own_open(
    callback: CallbackQuery, ctx: Ctx, questionnaire_id: int, access: Access, drawn_for: int
) -> tuple[Sheet, Progress] | None:
    """The questionnaire behind a button, if it is this person's, unfinished and current, not
    about a centre whose working group they joined meanwhile, and the button was drawn for the
    question on screen now (`drawn_for`): a late or double tap on a keyboard the screen has
    moved on from changes nothing."""
    try:
        questionnaire, progress = await ctx.survey.own(questionnaire_id, ctx.key)
    except Refusal:
        await callback.answer(ctx.t("stale-button"), show_alert=True)
        return None
    if access.works_at(questionnaire.centre_code):
        await callback.answer(ctx.t("survey-own-centre-alert"), show_alert=True)
        return None
    data = await ctx.state.get_data()
    message = callback.message
    # The screen tapped is the conversation's own but shows a question it has moved past.
    behind = isinstance(message, Message) and data.get("mid") == message.message_id
    if questionnaire.completed_at is not None:
        await callback.answer(ctx.t("survey-already-finished"), show_alert=True)
        if (
            behind
            and isinstance(message, Message)
            and data.get("q") == questionnaire.id
            and await ctx.state.get_state() == Respondent.comment.state
        ):
            await redraw(ctx, questionnaire, -1, message.message_id)  # the comment prompt
        return None
    if data.get("q") != questionnaire.id or (
        isinstance(message, Message) and data.get("mid") not in (None, message.message_id)
    ):
        await callback.answer(ctx.t("stale-question"), show_alert=True)
        return None
    if not drawn_for_current(data, drawn_for):
        await callback.answer(ctx.t("question-passed"))
        if behind and isinstance(message, Message):
            await redraw(ctx, questionnaire, int(data["n"]), message.message_id, progress)
        return None
    return questionnaire, progress


@router.callback_query(AnswerCb.filter())
async def on_answer(
    callback: CallbackQuery, callback_data: AnswerCb, ctx: Ctx, access: Access
) -> None:
    found = await _own_open(callback, ctx, callback_data.q, access, callback_data.n)
    if found is None or not isinstance(callback.message, Message):
        return
    questionnaire, progress = found
    try:
        # Committed with the next screen's state, before the person sees either.
        progress = await ctx.survey.answer(
            questionnaire, callback_data.n, callback_data.v, progress=progress, commit=False
        )
    except Refusal:
        await callback.answer(ctx.t("stale-question"), show_alert=True)
        return
    acknowledge = partial(callback.answer, ctx.t("answer-saved"))
    following = progress.after(callback_data.n)
    mid = callback.message.message_id
    if following is None:
        await finish(ctx, questionnaire, mid, progress=progress, acknowledge=acknowledge)
    else:
        await show_question(
            ctx, questionnaire, progress, following, edit_message_id=mid, acknowledge=acknowledge
        )


@router.callback_query(BackCb.filter())
async def on_back(callback: CallbackQuery, callback_data: BackCb, ctx: Ctx, access: Access) -> None:
    # Back is drawn under question n + 1 and leads to n.
    found = await _own_open(callback, ctx, callback_data.q, access, callback_data.n + 1)
    if found is None or not isinstance(callback.message, Message):
        return
    questionnaire, progress = found
    if not 0 <= callback_data.n < progress.total:
        await callback.answer(ctx.t("stale-question"), show_alert=True)
        return
    await show_question(
        ctx,
        questionnaire,
        progress,
        callback_data.n,
        edit_message_id=callback.message.message_id,
        acknowledge=callback.answer,
    )


async def _commented(ctx: Ctx) -> Sheet | None:
    data = await ctx.state.get_data()
    if "q" not in data:
        return None
    try:
        questionnaire, _ = await ctx.survey.own(int(data["q"]), ctx.key)
    except Refusal:
        return None
    return questionnaire


# Commands are not comments: /checklist, /news… typed here reach their own flows.
@router.message(Respondent.comment, F.text, ~F.text.startswith("/"))
async def on_comment(message: Message, ctx: Ctx) -> None:
    questionnaire = await _commented(ctx)
    if questionnaire is None:
        await ctx.state.clear()
        return
    limit = ctx.settings.survey.comment_max_chars
    try:
        await ctx.survey.set_comment(questionnaire, message.text or "", limit)
    except Refusal as error:
        await message.answer(
            refusal_text(ctx.t, error, limit=limit, length=len(message.text or ""))
        )
        return
    await _drop_keyboard(ctx)
    await message.answer(ctx.t("comment-saved"))
    await thank(ctx, questionnaire)


@router.callback_query(CommentSkipCb.filter())
async def on_skip(callback: CallbackQuery, callback_data: CommentSkipCb, ctx: Ctx) -> None:
    questionnaire = await _commented(ctx)
    if questionnaire is None or questionnaire.id != callback_data.q:
        await callback.answer(ctx.t("stale-button"), show_alert=True)
        return
    await callback.answer()
    await _drop_keyboard(ctx)
    await thank(ctx, questionnaire)


async def _drop_keyboard(ctx: Ctx) -> None:
    mid = (await ctx.state.get_data()).get("mid")
    if mid is not None:
        # Already without buttons (a double tap) is fine: Telegram says "not modified".
        with suppress(TelegramBadRequest):
            await ctx.bot.edit_message_reply_markup(
                chat_id=ctx.chat_id, message_id=mid, reply_markup=None
            )


@router.callback_query(NotifyCb.filter())
async def on_notify(callback: CallbackQuery, callback_data: NotifyCb, ctx: Ctx) -> None:
    if await CentreDirectory(ctx.session).get(callback_data.centre) is None:
        await callback.answer(ctx.t("stale-button"), show_alert=True)
        return
    if not await ctx.users.may_subscribe(ctx.user_id, callback_data.centre):
        # A forged or foreign button: no consent, or no questionnaire for this centre.
        await callback.answer(ctx.t("notify-not-allowed"), show_alert=True)
        return
    await ctx.users.subscribe(ctx.user_id, callback_data.centre)
    await callback.answer(ctx.t("notify-on"), show_alert=True)
    if isinstance(callback.message, Message):
        with unless_unchanged():
            await callback.message.edit_reply_markup(reply_markup=None)
