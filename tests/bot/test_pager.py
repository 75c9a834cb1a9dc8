"""The one pager (bot.pager): the same ‹ · p / P · › under every paged list."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.i18n import Translations
from bot.pager import NOOP, PagerTexts, page_slice, pager_row
from handlers.digest.callbacks import MAX_PAGE
from handlers.digest.keyboards import comment_pages
from handlers.team.callbacks import RolesCb
from handlers.team.keyboards import roles_list

RU = Translations().get("ru")
ROOT = Path(__file__).resolve().parents[2]


def _row(page: int, pages: int) -> list[tuple[str, str]]:
    return [(b.text, b.callback_data or "") for b in pager_row(RU, page, pages, str)]


def test_buttons_only_where_there_is_a_page_to_go_to() -> None:
    assert _row(0, 1) == []
    assert _row(0, 3) == [(RU("page-of", page=1, pages=3), NOOP), (RU("btn-next"), "1")]
    assert _row(1, 3) == [
        (RU("btn-prev"), "0"),
        (RU("page-of", page=2, pages=3), NOOP),
        (RU("btn-next"), "2"),
    ]
    assert _row(2, 3) == [(RU("btn-prev"), "1"), (RU("page-of", page=3, pages=3), NOOP)]


def test_own_texts() -> None:
    texts = PagerTexts("mi-comments-newer", "mi-comments-page", "mi-comments-older")
    labels = [b.text for b in pager_row(RU, 1, 3, str, texts)]
    assert labels == [
        RU("mi-comments-newer"),
        RU("mi-comments-page", page=2, pages=3),
        RU("mi-comments-older"),
    ]


@pytest.mark.parametrize(
    ("page", "expected_page", "numbers"),
    [(0, 0, [1, 2, 3]), (1, 1, [4, 5, 6]), (3, 3, [10]), (99, 3, [10]), (-5, 0, [1, 2, 3])],
)
def test_slices_are_numbered_across_pages_and_clamped(
    page: int, expected_page: int, numbers: list[int]
) -> None:
    part = page_slice(list("abcdefghij"), page, 3)
    assert (part.page, part.pages) == (expected_page, 4)
    assert [n for n, _ in part.numbered] == numbers
    assert [item for _, item in part.numbered] == [list("abcdefghij")[n - 1] for n in numbers]


def test_an_empty_list_is_one_empty_page() -> None:
    part = page_slice([], 5, 10)
    assert (part.numbered, part.page, part.pages) == ([], 0, 1)


def test_the_lists_use_the_one_pager() -> None:
    roles = roles_list(RU, [], 1, 2)
    assert roles is not None
    assert [(b.text, b.callback_data) for b in roles.inline_keyboard[-1]] == [
        (RU("btn-prev"), RolesCb(action="page", page=0).pack()),
        (RU("page-of", page=2, pages=2), NOOP),
    ]
    comments = comment_pages(RU, "77-cao", 0, MAX_PAGE + 100)  # capped at MAX_PAGE
    assert comments is not None
    assert [b.text for b in comments.inline_keyboard[0]] == [
        RU("mi-comments-page", page=1, pages=MAX_PAGE + 1),
        RU("mi-comments-older"),
    ]


def test_no_feature_builds_its_own_pager() -> None:
    """The page label ("page-of" / its NOOP data) is built in bot/pager.py only."""
    own = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "handlers").rglob("*.py"))
        if '"page-of"' in (text := path.read_text(encoding="utf-8"))
        or 'callback_data="noop"' in text
        or "def _pager(" in text
    ]
    assert own == []
