"""/audit for admins: the latest entries of the audit log, filtered by person and by kind.

`/audit` shows the newest entries; the buttons filter by kind and by person and turn pages;
`/audit 555000111` filters by a person's Telegram id and `/audit role_revoked` by a kind.
📥 sends the whole log as Excel (services.exports, kind `audit`). Every press re-checks that
the presser is an admin.
"""

from __future__ import annotations

import json
from html import escape

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.context import Ctx
from bot.pager import pager_row
from charts.caption import shorten
from handlers.audit.callbacks import AuditCb
from handlers.evidence.texts import local_datetime
from handlers.exports.callbacks import ExportCb
from services import audit
from services.team.people import Name, People, shown_name
from services.team.roles import Access

router = Router(name="audit")
PAGE = 8  # entries per page: 8 long ones still fit 4,096 characters
DETAIL_CHARS = 160
PEOPLE_SHOWN = 20

Button = InlineKeyboardButton


def _filter(cb: AuditCb) -> audit.AuditFilter:
    kind = audit.KINDS[cb.k - 1] if 0 < cb.k <= len(audit.KINDS) else None
    return audit.AuditFilter(actor_id=cb.u or None, kind=kind)


async def audit_page(ctx: Ctx, cb: AuditCb) -> tuple[str, InlineKeyboardMarkup]:
    where = _filter(cb)
    total = await audit.count(ctx.session, where)
    pages = max(1, -(-total // PAGE))
    page = min(cb.p, pages - 1)
    entries = await audit.latest(ctx.session, where, limit=PAGE, offset=page * PAGE)
    names = await People(ctx.session).names(e.actor_id for e in entries if e.actor_id)
    tz = ctx.settings.digest.digest_timezone
    lines = [ctx.t("audit-title", count=total)]
    if where.kind is not None:
        lines.append(ctx.t("audit-filter-kind", kind=ctx.t(f"audit-kind-{where.kind}")))
    if where.actor_id is not None:
        who = shown_name(ctx.t, (await People(ctx.session).name(where.actor_id)), where.actor_id)
        lines.append(ctx.t("audit-filter-person", person=who))
    for entry in entries:
        if entry.actor_id is None:
            actor = ctx.t("audit-actor-cli")
        else:
            actor = shown_name(ctx.t, names.get(entry.actor_id), entry.actor_id)
        detail = (
            json.dumps(entry.detail, ensure_ascii=False, sort_keys=True) if entry.detail else ""
        )
        lines.append(
            ctx.t(
                "audit-line",
                at=local_datetime(entry.at, tz),
                actor=actor,
                kind=ctx.t(f"audit-kind-{entry.kind}") if entry.kind in audit.KINDS else entry.kind,
                object=escape(f"{entry.object_type} {entry.object_id}"),
                detail=escape(shorten(detail, DETAIL_CHARS)),
            )
        )
    if not entries:
        lines.append(ctx.t("audit-empty"))
    rows: list[list[Button]] = []
    nav = pager_row(ctx.t, page, pages, lambda p: AuditCb(a="show", k=cb.k, u=cb.u, p=p).pack())
    if nav:
        rows.append(nav)
    rows.append(
        [
            Button(text=ctx.t("audit-btn-kind"), callback_data=AuditCb(a="kinds", u=cb.u).pack()),
            Button(
                text=ctx.t("audit-btn-person"), callback_data=AuditCb(a="people", k=cb.k).pack()
            ),
        ]
    )
    if cb.k or cb.u:
        rows.append([Button(text=ctx.t("audit-btn-clear"), callback_data=AuditCb(a="show").pack())])
    rows.append(
        [Button(text=ctx.t("audit-btn-export"), callback_data=ExportCb(k="audit", f="xlsx").pack())]
    )
    return "\n\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def _kinds_markup(ctx: Ctx, cb: AuditCb) -> InlineKeyboardMarkup:
    rows = [
        [
            Button(
                text=ctx.t(f"audit-kind-{kind}"),
                callback_data=AuditCb(a="show", k=i, u=cb.u).pack(),
            )
        ]
        for i, kind in enumerate(audit.KINDS, start=1)
    ]
    rows.append(
        [Button(text=ctx.t("audit-any-kind"), callback_data=AuditCb(a="show", u=cb.u).pack())]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def _people_markup(ctx: Ctx, cb: AuditCb) -> InlineKeyboardMarkup:
    actors = (await audit.actors(ctx.session))[:PEOPLE_SHOWN]
    names = await People(ctx.session).names(actors)
    rows = [
        [
            Button(
                text=_person_label(names.get(uid), uid),
                callback_data=AuditCb(a="show", k=cb.k, u=uid).pack(),
            )
        ]
        for uid in actors
    ]
    rows.append(
        [Button(text=ctx.t("audit-anyone"), callback_data=AuditCb(a="show", k=cb.k).pack())]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _person_label(name: Name | None, uid: int) -> str:
    """A button: the name and the id, since two people may share a name."""
    if name is None or not name.known:
        return str(uid)
    return f"{shorten(name.plain(), 48)} · {uid}"


def _parse_args(args: str | None) -> AuditCb:
    cb = AuditCb(a="show")
    for word in (args or "").split():
        if word.isdigit() and 0 < int(word) <= 2**53:
            cb = AuditCb(a="show", k=cb.k, u=int(word))
        elif word in audit.KINDS:
            cb = AuditCb(a="show", k=audit.KINDS.index(word) + 1, u=cb.u)
    return cb


@router.message(Command("audit"))
async def on_audit(message: Message, command: CommandObject, ctx: Ctx, access: Access) -> None:
    if not access.admin:
        await message.answer(ctx.t("audit-not-admin"))
        return
    text, markup = await audit_page(ctx, _parse_args(command.args))
    await message.answer(text, reply_markup=markup)


@router.callback_query(AuditCb.filter())
async def on_audit_button(
    callback: CallbackQuery, callback_data: AuditCb, ctx: Ctx, access: Access
) -> None:
    if not access.admin:
        await callback.answer(ctx.t("audit-not-admin"), show_alert=True)
        return
    await callback.answer()
    on = callback.message if isinstance(callback.message, Message) else None
    if callback_data.a == "kinds":
        await ctx.show(ctx.t("audit-pick-kind"), _kinds_markup(ctx, callback_data), on)
    elif callback_data.a == "people":
        await ctx.show(ctx.t("audit-pick-person"), await _people_markup(ctx, callback_data), on)
    else:
        text, markup = await audit_page(ctx, callback_data)
        await ctx.show(text, markup, on)
