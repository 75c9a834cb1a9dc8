"""Messages to the admins (ADMIN_IDS) about the weekly digest, each in the admin's language."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import Translations
from bot.sender import Outgoing, Sender
from charts.caption import fmt_week
from services.privacy import Pseudonyms
from services.users import Users

log = logging.getLogger(__name__)


class AdminNotices:
    def __init__(
        self,
        *,
        admins: list[int],
        sessionmaker: async_sessionmaker[AsyncSession],
        sender: Sender,
        translations: Translations,
        pseudonyms: Pseudonyms,
    ) -> None:
        self.admins = admins
        self.sessionmaker = sessionmaker
        self.sender = sender
        self.translations = translations
        self.pseudonyms = pseudonyms

    async def tell(self, key: str, **args: Any) -> None:
        """Message `key` to every admin; an argument named `week` is an ISO week label,
        formatted in the admin's language."""
        if not self.admins:
            log.warning("no ADMIN_IDS to tell: %s %s", key, args)
            return
        items = []
        async with self.sessionmaker() as session:
            users = Users(session, self.pseudonyms)
            for admin in self.admins:
                row = await users.get(admin)
                t = self.translations.get(row.language if row else None)
                local = {k: fmt_week(t, v) if k == "week" else v for k, v in args.items()}
                items.append(Outgoing(admin, t(key, **local), tag=admin))
        for result in await self.sender.send_all(items):
            if not result.ok:
                log.warning("could not tell admin %s: %s", result.chat_id, result.error)
