"""A local fake of the Telegram Bot API for end-to-end tests.

The real bot runs against it exactly as against api.telegram.org (aiogram's
``TelegramAPIServer.from_base(api.url)``): the test scripts what users do
(``send_message``, ``press_button``...), the bot fetches those updates with
getUpdates, and every call the bot makes is recorded in ``api.calls`` so the
test can assert on it. The server keeps just enough state (messages per chat,
files, callback queries, the update queue) to answer like Telegram does,
including its error messages, because the bot's error handling is part of what
the tests exercise.

Deliberate simplifications: only ``parse_mode=HTML`` is rendered (Markdown text
is stored as sent); any chat id is accepted; every PhotoSize of a photo serves
the original bytes; unknown methods answer ``true``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import inspect
import itertools
import json
import logging
import mimetypes
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from typing import Any

from aiohttp import BodyPartReader, web

log = logging.getLogger(__name__)

Json = dict[str, Any]

BOT_FIRST_NAME = "Fake bot"
BOT_USERNAME = "fake_bot"
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

# Form fields arrive as strings. These stay strings even when they look like
# numbers or JSON (a user-visible text "123" must not become an int); everything
# else is decoded so tests can compare ``params["chat_id"] == 42``.
_STRING_FIELDS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "url", "inline_message_id",
        "data", "file_id", "description", "short_description", "name", "title", "query",
        "language_code", "action", "emoji", "business_connection_id", "message_effect_id",
        "secret_token", "ip_address", "explanation", "question", "address", "first_name",
        "last_name", "phone_number", "vcard", "custom_emoji_id", "media_group_id",
        "photo", "document", "video", "audio", "voice", "animation", "sticker",
        "video_note", "thumbnail", "certificate",
    }
)  # fmt: skip
_INT_RE = re.compile(r"-?\d+\Z")
_FLOAT_RE = re.compile(r"-?\d+\.\d*(e-?\d+)?\Z")

_HTML_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
    "ins": "underline", "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
    "tg-spoiler": "spoiler", "span": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
    "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}  # fmt: skip

# What the bot gets for each kind of media besides file ids (required by aiogram's models).
_MEDIA_EXTRAS: dict[str, Json] = {
    "document": {},
    "video": {"width": 640, "height": 480, "duration": 1},
    "animation": {"width": 320, "height": 240, "duration": 1},
    "audio": {"duration": 1},
    "voice": {"duration": 1},
    "video_note": {"length": 240, "duration": 1},
    "sticker": {"type": "regular", "width": 512, "height": 512, "is_animated": False,
                "is_video": False, "emoji": "👍"},
}  # fmt: skip
_NAMED_MEDIA = ("document", "video", "animation", "audio")  # these carry file_name/mime_type


@dataclass
class RecordedCall:
    """One Bot API request the bot made, with params decoded (JSON fields parsed)."""

    method: str
    params: Json
    files: dict[str, bytes]  # by multipart part name, plus by the field that references it
    at: float  # time.monotonic() when the request arrived; compare differences only
    response: Json | None = None  # None when the connection was dropped (drop_next)
    index: int = -1  # position in FakeBotAPI.calls, handy for wait_for(since=call.index + 1)
    file_names: dict[str, str] = field(default_factory=dict)

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def ok(self) -> bool:
        return bool(self.response and self.response.get("ok"))


class ApiError(Exception):
    """An error answered to the bot the way Telegram formats it."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after

    def payload(self) -> Json:
        body: Json = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def _bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


BLOCKED = ApiError(403, "Forbidden: bot was blocked by the user")


@dataclass
class _Fault:
    drop: bool
    error: ApiError | None = None
    delay: float = 0.0  # carried out at once, answered this many seconds later


@dataclass
class _Queued:
    update: Json
    delivered: bool = False  # returned by some getUpdates; confirmed = removed from the queue


@dataclass
class _StoredMessage:
    message: Json  # exactly what Telegram would return for it
    from_bot: bool
    markup: Json | None = None  # as sent, including reply keyboards Telegram doesn't echo back


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str
    mime_type: str


def _utf16_len(text: str) -> int:
    # Telegram measures entity offsets and limits in UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


def _decode_value(name: str, value: str) -> Any:
    if name in _STRING_FIELDS:
        return value
    if _INT_RE.match(value):
        return int(value)
    if _FLOAT_RE.match(value):
        return float(value)
    if value in ("true", "false"):
        return value == "true"
    if value.startswith(("{", "[")):
        with contextlib.suppress(ValueError):
            return json.loads(value)
    return value


