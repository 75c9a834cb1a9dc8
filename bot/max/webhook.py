"""MAX's webhook POSTs: its secret header checked, its update translated, then as Telegram's.

MAX sends the `secret` given at POST /subscriptions back in `X-Max-Bot-Api-Secret`; a request
without it (or with another) is answered 401 and handled not at all. The update is translated
by the bot's MaxSession (bot.max.incoming) and handled by bot.webhook's handler, so the claims,
the 503 for an update another replica holds and the answer after handling are the same.
"""

from __future__ import annotations

import secrets
from typing import Any

from aiogram import Bot
from aiohttp import web

from bot.max.session import MaxSession
from bot.webhook import RetryingRequestHandler

SECRET_HEADER = "X-Max-Bot-Api-Secret"


class MaxRequestHandler(RetryingRequestHandler):
    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        given = request.headers.get(SECRET_HEADER, "")
        if not self.secret_token or not secrets.compare_digest(given, self.secret_token):
            return web.Response(body="Unauthorized", status=401)
        return await self._handle_request(bot=bot, request=request)

    async def read_update(self, bot: Bot, request: web.Request) -> dict[str, Any] | None:
        session = bot.session
        if not isinstance(session, MaxSession):
            raise TypeError("a MAX webhook needs the bot's MaxSession (bot.factory)")
        raw: dict[str, Any] = await request.json(loads=session.json_loads)
        return await session.translate_update(raw)
