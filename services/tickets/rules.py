"""The life of a ticket: ask, take, answer, follow up once, resolve and rate.

Every step re-checks who is acting against the stored ticket and the person's roles: a
button names a ticket, it grants nothing. Taking and answering are conditional UPDATEs, so of
two staff members pressing at the same moment exactly one gets the ticket and the other is
told it is taken. The asker is known to the rules only by a keyed hash made for tickets
(`ASKER`) and a sealed chat id; staff never see either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import TicketSettings
from services.privacy import Pseudonyms
from services.refusal import Refusal
from services.team.roles import Access
from services.text import clean_text
from services.tickets.hours import WorkingTime, add_working_hours
from services.tickets.routing import experts_of, group_of
from storage.models import Centre
from storage.models_tickets import Ticket, TicketMessage, TicketNotice

ASKER = "ticket"  # the pseudonym purpose of askers: joins neither users nor questionnaires
OPEN, TAKEN, ANSWERED, CLOSED = "open", "taken", "answered", "closed"
UNANSWERED = (OPEN, TAKEN)
GROUP, EXPERTS = "group", "experts"
PHOTO, DOCUMENT = "photo", "document"
CLOSE_REASONS = ("resolved", "blocked", "idle", "forgotten")
# Every reason a tickets Refusal can carry: the `tickets-error-*` texts (tests/tickets check that
# each one raised in services/tickets and handlers/tickets is listed here).
REASONS = (
    "empty", "too_long", "answer_empty", "answer_too_long", "no_centre", "no_consent",
    "own_centre", "throttled", "forbidden", "taken", "answered", "closed", "stale", "not_asker",
    "not_answered", "follow_up_used", "rated", "passed", "templates_full", "template_gone",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Draft:
    """What a person typed or attached: the text (maybe empty with a file) and one file."""

    text: str
    file_kind: str | None = None
    file_id: str | None = None


def clean_draft(text: str | None, file_kind: str | None, file_id: str | None, limit: int) -> Draft:
    """A question or follow-up as stored: empty (a sticker, blank text) and too long refused."""
    body = clean_text(text)
    if not body and file_id is None:
        raise Refusal("tickets-error", "empty")
    if len(body) > limit:
        raise Refusal("tickets-error", "too_long", length=len(body), limit=limit)
    return Draft(body, file_kind if file_id else None, file_id)


def clean_answer(text: str | None, limit: int) -> str:
    body = clean_text(text)
    if not body:
        raise Refusal("tickets-error", "answer_empty")
    if len(body) > limit:
        raise Refusal("tickets-error", "answer_too_long", length=len(body), limit=limit)
    return body


def working_time(settings: TicketSettings) -> WorkingTime:
    return WorkingTime(settings.ticket_work_start, settings.ticket_work_end, settings.work_days)


def may_handle(access: Access, ticket: Ticket) -> bool:
    """The centre's working group, and the experts of its region (escalation, no group)."""
    return (
        access.works_at(ticket.centre_code)
        or access.expert_everywhere
        or ticket.region_code in access.expert_regions
    )


def _changed(result: Any) -> bool:
    return int(cast(CursorResult[Any], result).rowcount or 0) == 1


