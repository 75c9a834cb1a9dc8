"""Settings, one class per concern, read from the environment and `.env`.

Every field here is documented with its default in `.env.example`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.text_limit import TextLimit, text_limit
from scoring import BootstrapParams, Methodology, SampleRules, load_methodology
from storage.db import DEFAULT_DATABASE_URL

PROJECT_ROOT = Path(__file__).resolve().parent.parent

_COMMON = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

TELEGRAM_IDS_EXPECTED = "expected a Telegram user id or a comma-separated list of ids"


def _telegram_ids(value: object) -> list[int]:
    """`555000111`, `1, 2`, `[1, 2]` or blank from the environment; a list from code."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except ValueError:
                raise ValueError(TELEGRAM_IDS_EXPECTED) from None
        else:
            value = [part for part in re.split(r"[\s,;]+", text) if part]
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list | tuple | set):
        raise ValueError(TELEGRAM_IDS_EXPECTED)
    ids: list[int] = []
    for item in value:
        if isinstance(item, bool):
            raise ValueError(TELEGRAM_IDS_EXPECTED)
        if isinstance(item, str) and item.strip().isdigit():
            item = int(item.strip())
        if not isinstance(item, int) or item <= 0:
            raise ValueError(TELEGRAM_IDS_EXPECTED)
        ids.append(item)
    return ids


# A list of Telegram user ids as a person writes it; NoDecode: the raw text reaches the
# validator instead of pydantic-settings' JSON decoding (which refuses `1,2` and a bare id).
TelegramIds = Annotated[list[int], NoDecode, BeforeValidator(_telegram_ids)]


def _json_object(value: object) -> object:
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else {}
        except ValueError:
            raise ValueError('expected a JSON object, e.g. {"D": 2.0, "M7": 4}') from None
    return value


# JSON decoded by the validator, so a typo is a ValidationError naming the setting.
JsonWeights = Annotated[dict[str, float], NoDecode, BeforeValidator(_json_object)]


