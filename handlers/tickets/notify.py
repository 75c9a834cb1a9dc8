"""Telling people about tickets: the card for staff and experts (every copy kept in step), the
answer for the asker, and the admins when nobody can answer.

Staff and experts are identified people and see each other's names; the asker is shown only
as the ticket's number. The fan-out to a working group goes through the one Sender.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime
from html import escape

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translations, Translator
from bot.sender import Outgoing, Sender
from bot.text_limit import EVERY_MESSENGER, MAX_TEXT, TELEGRAM_TEXT
from handlers.evidence.texts import local_datetime
from handlers.tickets import keyboards as kb
from services.centres.timezones import centre_timezone, utc_offset
from services.privacy import Pseudonyms, Unreadable
from services.team.people import People, shown_name
from services.tickets.rules import ANSWERED, CLOSED, GROUP, OPEN, TAKEN, TicketService
from services.users import Users
from storage.models import Centre
from storage.models_tickets import Ticket, TicketMessage

log = logging.getLogger(__name__)
# A card quotes the newest message of the asker in full (its own limit) and every other
# message shortened, so a whole thread (question, answer, follow-up, answer) fits 4,000
# characters as sent (bot.text_limit.EVERY_MESSENGER: escapes included, as MAX counts); a
# longer thread leaves out messages in its middle (`_fit`).
NEWEST_LIMIT = 2000
OTHER_LIMIT = 300


def when(moment: datetime, zone: str) -> str:
    return f"{local_datetime(moment, zone)} ({utc_offset(moment, zone)})"


async def status_line(session: AsyncSession, t: Translator, ticket: Ticket) -> str:
    if ticket.status == CLOSED:
        return t("tickets-status-closed")
    if ticket.status == ANSWERED:
        return t("tickets-status-answered")
    if ticket.status == TAKEN and ticket.taken_by is not None:
        name = await People(session).name(ticket.taken_by)
        return t("tickets-status-taken", name=shown_name(t, name, ticket.taken_by))
    if ticket.escalated_at is not None:
        return t("tickets-status-escalated")
    return t("tickets-status-open")


def _quote(message: TicketMessage, limit: int) -> str:
    """The text escaped, at most `limit` characters as sent (MAX counts `&amp;` as 5)."""
    quoted = escape(message.text)
    if len(quoted) <= limit:
        return quoted
    cut = message.text[:limit]
    while len(escape(cut)) > limit:  # an escape is at most 6 characters for 1
        cut = cut[: len(cut) - max(1, (len(escape(cut)) - limit) // 6)]
    return escape(cut) + "…"


async def card_text(
    session: AsyncSession,
    t: Translator,
    ticket: Ticket,
    thread: list[TicketMessage],
    intro: str | None = None,
) -> str:
    """The card (after `intro`, when given) within every messenger's limit: a thread too long
    for one message keeps its first message and as many of the latest as fit, and says how
    many in between are not shown."""
    centre = await session.get(Centre, ticket.centre_code)
    zone = await centre_timezone(session, ticket.centre_code)
    head = t(
        "tickets-card",
        id=ticket.id,
        centre=escape(centre.name if centre else ticket.centre_code),
        created=when(ticket.created_at, zone),
        due=when(ticket.due_at, zone),
        status=await status_line(session, t, ticket),
    )
    if intro:
        head = t(intro, id=ticket.id) + "\n\n" + head
    newest = max((m.id for m in thread if m.author == "asker"), default=None)
    quotes = []
    for message in thread:
        key = "tickets-card-question" if message.author == "asker" else "tickets-card-answer"
        limit = NEWEST_LIMIT if message.id == newest else OTHER_LIMIT
        # Long texts go beside the Fluent message: a placeable holds at most 1,000 characters.
        quote = f"{t(key)} {_quote(message, limit) or '—'}"
        if message.file_kind:
            quote += "\n" + t("tickets-card-file", kind=message.file_kind)
        quotes.append(quote)
    return _fit(t, head, quotes)


def _fit(t: Translator, head: str, quotes: list[str]) -> str:
    whole = "\n\n".join([head, *quotes])
    if _fits(whole) or len(quotes) < 3:
        return whole
    # The first message and the latest ones: the question, then where the thread is now.
    for kept in range(len(quotes) - 2, 0, -1):
        skipped = len(quotes) - 1 - kept
        text = "\n\n".join(
            [head, quotes[0], t("tickets-card-skipped", count=skipped), *quotes[-kept:]]
        )
        if _fits(text):
            return text
    return "\n\n".join([head, quotes[0], t("tickets-card-skipped", count=len(quotes) - 1)])


def _fits(text: str) -> bool:
    """Within every messenger: as shown (Telegram) and as sent (MAX)."""
    return max(TELEGRAM_TEXT.length(text), MAX_TEXT.length(text)) <= EVERY_MESSENGER


def card_markup(
    t: Translator, ticket: Ticket, user_id: int, has_file: bool
) -> InlineKeyboardMarkup | None:
    free = ticket.status == OPEN
    mine = ticket.status == TAKEN and ticket.taken_by == user_id
    can_pass = ticket.route == GROUP and ticket.escalated_at is None
    return kb.card(t, ticket.id, free=free, mine=mine, can_pass=can_pass, has_file=has_file)


async def language_of(session: AsyncSession, pseudonyms: Pseudonyms, user_id: int) -> str | None:
    row = await Users(session, pseudonyms).get(user_id)
    return row.language if row is not None else None


async def send_cards(
    *,
    session: AsyncSession,
    service: TicketService,
    sender: Sender,
    translations: Translations,
    ticket: Ticket,
    user_ids: Iterable[int],
    intro: str | None = None,
) -> int:
    """The ticket's card to each person (in their language); remembers every copy."""
    thread = await service.thread(ticket.id)
    has_file = any(m.file_id for m in thread)
    items = []
    for user_id in user_ids:
        t = translations.get(await language_of(session, service.pseudonyms, user_id))
        text = await card_text(session, t, ticket, thread, intro)
        markup = card_markup(t, ticket, user_id, has_file)
        items.append(Outgoing(user_id, text, reply_markup=markup, tag=user_id))
    sent = 0
    for result in await sender.send_all(items):
        if result.ok and result.message_ids:
            await service.remember_notice(ticket.id, int(result.item.tag), result.message_ids[0])
            sent += 1
    await session.commit()
    return sent