class TicketService:
    def __init__(
        self, session: AsyncSession, pseudonyms: Pseudonyms, settings: TicketSettings
    ) -> None:
        self.session = session
        self.pseudonyms = pseudonyms
        self.settings = settings

    def asker_key(self, user_id: int) -> str:
        return self.pseudonyms.key(ASKER, user_id)

    def due(self, moment: datetime, zone: str) -> datetime:
        hours = self.settings.ticket_answer_hours
        return add_working_hours(moment, hours, zone, working_time(self.settings))

    # --- asking ---------------------------------------------------------------------------

    async def open_count(self, user_id: int) -> int:
        stmt = (
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.asker_key == self.asker_key(user_id), Ticket.status != CLOSED)
        )
        return int(await self.session.scalar(stmt) or 0)

    async def may_ask(self, access: Access, user_id: int, centre_code: str | None) -> Centre:
        """The centre a person may ask now; a Refusal why not."""
        centre = await self.session.get(Centre, centre_code) if centre_code else None
        if centre is None:
            raise Refusal("tickets-error", "no_centre")
        if access.works_at(centre.code):
            raise Refusal("tickets-error", "own_centre")
        if await self.open_count(user_id) >= self.settings.ticket_max_open:
            raise Refusal("tickets-error", "throttled", limit=self.settings.ticket_max_open)
        return centre

    async def create(
        self,
        access: Access,
        user_id: int,
        chat_id: int,
        language: str,
        centre_code: str | None,
        draft: Draft,
        now: datetime,
    ) -> Ticket:
        centre = await self.may_ask(access, user_id, centre_code)
        route = GROUP if await group_of(self.session, centre.code) else EXPERTS
        due = self.due(now, centre.timezone)
        ticket = Ticket(
            centre_code=centre.code,
            region_code=centre.region_code,
            asker_key=self.asker_key(user_id),
            asker_chat=self.pseudonyms.seal(chat_id),
            asker_language=language,
            status=OPEN,
            route=route,
            created_at=now,
            acknowledged_at=now,
            due_at=due,
            first_due_at=due,
            reaction_due_at=now + timedelta(hours=self.settings.ticket_reaction_hours),
        )
        self.session.add(ticket)
        await self.session.flush()
        self._message(ticket.id, "asker", None, draft, now)
        await self.session.flush()
        return ticket

    def _message(
        self, ticket_id: int, author: str, author_id: int | None, draft: Draft, now: datetime
    ) -> None:
        self.session.add(
            TicketMessage(
                ticket_id=ticket_id,
                author=author,
                author_id=author_id,
                text=draft.text,
                file_kind=draft.file_kind,
                file_id=draft.file_id,
                created_at=now,
            )
        )

    async def has_group(self, centre_code: str) -> bool:
        return bool(await group_of(self.session, centre_code))

    async def recipients(self, ticket: Ticket) -> list[int]:
        """Who gets the card: the working group, or (no group, escalated) the region's experts."""
        if ticket.route == GROUP and ticket.escalated_at is None:
            group = await group_of(self.session, ticket.centre_code)
            if group:
                return group
        return await experts_of(self.session, ticket.region_code)

    # --- staff ----------------------------------------------------------------------------

    async def get(self, ticket_id: int) -> Ticket | None:
        return await self.session.get(Ticket, ticket_id, populate_existing=True)

    async def for_handler(self, access: Access, ticket_id: int) -> Ticket:
        ticket = await self.get(ticket_id)
        if ticket is None or not may_handle(access, ticket):
            raise Refusal("tickets-error", "forbidden")  # another centre's ticket reveals nothing
        return ticket

    async def take(self, access: Access, ticket_id: int, now: datetime) -> Ticket:
        """Claim an open ticket (or keep one's own); a Refusal: taken / answered / closed."""
        ticket = await self.for_handler(access, ticket_id)
        if ticket.status == TAKEN and ticket.taken_by == access.user_id:
            return ticket
        claimed = await self.session.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id, Ticket.status == OPEN)
            .values(status=TAKEN, taken_by=access.user_id, taken_at=now)
            .execution_options(synchronize_session=False)
        )
        ticket = await self.for_handler(access, ticket_id)
        if not _changed(claimed):
            raise Refusal("tickets-error", self.why_not(ticket, access.user_id))
        return ticket

    @staticmethod
    def why_not(ticket: Ticket, user_id: int) -> str:
        if ticket.status == CLOSED:
            return "closed"
        if ticket.status == ANSWERED:
            return "answered"
        if ticket.taken_by is not None and ticket.taken_by != user_id:
            return "taken"
        return "stale"

    async def answer(self, access: Access, ticket_id: int, text: str, now: datetime) -> Ticket:
        """Record the answer of the one who holds the ticket, once."""
        answered = await self.session.execute(
            update(Ticket)
            .where(
                Ticket.id == ticket_id, Ticket.status == TAKEN, Ticket.taken_by == access.user_id
            )
            .values(status=ANSWERED, answered_at=now)
            .execution_options(synchronize_session=False)
        )
        ticket = await self.for_handler(access, ticket_id)
        if not _changed(answered):
            raise Refusal("tickets-error", self.why_not(ticket, access.user_id))
        if ticket.first_answered_at is None:
            ticket.first_answered_at = now
        self._message(ticket.id, "staff", access.user_id, Draft(text), now)
        await self.session.flush()
        return ticket

    async def escalate(self, ticket: Ticket, now: datetime) -> list[int]:
        """Hand the ticket to the region's experts; returns them (empty: admins must be told)."""
        ticket.escalated_at = ticket.escalated_at or now
        if ticket.status == TAKEN and ticket.taken_by is not None:
            # A staff member who passes it on lets go of it: an expert takes it from here.
            ticket.status, ticket.taken_by, ticket.taken_at = OPEN, None, None
        await self.session.flush()
        return await experts_of(self.session, ticket.region_code)

    async def remember_notice(self, ticket_id: int, user_id: int, message_id: int) -> None:
        await self.session.execute(
            delete(TicketNotice).where(
                TicketNotice.ticket_id == ticket_id, TicketNotice.user_id == user_id
            )
        )
        self.session.add(TicketNotice(ticket_id=ticket_id, user_id=user_id, message_id=message_id))

    async def notices(self, ticket_id: int) -> list[TicketNotice]:
        rows = await self.session.scalars(
            select(TicketNotice).where(TicketNotice.ticket_id == ticket_id)
        )
        return list(rows)

    async def thread(self, ticket_id: int) -> list[TicketMessage]:
        rows = await self.session.scalars(
            select(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id)
        )
        return list(rows)

    # --- the asker ------------------------------------------------------------------------

    async def of_asker(self, user_id: int, ticket_id: int) -> Ticket:
        ticket = await self.get(ticket_id)
        if ticket is None or ticket.asker_key != self.asker_key(user_id):
            raise Refusal("tickets-error", "not_asker")
        return ticket

    async def follow_up(self, user_id: int, ticket_id: int, draft: Draft, now: datetime) -> Ticket:
        """The asker's one reply to an answer: back to whoever answered, due anew."""
        ticket = await self.of_asker(user_id, ticket_id)
        if ticket.status != ANSWERED:
            raise Refusal("tickets-error", "closed" if ticket.status == CLOSED else "not_answered")
        if ticket.follow_up_used:
            raise Refusal("tickets-error", "follow_up_used")
        centre = await self.session.get(Centre, ticket.centre_code)
        zone = centre.timezone if centre is not None else "Europe/Moscow"
        ticket.follow_up_used = True
        ticket.status = TAKEN if ticket.taken_by is not None else OPEN
        ticket.due_at = self.due(now, zone)
        self._message(ticket.id, "asker", None, draft, now)
        await self.session.flush()
        return ticket

    async def resolve(self, user_id: int, ticket_id: int, now: datetime) -> Ticket:
        ticket = await self.of_asker(user_id, ticket_id)
        if ticket.status == CLOSED:
            raise Refusal("tickets-error", "closed")
        if ticket.status != ANSWERED:
            raise Refusal("tickets-error", "not_answered")
        ticket.status, ticket.closed_at, ticket.close_reason = CLOSED, now, "resolved"
        await self.session.flush()
        return ticket

    async def rate(self, user_id: int, ticket_id: int, value: int) -> Ticket:
        if not 1 <= value <= 5:
            raise Refusal("tickets-error", "stale")
        ticket = await self.of_asker(user_id, ticket_id)
        if ticket.close_reason != "resolved":
            raise Refusal("tickets-error", "not_answered")
        if ticket.rating is not None:
            raise Refusal("tickets-error", "rated")
        ticket.rating = value
        await self.session.flush()
        return ticket

    async def mark_delivered(self, ticket_id: int) -> None:
        """The staff's messages of a ticket reached the asker (Telegram accepted them)."""
        await self.session.execute(
            update(TicketMessage)
            .where(TicketMessage.ticket_id == ticket_id, TicketMessage.author == "staff")
            .values(delivered=True)
            .execution_options(synchronize_session=False)
        )

    async def asker_blocked(self, ticket: Ticket, now: datetime) -> None:
        """The answer could not be delivered: the ticket closes, the answer stays stored."""
        ticket.status, ticket.closed_at, ticket.close_reason = CLOSED, now, "blocked"
        ticket.asker_chat = None
        await self.session.flush()

    async def forget(self, user_id: int, now: datetime) -> int:
        """/forget: the person's tickets lose their texts, chat and key; open ones close."""
        key = self.asker_key(user_id)
        ids = list(await self.session.scalars(select(Ticket.id).where(Ticket.asker_key == key)))
        if not ids:
            return 0
        await self.session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(ids)))
        await self.session.execute(
            update(Ticket)
            .where(Ticket.id.in_(ids), Ticket.status != CLOSED)
            .values(status=CLOSED, closed_at=now, close_reason="forgotten")
            .execution_options(synchronize_session=False)
        )
        await self.session.execute(
            update(Ticket)
            .where(Ticket.id.in_(ids))
            .values(asker_key=None, asker_chat=None, purged_at=now)
            .execution_options(synchronize_session=False)
        )
        return len(ids)
