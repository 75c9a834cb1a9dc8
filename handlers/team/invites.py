"""/invites (admins): the invitations that can still be used, and revoking one.

An invitation link forwarded to the wrong person, or no longer wanted, is revoked here before
anyone uses it (services.team.roles `Invitations.revoke`, once, conditional on still unused);
the link then answers "this invitation was revoked". Any admin may revoke any invitation, and
every press re-checks that the presser is an admin: the button only names the row.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.context import Ctx
from bot.pager import page_slice
from bot.refusal import refusal_text
from bot.role_filter import IS_ADMIN, refusal_router, role_router
from handlers.team import keyboards as kb
from handlers.team.callbacks import InvitesCb
from handlers.team.router import role_label
from services.refusal import Refusal
from services.team.roles import Invitations

router = Router(name="invites")
admins = role_router("invites.admins", IS_ADMIN)
INVITES_PAGE = 10


@admins.message(Command("invites"))
async def on_invites(message: Message, ctx: Ctx) -> None:
    text, markup = await invites_page(ctx, 0)
    await message.answer(text, reply_markup=markup)


async def invites_page(ctx: Ctx, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    pending = await Invitations(ctx.session).pending()
    if not pending:
        return ctx.t("adm-invites-empty"), None
    part = page_slice(pending, page, INVITES_PAGE)
    lines = [
        ctx.t(
            "adm-invites-line",
            n=n,
            role=await role_label(ctx, invitation.role, invitation.scope),
            user=str(invitation.created_by),
            date=invitation.expires_at.strftime("%d.%m.%Y %H:%M"),
        )
        for n, invitation in part.numbered
    ]
    text = "\n\n".join(
        [
            ctx.t("adm-invites-title", count=len(pending)),
            "\n".join(lines),
            ctx.t("adm-invites-hint"),
        ]
    )
    shown = [(n, i.id) for n, i in part.numbered]
    return text, kb.invites_list(ctx.t, shown, part.page, part.pages)


@admins.callback_query(InvitesCb.filter())
async def on_invites_button(callback: CallbackQuery, callback_data: InvitesCb, ctx: Ctx) -> None:
    if callback_data.action == "revoke":
        try:
            await Invitations(ctx.session).revoke(callback_data.i, by=ctx.user_id)
        except Refusal as error:
            await callback.answer(refusal_text(ctx.t, error), show_alert=True)
        else:
            await ctx.session.commit()
            await callback.answer(ctx.t("adm-invite-revoked"), show_alert=True)
    elif callback_data.action == "page":
        await callback.answer()
    else:
        await callback.answer(ctx.t("stale-button"), show_alert=True)
        return
    text, markup = await invites_page(ctx, callback_data.page)
    await ctx.show(
        text, markup, callback.message if isinstance(callback.message, Message) else None
    )


router.include_routers(
    admins,
    refusal_router("invites.outsiders", "adm-not-admin", Command("invites"), buttons=(InvitesCb,)),
)
