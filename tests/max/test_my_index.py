"""/my_index for a staff member on MAX in-process: the card and its buttons arrive as MAX
messages with inline_keyboard attachments, every payload within 64 bytes, and the visitors'
comments page within MAX's 4,000 characters."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import delete

from bot.max.ids import user_to_bot
from bot.max.outgoing import MAX_TEXT
from services.team.roles import STAFF
from storage.models import utcnow
from storage.models_practices import Practice
from tests.digest.test_centre_tools import SM, answered, grant
from tests.fakemax import MaxCall
from tests.max.support import OnMax, shown

STAFF_ID = 8301


def keyboards(call: MaxCall) -> list[dict[str, object]]:
    attachments = call.body.get("attachments") or []
    return [a for a in attachments if a["type"] == "inline_keyboard"]


async def test_my_index_card_and_buttons_on_max(on_max: OnMax, sessionmaker: SM) -> None:
    await grant(sessionmaker, user_to_bot(STAFF_ID), STAFF, "77-cao")
    await on_max.say(STAFF_ID, "/my_index")
    sent = on_max.to(STAFF_ID)
    assert sent and all(c.ok for c in on_max.api.calls)  # MAX refused nothing
    [card] = [c for c in sent if "Комментарии" in str(keyboards(c))]
    assert "Центр занятости населения г. Москвы — филиал ЦАО" in card.text
    buttons = on_max.api.buttons(shown(card))
    labels = [b["text"] for b in buttons]
    assert "💬 Комментарии (0)" in labels
    callbacks = [b for b in buttons if b["type"] == "callback"]
    assert callbacks and all(0 < len(b["payload"].encode()) <= 64 for b in callbacks)

    await on_max.tap(STAFF_ID, card, "Комментарии (0)")
    [answer] = [c for c in on_max.api.calls if c.route == "POST /answers"]
    assert answer.ok and "комментариев" in answer.body["notification"].lower()


async def test_a_long_paged_list_stays_within_max_limit(on_max: OnMax, sessionmaker: SM) -> None:
    """Comments full of & and < (escaped to &amp; and &lt;): each page within 4,000 characters
    as MAX counts them (the HTML as sent), every page reached and nothing refused."""
    now = utcnow()
    written = [f"{n:02d} " + ("длинный отзыв & <такой> " * 50)[:990] for n in range(14)]
    for n, comment in enumerate(written):
        await answered(sessionmaker, "77-cao", comment, now - timedelta(days=n * 3 + 1))
    await grant(sessionmaker, user_to_bot(STAFF_ID), STAFF, "77-cao")
    await on_max.say(STAFF_ID, "/my_index")
    card = next(c for c in on_max.to(STAFF_ID) if "Комментарии" in str(keyboards(c)))
    await on_max.tap(STAFF_ID, card, "Комментарии")
    first = on_max.shown_to(STAFF_ID, "стр. 1 из")
    pages = int(re.search(r"стр\. 1 из (\d+)", first.text)[1])  # type: ignore[index]
    assert pages >= 4
    seen: list[str] = []
    for page in range(1, pages + 1):
        current = on_max.shown_to(STAFF_ID, f"стр. {page} из {pages}")
        assert shown(current) == shown(first)  # turned in place
        assert len(current.text) <= MAX_TEXT
        seen += re.findall(r"^— (\d\d) ", current.text, flags=re.M)
        if page < pages:
            await on_max.tap(STAFF_ID, current, "Старее")
    assert seen == [f"{n:02d}" for n in range(14)]  # each once, newest first
    assert all(c.ok for c in on_max.api.calls), [c.body for c in on_max.api.calls if not c.ok]


async def returned_practice(sm: SM, comment: str) -> None:
    now = utcnow() - timedelta(days=1)
    text = ("Запись по телефону без очереди. " * 40)[:990]
    async with sm.begin() as session:
        session.add(
            Practice(
                centre_code="77-cao",
                region_code="77",
                author_id=8399,
                status="returned",
                title="Запись без очереди",
                indicators=" M7 ",
                groups=" M ",
                client_group="seeker",
                problem=text,
                done=text,
                result=text,
                started_on=date(2025, 9, 1),
                search_text="запись",
                post_attempts=0,
                created_at=now,
                submitted_at=now,
                decided_at=now,
                comment=comment,
            )
        )


async def open_first_practice(on_max: OnMax) -> list[MaxCall]:
    await on_max.say(STAFF_ID, "/my_index")
    listed = on_max.shown_to(STAFF_ID, "Практики вашего центра")
    before = len(on_max.api.calls)
    await on_max.tap(STAFF_ID, listed, "1. ")
    shows = ("POST /messages", "PUT /messages")  # a new message or the list edited in place
    return [c for c in on_max.api.calls[before:] if c.route in shows]


async def test_a_long_practice_opens_within_max_limit(on_max: OnMax, sessionmaker: SM) -> None:
    """The state with the expert's comment and the card: 4,050 characters together fit
    Telegram's 4,096 in one message, so on MAX they must come as two (4,000 at most each)."""
    await grant(sessionmaker, user_to_bot(STAFF_ID), STAFF, "77-cao")
    await returned_practice(sessionmaker, "x")
    [short] = await open_first_practice(on_max)  # one message: measure it
    async with sessionmaker.begin() as session:
        await session.execute(delete(Practice))
    await returned_practice(sessionmaker, "y" * (4050 - len(short.text) + 1))
    opened = await open_first_practice(on_max)
    assert len(opened) == 2 and all(c.ok and len(c.text) <= MAX_TEXT for c in opened)
    assert "Состояние:" in opened[0].text and "yyyy" in opened[0].text
    assert "Запись по телефону" in opened[1].text and "К списку" in str(opened[1].body)
    assert len(opened[0].text) + len(opened[1].text) > MAX_TEXT
    assert all(c.ok for c in on_max.api.calls)
