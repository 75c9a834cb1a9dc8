"""Callback data of the buttons under a centre's /my_index card: its comments and its poster,
and the list of the centre's practices.

A button names a centre and a page, it grants nothing: every handler re-checks that the presser
works at that centre (services.team.roles.Access) before showing or sending anything.
Both fit Telegram's 64 bytes: "mc:<code up to 32>:<page up to 3 digits>:<0|1>" is 42 at most.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from bot.callback_data import RowId, Small
from services.centres.directory_csv import CODE_RE

MAX_PAGE = 999  # a page number beyond it does not even unpack: the button is stale
CODE_PATTERN = f"^{CODE_RE.pattern}$"


class CommentsCb(CallbackData, prefix="mc"):
    c: str = Field(pattern=CODE_PATTERN)  # centre code
    p: int = Field(default=0, ge=0, le=MAX_PAGE)  # page, 0 = newest
    e: bool = False  # True: turn the page in place; False: send the first page as a new message


class PosterCb(CallbackData, prefix="mp"):
    c: str = Field(pattern=CODE_PATTERN)  # centre code


class MyPracticesCb(CallbackData, prefix="mx"):
    """A page of the presser's centres' practices, or one of them opened ("mx:open:0:123")."""

    action: str  # list | open
    page: Small = 0  # the list's page (to go back to it from an opened practice)
    p: RowId = 0  # the practice opened
