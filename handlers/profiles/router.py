"""/profiles for working groups: the region's client-group profiles (seed 002), each with its
age, a new one from the template of its kind, the portrait card on save, edit, refresh.

/profiles → the region (buttons if the person belongs to several) → the list "N of 10" with
each profile's age → a profile's card, or New → kind → the name → the template's fields one by
one (text, a list one item per line, or a choice), each skippable; Save at any point after the
name. The draft is the FSM data (persisted), so it survives a restart; /profiles offers it back.

Thin: the rules are in services.profiles; every button is re-checked against the presser's
Access there.
"""

from __future__ import annotations

import asyncio
from html import escape
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.context import Ctx
from bot.text_limit import EVERY_MESSENGER
from handlers.profiles import keyboards as kb
from handlers.profiles.callbacks import ProfilesCb, ProfileStepCb
from handlers.profiles.common import age_text, drop_buttons, error_text, on
from handlers.profiles.states import ProfileFlow
from services.centres.timezones import region_timezone
from services.practices.library import linked_counts
from services.profiles.card import portrait_png
from services.profiles.rules import (
    NAME_MAX,
    TARGET,
    Profiles,
    clean_name,
    clean_value,
    shown_value,
)
from services.profiles.template import CHOICE, KINDS, LINES, load_template
from services.refusal import Refusal
from services.team.roles import Access
from storage.models import utcnow
from storage.models_profiles import ClientProfile

router = Router(name="profiles")
DRAFT = "pf"  # FSM data: the draft
TEXT_MAX = EVERY_MESSENGER
CURRENT_MAX = 800


async def _draft(ctx: Ctx) -> dict[str, Any] | None:
    if await ctx.state.get_state() != ProfileFlow.writing.state:
        return None
    draft = (await ctx.state.get_data()).get(DRAFT)
    return draft if isinstance(draft, dict) else None


# --- the list and the card ------------------------------------------------------------------


@router.message(Command("profiles"))
async def on_profiles(message: Message, ctx: Ctx, access: Access, command: CommandObject) -> None:
    service = Profiles(ctx.session)
    regions = await service.readable_regions(access)
    if not regions:
        await message.answer(ctx.t("profiles-not-allowed"))
        return
    draft = await _draft(ctx)
    if draft is not None:
        name = escape(str(draft.get("name") or "…"))
        await message.answer(
            ctx.t("profiles-draft-waiting", name=name), reply_markup=kb.draft(ctx.t)
        )
    wanted = (command.args or "").strip()
    chosen = [r for r in regions if r.code == wanted] if wanted else regions
    if len(chosen) == 1:
        await _send_list(ctx, access, chosen[0].code, None)
        return
    await message.answer(ctx.t("profiles-pick-region"), reply_markup=kb.regions(regions))


async def _send_list(ctx: Ctx, access: Access, region_code: str, on: Message | None) -> None:
    service = Profiles(ctx.session)
    try:
        region = await service.region(access, region_code)
    except Refusal as error:
        await ctx.show(error_text(ctx.t, error), None, on)
        return
    profiles = await service.listing(region.code)
    linked = await linked_counts(ctx.session, [p.id for p in profiles])
    writable = region.code in await service.writable_regions(access)
    lines = [
        ctx.t("profiles-list-title", region=escape(region.name), count=len(profiles), target=TARGET)
    ]
    for n, profile in enumerate(profiles, 1):
        lines.append(
            ctx.t(
                "profiles-item",
                n=n,
                name=escape(profile.name),
                kind=ctx.t(kb.KIND_KEYS[profile.kind]),
                age=age_text(ctx.t, profile),
            )
            + (f" · 📚 {linked[profile.id]}" if linked.get(profile.id) else "")
        )
    if not profiles:
        lines.append(ctx.t("profiles-list-empty"))
    if writable:
        lines.append("")
        lines.append(ctx.t("profiles-list-hint"))
    text = "\n".join(lines)
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - 1] + "…"
    await ctx.show(text, kb.listing(ctx.t, region.code, profiles, writable=writable), on)


async def send_card(ctx: Ctx, access: Access, profile: ClientProfile, intro: str | None) -> None:
    service = Profiles(ctx.session)
    region = await service.region(access, profile.region_code)
    zone = await region_timezone(ctx.session, region.code)
    png = await asyncio.to_thread(portrait_png, profile, region.name, zone)
    caption = ctx.t(
        "profiles-card-caption",
        name=escape(profile.name),
        region=escape(region.name),
        kind=ctx.t(kb.KIND_KEYS[profile.kind]),
        age=age_text(ctx.t, profile),
    )
    practices = (await linked_counts(ctx.session, [profile.id])).get(profile.id, 0)
    if practices:
        caption += "\n" + ctx.t("profiles-practices", count=practices)
    if intro:
        caption = f"{intro}\n\n{caption}"
    writable = region.code in await service.writable_regions(access)
    await ctx.bot.send_photo(
        ctx.chat_id,
        BufferedInputFile(png, filename=f"profile-{profile.id}.png"),
        caption=caption[:1024],
        reply_markup=kb.card(ctx.t, profile, writable=writable, practices=practices),
    )


