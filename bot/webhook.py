"""Telegram's webhook POSTs for replicas: the secret header, and an honest answer per update.

On MAX (MESSENGER=max) the same handler serves MAX's POSTs: bot.max.webhook checks MAX's
secret header (X-Max-Bot-Api-Secret) and translates MAX's update first.

Telegram sends an update again only when its POST got no 2xx answer. A replica that is
SIGKILLed mid-update never answers, the balancer says 502, and Telegram redelivers, usually
to the survivor. That copy finds the update claimed by the dead replica (services.updates):
answered 200 "already handled", it would be lost for good. It is answered 503 with
Retry-After instead, until the claim's lease runs out and a copy is handled (once).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.config import Settings

log = logging.getLogger(__name__)

# What the middleware finds in its data while a webhook request waits for the update.
REPLY_KEY = "webhook_reply"


@dataclass(slots=True)
class WebhookReply:
    """Set by bot.middlewares.DbSessionMiddleware when the update is held by another handler."""

    retry: bool = False


class RetryingRequestHandler(SimpleRequestHandler):
    """aiogram's handler, answering 503 for an update another handler holds (see above)."""

    def __init__(self, *args: Any, retry_after: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after

    async def read_update(self, bot: Bot, request: web.Request) -> dict[str, Any] | None:
        """The Bot API update of a request (bot.max.webhook translates MAX's; None: skip it)."""
        update: dict[str, Any] = await request.json(loads=bot.session.json_loads)
        return update

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        reply = WebhookReply()
        update = await self.read_update(bot, request)
        if update is None:
            return web.json_response({"ok": True, "skipped": True})
        result: TelegramMethod[Any] | None = await self.dispatcher.feed_webhook_update(
            bot, update, **{**self.data, REPLY_KEY: reply}
        )
        if reply.retry:
            return web.Response(
                status=503,
                text="update held by another handler; retry later",
                headers={"Retry-After": str(self.retry_after)},
            )
        return web.Response(body=self._build_response_writer(bot=bot, result=result))


def webhook_app(settings: Settings, bot: Bot, dispatcher: Dispatcher) -> web.Application:
    """aiohttp app: Telegram's POSTs (secret header checked, 401 otherwise) and /healthz."""
    hook = settings.webhook
    secret = hook.webhook_secret.get_secret_value()
    if not secret:
        raise ValueError("WEBHOOK_SECRET must be set in webhook mode (see .env.example)")
    app = web.Application()
    handler_class = RetryingRequestHandler
    if settings.messenger.is_max:
        from bot.max.webhook import MaxRequestHandler

        handler_class = MaxRequestHandler
    # Answered only once handled: Telegram redelivers what a crashed replica never answered.
    handler_class(
        dispatcher,
        bot,
        handle_in_background=False,
        secret_token=secret,
        retry_after=max(1, hook.webhook_claim_lease_seconds // 4),
    ).register(app, path=hook.webhook_path)

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app.router.add_get("/healthz", health)
    return app
