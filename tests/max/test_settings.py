"""MESSENGER, MAX_BOT_TOKEN, MAX_API_URL: a bad combination is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import MessengerSettings, Settings, TelegramSettings
from bot.max import ids
from bot.settings_check import GROUPS, BadSettings, load_settings, secret_problems


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.chdir(tmp_path)  # no .env
    for group in GROUPS.values():
        for name in group.model_fields:
            monkeypatch.delenv(name.upper(), raising=False)
    return monkeypatch


def test_max_without_its_token_is_one_line(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("MESSENGER", "max")
    clean_env.setenv("BOT_TOKEN", "123:telegram")
    with pytest.raises(BadSettings) as error:
        load_settings()
    [line] = error.value.lines
    assert line.startswith("bad setting MAX_BOT_TOKEN: required when MESSENGER=max")


def test_an_unknown_messenger_is_named(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("MESSENGER", "whatsapp")
    with pytest.raises(BadSettings) as error:
        load_settings()
    assert [line.split(":")[0] for line in error.value.lines] == ["bad setting MESSENGER"]


def test_a_max_token_without_messenger_max_is_named(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("MAX_BOT_TOKEN", "abc")
    with pytest.raises(BadSettings) as error:
        load_settings()
    assert error.value.lines[0].startswith("bad setting MESSENGER: MAX_BOT_TOKEN is set")


def test_max_settings_load_and_the_secrets_are_checked_for_the_real_max(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("MESSENGER", "MAX")
    clean_env.setenv("MAX_BOT_TOKEN", "abc")
    settings = load_settings()
    assert settings.messenger.is_max and settings.api_url == "https://platform-api.max.ru"
    assert secret_problems(settings)  # the shipped secret must not serve real MAX users
    clean_env.setenv("MAX_API_URL", "http://127.0.0.1:9")
    assert secret_problems(load_settings()) == []  # a fake server on loopback


def test_on_max_the_admins_are_max_people() -> None:
    settings = Settings(
        telegram=TelegramSettings(_env_file=None, admin_ids=[555]),
        messenger=MessengerSettings(
            _env_file=None, messenger="max", max_bot_token="t", max_admin_ids=[555]
        ),
    )
    assert settings.telegram.admin_ids == [ids.user_to_bot(555)]
    telegram = Settings(telegram=TelegramSettings(_env_file=None, admin_ids=[555]))
    assert telegram.telegram.admin_ids == [555]


def test_links_point_to_max_on_max() -> None:
    from services.centres.poster import deep_link
    from services.team.groups import invite_link

    settings = Settings(
        messenger=MessengerSettings(
            _env_file=None, messenger="max", max_bot_token="t", max_bot_username="star_bot"
        )
    )
    link = deep_link(settings.bot_username, "77-cao", site=settings.bot_site)
    assert link == "https://max.ru/star_bot?start=c_77-cao"
    assert invite_link(settings.bot_username, "tok", site=settings.bot_site).startswith(
        "https://max.ru/star_bot?start="
    )
    telegram = Settings(telegram=TelegramSettings(_env_file=None, bot_username="tg_bot"))
    assert deep_link(telegram.bot_username, "77-cao", site=telegram.bot_site).startswith(
        "https://t.me/tg_bot?"
    )


def test_the_location_prompt_says_where_the_button_is() -> None:
    from bot.i18n import Translations

    for language in ("ru", "en"):
        t = Translations().get(language)
        on_max, on_telegram = (t("location-prompt", messenger=m) for m in ("max", "telegram"))
        assert on_max != on_telegram
    t = Translations().get("ru")
    assert "под этим сообщением" in t("location-prompt", messenger="max")
    assert "внизу экрана" in t("location-prompt", messenger="telegram")
