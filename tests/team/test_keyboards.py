"""The team's keyboards (/invite, /roles, /invites) and where their callback data live."""

from __future__ import annotations

from pathlib import Path

from aiogram.types import InlineKeyboardMarkup

from bot.i18n import Translations
from bot.pager import NOOP
from handlers.evidence import keyboards as evidence_keyboards
from handlers.team import keyboards as kb
from handlers.team.callbacks import InviteCb, InvitesCb, RolesCb
from services.centres.directory import Page
from storage.models import Centre, Region

RU = Translations().get("ru")
ROOT = Path(__file__).resolve().parents[2]


def _rows(markup: InlineKeyboardMarkup | None) -> list[list[tuple[str, str]]]:
    assert markup is not None
    return [[(b.text, b.callback_data or "") for b in row] for row in markup.inline_keyboard]


def test_the_team_callbacks_belong_to_the_team() -> None:
    for cb in (InviteCb, InvitesCb, RolesCb):
        assert cb.__module__ == "handlers.team.callbacks"
    evidence = (ROOT / "handlers" / "evidence" / "callbacks.py").read_text(encoding="utf-8")
    assert not [n for n in ("InviteCb", "InvitesCb", "RolesCb") if n in evidence]
    assert not hasattr(evidence_keyboards, "invite_regions")


def test_the_expert_region_picker() -> None:
    regions = [Region(code="77", name="Москва"), Region(code="50", name="Московская обл.")]
    rows = _rows(kb.invite_regions(RU, "expert", Page(regions, 1, 3)))
    assert rows == [
        [(RU("adm-btn-all-regions"), "iv:make:expert:*:0")],
        [("Москва", "iv:make:expert:77:0")],
        [("Московская обл.", "iv:make:expert:50:0")],
        [
            (RU("btn-prev"), "iv:regions:expert::0"),
            (RU("page-of", page=2, pages=3), NOOP),
            (RU("btn-next"), "iv:regions:expert::2"),
        ],
        [(RU("adm-btn-cancel"), "iv:cancel:::0")],
    ]


def test_the_staff_region_picker_opens_centres() -> None:
    rows = _rows(kb.invite_regions(RU, "staff", Page([Region(code="77", name="Москва")], 0, 1)))
    assert rows == [
        [("Москва", "iv:region:staff:77:0")],
        [(RU("adm-btn-cancel"), "iv:cancel:::0")],
    ]


def test_the_centre_picker() -> None:
    centre = Centre(code="77-cao", name="ЦЗН ЦАО", short_name="ЦАО", region_code="77")
    rows = _rows(kb.invite_centres(RU, "77", Page([centre], 0, 2)))
    assert rows == [
        [("ЦАО", "iv:make:staff:77-cao:0")],
        [(RU("page-of", page=1, pages=2), NOOP), (RU("btn-next"), "iv:region:staff:77:1")],
        [
            (RU("btn-back-regions"), "iv:regions:staff::0"),
            (RU("adm-btn-cancel"), "iv:cancel:::0"),
        ],
    ]


def test_the_numbered_lists() -> None:
    roles = _rows(kb.roles_list(RU, [(1, 11), (2, 12)], 0, 1))
    assert roles == [
        [(RU("adm-btn-revoke-n", n=1), "rl:ask:11:0"), (RU("adm-btn-revoke-n", n=2), "rl:ask:12:0")]
    ]
    invites = _rows(kb.invites_list(RU, [(7, 5)], 1, 2))
    assert invites == [
        [(RU("adm-btn-revoke-n", n=7), "ix:revoke:5:1")],
        [(RU("btn-prev"), "ix:page:0:0"), (RU("page-of", page=2, pages=2), NOOP)],
    ]
    assert kb.invites_list(RU, [], 0, 1) is None and kb.roles_list(RU, [], 0, 1) is None
