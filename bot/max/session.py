"""An aiogram session that speaks MAX's platform API (https://platform-api.max.ru).

`Bot` calls `session.make_request(bot, method)` for every Bot API method; this session
answers the methods the bot uses with MAX requests and hands back what Telegram would have
answered, so aiogram's models, errors, request middlewares (retries, the polling inbox) and
every handler work unchanged:

  getMe → GET /me                     getUpdates → GET /updates?marker&timeout&types
  sendMessage → POST /messages        editMessageText/ReplyMarkup → PUT /messages?message_id
  deleteMessage → DELETE /messages    answerCallbackQuery → POST /answers?callback_id
  sendPhoto/sendDocument/sendMediaGroup → POST /uploads?type, the file, then POST /messages
  getFile → the download URL MAX gave with the file   setMyCommands → PATCH /me (Russian)
  setWebhook → POST /subscriptions    sendChatAction, deleteWebhook → nothing (answered true)

Any other method is refused with a TelegramBadRequest naming it, never faked. MAX's errors
become aiogram's (403 → TelegramForbiddenError, so the Sender marks a blocked user; 429 →
TelegramRetryAfter; a missing message → TelegramBadRequest "message to edit not found").
The access token goes in the Authorization header; the aiogram `Bot` holds a placeholder
token only (bot.factory).

Polling: the marker MAX returns is kept and sent with the next GET /updates, which confirms
the batch, as Telegram's offset does; the polling inbox has stored the batch before aiogram
sees it. The first request of a process sends no marker: MAX answers with what was not
confirmed yet.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramBadRequest, TelegramNetworkError
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteMessages,
    DeleteMyCommands,
    DeleteWebhook,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    GetUpdates,
    SendChatAction,
    SendDocument,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    SetWebhook,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile
from aiohttp import ClientError, ClientTimeout, FormData

from bot.max import ids, incoming, outgoing
from bot.max.message_ids import MessageIds, UnknownMessage

log = logging.getLogger(__name__)

Json = dict[str, Any]
PLACEHOLDER_TOKEN = "1:max"  # aiogram wants a Telegram-shaped token; MAX's is sent as a header


class MaxApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


class MaxSession(AiohttpSession):
    def __init__(
        self,
        api_url: str,
        token: str,
        message_ids: MessageIds,
        *,
        files_cache: int = 10_000,
        **kwargs: Any,
    ) -> None:
        super().__init__(api=TelegramAPIServer(base=api_url, file="{path}"), **kwargs)
        self.base_url = api_url.rstrip("/")
        self.token = token
        self.message_ids = message_ids
        self.marker: int | None = None
        self.bot_user: Json | None = None
        self._urls: OrderedDict[str, str] = OrderedDict()  # file token → download URL
        self._files_cache = files_cache

    # --- HTTP ---------------------------------------------------------------------------------

    async def call(
        self,
        verb: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Json | None = None,
        timeout: float | None = None,
    ) -> Json:
        session = await self.create_session()
        query = {
            k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in (params or {}).items()
        }
        try:
            async with session.request(
                verb,
                f"{self.base_url}{path}",
                params=query,
                json=body,
                headers={"Authorization": self.token},
                timeout=ClientTimeout(total=self.timeout if timeout is None else timeout),
            ) as response:
                text = await response.text()
                status = response.status
        except TimeoutError as error:
            raise MaxApiError(599, "Request timeout error") from error
        except ClientError as error:
            raise MaxApiError(599, f"{type(error).__name__}: {error}") from error
        try:
            data = json.loads(text) if text else {}
        except ValueError:
            data = {"message": text[:200]}
        if status >= 300:
            raise MaxApiError(status, str(data.get("message") or data.get("code") or status))
        return cast(Json, data)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        try:
            result = await self._translate(bot, method, timeout)
        except MaxApiError as error:
            if error.status == 599:
                raise TelegramNetworkError(method=method, message=error.description) from error
            status, description = _telegram_error(error)
            if isinstance(method, AnswerCallbackQuery) and status in (400, 404):
                # Telegram's words for a late or repeated answer (bot.callback_answers).
                status, description = 400, f"Bad Request: query ID is invalid ({error})"
            payload: Json = {"ok": False, "error_code": status, "description": description}
            if status == 429:
                payload["parameters"] = {"retry_after": 1}
            self.check_response(bot, method, status, json.dumps(payload))
            raise AssertionError(
                "check_response raises for an error"
            ) from error  # pragma: no cover
        except (UnknownMessage, outgoing.TooLong, ValueError) as error:
            raise TelegramBadRequest(method=method, message=f"Bad Request: {error}") from error
        response = self.check_response(bot, method, 200, json.dumps({"ok": True, "result": result}))
        return cast(TelegramType, response.result)

    # --- the methods --------------------------------------------------------------------------

    async def _translate(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None) -> Any:
        if isinstance(method, GetMe):
            return await self.me()
        if isinstance(method, GetUpdates):
            return await self.updates(method, timeout)
        if isinstance(method, SendMessage):
            text = outgoing.body(method.text, method.reply_markup)
            return await self.send(method.chat_id, text, method.link_preview_options)
        if isinstance(method, EditMessageText):
            assert method.message_id is not None and method.chat_id is not None
            edit = outgoing.body(method.text, method.reply_markup)
            await self.call(
                "PUT", "/messages", params=await self._mid(method.message_id), body=edit
            )
            return True
        if isinstance(method, EditMessageReplyMarkup):
            assert method.message_id is not None
            keys = {"attachments": outgoing.keyboard(method.reply_markup)}
            await self.call(
                "PUT", "/messages", params=await self._mid(method.message_id), body=keys
            )
            return True
        if isinstance(method, DeleteMessage | DeleteMessages):
            numbers = (
                [method.message_id] if isinstance(method, DeleteMessage) else method.message_ids
            )
            for number in numbers:
                await self.call("DELETE", "/messages", params=await self._mid(number))
            return True
        if isinstance(method, AnswerCallbackQuery):
            return await self.answer(method)
        if isinstance(method, SendPhoto | SendDocument | SendMediaGroup):
            return await self.send_media(bot, method)
        if isinstance(method, GetFile):
            url = self._urls.get(method.file_id)
            if url is None:
                raise ValueError("file not found: MAX gave its URL to another process or run")
            return {
                "file_id": method.file_id,
                "file_unique_id": method.file_id[:64],
                "file_path": url,
            }
        if isinstance(method, SetMyCommands):
            if method.language_code is None:  # MAX has one command list, in Russian here
                commands = [
                    {"name": c.command, "description": c.description} for c in method.commands
                ]
                await self.call("PATCH", "/me", body={"commands": commands})
            return True
        if isinstance(method, SetWebhook):
            subscription = {"url": method.url, "update_types": list(incoming.UPDATE_TYPES)}
            if method.secret_token:
                subscription["secret"] = method.secret_token
            await self.call("POST", "/subscriptions", body=subscription)
            return True
        if isinstance(method, SendChatAction | DeleteWebhook | DeleteMyCommands):
            return True
        raise ValueError(f"{method.__api_method__} is not available on MAX (bot.max.session)")

    async def me(self) -> Json:
        if self.bot_user is None:
            raw = await self.call("GET", "/me")
            found = incoming.user(raw)
            found["is_bot"] = True
            self.bot_user = found
        return self.bot_user

    async def updates(self, method: GetUpdates, timeout: int | None) -> list[Json]:
        params: dict[str, Any] = {"types": ",".join(incoming.UPDATE_TYPES)}
        if method.limit:
            params["limit"] = method.limit
        if method.timeout is not None:
            params["timeout"] = min(90, method.timeout)
        if self.marker is not None:
            params["marker"] = self.marker
        wait = (method.timeout or 0) + (timeout or self.timeout)
        raw = await self.call("GET", "/updates", params=params, timeout=wait)
        bot_user = await self.me()
        found: list[Json] = []
        for item in raw.get("updates") or []:
            self._learn_files(item)
            update = await incoming.to_update(item, self.message_ids, bot_user)
            if update is not None:
                found.append(update)
        if raw.get("marker") is not None:
            self.marker = int(raw["marker"])
        return found

    async def translate_update(self, raw: Json) -> Json | None:
        """A webhook's MAX update as a Telegram update (bot.max.webhook)."""
        self._learn_files(raw)
        return await incoming.to_update(raw, self.message_ids, await self.me())

    async def send(self, chat_id: int | str, body: Json, preview: Any = None) -> Json:
        key, value = ids.recipient(chat_id)
        params: dict[str, Any] = {key: value}
        if preview is None or getattr(preview, "is_disabled", True):
            params["disable_link_preview"] = True
        for attempt in range(5):
            try:
                raw = await self.call("POST", "/messages", params=params, body=body)
                break
            except MaxApiError as error:
                # An upload is processed asynchronously: MAX refuses it until it is ready.
                if "attachment.not.ready" not in error.description or attempt == 4:
                    raise
                await asyncio.sleep(0.2 * (attempt + 1))
        return await incoming.message(raw["message"], self.message_ids, await self.me(), None)

    async def answer(self, method: AnswerCallbackQuery) -> bool:
        if not method.text:
            # MAX wants a message or a notification in an answer; with neither, nothing is sent
            # (the person's app stops waiting on its own).
            return True
        await self.call(
            "POST",
            "/answers",
            params={"callback_id": method.callback_query_id},
            body={"notification": method.text},
        )
        return True

    async def _mid(self, number: int) -> dict[str, str]:
        return {"message_id": await self.message_ids.mid(number)}

    def _learn_files(self, raw: Json) -> None:
        """Remember the download URL of each file in an update (getFile answers with it)."""
        message = raw.get("message") or {}
        for item in (message.get("body") or {}).get("attachments") or []:
            payload = item.get("payload") or {}
            if item.get("type") in ("image", "file") and payload.get("url"):
                self._urls[incoming.file_id(payload)] = str(payload["url"])
                while len(self._urls) > self._files_cache:
                    self._urls.popitem(last=False)

    # --- media --------------------------------------------------------------------------------

    async def upload(self, bot: Bot, item: InputFile | str, kind: str) -> Json:
        """An attachment for `item`: a file token the bot already has, or a file uploaded now."""
        if isinstance(item, str):
            return {"type": kind, "payload": {"token": item}}
        data = b"".join([chunk async for chunk in item.read(bot)])
        target = await self.call("POST", "/uploads", params={"type": kind})
        form = FormData()
        form.add_field("data", data, filename=item.filename or "file")
        session = await self.create_session()
        try:
            async with session.post(
                str(target["url"]), data=form, headers={"Authorization": self.token}
            ) as response:
                text = await response.text()
                if response.status >= 300:
                    raise MaxApiError(response.status, f"upload refused: {text[:200]}")
        except ClientError as error:
            raise MaxApiError(599, f"{type(error).__name__}: {error}") from error
        answer = json.loads(text) if text else {}
        if kind == "image":
            photos = answer.get("photos") or {}
            token = next(iter(photos.values()))["token"] if photos else answer.get("token")
        else:
            token = answer.get("token") or target.get("token")
        if not token:
            raise MaxApiError(502, "upload gave no token")
        return {"type": kind, "payload": {"token": token}}

    async def send_media(
        self, bot: Bot, method: SendPhoto | SendDocument | SendMediaGroup
    ) -> Json | list[Json]:
        if isinstance(method, SendMediaGroup):
            # An album is one MAX message with several images; the caption of the first is its text.
            images = [await self.upload(bot, media.media, "image") for media in method.media]
            caption = method.media[0].caption if method.media else None
            sent = await self.send(method.chat_id, outgoing.body(caption, None, images))
            return [sent]
        if isinstance(method, SendPhoto):
            photo = await self.upload(bot, method.photo, "image")
            return await self.send(
                method.chat_id, outgoing.body(method.caption, method.reply_markup, [photo])
            )
        # A file is the only attachment of its message: a keyboard follows in a message of its own.
        document = await self.upload(bot, method.document, "file")
        sent = await self.send(method.chat_id, outgoing.body(method.caption, None, [document]))
        if method.reply_markup is not None:
            await self.send(method.chat_id, outgoing.body("⬆️", method.reply_markup))
        return sent


def _telegram_error(error: MaxApiError) -> tuple[int, str]:
    """A MAX error as Telegram's status and description (what the bot's handlers look for)."""
    text = error.description
    if error.status == 404:
        return 400, f"Bad Request: message to edit not found ({text})"
    if error.status == 403:
        return 403, f"Forbidden: bot was blocked by the user ({text})"
    if error.status == 401:
        return 401, f"Unauthorized ({text})"
    if error.status == 429:
        return 429, f"Too Many Requests: retry after 1 ({text})"
    if error.status >= 500:
        return error.status, f"Internal Server Error: {text}"
    return 400, f"Bad Request: {text}"
