"""A practice linked to a client-group profile of its region (seed 002), through the
production dispatcher: the /practice wizard offers the region's profiles at the client-group
step, the card names the profile, a replayed button with another region's profile is refused,
the profile's card counts the accepted practices and lists them; a deleted profile leaves the
practice without one."""

from __future__ import annotations

from aiogram.methods import SendMessage, SendPhoto
from sqlalchemy import delete

from bot.config import Settings
from bot.i18n import Translations
from handlers.practices import publish
from handlers.practices.callbacks import DraftCb
from services.practices import export
from services.team.roles import EXPERT, STAFF
from storage.models_profiles import ClientProfile
from tests.evidence_support import SM, grant
from tests.harness import Person
from tests.practices.conftest import ChannelSession
from tests.practices.support import DONE, PROBLEM, RESULT, TITLE, add_profile, practices

RU = Translations().get("ru")
STAFF_ID, EXPERT_ID = 1001, 2001


async def test_a_practice_linked_to_a_profile_of_its_region(
    user: Person, sessionmaker: SM, settings: Settings, recording: ChannelSession
) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    await grant(sessionmaker, EXPERT_ID, EXPERT, "77")
    mothers = await add_profile(sessionmaker, "77", "Молодые мамы после декрета")
    kazan = await add_profile(sessionmaker, "16", "Мигранты Казани")
    staff = user

    await staff.send("/practice")
    await staff.send(TITLE)
    await staff.send("M7")
    step = staff.last()
    assert RU("practices-ask-client_group-profiles", count=1) in step.text
    labels = [label for label, _ in step.buttons()]
    assert "👥 Молодые мамы после декрета" in labels and "👥 Мигранты Казани" not in labels
    [draft] = await practices(sessionmaker)

    # A replayed (or forged) button naming another region's profile: refused, nothing set.
    await staff.press(DraftCb(action="profile", p=draft.id, v=str(kazan)).pack(), step)
    assert staff.last_alert() == RU("practices-error-profile")
    [draft] = await practices(sessionmaker)
    assert draft.profile_id is None

    await staff.tap("Молодые мамы", step)
    [draft] = await practices(sessionmaker)
    assert draft.profile_id == mothers and draft.client_group is None
    assert staff.last().text == RU("practices-ask-problem", limit=1000)  # the step is done
    await staff.send(PROBLEM)
    await staff.send(DONE)
    await staff.send(RESULT)
    await staff.send("01.09.2025")
    await staff.tap("Дальше")  # no photos
    await staff.tap("Дальше")  # no document
    assert "👥 Для кого: Молодые мамы после декрета" in staff.last().text
    await staff.tap("Отправить на проверку")

    expert = staff.as_user(EXPERT_ID)
    await expert.send("/practice_review")
    await expert.tap("Одобрить", expert.last_with_buttons())
    await publish.drain()
    [post] = recording.channel_posts()  # the channel's card names the profile too
    assert isinstance(post, SendMessage) and "👥 Для кого: Молодые мамы после декрета" in post.text

    # The profile's card counts the accepted practice and lists it in the practice base.
    await staff.send("/profiles")
    assert "<b>Молодые мамы после декрета</b> (соискатели) — обновлён" in staff.last().text
    assert "· 📚 1" in staff.last().text
    await staff.tap("1. Молодые мамы")
    card = [c for c in staff.session.calls if isinstance(c, SendPhoto)][-1]
    assert RU("profiles-practices", count=1) in (card.caption or "")
    assert card.reply_markup is not None
    [data] = [
        str(b.callback_data)
        for row in card.reply_markup.inline_keyboard  # type: ignore[union-attr]
        for b in row
        if b.text == RU("profiles-button-practices", count=1)
    ]
    await staff.press(data)
    assert RU("practices-found", count=1) == staff.last().text
    assert any(TITLE[:20] in label for label, _ in staff.last().buttons())

    # The export for the federal knowledge base names it.
    async with sessionmaker() as session:
        [row] = await export.rows(session)
    assert row["profile"] == "Молодые мамы после декрета" and not row["client_group"]

    # A deleted profile leaves the practice without one (ON DELETE SET NULL).
    async with sessionmaker.begin() as session:
        await session.execute(delete(ClientProfile).where(ClientProfile.id == mothers))
    [practice] = await practices(sessionmaker)
    assert practice.status == "accepted" and practice.profile_id is None


async def test_a_group_of_the_list_replaces_the_profile(user: Person, sessionmaker: SM) -> None:
    await grant(sessionmaker, STAFF_ID, STAFF, "77-cao")
    await add_profile(sessionmaker, "77", "Молодые мамы после декрета")
    staff = user
    await staff.send("/practice")
    await staff.send(TITLE)
    await staff.send("M7")
    await staff.tap("Молодые мамы")
    [draft] = await practices(sessionmaker)
    await staff.press(DraftCb(action="field", p=draft.id, v="client_group").pack())
    assert "✅ 👥 Молодые мамы после декрета" in [label for label, _ in staff.last().buttons()]
    await staff.tap("предпенсионного")
    [draft] = await practices(sessionmaker)
    assert draft.client_group is not None and draft.profile_id is None