async def refresh_cards(
    *, session: AsyncSession, service: TicketService, bot: Bot, translations: Translations,
    ticket: Ticket,
) -> None:  # fmt: skip
    """Every copy of the card shows the ticket as it is now: once one takes it, the others
    see who did and lose their buttons."""
    thread = await service.thread(ticket.id)
    has_file = any(m.file_id for m in thread)
    for notice in await service.notices(ticket.id):
        t = translations.get(await language_of(session, service.pseudonyms, notice.user_id))
        text = await card_text(session, t, ticket, thread)
        markup = card_markup(t, ticket, notice.user_id, has_file)
        with suppress(TelegramAPIError):  # deleted, too old, unchanged, blocked: nothing lost
            await bot.edit_message_text(
                text=text, chat_id=notice.user_id, message_id=notice.message_id, reply_markup=markup
            )


async def deliver_answer(
    *, bot: Bot, service: TicketService, translations: Translations, ticket: Ticket, text: str,
    centre_name: str,
) -> bool:  # fmt: skip
    """The answer in the asker's chat, in their language; False: they cannot be reached."""
    if ticket.asker_chat is None:
        return False
    try:
        chat_id = service.pseudonyms.unseal(ticket.asker_chat)
    except Unreadable:
        log.warning("ticket %s: the asker's chat does not open", ticket.id)
        return False
    t = translations.get(ticket.asker_language)
    header = t("tickets-answer", id=ticket.id, centre=escape(centre_name))
    body = f"{header}\n\n{escape(text)}"
    markup = kb.answered(t, ticket.id, not ticket.follow_up_used)
    try:
        await bot.send_message(chat_id, body, reply_markup=markup)
    except TelegramForbiddenError:
        return False
    return True


async def tell_admins(
    sender: Sender, translations: Translations, admin_ids: Iterable[int], key: str, **args: object
) -> int:
    t = translations.get(None)
    items = [Outgoing(admin, t(key, **args)) for admin in admin_ids]
    results = await sender.send_all(items)
    return sum(1 for r in results if r.ok)