class TelegramSettings(BaseSettings):
    model_config = _COMMON

    bot_token: SecretStr | None = None
    # Another Bot API server: a self-hosted one in production, the fake one in tests.
    telegram_api_url: str = "https://api.telegram.org"
    bot_username: str = "czn_star_bot"
    admin_ids: TelegramIds = Field(default_factory=list)

    @field_validator("bot_token", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        # `BOT_TOKEN=` copied from .env.example means "not set yet", not an empty token.
        return None if isinstance(value, str) and not value.strip() else value


MAX_PUBLIC_API = "https://platform-api.max.ru"


class MessengerSettings(BaseSettings):
    """Which messenger this process serves (one per process; two may share one database)."""

    model_config = _COMMON

    # telegram: BOT_TOKEN and TELEGRAM_API_URL; max: MAX_BOT_TOKEN and MAX_API_URL (bot.max).
    messenger: Literal["telegram", "max"] = "telegram"
    # The token MAX's @MasterBot gives; sent in the Authorization header.
    max_bot_token: SecretStr | None = None
    # MAX's platform API, or the fake server of the tests (tests/fakemax).
    max_api_url: str = MAX_PUBLIC_API
    # The bot's name on MAX (its link is max.ru/<name>), for QR posters and invitations.
    max_bot_username: str = "czn_star_bot"
    # MAX user ids of administrators (ADMIN_IDS are Telegram people, not these).
    max_admin_ids: TelegramIds = Field(default_factory=list)

    @field_validator("messenger", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("max_bot_token", mode="before")
    @classmethod
    def _blank_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def is_max(self) -> bool:
        return self.messenger == "max"

    @property
    def text_limit(self) -> TextLimit:
        """The longest message text on this messenger (bot.text_limit)."""
        return text_limit(self.messenger)


class DatabaseSettings(BaseSettings):
    model_config = _COMMON

    database_url: str = DEFAULT_DATABASE_URL
    database_echo: bool = False
    # Conversation state in Redis (needed when several replicas serve one bot); empty: the
    # database above keeps it.
    redis_url: str = ""
    # The per-chat lock in Redis expires this many seconds after its holder stops renewing
    # it: a killed replica holds up that person's next updates no longer (bot.redis_lock).
    redis_lock_seconds: int = Field(default=10, ge=1)


class SurveySettings(BaseSettings):
    model_config = _COMMON

    # Keyed hash secret for respondent keys: answers never sit next to a raw Telegram id.
    # The shipped placeholder is refused for a real Bot API (bot.settings_check).
    respondent_secret: SecretStr = SecretStr("change-me-in-production")
    # The key sealing chat ids and inbox updates (Fernet), independent of the secret above.
    # Empty: derived from RESPONDENT_SECRET, as before it existed (refused for a real Bot API).
    sealing_key: SecretStr = SecretStr("")
    # Earlier SEALING_KEYs (comma-separated) that still open what they sealed; rotation.
    sealing_keys_old: SecretStr = SecretStr("")
    repeat_after_days: int = 30
    comment_max_chars: int = 1000
    nearest_max_km: float = 100.0
    page_size: int = 8
    # Who processes the data, as the policy names them; empty shows a placeholder text.
    privacy_operator: str = ""
    privacy_contact: str = "@czn_star_support"
    retention_days: int = 1095
    # /news ("you said, we did"): the longest news text (at most 3500, so the framed news fits
    # Telegram's 4096 characters), and at most one news per centre in this many days.
    news_max_chars: int = Field(default=1000, ge=1, le=3500)
    news_cooldown_days: int = Field(default=7, ge=0)


class WebhookSettings(BaseSettings):
    model_config = _COMMON

    # Public HTTPS base URL Telegram posts updates to, e.g. https://bot.example.org.
    # Empty: long polling (the default; no public address needed).
    webhook_base_url: str = ""
    webhook_path: str = "/telegram/webhook"
    # Telegram sends it back in X-Telegram-Bot-Api-Secret-Token; other requests get 401.
    webhook_secret: SecretStr = SecretStr("")
    webhook_host: str = "127.0.0.1"
    webhook_port: int = 8080
    # Whether this replica registers the webhook with Telegram at start-up.
    webhook_register: bool = True
    # An update whose handler died (a killed replica) is handled by a replica that gets it
    # again after this many seconds; a copy arriving sooner is answered 503, so Telegram
    # retries. Longer than any handler (aiogram answers Telegram after 55 s at the latest).
    webhook_claim_lease_seconds: int = Field(default=120, ge=1)
    # Long polling: at most this many updates handled at once; the rest of a fetched batch
    # waits (already in the inbox) and the next batch is fetched when there is room, so a
    # rush of people costs queued updates, not a task, a session and a stack each. Telegram
    # bounds a webhook the same way (40 connections by default).
    polling_concurrency: int = Field(default=64, ge=1, le=10_000)

    @property
    def url(self) -> str:
        return self.webhook_base_url.rstrip("/") + self.webhook_path


class ScoringSettings(BaseSettings):
    model_config = _COMMON

    # A shipped version (star-2023, pilot-2022) or the path to a deployment's own file.
    methodology: str = "star-2023"
    # Weights or coefficients changed "with current priorities", e.g. {"D": 2.0, "M7": 4}.
    methodology_overrides: JsonWeights = Field(default_factory=dict)
    rating_window_days: int = 90
    # None: the methodology file's sample rules (100 questionnaires, 20 of them employers).
    min_respondents: int | None = None
    min_employers: int | None = None
    display_scale: int = 10
    # The 95 % interval of every index (METHODOLOGY §8): bootstrap resamples (0: no
    # intervals; else at least 100), confidence level and seed (same seed: same intervals).
    interval_resamples: int = 1000
    interval_level: float = 0.95
    interval_seed: int = Field(default=0, ge=0, lt=2**32)

    @field_validator("interval_resamples")
    @classmethod
    def _enough_resamples(cls, value: int) -> int:
        if value != 0 and value < 100:
            raise ValueError("INTERVAL_RESAMPLES must be 0 (no intervals) or at least 100")
        return value

    @field_validator("interval_level")
    @classmethod
    def _level_inside(cls, value: float) -> float:
        if not 0 < value < 1:
            raise ValueError("INTERVAL_LEVEL must be strictly between 0 and 1, e.g. 0.95")
        return value

    def bootstrap(self) -> BootstrapParams | None:
        if self.interval_resamples == 0:
            return None
        return BootstrapParams(self.interval_resamples, self.interval_level, self.interval_seed)

    @field_validator("display_scale")
    @classmethod
    def _known_scale(cls, value: int) -> int:
        if value not in (10, 100):
            raise ValueError("DISPLAY_SCALE must be 10 (native) or 100 (index x 10)")
        return value

    def load(self) -> Methodology:
        return load_methodology(self.methodology, overrides=self.methodology_overrides or None)

    def rules(self, m: Methodology) -> SampleRules:
        default = m.sample_rules
        return SampleRules(
            min_respondents=self.min_respondents
            if self.min_respondents is not None
            else default.min_respondents,
            min_employers=self.min_employers
            if self.min_employers is not None
            else default.min_employers,
        )


class EvidenceSettings(BaseSettings):
    model_config = _COMMON

    invite_days: int = 7
    # Where evidence files are copied, content-addressed by SHA-256.
    media_dir: Path = Path("data/media")
    geo_max_distance_m: float = 300.0
    geo_max_gap_minutes: int = 10
    geo_max_accuracy_m: float = 100.0
    # Days before accepted evidence expires when staff get a reminder.
    expiry_reminder_days: int = 14
    # Experts hear that evidence waits for them at most once per this many hours.
    evidence_notify_hours: int = Field(default=3, ge=1)
    # A folder of <region code>.yaml files replacing whole indicators of the default checklist.
    checklist_overrides_dir: Path | None = None


class DigestSettings(BaseSettings):
    model_config = _COMMON

    # The channel for the weekly digest: @username or -100… id. Empty: no posting.
    channel_id: str = ""
    # Only one process runs the scheduler (the others set this to false).
    scheduler_enabled: bool = True
    # Standard 5-field cron: minute hour day month day-of-week.
    digest_cron: str = "0 10 * * mon"
    digest_timezone: str = "Europe/Moscow"
    # A bot that was down at posting time posts on its next start within this many hours.
    digest_grace_hours: int = 72
    # A level with fewer completed questionnaires in the rating window stays out of the public
    # digest's lists and trend lines; a country below it means no digest that week at all.
    digest_min_questionnaires: int = Field(default=10, ge=1)
    nudge_cron: str = "0 11 * * *"
    # The journey-pilot roadmap (seed 003): remind the working group this many days before a
    # step's deadline (and on the day it is overdue, and before 3 weeks without a meeting).
    roadmap_reminder_days: int = Field(default=3, ge=0, le=30)


class PracticeSettings(BaseSettings):
    model_config = _COMMON

    # A practice card shows its measured effect once the centre has this many valid answers
    # to the practice's indicators in the 90 days before the start and in the 90 days after.
    practice_min_answers: int = Field(default=30, ge=1)


class TicketSettings(BaseSettings):
    """Questions to specialists (issue 13); service levels from seed 004 §15, §18."""

    model_config = _COMMON

    # The answer is due within this many working hours of the centre (09:00-18:00 Mon-Fri in
    # the centre's time zone by default), and somebody reacts within TICKET_REACTION_HOURS.
    ticket_answer_hours: float = Field(default=2.0, gt=0, le=240)
    ticket_reaction_hours: float = Field(default=24.0, gt=0, le=720)
    ticket_work_start: int = Field(default=9, ge=0, le=23)
    ticket_work_end: int = Field(default=18, ge=1, le=24)
    ticket_work_days: str = "1,2,3,4,5"  # ISO weekdays, 1 = Monday
    ticket_max_open: int = Field(default=3, ge=1, le=20)
    ticket_max_chars: int = Field(default=2000, ge=10, le=3500)
    ticket_answer_max_chars: int = Field(default=3000, ge=10, le=3500)
    # An answered ticket the asker does not react to is closed after this many days; a closed
    # ticket's sealed chat id and texts are deleted TICKET_RETENTION_DAYS after it closed.
    ticket_close_days: int = Field(default=7, ge=1)
    ticket_retention_days: int = Field(default=30, ge=0)
    # The weekly summary of visitors' comments to each working group, in DIGEST_TIMEZONE.
    comments_summary_cron: str = "0 9 * * mon"

    @field_validator("ticket_work_days")
    @classmethod
    def _weekdays(cls, value: str) -> str:
        days = [part.strip() for part in value.split(",") if part.strip()]
        if not days or any(d not in {"1", "2", "3", "4", "5", "6", "7"} for d in days):
            raise ValueError("expected ISO weekdays 1-7, comma-separated, e.g. 1,2,3,4,5")
        return ",".join(days)

    @property
    def work_days(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.ticket_work_days.split(","))


class Settings:
    """All settings of the application, grouped by concern."""

    def __init__(
        self,
        telegram: TelegramSettings | None = None,
        database: DatabaseSettings | None = None,
        survey: SurveySettings | None = None,
        scoring: ScoringSettings | None = None,
        evidence: EvidenceSettings | None = None,
        digest: DigestSettings | None = None,
        webhook: WebhookSettings | None = None,
        practices: PracticeSettings | None = None,
        tickets: TicketSettings | None = None,
        messenger: MessengerSettings | None = None,
    ) -> None:
        self.telegram = telegram or TelegramSettings()
        self.database = database or DatabaseSettings()
        self.survey = survey or SurveySettings()
        self.scoring = scoring or ScoringSettings()
        self.evidence = evidence or EvidenceSettings()
        self.digest = digest or DigestSettings()
        self.webhook = webhook or WebhookSettings()
        self.practices = practices or PracticeSettings()
        self.tickets = tickets or TicketSettings()
        self.messenger = messenger or MessengerSettings()
        if self.messenger.is_max:
            # Everything reads the administrators from `telegram.admin_ids`; on MAX they are
            # MAX_ADMIN_IDS in the id range of MAX people (bot.max.ids).
            from bot.max.ids import user_to_bot

            admins = [user_to_bot(i) for i in self.messenger.max_admin_ids]
            self.telegram = self.telegram.model_copy(update={"admin_ids": admins})

    @property
    def bot_username(self) -> str:
        """The bot's name in its links (BOT_USERNAME, or MAX_BOT_USERNAME on MAX)."""
        if self.messenger.is_max:
            return self.messenger.max_bot_username
        return self.telegram.bot_username

    @property
    def bot_site(self) -> str:
        """Where the bot's links point: t.me, or max.ru on MAX (max.ru/<name>?start=<p>)."""
        return "https://max.ru" if self.messenger.is_max else "https://t.me"

    @property
    def api_url(self) -> str:
        """The platform API this process talks to (the loopback check of bot.settings_check)."""
        if self.messenger.is_max:
            return self.messenger.max_api_url
        return self.telegram.telegram_api_url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