@router.callback_query(ProfilesCb.filter(F.a == "region"))
async def on_region(
    callback: CallbackQuery, callback_data: ProfilesCb, ctx: Ctx, access: Access
) -> None:
    if not await Profiles(ctx.session).may_read(access, callback_data.r):
        await callback.answer(ctx.t("profiles-error-forbidden"), show_alert=True)
        return
    await callback.answer()
    await _send_list(ctx, access, callback_data.r, on(callback))


@router.callback_query(ProfilesCb.filter(F.a == "open"))
async def on_open(
    callback: CallbackQuery, callback_data: ProfilesCb, ctx: Ctx, access: Access
) -> None:
    try:
        profile = await Profiles(ctx.session).readable(access, callback_data.p)
    except Refusal as error:
        await callback.answer(error_text(ctx.t, error), show_alert=True)
        return
    await callback.answer()
    await send_card(ctx, access, profile, None)


# --- writing a profile ------------------------------------------------------------------------


async def _may_write(ctx: Ctx, access: Access, region_code: str) -> bool:
    return region_code in await Profiles(ctx.session).writable_regions(access)


@router.callback_query(ProfilesCb.filter(F.a == "new"))
async def on_new(
    callback: CallbackQuery, callback_data: ProfilesCb, ctx: Ctx, access: Access
) -> None:
    if not await _may_write(ctx, access, callback_data.r):
        await callback.answer(ctx.t("profiles-error-forbidden"), show_alert=True)
        return
    await callback.answer()
    await ctx.bot.send_message(
        ctx.chat_id, ctx.t("profiles-pick-kind"), reply_markup=kb.kinds(ctx.t, callback_data.r)
    )


@router.callback_query(ProfilesCb.filter(F.a == "kind"))
async def on_kind(
    callback: CallbackQuery, callback_data: ProfilesCb, ctx: Ctx, access: Access
) -> None:
    if callback_data.k not in KINDS or not await _may_write(ctx, access, callback_data.r):
        await callback.answer(ctx.t("profiles-error-forbidden"), show_alert=True)
        return
    await callback.answer()
    old = await _draft(ctx)
    if old is not None:
        await drop_buttons(ctx, old.get("prompt"))
    draft: dict[str, Any] = {
        "region": callback_data.r, "kind": callback_data.k, "id": None, "name": "",
        "fields": {}, "step": 0, "prompt": None,
    }  # fmt: skip
    await _prompt(ctx, draft)


@router.callback_query(ProfilesCb.filter(F.a == "edit"))
async def on_edit(
    callback: CallbackQuery, callback_data: ProfilesCb, ctx: Ctx, access: Access
) -> None:
    try:
        profile = await Profiles(ctx.session).readable(access, callback_data.p)
    except Refusal as error:
        await callback.answer(error_text(ctx.t, error), show_alert=True)
        return
    if not await _may_write(ctx, access, profile.region_code):
        await callback.answer(ctx.t("profiles-error-forbidden"), show_alert=True)
        return
    await callback.answer()
    draft: dict[str, Any] = {"region": profile.region_code, "kind": profile.kind, "id": profile.id,
             "name": profile.name, "fields": dict(profile.fields or {}), "step": 0,
             "prompt": None}  # fmt: skip
    await _prompt(ctx, draft)


@router.callback_query(ProfilesCb.filter(F.a.in_({"resume", "discard"})))
async def on_draft_button(callback: CallbackQuery, callback_data: ProfilesCb, ctx: Ctx) -> None:
    draft = await _draft(ctx)
    message = callback.message if isinstance(callback.message, Message) else None
    if draft is None:
        await callback.answer(ctx.t("profiles-error-stale"), show_alert=True)
        if message is not None:
            await drop_buttons(ctx, message.message_id)
        return
    await callback.answer()
    if callback_data.a == "resume":
        await _prompt(ctx, draft)
        return
    await drop_buttons(ctx, draft.get("prompt"))
    await ctx.state.clear()
    await ctx.show(ctx.t("profiles-draft-discarded"), None, message)


