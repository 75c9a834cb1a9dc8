"""/invite (admins) and /roles (admins and experts): onboarding working groups and experts.

An invitation is a single-use deep link (`/start i_<token>`, redeemed by handlers/start.py)
valid for INVITE_DAYS. Every button re-checks the presser's powers: the callback data only
says which step or row was tapped.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from html import escape

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.context import Ctx
from bot.i18n import Translations
from bot.pager import page_slice
from bot.refusal import refusal_text
from bot.role_filter import EXPERT_OR_ADMIN, IS_ADMIN, refusal_router, role_router
from bot.role_menu import sync_role_menu
from handlers.evidence.texts import local_date, local_datetime
from handlers.team import keyboards as kb
from handlers.team.callbacks import InviteCb, RolesCb
from services.centres.directory import CentreDirectory
from services.centres.timezones import scope_timezone, utc_offset
from services.refusal import Refusal
from services.team.groups import ALL_REGIONS, RoleEntry, Team, invite_link
from services.team.people import People, shown_name
from services.team.roles import ADMIN, EXPERT, STAFF, Access, Roles
from services.users import Users

router = Router(name="admin")
admins = role_router("admin.invite", IS_ADMIN)  # /invite
listers = role_router("admin.roles", EXPERT_OR_ADMIN)  # /roles: admins and experts
log = logging.getLogger(__name__)
ROLES_PAGE = 10


async def _show(
    callback: CallbackQuery, ctx: Ctx, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    await ctx.show(
        text, markup, callback.message if isinstance(callback.message, Message) else None
    )


# --- /invite --------------------------------------------------------------------------------


@admins.message(Command("invite"))
async def on_invite(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("adm-invite-role"), reply_markup=kb.invite_roles(ctx.t))


@admins.callback_query(InviteCb.filter())
async def on_invite_step(
    callback: CallbackQuery, callback_data: InviteCb, ctx: Ctx, access: Access
) -> None:
    step, role = callback_data.step, callback_data.role
    directory = CentreDirectory(ctx.session)
    size = ctx.settings.survey.page_size
    if step == "cancel":
        await callback.answer()
        await _show(callback, ctx, ctx.t("adm-invite-cancelled"), None)
        return
    if step == "regions" and role in (STAFF, EXPERT):
        page = await directory.regions(callback_data.page, size)
        await callback.answer()
        await _show(
            callback, ctx, ctx.t(f"adm-pick-region-{role}"), kb.invite_regions(ctx.t, role, page)
        )
        return
    if step == "region" and role == STAFF:
        region = await directory.region(callback_data.code)
        if region is None:
            await callback.answer(ctx.t("adm-error-scope"), show_alert=True)
            return
        centres = await directory.centres(region.code, callback_data.page, size)
        await callback.answer()
        await _show(
            callback,
            ctx,
            ctx.t("adm-pick-centre", region=escape(region.name)),
            kb.invite_centres(ctx.t, region.code, centres),
        )
        return
    if step == "make":
        await _make_invitation(callback, callback_data, ctx, access)
        return
    await callback.answer(ctx.t("stale-button"), show_alert=True)


async def _make_invitation(
    callback: CallbackQuery, callback_data: InviteCb, ctx: Ctx, access: Access
) -> None:
    role = callback_data.role
    scope: str | None = callback_data.code
    if role == EXPERT and scope == ALL_REGIONS:
        scope = None
    days = ctx.settings.evidence.invite_days
    try:
        token, invitation = await Team(ctx.session).invite(
            access, role, scope, timedelta(days=days)
        )
    except Refusal as error:
        await callback.answer(refusal_text(ctx.t, error), show_alert=True)
        return
    await ctx.session.commit()
    await callback.answer()
    link = invite_link(ctx.settings.bot_username, token, site=ctx.settings.bot_site)
    # By the clock of the invited person's centre or region, as the news and evidence show.
    zone = await scope_timezone(ctx.session, role, scope)
    text = ctx.t(
        "adm-invite-ready",
        role=await role_label(ctx, role, scope),
        date=local_datetime(invitation.expires_at, zone),
        zone=utc_offset(invitation.expires_at, zone),
        days=days,
        link=escape(link),
    )
    await _show(callback, ctx, text, None)


async def role_label(ctx: Ctx, role: str, scope: str | None) -> str:
    directory = CentreDirectory(ctx.session)
    if role == STAFF and scope is not None:
        centre = await directory.get(scope)
        return ctx.t("adm-role-staff", scope=escape(centre.name if centre else scope))
    if role == EXPERT and scope is not None:
        region = await directory.region(scope)
        return ctx.t("adm-role-expert", scope=escape(region.name if region else scope))
    if role == EXPERT:
        return ctx.t("adm-role-expert-all")
    return ctx.t("adm-role-admin")


# --- /roles ---------------------------------------------------------------------------------


@listers.message(Command("roles"))
async def on_roles(message: Message, ctx: Ctx, access: Access) -> None:
    text, markup = await _roles_page(ctx, access, 0)
    await message.answer(text, reply_markup=markup)


async def _roles_page(
    ctx: Ctx, access: Access, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    entries = await Team(ctx.session).visible(access)
    if not entries:
        return ctx.t("adm-roles-empty"), None
    part = page_slice(entries, page, ROLES_PAGE)
    shown = part.numbered
    names = await People(ctx.session).names(entry.role.user_id for _, entry in shown)
    lines = []
    for n, entry in shown:
        zone = await scope_timezone(ctx.session, entry.role.role, entry.role.scope)
        lines.append(
            ctx.t(
                "adm-roles-line",
                n=n,
                role=_entry_label(ctx, entry),
                user_id=str(entry.role.user_id),
                user=shown_name(ctx.t, names.get(entry.role.user_id), entry.role.user_id),
                date=local_date(entry.role.granted_at, zone),
            )
        )
    text = ctx.t("adm-roles-title", count=len(entries)) + "\n\n" + "\n".join(lines)
    revocable = [(n, entry.role.id) for n, entry in shown if entry.revocable]
    if revocable:
        text += "\n\n" + ctx.t("adm-roles-hint")
    return text, kb.roles_list(ctx.t, revocable, part.page, part.pages)


def _entry_label(ctx: Ctx, entry: RoleEntry) -> str:
    role, scope = entry.role.role, entry.role.scope
    name = escape(entry.scope_name or scope or "")
    if role == STAFF:
        return ctx.t("adm-role-staff", scope=name)
    if role == EXPERT:
        return ctx.t("adm-role-expert", scope=name) if scope else ctx.t("adm-role-expert-all")
    if role == ADMIN:
        return ctx.t("adm-role-admin")
    return escape(role)


async def _resync_menu(ctx: Ctx, translations: Translations, user_id: int) -> None:
    """The revoked person's menu loses the role's commands (in their language)."""
    left = await Roles(ctx.session).access(user_id, ctx.settings.telegram.admin_ids)
    user = await Users(ctx.session, ctx.pseudonyms).get(user_id)
    t = translations.get(user.language if user else None)
    try:
        await sync_role_menu(ctx.bot, user_id, left, t)
    except TelegramAPIError as error:  # e.g. they never started the bot: nothing to clear
        log.info("menu of %s not updated: %s", user_id, error)


@listers.callback_query(RolesCb.filter())
async def on_roles_button(
    callback: CallbackQuery,
    callback_data: RolesCb,
    ctx: Ctx,
    access: Access,
    translations: Translations,
) -> None:
    team = Team(ctx.session)
    if callback_data.action == "ask":
        entry = next(
            (e for e in await team.visible(access) if e.role.id == callback_data.role_id), None
        )
        if entry is None or not entry.revocable:
            key = "adm-error-gone" if entry is None else "adm-error-forbidden"
            await callback.answer(ctx.t(key), show_alert=True)
            return
        await callback.answer()
        holder = entry.role.user_id
        user = shown_name(ctx.t, await People(ctx.session).name(holder), holder)
        text = ctx.t("adm-revoke-confirm", role=_entry_label(ctx, entry), user=user)
        await _show(
            callback, ctx, text, kb.revoke_confirm(ctx.t, entry.role.id, callback_data.page)
        )
        return
    if callback_data.action == "revoke":
        try:
            entry = await team.revoke(access, callback_data.role_id)
        except Refusal as error:
            await callback.answer(refusal_text(ctx.t, error), show_alert=True)
            return
        await ctx.session.commit()
        await callback.answer(ctx.t("adm-revoked"), show_alert=True)
        await _resync_menu(ctx, translations, entry.role.user_id)
    else:
        await callback.answer()
    text, listing = await _roles_page(ctx, access, callback_data.page)
    await _show(callback, ctx, text, listing)


router.include_routers(
    admins,
    refusal_router("admin.outsiders", "adm-not-admin", Command("invite"), buttons=(InviteCb,)),
    listers,
    refusal_router(
        "roles.outsiders", "adm-roles-not-allowed", Command("roles"), buttons=(RolesCb,)
    ),
)
