"""MAX ids apart from Telegram's; stable, ordered update ids (bot.max.ids)."""

from __future__ import annotations

import pytest

from bot.config import Settings, SurveySettings
from bot.max import ids
from services.privacy import Pseudonyms


def test_max_user_123_is_not_telegram_user_123() -> None:
    assert ids.user_to_bot(123) != 123
    pseudonyms = Pseudonyms.from_settings(
        Settings(survey=SurveySettings(respondent_secret="s" * 40))
    )
    assert pseudonyms.user(ids.user_to_bot(123)) != pseudonyms.user(123)


def test_ranges_are_disjoint_from_telegram_and_exact_as_json_numbers() -> None:
    telegram_user_max, telegram_chat_min = 2**52 - 1, -(2**52 - 1)
    lowest_user = ids.user_to_bot(1)
    highest_user = ids.user_to_bot(ids.MAX_ID_BOUND - 1)
    assert telegram_user_max < lowest_user <= highest_user < 2**53
    chats = [ids.chat_to_bot(c) for c in (-(ids.MAX_ID_BOUND - 1), -1, 0, 1, ids.MAX_ID_BOUND - 1)]
    assert all(-(2**53) < c < telegram_chat_min for c in chats)
    assert not any(ids.is_max_user(c) for c in chats)


@pytest.mark.parametrize("value", [ids.MAX_ID_BOUND, 2**63 - 1, 0, -5])
def test_ids_outside_the_bound_are_refused(value: int) -> None:
    with pytest.raises(ids.MaxIdOutOfRange):
        ids.user_to_bot(value)


def test_recipient_turns_ids_back() -> None:
    assert ids.recipient(ids.user_to_bot(10001)) == ("user_id", 10001)
    assert ids.recipient(ids.chat_to_bot(-100000000)) == ("chat_id", -100000000)
    assert ids.recipient(ids.chat_to_bot(182182182)) == ("chat_id", 182182182)
    assert ids.recipient("-70000000") == ("chat_id", -70000000)  # CHANNEL_ID as MAX shows it
    with pytest.raises(ValueError):
        ids.recipient("@channel")


def test_update_ids_are_stable_and_follow_time() -> None:
    first = ids.update_id(1770679787821, "mid.0000000008a53b9b019c44bd612d33e0")
    assert first == ids.update_id(1770679787821, "mid.0000000008a53b9b019c44bd612d33e0")
    assert first != ids.update_id(1770679787821, "mid.0000000008a53b9b019c44bd612d33e1")
    assert ids.update_id(1770679787822, "a") > ids.update_id(1770679787821, "z" * 50)
    assert 2**60 < first < 2**63  # apart from Telegram's update ids; a BIGINT holds it
