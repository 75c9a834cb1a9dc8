"""Keyboards of /news: choosing the centre, the preview, and the subscriber's unsubscribe."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from handlers.news.callbacks import NewsCb, NewsUnsubscribeCb
from storage.models import Centre


def centre_choice(centres: Sequence[Centre]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for centre in centres:
        b.row(
            InlineKeyboardButton(
                text=centre.name, callback_data=NewsCb(action="pick", c=centre.code).pack()
            )
        )
    return b.as_markup()


def cancel(t: Translator, centre_code: str) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("news-btn-cancel"), callback_data=NewsCb(action="cancel", c=centre_code))
    return b.as_markup()


def preview(t: Translator, centre_code: str, count: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=t("news-btn-send", count=count), callback_data=NewsCb(action="send", c=centre_code)
    )
    b.button(text=t("news-btn-cancel"), callback_data=NewsCb(action="cancel", c=centre_code))
    b.adjust(1)
    return b.as_markup()


def unsubscribe(t: Translator, centre_code: str) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("news-btn-unsubscribe"), callback_data=NewsUnsubscribeCb(c=centre_code))
    return b.as_markup()
