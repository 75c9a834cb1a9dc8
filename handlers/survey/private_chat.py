"""The questionnaire runs in private chats only: in a group everybody would see the answers.

Plain rules for handlers/private_only.py (groups, supergroups, channels) and handlers/flow.py
(a working-group member may not answer for their own centre, handled there).
"""

from __future__ import annotations

import re

from handlers.survey.callbacks import (
    AnswerCb,
    AudienceCb,
    BackCb,
    CentreCb,
    CommentSkipCb,
    ConsentCb,
    NotifyCb,
    PickerCb,
    RegionCb,
    RegionPageCb,
)

PRIVATE = "private"
# /start c_<centre code>: the deep link of a centre's QR code.
CENTRE_LINK = re.compile(r"^c_([A-Za-z0-9_-]{1,32})$")
# The buttons of the respondent's path (consent → centre → audience → answers → opt-in).
RESPONDENT_PREFIXES = frozenset(
    cls.__prefix__
    for cls in (
        ConsentCb,
        PickerCb,
        RegionPageCb,
        RegionCb,
        CentreCb,
        AudienceCb,
        AnswerCb,
        BackCb,
        CommentSkipCb,
        NotifyCb,
    )
)


def is_private(chat_type: str | None) -> bool:
    return chat_type == PRIVATE


def is_respondent_button(data: str | None) -> bool:
    return bool(data) and (data or "").split(":", 1)[0] in RESPONDENT_PREFIXES


def private_link(bot_username: str, payload: str | None = None, site: str = "https://t.me") -> str:
    """t.me link that opens the private chat with the bot; a centre's deep link survives,
    anything else (an invitation token posted in a group) is not repeated there."""
    link = f"{site}/{bot_username.lstrip('@')}"
    if payload and CENTRE_LINK.match(payload):
        return f"{link}?start={payload}"
    return link
