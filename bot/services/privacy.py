"""Pseudonyms for Telegram ids: a database dump shows no respondent's raw id.

- `key(purpose, id)`: a keyed one-way code (HMAC-SHA256). Different purposes give unrelated
  codes, so the users table (preferences) cannot be joined to questionnaires (answers).
- `seal(id)` / `unseal(token)`: reversible encryption (Fernet) for the one case where the bot
  must write to a person later — the opt-in to news about a centre acting on feedback —
  and for updates kept in the inbox until they are handled (`seal_text`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet

USER = "user"


class Pseudonyms:
    def __init__(self, secret: str) -> None:
        self._secret = secret.encode()
        derived = hashlib.sha256(b"seal:" + self._secret).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def key(self, purpose: str, telegram_id: int) -> str:
        message = f"{purpose}:{telegram_id}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def user(self, telegram_id: int) -> str:
        return self.key(USER, telegram_id)

    def text(self, value: str) -> str:
        """A keyed hash of any text (e.g. an FSM storage key that embeds ids)."""
        return hmac.new(self._secret, value.encode(), hashlib.sha256).hexdigest()

    def seal(self, telegram_id: int) -> str:
        return self.seal_text(str(telegram_id))

    def unseal(self, token: str) -> int:
        return int(self.unseal_text(token))

    def seal_text(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode()

    def unseal_text(self, token: str) -> str:
        return self._fernet.decrypt(token.encode()).decode()
