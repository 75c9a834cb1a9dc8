"""Inline keyboards of /profiles."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from handlers.practices.callbacks import LibraryCb
from handlers.profiles.callbacks import ProfilesCb, ProfileStepCb
from services.profiles.template import EMPLOYERS, SEEKERS, Field
from storage.models import Region
from storage.models_profiles import ClientProfile

KIND_KEYS = {SEEKERS: "profiles-kind-seekers", EMPLOYERS: "profiles-kind-employers"}
LABEL_MAX = 60


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def regions(items: list[Region]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for region in items:
        b.button(text=_short(region.name), callback_data=ProfilesCb(a="region", r=region.code))
    b.adjust(2)
    return b.as_markup()


def listing(
    t: Translator, region_code: str, profiles: list[ClientProfile], *, writable: bool
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for n, profile in enumerate(profiles, 1):
        b.button(
            text=_short(f"{n}. {profile.name}"), callback_data=ProfilesCb(a="open", p=profile.id)
        )
    if writable:
        b.button(text=t("profiles-button-new"), callback_data=ProfilesCb(a="new", r=region_code))
    b.adjust(1)
    return b.as_markup()


def kinds(t: Translator, region_code: str) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for kind, key in KIND_KEYS.items():
        b.button(text=t(key), callback_data=ProfilesCb(a="kind", r=region_code, k=kind))
    b.adjust(1)
    return b.as_markup()


def card(
    t: Translator, profile: ClientProfile, *, writable: bool, practices: int = 0
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    if practices:  # the practice base's list of the practices linked to this profile
        b.button(
            text=t("profiles-button-practices", count=practices),
            callback_data=LibraryCb(action="list", f="p", v=str(profile.id)),
        )
    if writable:
        b.button(text=t("profiles-button-edit"), callback_data=ProfilesCb(a="edit", p=profile.id))
    b.button(
        text=t("profiles-button-list"), callback_data=ProfilesCb(a="region", r=profile.region_code)
    )
    b.adjust(1)
    return b.as_markup()


def draft(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("profiles-button-resume"), callback_data=ProfilesCb(a="resume"))
    b.button(text=t("profiles-button-discard"), callback_data=ProfilesCb(a="discard"))
    b.adjust(2)
    return b.as_markup()


def step(
    t: Translator, n: int, field: Field | None, *, has_value: bool, can_save: bool
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    if field is not None:
        for o, (ru, en) in enumerate(field.options):
            label = en if t.language == "en" else ru
            b.button(text=_short(label), callback_data=ProfileStepCb(a="opt", n=n, o=o))
    if n > 0 or has_value:
        key = "profiles-button-keep" if has_value else "profiles-button-skip"
        b.button(text=t(key), callback_data=ProfileStepCb(a="skip", n=n))
    if can_save:
        b.button(text=t("profiles-button-save"), callback_data=ProfileStepCb(a="save", n=n))
    b.button(text=t("profiles-button-cancel"), callback_data=ProfileStepCb(a="cancel", n=n))
    b.adjust(1)
    return b.as_markup()
