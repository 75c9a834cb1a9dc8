"""The respondent's path as steps: consent → centre → audience → questions → comment.

`proceed` looks at what is stored (consent, chosen centre, an unfinished questionnaire) and
shows the next step, so /start, a QR code, a restart and a return days later all land on
the right screen.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup

from bot.context import Ctx
from bot.edits import edit_or_send
from handlers.survey import keyboards
from handlers.survey.states import Respondent
from services import updates
from services.centres.directory import CentreDirectory
from services.stats.funnel import CONSENT_SHOWN, count_step
from services.survey import Progress, Sheet
from services.team.roles import Roles


async def proceed(ctx: Ctx, *, edit_message_id: int | None = None) -> None:
    data = await ctx.state.get_data()
    centre_code: str | None = data.get("centre")
    # Before consent: a working-group member scanning their own centre's code is told at once.
    if centre_code is not None and await Roles(ctx.session).works_at(ctx.user_id, centre_code):
        await refuse_own_centre(ctx, centre_code)
        return

    user = await ctx.users.get(ctx.user_id)
    if user is None or user.consent_at is None:
        await ctx.state.set_state(Respondent.consent)
        await count_step(ctx.session, CONSENT_SHOWN, centre_code)  # anonymous daily number
        await ctx.session.commit()
        await ctx.bot.send_message(
            ctx.chat_id,
            ctx.t("consent-text"),
            reply_markup=keyboards.consent(ctx.t),
        )
        return

    unfinished = await ctx.survey.open_for(ctx.key, centre_code)
    # One begun before its respondent joined the centre's working group is not resumed.
    if unfinished is not None and not await Roles(ctx.session).works_at(
        ctx.user_id, unfinished.centre_code
    ):
        await resume(ctx, unfinished)
        return

    if centre_code is None:
        await ctx.state.set_state(Respondent.picking_centre)
        await ctx.bot.send_message(
            ctx.chat_id, ctx.t("pick-centre"), reply_markup=keyboards.picker(ctx.t)
        )
        return

    centre = await CentreDirectory(ctx.session).get(centre_code)
    if centre is None:  # removed from the directory since it was chosen
        await ctx.state.set_data({})
        await proceed(ctx)
        return

    repeat_after = timedelta(days=ctx.settings.survey.repeat_after_days)
    allowed = await ctx.survey.next_allowed(ctx.key, centre.code, repeat_after)
    if allowed is not None:
        await ctx.state.clear()
        local = allowed.astimezone(ZoneInfo(centre.timezone))
        await ctx.bot.send_message(
            ctx.chat_id,
            ctx.t(
                "survey-too-soon",
                centre=escape(centre.name),
                date=local.strftime("%d.%m.%Y"),
                days=ctx.settings.survey.repeat_after_days,
            ),
        )
        return

    audience: str | None = data.get("audience")
    if audience is None:
        await ctx.state.set_state(Respondent.audience)
        await ctx.bot.send_message(
            ctx.chat_id,
            ctx.t("ask-audience", centre=escape(centre.name)),
            reply_markup=keyboards.audience(ctx.t),
        )
        return

    questionnaire = await ctx.survey.start(ctx.key, centre.code, audience)
    progress = await ctx.survey.progress(questionnaire)
    await show_question(ctx, questionnaire, progress, 0, edit_message_id=edit_message_id)


async def refuse_own_centre(ctx: Ctx, centre_code: str) -> None:
    """Staff do not rate their own centre; another centre they may."""
    name = await CentreDirectory(ctx.session).name(centre_code)
    await ctx.remember(Respondent.picking_centre, {})
    await ctx.bot.send_message(
        ctx.chat_id,
        ctx.t("survey-own-centre", centre=escape(name or centre_code)),
        reply_markup=keyboards.picker(ctx.t),
    )


async def resume(ctx: Ctx, questionnaire: Sheet) -> None:
    progress = await ctx.survey.progress(questionnaire)
    index = progress.first_unanswered
    if index is None:  # every answer is in: only the completion was missing
        await finish(ctx, questionnaire, None)
        return
    if index > 0:
        await ctx.bot.send_message(
            ctx.chat_id, ctx.t("survey-resumed", n=index + 1, total=progress.total)
        )
    await show_question(ctx, questionnaire, progress, index)


async def redraw(
    ctx: Ctx, questionnaire: Sheet, index: int, message_id: int, progress: Progress | None = None
) -> None:
    """Show the conversation's current screen again in `message_id`, where a tap on a screen
    the conversation has moved past came from.

    The process may have died after an answer's commit and before its edit
    (commit_and_show): the person still sees the answered screen, and its update is not
    replayed. A tap on it draws the current question (or the completion) there now; when it
    is already shown (a double tap) the edit is "not modified" and nothing changes.
    """
    if questionnaire.completed_at is not None:
        await finish(ctx, questionnaire, message_id)
        return
    progress = progress or await ctx.survey.progress(questionnaire)
    if 0 <= index < progress.total:
        await show_question(ctx, questionnaire, progress, index, edit_message_id=message_id)


# The callback answer of the tap that led here: sent once the step is durable.
Acknowledge = Callable[[], Awaitable[object]]


async def show_question(
    ctx: Ctx,
    questionnaire: Sheet,
    progress: Progress,
    index: int,
    *,
    edit_message_id: int | None = None,
    acknowledge: Acknowledge | None = None,
) -> None:
    question = progress.questions[index]
    centre = await CentreDirectory(ctx.session).name(questionnaire.centre_code)
    text = ctx.t(
        "question",
        centre=escape(centre or questionnaire.centre_code),
        n=index + 1,
        total=progress.total,
        text=ctx.t(question.text_key),
        hint=ctx.t("q-scale-hint"),
    )
    markup = keyboards.question(
        ctx.t,
        questionnaire.id,
        index,
        progress.answers.get(question.id),
        question.id in progress.answers,
    )
    state = {"q": questionnaire.id, "n": index, "centre": questionnaire.centre_code}
    await commit_and_show(
        ctx, Respondent.answering, state, text, markup, edit_message_id, acknowledge
    )


async def finish(
    ctx: Ctx,
    questionnaire: Sheet,
    edit_message_id: int | None,
    *,
    progress: Progress | None = None,
    acknowledge: Acknowledge | None = None,
) -> None:
    await ctx.survey.complete(questionnaire, progress, commit=False)
    text = ctx.t("survey-complete", limit=ctx.settings.survey.comment_max_chars)
    markup = keyboards.comment(ctx.t, questionnaire.id)
    await commit_and_show(
        ctx, Respondent.comment, {"q": questionnaire.id}, text, markup, edit_message_id, acknowledge
    )


async def commit_and_show(
    ctx: Ctx,
    state: State,
    data: dict[str, Any],
    text: str,
    markup: InlineKeyboardMarkup | None,
    edit_message_id: int | None,
    acknowledge: Acknowledge | None,
) -> None:
    """Durable first, then seen: the step's writes, the conversation state and the claim's
    finished mark in one commit, then the callback answer and the screen.

    An edit keeps the screen in the same message, so the state's "mid" is known before the
    call; only when the edit turns into a new message (deleted, too old) is the state
    written again with the new id.
    """
    if edit_message_id is not None:
        # The tapped screen stays on screen until the edit: if the process dies after this
        # commit, its buttons still work and a re-tap upserts the same answer, so the
        # update need not be replayed and its finished mark rides this commit.
        updates.finish_with_next_commit(ctx.session)
        await ctx.remember(state, {**data, "mid": edit_message_id})
    else:
        await ctx.session.commit()
    if acknowledge is not None:
        await acknowledge()
    message_id = await edit_or_send(ctx.bot, ctx.chat_id, edit_message_id, text, markup)
    if message_id != edit_message_id:
        await ctx.remember(state, {**data, "mid": message_id})


async def thank(ctx: Ctx, questionnaire: Sheet) -> None:
    """The last word: what happens with the answers, and an opt-in for news."""
    await ctx.state.clear()  # the questionnaire id must not linger next to the user id
    centre = await CentreDirectory(ctx.session).get(questionnaire.centre_code)
    await ctx.bot.send_message(
        ctx.chat_id,
        ctx.t("survey-thanks", centre=escape(centre.name if centre else questionnaire.centre_code)),
        reply_markup=keyboards.notify(ctx.t, questionnaire.centre_code),
    )
