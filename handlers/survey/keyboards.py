"""Inline and reply keyboards. Texts come from the translator, never from code."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGES, Translator
from bot.pager import add_pager
from handlers.survey.callbacks import (
    AnswerCb,
    AudienceCb,
    BackCb,
    CentreCb,
    CommentSkipCb,
    ConsentCb,
    ForgetCb,
    LanguageCb,
    NotifyCb,
    PickerCb,
    RegionCb,
    RegionPageCb,
)
from handlers.tickets.callbacks import TkAskCb
from services.centres.directory import NearbyCentre, Page
from services.centres.labels import button_label
from services.survey import HARD_TO_SAY
from storage.models import Centre, Region


def consent(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("btn-consent-yes"), callback_data=ConsentCb(action="yes"))
    b.button(text=t("btn-consent-no"), callback_data=ConsentCb(action="no"))
    b.button(text=t("btn-policy"), callback_data=ConsentCb(action="policy"))
    b.adjust(2, 1)
    return b.as_markup()


def picker(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("btn-pick-regions"), callback_data=PickerCb(action="regions"))
    b.button(text=t("btn-pick-search"), callback_data=PickerCb(action="search"))
    b.button(text=t("btn-pick-location"), callback_data=PickerCb(action="location"))
    b.adjust(1)
    return b.as_markup()


def _page_cb(page: int, region: str | None) -> str:
    if region is None:
        return RegionPageCb(page=page).pack()
    return RegionCb(code=region, page=page).pack()


def regions(t: Translator, page: Page[Region]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for region in page.items:
        b.row(
            InlineKeyboardButton(text=region.name, callback_data=RegionCb(code=region.code).pack())
        )
    add_pager(b, t, page.page, page.pages, lambda p: _page_cb(p, None))
    b.row(
        InlineKeyboardButton(
            text=t("btn-pick-search"), callback_data=PickerCb(action="search").pack()
        )
    )
    return b.as_markup()


def centres(t: Translator, region_code: str, page: Page[Centre]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for centre in page.items:
        b.row(
            InlineKeyboardButton(
                text=button_label(centre), callback_data=CentreCb(code=centre.code).pack()
            )
        )
    add_pager(b, t, page.page, page.pages, lambda p: _page_cb(p, region_code))
    b.row(
        InlineKeyboardButton(
            text=t("btn-back-regions"), callback_data=PickerCb(action="regions").pack()
        )
    )
    return b.as_markup()


def centre_list(t: Translator, found: Sequence[Centre | NearbyCentre]) -> str:
    """The full names (and distances) of `centre_choice`'s buttons, numbered alike: a button
    shows only what tells the centres apart."""
    lines = []
    for n, item in enumerate(found, start=1):
        if isinstance(item, NearbyCentre):
            line = t("centre-with-distance", name=escape(item.centre.name), km=_km(t, item.km))
        else:
            line = escape(item.name)
        lines.append(f"{n}. {line}")
    return "\n".join(lines)


def centre_choice(t: Translator, found: Sequence[Centre | NearbyCentre]) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for n, item in enumerate(found, start=1):
        centre = item.centre if isinstance(item, NearbyCentre) else item
        b.row(
            InlineKeyboardButton(
                text=f"{n}. {button_label(centre)}",
                callback_data=CentreCb(code=centre.code).pack(),
            )
        )
    b.row(
        InlineKeyboardButton(
            text=t("btn-pick-regions"), callback_data=PickerCb(action="regions").pack()
        )
    )
    return b.as_markup()


def _km(t: Translator, km: float) -> str:
    # The one place distances are formatted (the list of nearest centres), decimal comma in ru.
    return t.number(km, 1 if km < 10 else 0)


def request_location(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t("btn-send-location"), request_location=True)],
            [KeyboardButton(text=t("btn-cancel"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def audience(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("btn-seeker"), callback_data=AudienceCb(audience="seeker"))
    b.button(text=t("btn-employer"), callback_data=AudienceCb(audience="employer"))
    b.adjust(1)
    b.row(_ask(t))
    return b.as_markup()


def question(
    t: Translator, questionnaire_id: int, index: int, current: int | None, answered: bool
) -> InlineKeyboardMarkup:
    """1–5 in one row, "hard to say" below, Back last; the current answer is marked."""

    def label(value: int, text: str) -> str:
        chosen = answered and (current if current is not None else HARD_TO_SAY) == value
        return f"· {text} ·" if chosen else text

    # Built directly: the builder deep-copies every button, the costliest part of an answer.
    # One packed AnswerCb validates the questionnaire and the question; the six answers differ
    # only in the last field, a score 0-5 by construction. Packing each (and validating each
    # button) was ~60 % of this keyboard's cost, ~5 % of an answer's.
    hard = AnswerCb(q=questionnaire_id, n=index, v=HARD_TO_SAY).pack()
    stem = hard.rsplit(AnswerCb.__separator__, 1)[0] + AnswerCb.__separator__
    rows = [
        [_button(label(v, str(v)), f"{stem}{v}") for v in range(1, 6)],
        [_button(label(HARD_TO_SAY, t("q-hard-to-say")), hard)],
    ]
    if index > 0:
        rows.append([_button(t("btn-back"), BackCb(q=questionnaire_id, n=index - 1).pack())])
    rows.append([_ASK.get(t.language) or _ask(t)])  # a question to a specialist, from any step
    return InlineKeyboardMarkup(inline_keyboard=rows)


_ASK: dict[str, InlineKeyboardButton] = {}
_BUTTON = InlineKeyboardButton(text="·", callback_data="·")


def _button(text: str, callback_data: str) -> InlineKeyboardButton:
    """A callback button without pydantic's validation and init chain (both str, from here):
    a copy of a validated one."""
    return _BUTTON.model_copy(update={"text": text, "callback_data": callback_data})


def _ask(t: Translator, centre_code: str = "") -> InlineKeyboardButton:
    button = InlineKeyboardButton(
        text=t("tickets-btn-ask"), callback_data=TkAskCb(c=centre_code).pack()
    )
    if not centre_code:
        _ASK[t.language] = button  # built once per language: the hot path draws it every time
    return button


def comment(t: Translator, questionnaire_id: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("btn-skip-comment"), callback_data=CommentSkipCb(q=questionnaire_id))
    return b.as_markup()


def notify(t: Translator, centre_code: str) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("btn-notify"), callback_data=NotifyCb(centre=centre_code))
    b.row(_ask(t, centre_code))
    return b.as_markup()


def languages(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    for language in LANGUAGES:
        b.button(text=t(f"language-name-{language}"), callback_data=LanguageCb(language=language))
    return b.as_markup()


def forget(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("btn-forget-yes"), callback_data=ForgetCb(confirm=True))
    b.button(text=t("btn-forget-no"), callback_data=ForgetCb(confirm=False))
    return b.as_markup()
