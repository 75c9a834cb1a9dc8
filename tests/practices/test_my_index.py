"""/my_index and the practice base, through the production dispatcher: staff see their centre's
practices (not another centre's), open one, page through many; experts see how many wait in
their regions only and open the queue from there; replayed buttons of someone else refused."""

from __future__ import annotations

from datetime import date, timedelta

from bot.i18n import Translations
from handlers.digest.callbacks import MyPracticesCb
from handlers.practices.callbacks import QueueCb
from services.team.roles import EXPERT, STAFF
from storage.models import utcnow
from storage.models_practices import Practice
from tests.evidence_support import SM, grant
from tests.harness import Person

RU = Translations().get("ru")
STAFF_ID, OTHER_STAFF, EXPERT_ID, READER = 1001, 1002, 2001, 3001


async def add(
    sm: SM, centre: str, title: str, status: str, *, comment: str | None = None, days: int = 1
) -> int:
    now = utcnow() - timedelta(days=days)
    async with sm.begin() as session:
        practice = Practice(
            centre_code=centre, region_code=centre.split("-")[0], author_id=OTHER_STAFF,
            status=status, title=title, indicators=" M7 ", groups=" M ", client_group="seeker",
            problem="Долго ждали записи.", done="Запись по телефону.", result="Ждут меньше.",
            started_on=date(2025, 9, 1), search_text=title.casefold(), post_attempts=0,
            created_at=now, submitted_at=now, comment=comment,
            decided_at=now if status != "pending" else None,
        )  # fmt: skip
        session.add(practice)
        await session.flush()
        return practice.id


def practice_list(person: Person) -> str:
    return next(t for t in reversed(person.texts()) if "Практики вашего центра" in t)


async def test_staff_see_their_centres_practices_and_open_one(
    user: Person, sessionmaker: SM
) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    returned = await add(
        sessionmaker, "77-cao", "Запись без очереди", "returned", comment="Добавьте цифры."
    )
    await add(sessionmaker, "77-cao", "Памятка работодателю", "pending", days=2)
    other = await add(sessionmaker, "77-sao", "Чужая практика САО", "accepted")

    await user.send("/my_index")
    listed = practice_list(user)
    assert "Запись без очереди — возвращена на доработку" in listed
    assert "Памятка работодателю — на проверке" in listed
    assert "Чужая практика САО" not in listed
    assert RU("mi-practices-title", count=2, more="no") in listed
    assert not any("Ждут проверки" in t for t in user.texts())  # staff review nothing

    await user.tap("1. Запись без очереди")
    opened = user.last()
    assert "Состояние: <b>возвращена на доработку</b>" in opened.text
    assert "Комментарий эксперта: Добавьте цифры." in opened.text
    assert "Запись по телефону." in opened.text  # the card itself
    await user.tap("К списку", opened)
    assert "Памятка работодателю" in user.last().text

    # A replayed button naming another centre's practice opens nothing.
    await user.press(MyPracticesCb(action="open", p=other).pack(), user.last())
    assert user.last_alert() == RU("practices-error-forbidden")
    # Someone who is not staff pressing a list button is told it is not for them.
    reader = user.as_user(READER)
    await reader.send("/help")
    await reader.press(MyPracticesCb(action="open", p=returned).pack(), reader.last())
    assert reader.last_alert() == RU("practices-error-forbidden")
    await reader.press(MyPracticesCb(action="list", page=1).pack(), reader.last())
    assert reader.last_alert() == RU("mi-only-staff")


async def test_an_accepted_practice_opens_with_its_measured_effect(
    user: Person, sessionmaker: SM
) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    await add(sessionmaker, "77-cao", "Живая очередь онлайн", "accepted")
    await user.send("/my_index")
    assert "Живая очередь онлайн — одобрена" in practice_list(user)
    await user.tap("1. Живая очередь онлайн")
    text = user.last().text
    assert "Состояние: <b>одобрена</b>" in text
    assert "недостаточно ответов" in text and "👍 Полезно: 0" in text


async def test_many_practices_are_paged(user: Person, sessionmaker: SM) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    for number in range(8):
        await add(sessionmaker, "77-cao", f"Практика номер {number}", "pending", days=10 - number)
    await user.send("/my_index")
    first = user.last_with_buttons()
    assert "Практика номер 7" in first.text and "Практика номер 1" not in first.text
    assert RU("page-of", page=1, pages=2) in [label for label, _ in first.buttons()]
    await user.press(MyPracticesCb(action="list", page=1).pack(), first)
    second = user.last()
    assert "7. Практика номер 1" in second.text and "8. Практика номер 0" in second.text
    assert "Практика номер 7" not in second.text


async def test_a_centre_without_practices_is_invited_to_add_one(
    user: Person, sessionmaker: SM
) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    await add(sessionmaker, "77-sao", "Чужая практика САО", "accepted")
    await user.send("/my_index")
    assert RU("mi-practices-none") in user.texts()


async def test_experts_see_the_waiting_count_of_their_regions_only(
    user: Person, sessionmaker: SM
) -> None:
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    await add(sessionmaker, "77-cao", "Первая на проверке", "pending", days=3)
    await add(sessionmaker, "77-sao", "Вторая на проверке", "pending", days=2)
    await add(sessionmaker, "77-sao", "Уже одобрена", "accepted")
    await add(sessionmaker, "16-kazan-1", "Казанская на проверке", "pending")
    expert = user.as_user(EXPERT_ID)

    await expert.send("/my_index")
    queue = RU("mi-practices-queue", count=2, scope="regions")
    assert queue in expert.texts() and "2 практики" in queue
    assert not any("Практики вашего центра" in t for t in expert.texts())
    shown = next(m for m in expert.messages() if m.text == queue)
    await expert.tap("Открыть очередь", shown)
    assert RU("practices-review-intro", count=2) in expert.texts()
    assert "Первая на проверке" in expert.last().text  # the oldest of the region

    # Nothing waiting: the line says so, without a button.
    other = user.as_user(2002)
    await grant(sessionmaker, 2002, EXPERT, "50")
    await other.send("/my_index")
    nothing = RU("mi-practices-queue", count=0, scope="regions")
    assert nothing in other.texts()
    assert not next(m for m in other.messages() if m.text == nothing).buttons()
    # A respondent replaying the queue button is refused.
    reader = user.as_user(READER)
    await reader.send("/help")
    await reader.press(QueueCb().pack(), reader.last())
    assert reader.last_alert() == RU("practices-error-forbidden")
