"""The daily roadmap reminders as messages, sent through the one Sender (bot.sender).

services.roadmap.reminders decides who hears what and marks it sent; this writes each person's
one message in their language (dates in the region's time zone) and sends them all.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from html import escape

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Translations, Translator
from bot.sender import Outgoing, Sender
from bot.text_limit import EVERY_MESSENGER
from handlers.roadmap.texts import day
from services.privacy import Pseudonyms
from services.roadmap.reminders import Reminder, due_reminders
from storage.models import Region

log = logging.getLogger(__name__)
MAX_LINES = 40
TEXT_MAX = EVERY_MESSENGER


def reminder_text(t: Translator, reminder: Reminder, regions: dict[str, str]) -> str:
    parts = [t("roadmap-remind-title")]
    current = None
    for n, line in enumerate(reminder.lines):
        if n >= MAX_LINES:
            parts.append("…")
            break
        if line.region_code != current:
            current = line.region_code
            parts.append("")
            parts.append(t("roadmap-remind-region", region=escape(regions.get(current, current))))
        args = dict(line.args)
        title = args.pop("title", "")
        title_en = args.pop("title_en", "")
        args["title"] = escape(str(title_en if t.language == "en" else title))
        for key, value in list(args.items()):
            if isinstance(value, date) or (value is None and key in ("last", "due", "deadline")):
                args[key] = day(value)
        parts.append(t(line.key, **args))
    parts.append("")
    parts.append(t("roadmap-remind-footer"))
    text = "\n".join(parts)
    return text if len(text) <= TEXT_MAX else text[: TEXT_MAX - 1] + "…"


async def send_roadmap_reminders(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    sender: Sender,
    translations: Translations,
    pseudonyms: Pseudonyms,
    now: datetime,
    before_days: int,
) -> int:
    async with sessionmaker() as session:
        reminders = await due_reminders(session, pseudonyms, now, before_days=before_days)
        regions = dict((await session.execute(select(Region.code, Region.name))).all())
        # Marked before sending: a crash sends nothing twice (at most once, like the nudges).
        await session.commit()
    items = [
        Outgoing(r.user_id, reminder_text(translations.get(r.language), r, regions), tag=r.user_id)
        for r in reminders
    ]
    results = await sender.send_all(items)
    sent = sum(1 for r in results if r.ok)
    if items:
        log.info("roadmap reminders: %d sent of %d due", sent, len(items))
    return sent
