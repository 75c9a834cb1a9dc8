"""/tickets (open tickets, the share answered on time and the mean rating per centre) and
/templates (a centre's reply templates; region-wide ones for the region's experts)."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy import select

from bot.context import Ctx
from charts.caption import shorten
from handlers.tickets import keyboards as kb
from handlers.tickets.callbacks import TplCb
from handlers.tickets.common import error_text
from handlers.tickets.states import TicketFlow
from services.centres.directory import CentreDirectory
from services.refusal import Refusal
from services.team.roles import Access
from services.tickets import sla
from services.tickets.rules import may_handle
from services.tickets.templates import CENTRE, REGION, Templates, clean_template, may_edit
from storage.models import Centre, utcnow
from storage.models_tickets import Ticket

router = Router(name="tickets_manage")
MAX_CENTRES = 30
MAX_OPEN = 15
PREVIEW = 100  # 30 templates of a scope fit one message


async def _centres(ctx: Ctx, access: Access) -> list[str]:
    if access.admin or access.expert_everywhere:
        found = await ctx.session.scalars(select(Ticket.centre_code).distinct())
        codes = set(found) | set(access.staff_centres)
    else:
        codes = set(access.staff_centres)
        if access.expert_regions:
            rows = await ctx.session.scalars(
                select(Centre.code).where(Centre.region_code.in_(sorted(access.expert_regions)))
            )
            codes |= set(rows)
    return sorted(codes)


@router.message(Command("tickets"))
async def on_tickets(message: Message, ctx: Ctx, access: Access) -> None:
    if not (access.is_staff or access.is_expert or access.admin):
        await message.answer(ctx.t("tickets-not-staff"))
        return
    codes = await _centres(ctx, access)
    now = utcnow()
    days = ctx.settings.scoring.rating_window_days
    rows = await sla.figures(ctx.session, codes, now - timedelta(days=days), now)
    busy = [f for f in rows if f.open or f.answered or f.rated or access.works_at(f.centre_code)]
    lines = [ctx.t("tickets-view-title", days=days)]
    directory = CentreDirectory(ctx.session)
    for f in busy[:MAX_CENTRES]:
        name = await directory.name(f.centre_code) or f.centre_code
        share = f.on_time_share
        rating = f.mean_rating
        lines.append(
            ctx.t(
                "tickets-view-centre",
                name=escape(name),
                open=f.open,
                overdue=f.overdue,
                answered=f.answered,
                ontime=f.on_time,
                share=ctx.t.number(100 * share, 0) if share is not None else "—",
                rating=ctx.t.number(rating, 1) if rating is not None else "—",
                rated=f.rated,
            )
        )
    if not busy:
        lines.append(ctx.t("tickets-view-none"))
    elif len(busy) > MAX_CENTRES:
        lines.append(ctx.t("tickets-view-more", count=len(busy) - MAX_CENTRES))
    waiting = [
        t for t in await sla.open_tickets(ctx.session, codes, MAX_OPEN) if may_handle(access, t)
    ]
    if waiting:
        lines += ["", ctx.t("tickets-view-open", count=len(waiting))]
    await message.answer("\n".join(lines), reply_markup=kb.open_list([t.id for t in waiting]))


# --- /templates -------------------------------------------------------------------------------


async def _scopes(ctx: Ctx, access: Access) -> list[tuple[str, str, str]]:
    directory = CentreDirectory(ctx.session)
    out = []
    for code in sorted(access.staff_centres):
        out.append((CENTRE, code, await directory.name(code) or code))
    for code in sorted(access.expert_regions):
        region = await directory.region(code)
        out.append(
            (REGION, code, ctx.t("tickets-tpl-region", region=region.name if region else code))
        )
    return out


@router.message(Command("templates"))
async def on_templates(message: Message, ctx: Ctx, access: Access) -> None:
    scopes = await _scopes(ctx, access)
    if not scopes:
        await message.answer(ctx.t("tickets-templates-not-allowed"))
        return
    if len(scopes) > 1:
        await message.answer(ctx.t("tickets-tpl-pick"), reply_markup=kb.scopes(ctx.t, scopes))
        return
    kind, code, label = scopes[0]
    await _show_list(ctx, kind, code, label)


async def _label(ctx: Ctx, kind: str, code: str) -> str:
    directory = CentreDirectory(ctx.session)
    if kind == CENTRE:
        return await directory.name(code) or code
    region = await directory.region(code)
    return ctx.t("tickets-tpl-region", region=region.name if region else code)


async def _show_list(ctx: Ctx, kind: str, code: str, label: str) -> None:
    templates = await Templates(ctx.session).of_scope(kind, code)
    lines = [ctx.t("tickets-tpl-title", scope=escape(label), count=len(templates))]
    for n, template in enumerate(templates, start=1):
        lines.append(f"{n}. {escape(shorten(template.text, PREVIEW))}")
    markup = kb.template_list(ctx.t, kind, code, templates)
    await ctx.bot.send_message(ctx.chat_id, "\n".join(lines), reply_markup=markup)


@router.callback_query(TplCb.filter())
async def on_template_button(
    callback: CallbackQuery, callback_data: TplCb, ctx: Ctx, access: Access
) -> None:
    kind, code = callback_data.k, callback_data.c
    if not may_edit(access, kind, code):
        await callback.answer(ctx.t("tickets-error-forbidden"), show_alert=True)
        return
    templates = Templates(ctx.session)
    action = callback_data.action
    try:
        if action == "del":
            await templates.remove(access, callback_data.i)
            await ctx.session.commit()
            await callback.answer(ctx.t("tickets-tpl-removed"))
            await _show_list(ctx, kind, code, await _label(ctx, kind, code))
            return
        current = None
        if action == "edit":
            current = (await templates.editable(access, callback_data.i)).text
    except Refusal as error:
        await callback.answer(error_text(ctx, error), show_alert=True)
        return
    await callback.answer()
    if action == "open":
        await _show_list(ctx, kind, code, await _label(ctx, kind, code))
        return
    limit = ctx.settings.tickets.ticket_answer_max_chars
    text = ctx.t("tickets-tpl-prompt", limit=limit)
    if current is not None:
        text += "\n\n" + ctx.t("tickets-tpl-current") + " " + escape(current)
    await ctx.bot.send_message(ctx.chat_id, text)
    await ctx.state.set_state(TicketFlow.template)
    await ctx.state.set_data({"tpl_k": kind, "tpl_c": code, "tpl_i": callback_data.i})


@router.message(TicketFlow.template, F.text, ~F.text.startswith("/"))
async def on_template_text(message: Message, ctx: Ctx, access: Access) -> None:
    data = await ctx.state.get_data()
    kind, code, template_id = (
        str(data.get("tpl_k")),
        str(data.get("tpl_c")),
        int(data.get("tpl_i") or 0),
    )
    templates = Templates(ctx.session)
    try:
        text = clean_template(message.text, ctx.settings.tickets.ticket_answer_max_chars)
        if template_id:
            await templates.edit(access, template_id, text)
        else:
            await templates.add(access, kind, code, text)
    except Refusal as error:
        await message.answer(error_text(ctx, error))
        if error.reason in ("forbidden", "template_gone", "templates_full"):
            await ctx.state.clear()
        return
    await ctx.session.commit()
    await ctx.state.clear()
    await message.answer(ctx.t("tickets-tpl-saved"))
    await _show_list(ctx, kind, code, await _label(ctx, kind, code))


@router.message(TicketFlow.template, ~F.text.startswith("/"))
async def on_template_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("tickets-error-answer_empty"))