async def _prompt(ctx: Ctx, draft: dict[str, Any]) -> None:
    """Ask for the draft's current step (a new message; the previous one loses its buttons)."""
    template = load_template(str(draft["kind"]))
    n = int(draft["step"])
    total = len(template.fields)
    fields: dict[str, Any] = draft["fields"]
    if n == 0:
        field = None
        text = ctx.t("profiles-ask-name", kind=ctx.t(kb.KIND_KEYS[template.kind]), limit=NAME_MAX)
        current = str(draft.get("name") or "")
    else:
        field = template.fields[n - 1]
        text = ctx.t(
            "profiles-ask-field",
            step=n,
            total=total,
            section=escape(field.section(ctx.t.language)),
            label=escape(field.label(ctx.t.language)),
        )
        if field.type == LINES:
            text += "\n" + ctx.t(
                "profiles-hint-lines", items=field.max_items, limit=field.max_chars
            )
        elif field.type == CHOICE:
            text += "\n" + ctx.t("profiles-hint-choice")
        else:
            text += "\n" + ctx.t("profiles-hint-text", limit=field.max_chars)
        value = fields.get(field.id)
        current = shown_value(field, value, ctx.t.language) if value not in (None, "", []) else ""
    if current:
        if len(current) > CURRENT_MAX:
            current = current[: CURRENT_MAX - 1] + "…"
        text += "\n\n" + ctx.t("profiles-current", value=escape(current))
    markup = kb.step(ctx.t, n, field, has_value=bool(current), can_save=bool(draft.get("name")))
    await drop_buttons(ctx, draft.get("prompt"))
    sent = await ctx.bot.send_message(ctx.chat_id, text, reply_markup=markup)
    draft["prompt"] = sent.message_id
    await ctx.remember(ProfileFlow.writing, {DRAFT: draft})


async def _advance(ctx: Ctx, access: Access, draft: dict[str, Any]) -> None:
    draft["step"] = int(draft["step"]) + 1
    if draft["step"] > len(load_template(str(draft["kind"])).fields):
        await _finish(ctx, access, draft)
    else:
        await _prompt(ctx, draft)


async def _finish(ctx: Ctx, access: Access, draft: dict[str, Any]) -> None:
    try:
        profile = await Profiles(ctx.session).save(
            access,
            region_code=str(draft["region"]),
            kind=str(draft["kind"]),
            name=str(draft["name"]),
            fields=dict(draft["fields"]),
            template=load_template(str(draft["kind"])),
            now=utcnow(),
            profile_id=draft.get("id"),
        )
    except Refusal as error:
        await ctx.session.rollback()
        # The draft stays: the person may get the role back, or copy what they wrote.
        await ctx.bot.send_message(ctx.chat_id, error_text(ctx.t, error))
        return
    await ctx.session.commit()
    await drop_buttons(ctx, draft.get("prompt"))
    await ctx.state.clear()
    key = "profiles-saved" if draft.get("id") is None else "profiles-updated"
    await send_card(ctx, access, profile, ctx.t(key))


@router.message(StateFilter(ProfileFlow.writing), F.text, ~F.text.startswith("/"))
async def on_text(message: Message, ctx: Ctx, access: Access) -> None:
    draft = await _draft(ctx)
    if draft is None:
        return
    template = load_template(str(draft["kind"]))
    n = int(draft["step"])
    try:
        if n == 0:
            draft["name"] = clean_name(message.text)
        else:
            field = template.fields[n - 1]
            draft["fields"][field.id] = clean_value(field, message.text)
    except Refusal as error:
        # Nothing of the draft is lost: the same question stays open.
        await message.answer(error_text(ctx.t, error))
        return
    await _advance(ctx, access, draft)


@router.message(StateFilter(ProfileFlow.writing), ~F.text.startswith("/"))
async def on_not_text(message: Message, ctx: Ctx) -> None:
    await message.answer(ctx.t("profiles-not-text"))


@router.callback_query(ProfileStepCb.filter())
async def on_step_button(
    callback: CallbackQuery, callback_data: ProfileStepCb, ctx: Ctx, access: Access
) -> None:
    draft = await _draft(ctx)
    message = callback.message if isinstance(callback.message, Message) else None
    if (
        draft is None
        or int(draft["step"]) != callback_data.n
        or (message is not None and draft.get("prompt") != message.message_id)
    ):
        await callback.answer(ctx.t("profiles-error-stale"), show_alert=True)
        if message is not None and (draft is None or draft.get("prompt") != message.message_id):
            await drop_buttons(ctx, message.message_id)
        return
    template = load_template(str(draft["kind"]))
    n = callback_data.n
    if callback_data.a == "cancel":
        await callback.answer()
        await ctx.state.clear()
        await ctx.show(ctx.t("profiles-cancelled"), None, message)
        return
    if callback_data.a == "save":
        if not draft.get("name"):
            await callback.answer(ctx.t("profiles-error-empty"), show_alert=True)
            return
        await callback.answer()
        await _finish(ctx, access, draft)
        return
    if callback_data.a == "opt":
        field = template.fields[n - 1] if n > 0 else None
        if field is None or field.type != CHOICE or callback_data.o >= len(field.options):
            await callback.answer(ctx.t("profiles-error-stale"), show_alert=True)
            return
        draft["fields"][field.id] = callback_data.o
    elif n == 0 and not draft.get("name"):
        await callback.answer(ctx.t("profiles-error-empty"), show_alert=True)
        return
    await callback.answer()
    await _advance(ctx, access, draft)
