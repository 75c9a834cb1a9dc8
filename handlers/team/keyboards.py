"""Keyboards of the team feature: the /invite pickers, the /roles and /invites lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from bot.pager import add_pager
from handlers.team.callbacks import InviteCb, InvitesCb, RolesCb
from services.centres.directory import Page
from services.centres.labels import button_label
from services.team.groups import ALL_REGIONS
from services.team.roles import EXPERT, STAFF
from storage.models import Centre, Region

NUMBERS_PER_ROW = 5
PageData = Callable[[int], str]


def _button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _picker(
    t: Translator,
    choices: Sequence[InlineKeyboardButton],
    page: int,
    pages: int,
    page_data: PageData,
    footer: Sequence[InlineKeyboardButton],
) -> InlineKeyboardMarkup:
    """The shape of both /invite pickers: one choice a row, the pager, then `footer`."""
    b = InlineKeyboardBuilder()
    for choice in choices:
        b.row(choice)
    add_pager(b, t, page, pages, page_data)
    b.row(*footer)
    return b.as_markup()


def _numbered(
    t: Translator, targets: Sequence[tuple[int, CallbackData]], page: int, pages: int,
    page_data: PageData,
) -> InlineKeyboardMarkup | None:  # fmt: skip
    """The shape of the /roles and /invites lists: "revoke N" buttons, then the pager; no
    keyboard when there is neither."""
    b = InlineKeyboardBuilder()
    buttons = [_button(t("adm-btn-revoke-n", n=n), data) for n, data in targets]
    for start in range(0, len(buttons), NUMBERS_PER_ROW):
        b.row(*buttons[start : start + NUMBERS_PER_ROW])
    add_pager(b, t, page, pages, page_data)
    return b.as_markup() if buttons or pages > 1 else None


def invite_roles(t: Translator) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(text=t("adm-btn-staff"), callback_data=InviteCb(step="regions", role=STAFF))
    b.button(text=t("adm-btn-expert"), callback_data=InviteCb(step="regions", role=EXPERT))
    b.button(text=t("adm-btn-invites"), callback_data=InvitesCb(action="page"))
    b.button(text=t("adm-btn-cancel"), callback_data=InviteCb(step="cancel"))
    b.adjust(1)
    return b.as_markup()


def invite_regions(t: Translator, role: str, page: Page[Region]) -> InlineKeyboardMarkup:
    choices = []
    if role == EXPERT:
        everywhere = InviteCb(step="make", role=EXPERT, code=ALL_REGIONS)
        choices.append(_button(t("adm-btn-all-regions"), everywhere))
    # Staff: the region opens its centres; expert: the region is the scope.
    step = "region" if role == STAFF else "make"
    choices += [_button(r.name, InviteCb(step=step, role=role, code=r.code)) for r in page.items]
    return _picker(
        t, choices, page.page, page.pages,
        lambda p: InviteCb(step="regions", role=role, page=p).pack(),
        [_button(t("adm-btn-cancel"), InviteCb(step="cancel"))],
    )  # fmt: skip


def invite_centres(t: Translator, region_code: str, page: Page[Centre]) -> InlineKeyboardMarkup:
    choices = [
        _button(button_label(c), InviteCb(step="make", role=STAFF, code=c.code)) for c in page.items
    ]
    return _picker(
        t, choices, page.page, page.pages,
        lambda p: InviteCb(step="region", role=STAFF, code=region_code, page=p).pack(),
        [
            _button(t("btn-back-regions"), InviteCb(step="regions", role=STAFF)),
            _button(t("adm-btn-cancel"), InviteCb(step="cancel")),
        ],
    )  # fmt: skip


def roles_list(
    t: Translator, revocable: Sequence[tuple[int, int]], page: int, pages: int
) -> InlineKeyboardMarkup | None:
    """`revocable`: (number on screen, role id) of the roles the viewer may revoke."""
    targets = [(n, RolesCb(action="ask", role_id=role_id, page=page)) for n, role_id in revocable]
    return _numbered(t, targets, page, pages, lambda p: RolesCb(action="page", page=p).pack())


def invites_list(
    t: Translator, shown: Sequence[tuple[int, int]], page: int, pages: int
) -> InlineKeyboardMarkup | None:
    """`shown`: (number on screen, invitation id) of the unused invitations on this page."""
    targets = [(n, InvitesCb(action="revoke", i=i, page=page)) for n, i in shown]
    return _numbered(t, targets, page, pages, lambda p: InvitesCb(action="page", page=p).pack())


def revoke_confirm(t: Translator, role_id: int, page: int) -> InlineKeyboardMarkup:
    b = InlineKeyboardBuilder()
    b.button(
        text=t("adm-btn-revoke-yes"),
        callback_data=RolesCb(action="revoke", role_id=role_id, page=page),
    )
    b.button(text=t("adm-btn-revoke-no"), callback_data=RolesCb(action="page", page=page))
    return b.as_markup()
