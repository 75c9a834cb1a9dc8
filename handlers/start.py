"""/start (plain or from a QR code), consent, and the policy text."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.context import Ctx
from bot.edits import unless_unchanged
from bot.refusal import refusal_text
from bot.role_menu import role_names, sync_role_menu
from handlers.survey.callbacks import ConsentCb
from handlers.survey.flow import proceed
from handlers.survey.private_chat import CENTRE_LINK
from services.centres.directory import CentreDirectory
from services.refusal import Refusal
from services.stats.funnel import CONSENT_GIVEN, count_step
from services.team.people import Name, People
from services.team.roles import (
    EXPERT,
    INVITE_PREFIX,
    STAFF,
    Access,
    Invitations,
    Roles,
)

router = Router(name="start")


@router.message(CommandStart(deep_link=True, magic=F.args.startswith(INVITE_PREFIX)))
async def on_invitation(message: Message, command: CommandObject, ctx: Ctx) -> None:
    token = (command.args or "").removeprefix(INVITE_PREFIX)
    try:
        role = await Invitations(ctx.session).redeem(token, ctx.user_id)
    except Refusal as error:
        await message.answer(refusal_text(ctx.t, error))
        return
    await ctx.users.ensure(ctx.user_id)
    if message.from_user is not None:  # the name they had when they took up the role
        user = message.from_user
        name = Name.of(user.first_name, user.last_name, user.username)
        await People(ctx.session).remember(ctx.user_id, name, force=True)
    await ctx.session.commit()
    scope = role.scope or ""
    if role.role == STAFF:
        centre = await CentreDirectory(ctx.session).get(scope)
        scope = centre.name if centre else scope
    elif role.role == EXPERT and role.scope:
        region = await CentreDirectory(ctx.session).region(scope)
        scope = region.name if region else scope
    key = f"invite-granted-{role.role}"
    if role.role == EXPERT and not role.scope:
        key = "invite-granted-expert-all"
    await message.answer(ctx.t(key, scope=escape(scope)))
    access = await Roles(ctx.session).access(ctx.user_id, ctx.settings.telegram.admin_ids)
    await sync_role_menu(ctx.bot, ctx.chat_id, access, ctx.t)


@router.message(CommandStart())
async def on_start(message: Message, command: CommandObject, ctx: Ctx, access: Access) -> None:
    if role_names(access):  # e.g. an admin from ADMIN_IDS, who had no invitation
        await sync_role_menu(ctx.bot, ctx.chat_id, access, ctx.t)
    await ctx.state.set_state(None)
    await ctx.state.set_data({})
    if command.args:
        match = CENTRE_LINK.match(command.args)
        centre = await CentreDirectory(ctx.session).get(match.group(1)) if match else None
        if centre is None:
            await message.answer(ctx.t("start-bad-link"))
        else:
            await ctx.state.set_data({"centre": centre.code})
    else:
        await message.answer(ctx.t("welcome"))
    await proceed(ctx)


@router.callback_query(ConsentCb.filter(F.action == "policy"))
async def on_policy(callback: CallbackQuery, ctx: Ctx) -> None:
    survey = ctx.settings.survey
    await ctx.bot.send_message(
        ctx.chat_id,
        ctx.t(
            "policy-text",
            operator=survey.privacy_operator or ctx.t("policy-operator-unset"),
            contact=survey.privacy_contact,
            retention_days=survey.retention_days,
            ticket_days=ctx.settings.tickets.ticket_retention_days,
        ),
    )
    await callback.answer()


@router.callback_query(ConsentCb.filter())
async def on_consent(callback: CallbackQuery, callback_data: ConsentCb, ctx: Ctx) -> None:
    message = callback.message
    if callback_data.action == "yes":
        before = await ctx.users.get(ctx.user_id)
        await ctx.users.give_consent(ctx.user_id)
        if before is None or before.consent_at is None:  # a second tap is not a second person
            centre = (await ctx.state.get_data()).get("centre")
            await count_step(ctx.session, CONSENT_GIVEN, centre)
            await ctx.session.commit()
        if isinstance(message, Message):
            with unless_unchanged():
                await message.edit_text(ctx.t("consent-given"))
        await callback.answer()
        await proceed(ctx)
        return
    if callback_data.action != "no":
        await callback.answer(ctx.t("stale-button"), show_alert=True)
        return
    await ctx.state.clear()
    if isinstance(message, Message):
        with unless_unchanged():
            await message.edit_text(ctx.t("consent-refused"))
    await callback.answer()
