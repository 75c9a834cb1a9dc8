"""Keyboards of tickets; labels come from the locales."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from charts.caption import shorten
from handlers.tickets.callbacks import TkAskCb, TkAskerCb, TkCb, TkRateCb, TkTemplateCb, TplCb
from storage.models_tickets import ReplyTemplate

TEMPLATE_LABEL = 40
MAX_TEMPLATE_BUTTONS = 10


def ask_button(t: Translator, centre_code: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t("tickets-btn-ask"), callback_data=TkAskCb(c=centre_code).pack()
    )


def cancel_ask(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("tickets-btn-cancel"), callback_data=TkAskerCb(action="cancel"))
    return b.as_markup()


def card(
    t: Translator, ticket_id: int, *, free: bool, mine: bool, can_pass: bool, has_file: bool
) -> InlineKeyboardMarkup | None:
    """A card's buttons for one person: free (anyone may take), mine (I hold it), or none."""
    rows: list[list[InlineKeyboardButton]] = []
    if free or mine:
        row = [_tk(t("tickets-btn-answer"), "answer", ticket_id)]
        if free:
            row.append(_tk(t("tickets-btn-take"), "take", ticket_id))
        rows.append(row)
        if can_pass:
            rows.append([_tk(t("tickets-btn-pass"), "pass", ticket_id)])
    if has_file:
        rows.append([_tk(t("tickets-btn-file"), "file", ticket_id)])
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def _tk(text: str, action: str, ticket_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=TkCb(action=action, t=ticket_id).pack())


def answer_prompt(
    t: Translator, ticket_id: int, templates: Sequence[ReplyTemplate]
) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                text=f"📋 {shorten(tpl.text, TEMPLATE_LABEL)}",
                callback_data=TkTemplateCb(t=ticket_id, i=tpl.id).pack(),
            )
        ]
        for tpl in templates[:MAX_TEMPLATE_BUTTONS]
    ]
    rows.append([_tk(t("tickets-btn-cancel"), "cancel", ticket_id)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def template_preview(t: Translator, ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [_tk(t("tickets-btn-send"), "send", ticket_id)],
            [_tk(t("tickets-btn-cancel"), "cancel", ticket_id)],
        ]
    )


def answered(t: Translator, ticket_id: int, may_follow_up: bool) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=t("tickets-btn-resolved"), callback_data=TkAskerCb(action="resolved", t=ticket_id)
    )
    if may_follow_up:
        b.button(text=t("tickets-btn-more"), callback_data=TkAskerCb(action="more", t=ticket_id))
    b.adjust(1)
    return b.as_markup()


def rating(ticket_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=str(v), callback_data=TkRateCb(t=ticket_id, v=v).pack())
                for v in range(1, 6)
            ]
        ]
    )


def open_list(ticket_ids: Sequence[int]) -> InlineKeyboardMarkup | None:
    if not ticket_ids:
        return None
    b = InlineKeyboardBuilder()
    for ticket_id in ticket_ids:
        b.button(text=f"№{ticket_id}", callback_data=TkCb(action="show", t=ticket_id))
    b.adjust(5)
    return b.as_markup()


def scopes(t: Translator, choices: Sequence[tuple[str, str, str]]) -> InlineKeyboardMarkup:
    """(kind, code, label) per scope a person keeps templates for."""
    b = InlineKeyboardBuilder()
    for kind, code, label in choices:
        b.button(text=label, callback_data=TplCb(action="open", k=kind, c=code))
    b.adjust(1)
    return b.as_markup()


def template_list(
    t: Translator, kind: str, code: str, templates: Sequence[ReplyTemplate]
) -> InlineKeyboardMarkup:
    rows = []
    for n, tpl in enumerate(templates, start=1):
        rows.append(
            [
                InlineKeyboardButton(
                    text=t("tickets-btn-tpl-edit", n=n),
                    callback_data=TplCb(action="edit", k=kind, c=code, i=tpl.id).pack(),
                ),
                InlineKeyboardButton(
                    text=t("tickets-btn-tpl-del", n=n),
                    callback_data=TplCb(action="del", k=kind, c=code, i=tpl.id).pack(),
                ),
            ]
        )
    rows.append(
        [
            InlineKeyboardButton(
                text=t("tickets-btn-tpl-add"),
                callback_data=TplCb(action="add", k=kind, c=code).pack(),
            )
        ]
    )
    return InlineKeyboardMarkup(inline_keyboard=rows)
