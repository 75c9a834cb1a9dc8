"""Inline keyboards of the practice base (labels from locales/*/practices.ftl)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from handlers.practices.callbacks import AnswerCb, DraftCb, LibraryCb, QueueCb, ReviewCb
from scoring import Methodology
from services.practices.rules import FIELDS, client_groups
from storage.models import Centre
from storage.models_practices import Practice
from storage.models_profiles import ClientProfile

Rows = list[list[InlineKeyboardButton]]


def _b(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _markup(rows: Rows) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=rows)


def centres(centres: Sequence[Centre]) -> InlineKeyboardMarkup:
    return _markup([[_b(c.name[:60], DraftCb(action="centre", v=c.code).pack())] for c in centres])


def indicators(t: Translator, m: Methodology, practice: Practice) -> InlineKeyboardMarkup:
    chosen = set(practice.codes())
    rows: Rows = []
    for group in m.groups:
        row = []
        for indicator in m.indicators_of(group.code):
            mark = "✅ " if indicator.code in chosen else ""
            data = DraftCb(action="ind", p=practice.id, v=indicator.code).pack()
            row.append(_b(f"{mark}{indicator.code}", data))
        for start in range(0, len(row), 4):
            rows.append(row[start : start + 4])
    rows.append([_b(t("practices-btn-done"), DraftCb(action="indok", p=practice.id).pack())])
    return _markup(rows)


def client(
    t: Translator, practice: Practice, profiles: Sequence[ClientProfile] = ()
) -> InlineKeyboardMarkup:
    """The groups of the list, two a row, then the region's client-group profiles, one a row."""
    buttons = [
        _b(
            ("✅ " if g.code == practice.client_group else "") + t(f"practices-client-{g.code}"),
            DraftCb(action="client", p=practice.id, v=g.code).pack(),
        )
        for g in client_groups()
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    for profile in profiles:
        mark = "✅ " if profile.id == practice.profile_id else ""
        label = profile.name if len(profile.name) <= 50 else profile.name[:49] + "…"
        data = DraftCb(action="profile", p=practice.id, v=str(profile.id)).pack()
        rows.append([_b(f"{mark}👥 {label}", data)])
    return _markup(rows)


def next_step(t: Translator, practice: Practice) -> InlineKeyboardMarkup:
    return _markup([[_b(t("practices-btn-next"), DraftCb(action="next", p=practice.id).pack())]])


def to_preview(t: Translator, practice: Practice) -> InlineKeyboardMarkup:
    data = DraftCb(action="preview", p=practice.id).pack()
    return _markup([[_b(t("practices-btn-preview"), data)]])


def preview(t: Translator, practice: Practice) -> InlineKeyboardMarkup:
    rows = [
        [_b(t("practices-btn-submit"), DraftCb(action="submit", p=practice.id).pack())],
        [_b(t("practices-btn-edit"), DraftCb(action="edit", p=practice.id).pack())],
    ]
    if practice.status == "draft":
        rows.append(
            [_b(t("practices-btn-discard"), DraftCb(action="discard", p=practice.id).pack())]
        )
    return _markup(rows)


def fields(t: Translator, practice: Practice) -> InlineKeyboardMarkup:
    buttons = [
        _b(t(f"practices-field-{name}"), DraftCb(action="field", p=practice.id, v=name).pack())
        for name in FIELDS
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_b(t("practices-btn-preview"), DraftCb(action="preview", p=practice.id).pack())])
    return _markup(rows)


def queue_button(t: Translator) -> InlineKeyboardButton:
    """To the review queue (the same as /practice_review), under an expert's notice."""
    return _b(t("practices-btn-open-queue"), QueueCb().pack())


def review(t: Translator, practice_id: int) -> InlineKeyboardMarkup:
    return _markup(
        [
            [_b(t("practices-btn-accept"), ReviewCb(action="accept", p=practice_id).pack())],
            [
                _b(t("practices-btn-return"), ReviewCb(action="return", p=practice_id).pack()),
                _b(t("practices-btn-reject"), ReviewCb(action="reject", p=practice_id).pack()),
            ],
        ]
    )


def menu(t: Translator) -> InlineKeyboardMarkup:
    def by(kind: str) -> str:
        return LibraryCb(action="by", f=kind).pack()

    return _markup(
        [
            [_b(t("practices-btn-newest"), LibraryCb(action="list", f="n").pack())],
            [_b(t("practices-btn-by-g"), by("g")), _b(t("practices-btn-by-i"), by("i"))],
            [_b(t("practices-btn-by-c"), by("c")), _b(t("practices-btn-by-r"), by("r"))],
            [_b(t("practices-btn-search"), LibraryCb(action="search").pack())],
        ]
    )


def choices(t: Translator, kind: str, options: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """(value, label) options of one filter kind, two a row, and the way back."""
    buttons = [
        _b(label[:60], LibraryCb(action="list", f=kind, v=value).pack()) for value, label in options
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_b(t("practices-btn-menu"), LibraryCb(action="menu").pack())])
    return _markup(rows)


def listing(
    t: Translator, items: Sequence[Practice], kind: str, value: str, page: int, pages: int
) -> InlineKeyboardMarkup:
    rows: Rows = [
        [
            _b(
                (p.title or "…")[:60],
                LibraryCb(action="open", f=kind, v=value, page=page, p=p.id).pack(),
            )
        ]
        for p in items
    ]
    nav = []
    if page > 0:
        nav.append(_b("◀️", LibraryCb(action="list", f=kind, v=value, page=page - 1).pack()))
    if pages > 1:
        nav.append(_b(f"{page + 1}/{pages}", "noop"))
    if page + 1 < pages:
        nav.append(_b("▶️", LibraryCb(action="list", f=kind, v=value, page=page + 1).pack()))
    if nav:
        rows.append(nav)
    rows.append([_b(t("practices-btn-menu"), LibraryCb(action="menu").pack())])
    return _markup(rows)


def practice_card(
    t: Translator, practice: Practice, votes: int, has_document: bool, back: LibraryCb
) -> InlineKeyboardMarkup:
    rows = [
        [
            _b(
                t("practices-btn-useful", count=votes),
                LibraryCb(action="vote", p=practice.id).pack(),
            ),
            _b(t("practices-btn-ask"), LibraryCb(action="ask", p=practice.id).pack()),
        ]
    ]
    if has_document:
        rows.append(
            [_b(t("practices-btn-document"), LibraryCb(action="doc", p=practice.id).pack())]
        )
    back_data = LibraryCb(action="list", f=back.f, v=back.v, page=back.page).pack()
    rows.append([_b(t("practices-btn-back"), back_data)])
    return _markup(rows)


def answer(t: Translator, question_id: int) -> InlineKeyboardMarkup:
    return _markup([[_b(t("practices-btn-answer"), AnswerCb(q=question_id).pack())]])
