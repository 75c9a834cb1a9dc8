"""Pseudonyms for Telegram ids: a database dump shows no respondent's raw id.

- `key(purpose, id)`: a keyed one-way code (HMAC-SHA256 with RESPONDENT_SECRET). Different
  purposes give unrelated codes, so the users table (preferences) cannot be joined to
  questionnaires (answers).
- `seal(id)` / `unseal(token)`: reversible encryption (Fernet) for the one case where the bot
  must write to a person later — the opt-in to news about a centre acting on feedback —
  and for updates kept in the inbox until they are handled (`seal_text`).
- `tag(id)`: a short pseudonym for logs, which never name a person's id.

The sealing key is SEALING_KEY, a secret of its own: RESPONDENT_SECRET alone opens nothing.
Without one (tests, a loopback Bot API) it is derived from RESPONDENT_SECRET, as it was
before SEALING_KEY existed; that derivation and SEALING_KEYS_OLD still open what they sealed,
so rows sealed before an upgrade or a rotation stay readable (`python -m bot reseal` brings
them under the current key). A token none of the keys opens raises `Unreadable`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

if TYPE_CHECKING:
    from bot.config import Settings

USER = "user"
LOG = "log"  # the purpose of log tags: unrelated to every stored key
TAG_CHARS = 10


class Unreadable(ValueError):
    """A sealed value none of the configured keys opens (sealed with another secret)."""


def fernet_key(secret: str) -> bytes:
    """The Fernet key of a secret text (the derivation the bot always used)."""
    return base64.urlsafe_b64encode(hashlib.sha256(b"seal:" + secret.encode()).digest())


def split_keys(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class Pseudonyms:
    def __init__(
        self, secret: str, sealing_key: str = "", old_sealing_keys: Sequence[str] = ()
    ) -> None:
        self._secret = secret.encode()
        current = sealing_key or secret
        # First the current key (it seals), then the old ones and the legacy derivation.
        keys = [current, *old_sealing_keys, secret]
        unique = [Fernet(fernet_key(k)) for k in dict.fromkeys(keys)]
        self._fernet = MultiFernet(unique)

    @classmethod
    def from_settings(cls, settings: Settings) -> Pseudonyms:
        survey = settings.survey
        return cls(
            survey.respondent_secret.get_secret_value(),
            survey.sealing_key.get_secret_value(),
            split_keys(survey.sealing_keys_old.get_secret_value()),
        )

    def key(self, purpose: str, telegram_id: int) -> str:
        message = f"{purpose}:{telegram_id}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def user(self, telegram_id: int) -> str:
        return self.key(USER, telegram_id)

    def tag(self, telegram_id: int) -> str:
        """What logs call a person: short, stable, matching no stored key."""
        return self.key(LOG, telegram_id)[:TAG_CHARS]

    def text(self, value: str) -> str:
        """A keyed hash of any text (e.g. an FSM storage key that embeds ids)."""
        return hmac.new(self._secret, value.encode(), hashlib.sha256).hexdigest()

    def seal(self, telegram_id: int) -> str:
        return self.seal_text(str(telegram_id))

    def unseal(self, token: str) -> int:
        value = self.unseal_text(token)
        try:
            return int(value)
        except ValueError:
            raise Unreadable("not a sealed id") from None

    def seal_text(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def unseal_text(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except (InvalidToken, UnicodeError) as error:
            raise Unreadable("sealed with another key") from error

    def reseal(self, token: str) -> str:
        """The same value sealed with the current key (rotation); Unreadable if none opens."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken as error:
            raise Unreadable("sealed with another key") from error