class _TelegramHTML(HTMLParser):
    """Turns parse_mode=HTML text into plain text + entities, rejecting what Telegram rejects."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.stack: list[tuple[str, int, dict[str, str | None]]] = []
        self.entities: list[Json] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag not in _HTML_TAGS or (tag == "span" and attributes.get("class") != "tg-spoiler"):
            raise _bad(f'can\'t parse entities: Unsupported start tag "{tag}"')
        self.stack.append((tag, self.length, attributes))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            raise _bad(f'can\'t parse entities: Unmatched end tag "{tag}"')
        tag, start, attrs = self.stack.pop()
        language = (attrs.get("class") or "").removeprefix("language-")
        if tag == "code" and self.stack and self.stack[-1][0] == "pre" and language:
            self.stack[-1][2]["language"] = language  # <pre><code class=...> is one pre entity
            return
        if self.length == start:
            return  # Telegram drops empty entities
        entity: Json = {"type": _HTML_TAGS[tag], "offset": start, "length": self.length - start}
        if tag == "a":
            entity["url"] = attrs.get("href") or ""
        elif tag == "pre" and attrs.get("language"):
            entity["language"] = attrs["language"]
        elif tag == "blockquote" and "expandable" in attrs:
            entity["type"] = "expandable_blockquote"
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = attrs.get("emoji-id") or ""
        self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.length += _utf16_len(data)


def _render(text: str, parse_mode: Any, entities: Any) -> tuple[str, list[Json]]:
    if entities:
        return text, list(entities)
    if not isinstance(parse_mode, str) or parse_mode.lower() != "html":
        return text, []
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise _bad(
            f"can't parse entities: Can't find end tag corresponding to start tag "
            f'"{parser.stack[-1][0]}"'
        )
    return "".join(parser.parts), sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))


def _image_size(data: bytes) -> tuple[int, int]:
    try:  # Pillow is a project dependency, but the fake must not need it for fake bytes
        from PIL import Image

        with Image.open(BytesIO(data)) as image:
            return image.size
    except Exception:
        return 1280, 960


async def _read_params(request: web.Request) -> tuple[Json, dict[str, bytes], dict[str, str]]:
    raw: dict[str, str] = dict(request.query)
    files: dict[str, bytes] = {}
    names: dict[str, str] = {}
    params: Json = {}
    if request.content_type == "multipart/form-data":
        async for part in await request.multipart():
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            if part.filename is not None:
                files[part.name], names[part.name] = bytes(await part.read()), part.filename
            else:
                raw[part.name] = await part.text()
    elif request.content_type == "application/json":
        params.update(await request.json())
    elif request.can_read_body:
        raw.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    params.update({name: _decode_value(name, value) for name, value in raw.items()})
    # aiogram sends files as random part names referenced by "attach://<name>" in the field;
    # alias them under the field too so a test can read ``call.files["photo"]``.
    for name, value in params.items():
        if isinstance(value, str) and value.startswith("attach://"):
            key = value.removeprefix("attach://")
            if key in files:
                files.setdefault(name, files[key])
                names.setdefault(name, names[key])
    return params, files, names


class FakeBotAPI:
    """An in-process Telegram Bot API server; see the module docstring."""

    def __init__(self, token: str = "123456:TEST", *, host: str = "127.0.0.1", port: int = 0):
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.host, self.port = host, port
        self.calls: list[RecordedCall] = []
        self.updates: list[Json] = []  # every update ever queued, for debugging
        self.blocked_users: set[int] = set()
        self.webhook_url = ""
        self.commands: dict[tuple[str, str], list[Json]] = {}  # (scope JSON, language) -> list
        self._queue: list[_Queued] = []
        self._next_update_id = 1
        self._next_message_id: dict[int, int] = {}
        self._messages: dict[int, dict[int, _StoredMessage]] = {}
        self._reply_keyboards: dict[int, Json | None] = {}
        self._users: dict[int, Json] = {}
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._open_callbacks: set[str] = set()
        self._faults: dict[str, list[_Fault]] = {}
        self._ids = itertools.count(1)
        self._poll_generation = 0
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._methods: dict[str, Callable[[RecordedCall], Any]] = {
            "getme": lambda call: self._bot_user(full=True),
            "getupdates": self._get_updates,
            "deletewebhook": self._delete_webhook,
            "setwebhook": self._set_webhook,
            "getwebhookinfo": lambda call: {"url": self.webhook_url,
                                            "has_custom_certificate": False,
                                            "pending_update_count": len(self._queue)},
            "sendmessage": self._send_message,
            "editmessagetext": self._edit_text,
            "editmessagecaption": self._edit_caption,
            "editmessagereplymarkup": self._edit_markup,
            "deletemessage": self._delete_message,
            "deletemessages": self._delete_messages,
            "answercallbackquery": self._answer_callback,
            "sendmediagroup": self._send_media_group,
            "sendlocation": lambda call: self._bot_send(call, {"location": {
                "latitude": call.params.get("latitude"),
                "longitude": call.params.get("longitude")}}),
            "sendchataction": lambda call: self._chat_id(call) is not None,
            "setmycommands": self._set_commands,
            "deletemycommands": self._delete_commands,
            "getmycommands": lambda call: self.commands.get(self._commands_key(call), []),
            "getchat": self._get_chat,
            "getfile": self._get_file,
        }  # fmt: skip
        for kind in ("photo", *_MEDIA_EXTRAS):
            method = "send" + kind.replace("_", "")
            self._methods[method] = functools.partial(self._send_media, kind=kind)

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)  # bots upload photos
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # A short shutdown timeout: a long poll in flight must not hold stop() for a minute.
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._closing = True
        self._notify()  # wake long polls so they answer [] before the server goes away
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ------------------------------------------------------------------ scripting users

    def send_message(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Test",
        language_code: str = "ru",
        entities: list[Json] | None = None,
    ) -> Json:
        self._users[user_id] = {"id": user_id, "is_bot": False, "first_name": first_name,
                                "language_code": language_code}  # fmt: skip
        if entities is None and text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
        content: Json = {"text": text}
        if entities:
            content["entities"] = entities
        return self._user_message(user_id, content)

    def send_location(
        self,
        user_id: int,
        latitude: float,
        longitude: float,
        *,
        horizontal_accuracy: float | None = None,
        forward: bool = False,
    ) -> Json:
        location: Json = {"latitude": latitude, "longitude": longitude}
        if horizontal_accuracy is not None:
            location["horizontal_accuracy"] = horizontal_accuracy
        content: Json = {"location": location}
        if forward:  # a location forwarded from someone else, not the user's own position
            content["forward_origin"] = {
                "type": "user",
                "date": int(time.time()) - 3600,
                "sender_user": {"id": 777_000_001, "is_bot": False, "first_name": "Someone"},
            }
        return self._user_message(user_id, content)

    def send_photo(
        self,
        user_id: int,
        image_bytes: bytes,
        *,
        caption: str | None = None,
        as_document: bool = False,
        file_name: str = "photo.jpg",
        mime_type: str = "image/jpeg",
    ) -> Json:
        if as_document:
            stored = self._store_file(image_bytes, "documents", file_name, mime_type)
            content: Json = {"document": self._file_object(stored, "document")}
        else:
            content = {"photo": self._photo_sizes(image_bytes)}
        if caption is not None:
            content["caption"] = caption
        return self._user_message(user_id, content)

    def send_sticker(self, user_id: int) -> Json:
        stored = self._store_file(b"RIFF\x00\x00\x00\x00WEBP", "stickers", "sticker.webp")
        return self._user_message(user_id, {"sticker": self._file_object(stored, "sticker")})

    def press_button(self, user_id: int, message: Json | int, callback_data: str) -> Json:
        chat_id, message_id = self._message_ref(user_id, message)
        stored = self._messages.get(chat_id, {}).get(message_id)
        # A deleted message reaches the bot as InaccessibleMessage (date 0), like in Telegram.
        current = (
            copy.deepcopy(stored.message)
            if stored is not None
            else {"chat": self._chat(chat_id), "message_id": message_id, "date": 0}
        )
        query = {
            "id": str(next(self._ids) + 4_000_000_000),
            "from": self._user(user_id),
            "message": current,
            "chat_instance": str(abs(chat_id) * 1000 + 7),
            "data": callback_data,
        }
        return self.push_update({"callback_query": query})

    def click(self, user_id: int, message: Json | int, button_text: str) -> Json:
        """press_button by the visible text of an inline button of the message's current state."""
        chat_id, message_id = self._message_ref(user_id, message)
        stored = self._messages.get(chat_id, {}).get(message_id)
        buttons = self.buttons(stored.message) if stored else []
        for text, data in buttons:
            if text == button_text:
                return self.press_button(user_id, message, data)
        raise LookupError(f"no button {button_text!r} on message {message_id}: {buttons}")

    def block_bot(self, user_id: int) -> Json:
        self.blocked_users.add(user_id)
        return self._member_update(user_id, old="member", new="kicked")

    def unblock_bot(self, user_id: int) -> Json:
        self.blocked_users.discard(user_id)
        return self._member_update(user_id, old="kicked", new="member")

    def push_update(self, update: Json) -> Json:
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update = {"update_id": self._next_update_id, **update}
        # An explicit (possibly repeated) id is kept as is: redelivery is what dedup tests need.
        self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
        query = update.get("callback_query")
        if isinstance(query, dict) and "id" in query:
            self._open_callbacks.add(str(query["id"]))
        self._queue.append(_Queued(update))
        self.updates.append(update)
        self._notify()
        return copy.deepcopy(update)

    # ------------------------------------------------------------------ inspecting the bot

    def calls_of(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    async def wait_for(
        self,
        predicate: Callable[[RecordedCall], bool] | str,
        timeout: float = 10.0,
        *,
        since: int = 0,
    ) -> RecordedCall:
        """The first call at index >= since matching predicate (or a method name)."""
        if isinstance(predicate, str):
            name = predicate.lower()
            predicate = lambda call: call.method.lower() == name  # noqa: E731
        position = since
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for call in self.calls[position:]:
                if predicate(call):
                    return call
            position = max(position, len(self.calls))
            if not await self._wait_change(deadline):
                recent = [c.method for c in self.calls[-10:]]
                raise TimeoutError(f"no matching call within {timeout}s; last calls: {recent}")

    async def wait_until_consumed(self, timeout: float = 10.0) -> None:
        """Until every queued update was fetched and confirmed (not necessarily handled)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._queue:
            if not await self._wait_change(deadline):
                pending = [q.update["update_id"] for q in self._queue]
                raise TimeoutError(f"updates not consumed within {timeout}s: {pending}")

    def messages(self, chat_id: int) -> list[Json]:
        return [self._view(s) for s in self._messages.get(chat_id, {}).values() if s.from_bot]

    def last_message(self, chat_id: int) -> Json:
        sent = self.messages(chat_id)
        if not sent:
            raise LookupError(f"the bot has no messages in chat {chat_id}")
        return sent[-1]

    def reply_keyboard(self, chat_id: int) -> Json | None:
        """The reply keyboard the user currently sees in the chat (None if removed/never sent)."""
        return copy.deepcopy(self._reply_keyboards.get(chat_id))

    @staticmethod
    def buttons(message: Json) -> list[tuple[str, str]]:
        markup = message.get("reply_markup") or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [
            (b, "") if isinstance(b, str) else (b.get("text", ""), b.get("callback_data", ""))
            for row in rows
            for b in row
        ]

    # ------------------------------------------------------------------ faults

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int = 1,
        count: int = 1,
        description: str | None = None,
    ) -> None:
        if description is None:
            description = {
                429: f"Too Many Requests: retry after {retry_after}",
                403: BLOCKED.description,
                400: "Bad Request",
                500: "Internal Server Error",
                502: "Bad Gateway",
            }.get(status, f"Error {status}")
        error = ApiError(status, description, retry_after if status == 429 else None)
        self._faults.setdefault(method.lower(), []).extend([_Fault(False, error)] * count)

    def drop_next(self, method: str, count: int = 1) -> None:
        self._faults.setdefault(method.lower(), []).extend([_Fault(True)] * count)

    def slow_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Carry out the next call(s) at once, as Telegram would, but answer only after
        `seconds`: slower than the client's timeout, the client never learns it worked."""
        self._faults.setdefault(method.lower(), []).extend([_Fault(False, delay=seconds)] * count)

    # ------------------------------------------------------------------ HTTP plumbing

    def _notify(self) -> None:
        # Waiters hold the current event; replacing it makes every change a fresh wake-up.
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, deadline: float) -> bool:
        """Wait for any state change until the loop-time deadline; False once it passed."""
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), remaining)
        return True

    def _record(self, call: RecordedCall) -> None:
        call.index = len(self.calls)
        self.calls.append(call)
        log.debug("%s %s -> %s", call.method, call.params, call.response)
        self._notify()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        try:
            params, files, names = await _read_params(request)
        except ValueError as error:  # e.g. a broken JSON body
            return web.json_response(_bad(str(error)).payload(), status=400)
        call = RecordedCall(request.match_info["method"], params, files, time.monotonic(),
                            file_names=names)  # fmt: skip
        faults = self._faults.get(call.method.lower())
        fault = faults.pop(0) if faults else None
        if fault is not None and fault.drop:
            self._record(call)
            # Simulate a network failure: the client sees the connection close without a reply.
            if request.transport is not None:
                request.transport.abort()
            return web.Response()  # goes nowhere: the transport is gone
        try:
            if fault is not None and fault.error is not None:
                raise fault.error
            chat_id = params.get("chat_id")
            if chat_id in self.blocked_users and call.method.lower() != "getchat":
                raise BLOCKED
            handler = self._methods.get(call.method.lower())
            result = True if handler is None else handler(call)  # unknown methods: ok/true
            if inspect.isawaitable(result):
                result = await result
            status, call.response = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, call.response = error.status, error.payload()
        except Exception as error:  # malformed params: tell the bot instead of a bare 500
            log.exception("FakeBotAPI failed on %s", call.method)
            status, call.response = 400, _bad(f"{type(error).__name__}: {error}").payload()
        self._record(call)
        if fault is not None and fault.delay > 0:
            await asyncio.sleep(fault.delay)
        return web.json_response(call.response, status=status)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").payload(), status=401)
        path = request.match_info["path"]
        stored = self._files_by_path.get(path)
        call = RecordedCall("downloadFile", {"file_path": path}, {}, time.monotonic())
        call.response = {"ok": stored is not None}
        self._record(call)
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").payload(), status=404)
        return web.Response(body=stored.data, content_type=stored.mime_type)

    # ------------------------------------------------------------------ Bot API methods

    async def _get_updates(self, call: RecordedCall) -> list[Json]:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")  # fmt: skip
        offset, limit = call.params.get("offset"), call.params.get("limit") or 100
        if isinstance(offset, int) and offset < 0:
            self._queue = sorted(self._queue, key=lambda q: q.update["update_id"])[offset:]
        elif isinstance(offset, int) and offset > 0:
            # Only already delivered updates are confirmed, so an explicitly replayed old
            # update_id still reaches the bot once (that's how Telegram redelivers after a crash).
            self._queue = [
                q for q in self._queue if not (q.delivered and q.update["update_id"] < offset)
            ]
        # Like Telegram, a newer getUpdates terminates an older one still waiting (409).
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()
        deadline = asyncio.get_running_loop().time() + float(call.params.get("timeout") or 0)
        while True:
            if generation != self._poll_generation:
                raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                    "make sure that only one bot instance is running")  # fmt: skip
            batch = sorted(self._queue, key=lambda q: q.update["update_id"])[: max(1, limit)]
            if batch or self._closing or not await self._wait_change(deadline):
                break
        for queued in batch:
            queued.delivered = True
        return [copy.deepcopy(q.update) for q in batch]

    def _delete_webhook(self, call: RecordedCall) -> bool:
        self.webhook_url = ""
        if call.params.get("drop_pending_updates"):
            self._queue.clear()
        return True

    def _set_webhook(self, call: RecordedCall) -> bool:
        self.webhook_url = str(call.params.get("url") or "")
        return True

    def _send_message(self, call: RecordedCall) -> Json:
        text, entities = self._text(call.params, "text", "entities", MAX_TEXT)
        if not text.strip():
            raise _bad("message text is empty")
        content: Json = {"text": text, **({"entities": entities} if entities else {})}
        return self._bot_send(call, content)

    def _edit_text(self, call: RecordedCall) -> Json | bool:
        stored = self._editable(call)
        if stored is None:
            return True  # inline message: Telegram answers true
        if "text" not in stored.message:
            raise _bad("there is no text in the message to edit")
        text, entities = self._text(call.params, "text", "entities", MAX_TEXT)
        if not text.strip():
            raise _bad("message text is empty")
        # Omitting reply_markup removes the inline keyboard, exactly like Telegram.
        markup = self._inline_markup(call)
        return self._apply_edit(stored, text=text, entities=entities, reply_markup=markup)

    def _edit_caption(self, call: RecordedCall) -> Json | bool:
        stored = self._editable(call)
        if stored is None:
            return True
        if "text" in stored.message:
            raise _bad("there is no caption in the message to edit")
        caption, entities = self._text(call.params, "caption", "caption_entities", MAX_CAPTION)
        markup = self._inline_markup(call)
        return self._apply_edit(
            stored, caption=caption, caption_entities=entities, reply_markup=markup
        )

    def _edit_markup(self, call: RecordedCall) -> Json | bool:
        stored = self._editable(call)
        if stored is None:
            return True
        return self._apply_edit(stored, reply_markup=self._inline_markup(call))

    def _delete_message(self, call: RecordedCall) -> bool:
        chat = self._messages.get(self._chat_id(call), {})
        if chat.pop(call.params.get("message_id"), None) is None:  # type: ignore[arg-type]
            raise _bad("message to delete not found")
        return True

    def _delete_messages(self, call: RecordedCall) -> bool:
        chat = self._messages.get(self._chat_id(call), {})
        for message_id in call.params.get("message_ids") or []:
            chat.pop(message_id, None)
        return True

    def _answer_callback(self, call: RecordedCall) -> bool:
        query_id = str(call.params.get("callback_query_id"))
        if query_id not in self._open_callbacks:  # unknown or answered twice
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        self._open_callbacks.discard(query_id)
        return True

    def _send_media(self, call: RecordedCall, kind: str) -> Json:
        content = self._media_content(call, kind, call.params.get(kind), call.params, kind)
        return self._bot_send(call, content)

    def _send_media_group(self, call: RecordedCall) -> list[Json]:
        media = call.params.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise _bad("media group must contain 2-10 items")
        group_id = str(next(self._ids) + 13_000_000_000_000)
        sent = []
        for item in media:
            if item.get("type") not in ("photo", "video", "document", "audio"):
                raise _bad(f"unsupported media type {item.get('type')!r} in a media group")
            content = self._media_content(call, item["type"], item.get("media"), item, None)
            sent.append(self._bot_send(call, {**content, "media_group_id": group_id}))
        return sent

    def _set_commands(self, call: RecordedCall) -> bool:
        self.commands[self._commands_key(call)] = list(call.params.get("commands") or [])
        return True

    def _delete_commands(self, call: RecordedCall) -> bool:
        self.commands.pop(self._commands_key(call), None)
        return True

    def _get_chat(self, call: RecordedCall) -> Json:
        gifts = dict.fromkeys(("unlimited_gifts", "limited_gifts", "unique_gifts",
                               "premium_subscription", "gifts_from_channels"), False)  # fmt: skip
        return {**self._chat(self._chat_id(call)), "accent_color_id": 0,
                "max_reaction_count": 11, "accepted_gift_types": gifts}  # fmt: skip

    def _get_file(self, call: RecordedCall) -> Json:
        stored = self._files.get(str(call.params.get("file_id")))
        if stored is None:
            raise _bad("invalid file_id")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data), "file_path": stored.file_path}  # fmt: skip

    # ------------------------------------------------------------------ helpers

    def _bot_user(self, full: bool = False) -> Json:
        user: Json = {"id": self.bot_id, "is_bot": True, "first_name": BOT_FIRST_NAME,
                      "username": BOT_USERNAME}  # fmt: skip
        if full:  # getMe adds the capability flags
            user.update(can_join_groups=True, can_read_all_group_messages=False,
                        supports_inline_queries=False)  # fmt: skip
        return user

    def _user(self, user_id: int) -> Json:
        default = {"id": user_id, "is_bot": False, "first_name": "Test", "language_code": "ru"}
        return dict(self._users.setdefault(user_id, default))

    def _chat(self, chat_id: int) -> Json:
        if chat_id > 0:
            first_name = self._user(chat_id)["first_name"]
            return {"id": chat_id, "type": "private", "first_name": first_name}
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": "Test group"}

    def _chat_id(self, call: RecordedCall) -> int:
        chat_id = call.params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        if not isinstance(chat_id, int):
            raise _bad("chat not found")
        return chat_id

    def _message_ref(self, user_id: int, message: Json | int) -> tuple[int, int]:
        if isinstance(message, int):
            return user_id, message
        return message.get("chat", {}).get("id", user_id), message["message_id"]

    def _new_message(self, chat_id: int, sender: Json, content: Json) -> Json:
        message_id = self._next_message_id.get(chat_id, 0) + 1  # one sequence per chat
        self._next_message_id[chat_id] = message_id
        return {"message_id": message_id, "from": sender, "chat": self._chat(chat_id),
                "date": int(time.time()), **content}  # fmt: skip

    def _user_message(self, user_id: int, content: Json) -> Json:
        message = self._new_message(user_id, self._user(user_id), content)
        self._messages.setdefault(user_id, {})[message["message_id"]] = _StoredMessage(
            message, from_bot=False
        )
        return self.push_update({"message": message})

    def _member_update(self, user_id: int, *, old: str, new: str) -> Json:
        def member(status: str) -> Json:
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": self._bot_user(), **extra}

        return self.push_update({"my_chat_member": {
            "chat": self._chat(user_id), "from": self._user(user_id), "date": int(time.time()),
            "old_chat_member": member(old), "new_chat_member": member(new)}})  # fmt: skip

    def _text(
        self, params: Json, name: str, entities_name: str, limit: int
    ) -> tuple[str, list[Json]]:
        raw = params.get(name)
        text, entities = _render(
            "" if raw is None else str(raw), params.get("parse_mode"), params.get(entities_name)
        )
        if _utf16_len(text) > limit:
            raise _bad("message is too long" if name == "text" else "message caption is too long")
        return text, entities

    def _check_markup(self, markup: Any) -> None:
        if markup is None:
            return
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard") or []:
            for button in row:
                if len(str(button.get("callback_data", "")).encode()) > MAX_CALLBACK_DATA:
                    raise _bad("BUTTON_DATA_INVALID")

    def _inline_markup(self, call: RecordedCall) -> Json | None:
        markup = call.params.get("reply_markup")
        self._check_markup(markup)
        if markup is not None and "inline_keyboard" not in markup:
            raise _bad("inline keyboard expected")
        return markup

    def _bot_send(self, call: RecordedCall, content: Json) -> Json:
        chat_id = self._chat_id(call)
        markup = call.params.get("reply_markup")
        self._check_markup(markup)
        if isinstance(markup, dict):
            if "inline_keyboard" in markup:  # only inline keyboards are part of the Message
                content["reply_markup"] = markup
            elif "keyboard" in markup:
                self._reply_keyboards[chat_id] = markup
            elif markup.get("remove_keyboard"):
                self._reply_keyboards[chat_id] = None
        reply_parameters = call.params.get("reply_parameters")
        reply_to = call.params.get("reply_to_message_id") or (
            reply_parameters.get("message_id") if isinstance(reply_parameters, dict) else None
        )
        if reply_to:
            replied = self._messages.get(chat_id, {}).get(reply_to)
            if replied is not None:
                content["reply_to_message"] = copy.deepcopy(replied.message)
                content["reply_to_message"].pop("reply_to_message", None)
            elif not call.params.get("allow_sending_without_reply"):
                raise _bad("message to be replied not found")
        message = self._new_message(chat_id, self._bot_user(), content)
        self._messages.setdefault(chat_id, {})[message["message_id"]] = _StoredMessage(
            message, from_bot=True, markup=markup if isinstance(markup, dict) else None
        )
        return copy.deepcopy(message)

    def _editable(self, call: RecordedCall) -> _StoredMessage | None:
        if call.params.get("inline_message_id"):
            return None
        chat = self._messages.get(self._chat_id(call), {})
        stored = chat.get(call.params.get("message_id"))  # type: ignore[arg-type]
        if stored is None:
            raise _bad("message to edit not found")
        if not stored.from_bot:
            raise _bad("message can't be edited")
        return stored

    def _apply_edit(self, stored: _StoredMessage, **changes: Any) -> Json:
        message = stored.message
        changes = {key: value or None for key, value in changes.items()}  # [] / "" == absent
        if all(message.get(key) == value for key, value in changes.items()):
            raise _bad(
                "message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message"
            )
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        stored.markup = message.get("reply_markup")
        return copy.deepcopy(message)

    def _view(self, stored: _StoredMessage) -> Json:
        view = copy.deepcopy(stored.message)
        if stored.markup is not None:
            view["reply_markup"] = copy.deepcopy(stored.markup)
        return view

    def _commands_key(self, call: RecordedCall) -> tuple[str, str]:
        scope = call.params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(call.params.get("language_code") or "")

    def _store_file(
        self, data: bytes, folder: str, file_name: str, mime_type: str | None = None
    ) -> _StoredFile:
        number = next(self._ids)
        suffix = "." + file_name.rsplit(".", 1)[-1] if "." in file_name else ""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = _StoredFile(f"FAKE{folder[:3].upper()}{number:08d}", f"U{number:08d}",
                             f"{folder}/file_{number}{suffix}", data, file_name, mime)  # fmt: skip
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    def _file_object(self, stored: _StoredFile, kind: str) -> Json:
        result: Json = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                        "file_size": len(stored.data), **_MEDIA_EXTRAS[kind]}  # fmt: skip
        if kind in _NAMED_MEDIA:
            result.update(file_name=stored.file_name, mime_type=stored.mime_type)
        elif kind == "voice":
            result["mime_type"] = stored.mime_type
        return result

    def _photo_sizes(self, data: bytes) -> list[Json]:
        width, height = _image_size(data)
        sizes = []
        for limit in (90, 320, 1280):  # Telegram's usual thumbnail ladder
            scale = min(1.0, limit / max(width, height, 1))
            stored = self._store_file(data, "photos", "photo.jpg", "image/jpeg")
            sizes.append({"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                          "file_size": len(data), "width": max(1, round(width * scale)),
                          "height": max(1, round(height * scale))})  # fmt: skip
        return sizes

    def _media_content(
        self, call: RecordedCall, kind: str, ref: Any, options: Json, field_name: str | None
    ) -> Json:
        """The Message fields for a sent file: resolves attach://, known file_ids and URLs."""
        existing: _StoredFile | None = None
        if isinstance(ref, str) and ref.startswith("attach://"):
            key = ref.removeprefix("attach://")
            if key not in call.files:
                raise _bad("wrong file identifier/HTTP URL specified")
            data, name = call.files[key], call.file_names.get(key, key)
        elif ref is None and field_name in call.files:  # a raw multipart file in the field
            data, name = call.files[field_name], call.file_names.get(field_name, field_name)
        elif isinstance(ref, str) and ref in self._files:  # re-sending by file_id
            existing = self._files[ref]
            data, name = existing.data, existing.file_name
        elif isinstance(ref, str) and ref.startswith(("http://", "https://")):
            data, name = b"", ref.rsplit("/", 1)[-1] or "file"
        else:
            raise _bad("wrong file identifier/HTTP URL specified")
        content: Json = {}
        if kind == "photo":
            content["photo"] = self._photo_sizes(data)
        else:
            stored = existing or self._store_file(data, kind + "s", name)
            content[kind] = self._file_object(stored, kind)
        caption, entities = self._text(options, "caption", "caption_entities", MAX_CAPTION)
        if caption:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
        return content


