"""bot.text_limit: one limit per messenger, counted as that messenger counts."""

from __future__ import annotations

import html
from html import escape

from bot.config import MessengerSettings
from bot.i18n import Translations
from bot.max import outgoing
from bot.text_limit import EVERY_MESSENGER, MAX_TEXT, TELEGRAM_TEXT
from charts import visible_length
from handlers.tickets.jobs import summary_pages
from services.tickets.comments import WeekComments

RU = Translations().get("ru")


def test_each_messenger_has_its_limit_and_its_count() -> None:
    telegram = MessengerSettings(_env_file=None).text_limit
    on_max = MessengerSettings(_env_file=None, messenger="max").text_limit
    assert (telegram, on_max) == (TELEGRAM_TEXT, MAX_TEXT)
    assert (telegram.chars, on_max.chars, outgoing.MAX_TEXT) == (4096, 4000, 4000)
    text = "<b>Очередь</b> &amp; 😀"
    assert telegram.length(text) == visible_length(text) == 12  # the emoji is 2 UTF-16 units
    assert on_max.length(text) == len(text)  # MAX: the text as sent, markup included
    escaped = "&amp;" * 800  # 800 characters shown, 4,000 sent
    assert telegram.fits(escaped + "&amp;") and on_max.fits(escaped)
    assert not on_max.fits(escaped + "&amp;")


def test_weekly_comment_summaries_fit_each_messenger() -> None:
    """The tickets' weekly summary of comments full of & and <: within 4,096 shown characters
    on Telegram, and within 4,000 as sent on MAX (where escapes count in full)."""
    long = tuple(f"{n:02d} " + ("очередь & <табло> " * 60)[:990] for n in range(12))
    summary = WeekComments("77-cao", "2026-W40", len(long), long, (("Вежливо & быстро", 3),))
    for limit in (TELEGRAM_TEXT, MAX_TEXT):
        pages = summary_pages(RU, "<ЦЗН & Ко>", summary, limit)
        assert len(pages) > 1 and all(limit.fits(page) for page in pages)
        joined = "\n".join(pages)
        assert all(f"• {n:02d} " in joined for n in range(12))  # nothing lost between pages
    assert any(len(p) > 4000 for p in summary_pages(RU, "ЦЗН", summary, TELEGRAM_TEXT))


def test_builders_cutting_to_a_fixed_length_cut_within_every_messenger() -> None:
    from handlers.evidence import texts as evidence_texts
    from handlers.profiles import router as profiles
    from handlers.roadmap import reminders
    from handlers.roadmap import texts as roadmap_texts

    assert EVERY_MESSENGER == 4000
    cuts = (profiles.TEXT_MAX, roadmap_texts.TEXT_MAX, reminders.TEXT_MAX)
    assert cuts == (EVERY_MESSENGER,) * 3 and evidence_texts.MAX_MESSAGE == EVERY_MESSENGER
    assert MAX_TEXT.fits("&amp;" * (EVERY_MESSENGER // 5)) and TELEGRAM_TEXT.fits("ж" * 4000)


def test_ticket_quotes_are_cut_as_sent() -> None:
    """A ticket card quotes each message cut to its limit counted after escaping, so a thread
    of & and < stays as short on MAX as plain text (before: 2,000 & were 10,000 sent)."""
    from handlers.tickets.notify import NEWEST_LIMIT, OTHER_LIMIT, _quote
    from storage.models_tickets import TicketMessage

    for text in ("&" * 3000, "a<b>&'\"" * 700, "обычный текст " * 300):
        for limit in (NEWEST_LIMIT, OTHER_LIMIT):
            quoted = _quote(TicketMessage(text=text), limit)
            assert len(quoted.removesuffix("…")) <= limit and quoted.endswith("…")
            assert quoted.removesuffix("…") == escape(text[: len(html.unescape(quoted)) - 1])
    assert _quote(TicketMessage(text="a & b"), OTHER_LIMIT) == "a &amp; b"
    assert NEWEST_LIMIT + 3 * OTHER_LIMIT + 1000 <= EVERY_MESSENGER  # a 4-message thread fits
