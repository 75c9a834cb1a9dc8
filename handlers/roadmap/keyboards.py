"""Inline keyboards of /roadmap."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from handlers.roadmap.callbacks import RoadmapCb
from handlers.roadmap.texts import ICONS
from services.roadmap.pilots import step_state
from storage.models import Region
from storage.models_roadmap import PilotStep


def regions(items: list[Region]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for region in items:
        label = region.name if len(region.name) <= 60 else region.name[:59] + "…"
        b.button(text=label, callback_data=RoadmapCb(a="region", r=region.code))
    b.adjust(2)
    return b.as_markup()


def start(t: Translator, region_code: str) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("roadmap-button-start"), callback_data=RoadmapCb(a="start", r=region_code))
    return b.as_markup()


def cancel(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("roadmap-button-cancel"), callback_data=RoadmapCb(a="cancel"))
    return b.as_markup()


def overview(
    t: Translator, region_code: str, steps: list[PilotStep], today: date, soon_days: int
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for step in steps:
        icon = ICONS[step_state(step, today, soon_days)]
        b.button(text=f"{icon} {step.code}", callback_data=RoadmapCb(a="step", s=step.id))
    b.button(
        text=t("roadmap-button-meetings"), callback_data=RoadmapCb(a="meetings", r=region_code)
    )
    b.adjust(*([4] * (len(steps) // 4)), *([len(steps) % 4] if len(steps) % 4 else []), 1)
    return b.as_markup()


def step(
    t: Translator,
    region_code: str,
    item: PilotStep,
    *,
    group: bool,
    reviewer: bool,
) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    if item.file_id:
        b.button(text=t("roadmap-button-file"), callback_data=RoadmapCb(a="file", s=item.id))
    if group and item.status in ("open", "returned"):
        b.button(text=t("roadmap-button-done"), callback_data=RoadmapCb(a="done", s=item.id))
    if reviewer and item.status == "submitted":
        b.button(text=t("roadmap-button-accept"), callback_data=RoadmapCb(a="accept", s=item.id))
        b.button(text=t("roadmap-button-return"), callback_data=RoadmapCb(a="return", s=item.id))
    b.button(text=t("roadmap-button-back"), callback_data=RoadmapCb(a="region", r=region_code))
    b.adjust(1)
    return b.as_markup()


def meetings(t: Translator, region_code: str, *, group: bool) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    if group:
        b.button(text=t("roadmap-button-meet"), callback_data=RoadmapCb(a="meet", r=region_code))
    b.button(text=t("roadmap-button-back"), callback_data=RoadmapCb(a="region", r=region_code))
    b.adjust(1)
    return b.as_markup()


def open_step(t: Translator, step_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("roadmap-button-open"), callback_data=RoadmapCb(a="step", s=step_id))
    return b.as_markup()