async def _serve(host: str, port: int, token: str) -> None:
    api = FakeBotAPI(token, host=host, port=port)
    await api.start()
    print(f"FakeBotAPI at {api.url}  (token {token})", flush=True)
    print(f"  run the bot with TELEGRAM_API_URL={api.url} BOT_TOKEN={token}", flush=True)
    print("  type '<user_id> <text>' to send a message as that user; Ctrl+C to stop", flush=True)

    def on_stdin() -> None:
        line = sys.stdin.readline()
        if not line:  # EOF: keep serving, stop reading
            loop.remove_reader(sys.stdin.fileno())
            return
        user, _, text = line.strip().partition(" ")
        if user.lstrip("-").isdigit() and text:
            api.send_message(int(user), text)

    # add_reader instead of input() in a thread: a blocked thread would hang Ctrl+C.
    loop = asyncio.get_running_loop()
    with contextlib.suppress(OSError, ValueError, NotImplementedError):  # stdin not pollable
        loop.add_reader(sys.stdin.fileno(), on_stdin)
    since = 0
    try:
        while True:  # echo what the bot does, minus the getUpdates noise
            call = await api.wait_for(lambda c: c.method.lower() != "getupdates",
                                      timeout=86400, since=since)  # fmt: skip
            print(f"  <- {call.method} {call.params} -> ok={call.ok}", flush=True)
            since = call.index + 1
    finally:
        await api.stop()


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Fake Telegram Bot API server for local runs")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.host, args.port, args.token))
