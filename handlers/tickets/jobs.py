"""The scheduler's ticket jobs (bot.scheduler): `tickets.overdue` and `tickets.comments`.

`overdue`: tickets past their answer time (or untouched past the reaction limit) go to the
region's experts, and the working group is reminded; with no expert anywhere the admins are
told, once. Answered tickets left alone close after TICKET_CLOSE_DAYS; closed ones lose their
sealed chat and texts after TICKET_RETENTION_DAYS. `comments`: last week's visitors' comments
to each working group, once per week. The clock is injected: tests run it on a fake one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.i18n import Translations, Translator
from bot.sender import Outgoing, Sender
from bot.text_limit import TELEGRAM_TEXT, TextLimit
from handlers.tickets.notify import language_of, send_cards, tell_admins
from services.centres.directory import CentreDirectory
from services.privacy import Pseudonyms
from services.tickets import sla
from services.tickets.comments import WeekComments, due_summaries, mark_sent
from services.tickets.routing import group_of
from services.tickets.rules import TicketService

log = logging.getLogger(__name__)
PAGE_MARGIN = 296  # characters of the messenger's limit left unused (Telegram: 3,800 of 4,096)


class TicketJobs:
    def __init__(
        self,
        *,
        settings: Settings,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        translations: Translations,
        sender: Sender,
        pseudonyms: Pseudonyms,
        clock: Callable[[], datetime],
    ) -> None:
        self.settings, self.bot, self.sessionmaker = settings, bot, sessionmaker
        self.translations, self.sender, self.pseudonyms = translations, sender, pseudonyms
        self.clock = clock

    async def overdue(self) -> int:
        """Escalate overdue tickets; returns how many were escalated."""
        now = self.clock()
        rules = self.settings.tickets
        escalated = 0
        async with self.sessionmaker() as session:
            service = TicketService(session, self.pseudonyms, rules)
            await sla.close_idle(session, now, rules.ticket_close_days)
            await sla.purge_closed(session, now, rules.ticket_retention_days)
            await session.commit()
            for ticket in await sla.overdue(session, now):
                group = (
                    [ticket.taken_by]
                    if ticket.taken_by
                    else await group_of(session, ticket.centre_code)
                )
                experts = await service.escalate(ticket, now)
                await session.commit()
                escalated += 1
                if experts:
                    await send_cards(
                        session=session, service=service, sender=self.sender,
                        translations=self.translations, ticket=ticket, user_ids=experts,
                        intro="tickets-overdue-intro",
                    )  # fmt: skip
                await self._remind(session, group, ticket.id, bool(experts))
            for ticket in await sla.stuck_after_escalation(session, now):
                if await service.recipients(ticket):
                    continue
                told = await tell_admins(
                    self.sender, self.translations, self.settings.telegram.admin_ids,
                    "tickets-admin-nobody", id=ticket.id, centre=escape(ticket.centre_code),
                )  # fmt: skip
                if not told:
                    log.error("ticket %s is overdue and nobody can answer it", ticket.id)
                ticket.admins_told_at = now
                await session.commit()
        if escalated:
            log.info("tickets: %d overdue escalated", escalated)
        return escalated

    async def _remind(
        self, session: AsyncSession, staff: Sequence[int | None], ticket_id: int, to_experts: bool
    ) -> None:
        key = "tickets-overdue-staff" if to_experts else "tickets-overdue-staff-nobody"
        items = []
        for user_id in staff:
            if user_id is None:
                continue
            t = self.translations.get(await language_of(session, self.pseudonyms, user_id))
            items.append(Outgoing(user_id, t(key, id=ticket_id)))
        await self.sender.send_all(items)

    async def comments(self) -> int:
        """Last week's comments to every working group; returns how many centres got them."""
        now = self.clock()
        tz = ZoneInfo(self.settings.digest.digest_timezone)
        done = 0
        async with self.sessionmaker() as session:
            for summary in await due_summaries(session, now, tz):
                name = await CentreDirectory(session).name(summary.centre_code)
                items = []
                for user_id in await group_of(session, summary.centre_code):
                    t = self.translations.get(await language_of(session, self.pseudonyms, user_id))
                    pages = summary_pages(
                        t, name or summary.centre_code, summary, self.settings.messenger.text_limit
                    )
                    for page in pages:
                        items.append(Outgoing(user_id, page))
                results = await self.sender.send_all(items)
                if any(r.ok for r in results):
                    await mark_sent(session, summary, now)
                    await session.commit()
                    done += 1
        return done


def summary_pages(
    t: Translator, centre: str, summary: WeekComments, limit: TextLimit = TELEGRAM_TEXT
) -> list[str]:
    """The summary in pages PAGE_MARGIN within the messenger's limit, counted as it counts."""
    head = t(
        "tickets-comments-title", centre=escape(centre), week=summary.week, count=summary.total
    )
    rows = [f"• {escape(text)}" for text in summary.long]  # beside Fluent: up to 1,000 chars
    rows += [
        t("tickets-comments-short", text=escape(text), count=count) for text, count in summary.short
    ]
    foot = t("tickets-comments-footer")
    budget = limit.chars - PAGE_MARGIN
    pages, current = [], [head, ""]
    for row in rows:
        if current and limit.length("\n".join([*current, row, foot])) > budget:
            pages.append("\n".join(current))
            current = []
        current.append(row)
    current += ["", foot]
    pages.append("\n".join(current))
    return pages
