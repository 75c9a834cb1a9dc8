"""Bad input while writing a practice: a short clear reply, and nothing of the draft lost."""

from __future__ import annotations

from datetime import date, timedelta

from bot.i18n import Translations
from services.team.roles import STAFF
from tests.evidence_support import SM, grant, send_document, send_photo
from tests.harness import Person
from tests.images import make_png
from tests.practices.support import DONE, PROBLEM, RESULT, TITLE, practices

RU = Translations().get("ru")


async def test_each_bad_input_is_refused_and_the_draft_kept(user: Person, sessionmaker: SM) -> None:
    await grant(sessionmaker, 1001, STAFF, "77-cao")
    await user.send("/practice")
    await user.send("Т" * 121)
    assert user.last().text == RU("practices-error-title_too_long", length=121, limit=120)
    await user.send(TITLE)

    await user.send("M7 Z9 K77")
    assert user.last().text == RU("practices-error-unknown_indicator", codes="Z9, K77")
    # The buttons: toggle M7 on, K1 on, M7 off; "Done" keeps K1.
    keyboard = user.last_with_buttons()
    await user.tap("M7", keyboard)
    await user.tap("K1", user.last_with_buttons())
    await user.tap("✅ M7", user.last_with_buttons())
    await user.tap("Готово", user.last_with_buttons())
    await user.tap("Ищущие")

    await user.send("x" * 1001)
    assert user.last().text == RU("practices-error-too_long", length=1001, limit=1000)
    await user.send(PROBLEM)
    await user.send(DONE)
    await user.send(RESULT)

    tomorrow = (date.today() + timedelta(days=2)).strftime("%d.%m.%Y")
    await user.send(tomorrow)
    assert user.last().text == RU("practices-error-date_future", date=tomorrow)
    await user.send("31.02.2025")
    assert user.last().text == RU("practices-error-date_format")
    await user.send("15.03.2025")

    await send_document(user, b"%PDF-1.4", "plan.pdf", "application/pdf")
    assert user.last().text == RU("practices-error-photo_type")
    await user.send_sticker()
    assert user.last().text == RU("practices-error-photo_type")
    await send_photo(user, make_png())
    assert "Фото добавлено (1 из 10)" in user.last().text
    await user.tap("Дальше")
    await send_document(user, b"MZ", "setup.exe", "application/octet-stream")
    assert user.last().text == RU("practices-error-document_type")

    [draft] = await practices(sessionmaker)
    assert draft.status == "draft" and draft.title == TITLE and draft.codes() == ["K1"]
    assert draft.problem == PROBLEM and draft.result == RESULT
    assert draft.started_on == date(2025, 3, 15)


async def test_only_the_author_and_staff_write(user: Person, sessionmaker: SM) -> None:
    await user.send("/practice")
    assert user.last().text == RU("practices-not-allowed")
    assert await practices(sessionmaker) == []
