"""A fake MAX Bot API on 127.0.0.1, written from MAX's own schemes (max-bot-api-client-go).

The bot runs against it as against platform-api.max.ru (MAX_API_URL): the test scripts what
people do (`send_text`, `start`, `click`, `send_location`, `send_photo`), the bot fetches it
with GET /updates and a marker, and every request the bot makes is in `calls`.

It refuses what MAX refuses: a wrong access token (401 verify.token), a text over 4,000
characters, a callback button payload over 1,024 bytes, an unknown or already answered
callback id, an answer with neither message nor notification, an image or file token it never
issued, a file together with any other attachment, an edit or a delete of an unknown message
(404). Deliberate simplifications: HTML is stored as sent; every user may be written to; an
upload is ready at once; updates are kept until a request with a later marker confirms them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

Json = dict[str, Any]
MAX_TEXT = 4000
MAX_PAYLOAD = 1024
BOT_ID = 900001
BOT = {"user_id": BOT_ID, "first_name": "Fake MAX bot", "username": "fake_max_bot", "is_bot": True}
BUTTON_TYPES = {"callback", "link", "request_geo_location", "message", "request_contact"}


class MaxError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class MaxCall:
    """One request of the bot: `route` like "POST /messages", query, JSON body, answer."""

    route: str
    query: Json
    body: Any
    at: float
    index: int = -1
    status: int = 0
    response: Any = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def user_id(self) -> int | None:
        value = self.query.get("user_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str((self.body or {}).get("text") or "") if isinstance(self.body, dict) else ""


@dataclass
class _Message:
    mid: str
    user_id: int | None
    chat_id: int
    from_bot: bool
    text: str | None
    attachments: list[Json] = field(default_factory=list)
    timestamp: int = 0
    chat_type: str = "dialog"

    def view(self, user: Json | None = None) -> Json:
        sender = BOT if self.from_bot else (user or {"user_id": self.user_id, "first_name": "U"})
        recipient: Json = {"chat_id": self.chat_id, "chat_type": self.chat_type}
        if self.user_id is not None:
            recipient["user_id"] = self.user_id if self.from_bot else BOT_ID
        body: Json = {"mid": self.mid, "seq": 0, "text": self.text}
        if self.attachments:
            body["attachments"] = self.attachments
        return {"sender": sender, "recipient": recipient, "timestamp": self.timestamp, "body": body}


class FakeMax:
    def __init__(self, token: str = "max-test-token", *, host: str = "127.0.0.1") -> None:
        self.token, self.host = token, host
        self.calls: list[MaxCall] = []
        self.messages: dict[str, _Message] = {}
        self.commands: list[Json] = []
        self.subscriptions: list[Json] = []
        self.channels: set[int] = set()  # chat ids the tests call channels
        self.blocked: set[int] = set()  # user ids who stopped the bot: sending to them is 403
        self._queue: list[tuple[int, Json]] = []  # (number, update), until confirmed
        self._numbers = itertools.count(1)
        self._mids = itertools.count(1)
        self._callbacks: dict[str, str] = {}  # open callback id → mid
        self._uploads: dict[str, tuple[str, bytes]] = {}  # token → (type, bytes)
        self._upload_slots: dict[str, str] = {}  # slot → type
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ----------------------------------------------------------------------------

    async def __aenter__(self) -> FakeMax:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- what people do -----------------------------------------------------------------------

    @staticmethod
    def user(user_id: int) -> Json:
        return {"user_id": user_id, "first_name": f"User{user_id}", "is_bot": False, "name": "U"}

    def _push(self, update: Json) -> Json:
        update.setdefault("timestamp", int(time.time() * 1000))
        update.setdefault("user_locale", "ru")
        self._queue.append((next(self._numbers), update))
        self._notify()
        return update

    def _user_message(self, user_id: int, text: str | None, attachments: list[Json]) -> Json:
        message = _Message(
            f"mid.user{next(self._mids):012d}", user_id, user_id, False, text, attachments
        )
        message.timestamp = int(time.time() * 1000)
        self.messages[message.mid] = message
        return self._push(
            {"update_type": "message_created", "message": message.view(self.user(user_id))}
        )

    def send_text(self, user_id: int, text: str) -> Json:
        return self._user_message(user_id, text, [])

    def start(self, user_id: int, payload: str | None = None) -> Json:
        """The person opens the bot (by a deep link max.ru/<bot>?start=<payload>)."""
        update: Json = {
            "update_type": "bot_started",
            "chat_id": user_id,
            "user": self.user(user_id),
            "user_id": user_id,
        }
        if payload is not None:
            update["payload"] = payload
        return self._push(update)

    def send_location(
        self, user_id: int, latitude: float, longitude: float, *, forwarded: bool = False
    ) -> Json:
        attachment = {"type": "location", "latitude": latitude, "longitude": longitude}
        update = self._user_message(user_id, None, [attachment])
        if forwarded:
            update["message"]["link"] = {"type": "forward", "sender": self.user(user_id + 1)}
        return update

    def send_photo(self, user_id: int, data: bytes, caption: str | None = None) -> Json:
        token = f"img-user-{next(self._mids)}"
        self._uploads[token] = ("image", data)
        payload = {"photo_id": next(self._mids), "token": token, "url": f"{self.url}/files/{token}"}
        return self._user_message(user_id, caption, [{"type": "image", "payload": payload}])

    def uploaded(self, token: str) -> tuple[str, bytes]:
        """The type and the bytes of an uploaded file, by the token MAX gave for it."""
        return self._uploads[token]

    def buttons(self, mid: str) -> list[Json]:
        found: list[Json] = []
        for item in self.messages[mid].attachments:
            if item["type"] == "inline_keyboard":
                found.extend(b for row in item["payload"]["buttons"] for b in row)
        return found

    def click(self, user_id: int, mid: str, text: str) -> Json:
        """Press the button with this text on message `mid` (a callback or a message button)."""
        button = next((b for b in self.buttons(mid) if b["text"] == text), None)
        if button is None:
            shown = [b["text"] for b in self.buttons(mid)]
            raise AssertionError(f"no button {text!r} on {mid}: {shown}")
        if button["type"] == "message":
            return self.send_text(user_id, button["text"])
        callback_id = f"cb{next(self._mids)}"
        self._callbacks[callback_id] = mid
        callback = {
            "timestamp": int(time.time() * 1000),
            "callback_id": callback_id,
            "user": self.user(user_id),
            "payload": button["payload"],
        }
        view = self.messages[mid].view()
        return self._push(
            {"update_type": "message_callback", "callback": callback, "message": view}
        )

    # --- what the test reads ------------------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(self, predicate: Any, timeout: float = 30, since: int = 0) -> MaxCall:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for call in self.calls[since:]:
                if predicate(call):
                    return call
            since = len(self.calls)
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise TimeoutError("no such call of the bot")
            event = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout=left)

    def sent_to(self, user_id: int) -> list[MaxCall]:
        return [c for c in self.calls if c.route == "POST /messages" and c.user_id == user_id]

    # --- the API ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/files/"):
            kind_data = self._uploads.get(path.removeprefix("/files/"))
            if kind_data is None:
                return web.Response(status=404)
            return web.Response(body=kind_data[1])
        if path.startswith("/upload/"):
            return await self._receive_upload(request, path.removeprefix("/upload/"))
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        call = MaxCall(f"{request.method} {path}", dict(request.query), body, time.monotonic())
        call.index = len(self.calls)
        self.calls.append(call)
        try:
            if request.headers.get("Authorization") != self.token:
                raise MaxError(401, "verify.token", "Invalid access_token")
            result = await self._route(call)
            call.status, call.response = 200, result
        except MaxError as error:
            call.status = error.status
            call.response = {"code": error.code, "message": error.message}
        self._notify()
        return web.json_response(call.response, status=call.status)

    async def _route(self, call: MaxCall) -> Any:
        route = call.route
        if route == "GET /me":
            return {**BOT, "name": BOT["first_name"]}
        if route == "PATCH /me":
            self.commands = list((call.body or {}).get("commands") or [])
            return {**BOT, "commands": self.commands}
        if route == "GET /updates":
            return await self._updates(call)
        if route == "POST /messages":
            return self._send(call)
        if route == "PUT /messages":
            return self._edit(call)
        if route == "DELETE /messages":
            self._message(call).attachments = []
            del self.messages[call.query["message_id"]]
            return {"success": True}
        if route == "POST /answers":
            return self._answer(call)
        if route == "POST /uploads":
            kind = call.query.get("type")
            if kind not in ("image", "file", "video", "audio"):
                raise MaxError(400, "proto.payload", f"unknown upload type {kind!r}")
            slot = f"s{next(self._mids)}"
            self._upload_slots[slot] = kind
            return {"url": f"{self.url}/upload/{slot}"}
        if route == "POST /subscriptions":
            self.subscriptions.append(call.body or {})
            return {"success": True}
        raise MaxError(404, "not.found", f"no route {route}")

    async def _updates(self, call: MaxCall) -> Json:
        marker = call.query.get("marker")
        if marker is not None:  # everything before the marker is confirmed
            self._queue = [(n, u) for n, u in self._queue if n >= int(marker)]
        timeout = float(call.query.get("timeout", 0))
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._queue and asyncio.get_running_loop().time() < deadline:
            event = self._changed
            left = deadline - asyncio.get_running_loop().time()
            try:
                await asyncio.wait_for(event.wait(), timeout=max(0.0, left))
            except TimeoutError:
                break
        limit = int(call.query.get("limit", 100))
        batch = self._queue[:limit]
        types = set(str(call.query.get("types", "")).split(",")) - {""}
        updates = [u for _n, u in batch if not types or u["update_type"] in types]
        next_marker = batch[-1][0] + 1 if batch else (int(marker) if marker else None)
        return {"updates": updates, "marker": next_marker}

    def _check_body(self, body: Json) -> list[Json]:
        text = body.get("text")
        if text is not None and len(text) > MAX_TEXT:
            raise MaxError(400, "proto.payload", f"text: size must be between 0 and {MAX_TEXT}")
        attachments = list(body.get("attachments") or [])
        for item in attachments:
            kind = item.get("type")
            if kind == "inline_keyboard":
                for row in item["payload"]["buttons"]:
                    for button in row:
                        if button.get("type") not in BUTTON_TYPES:
                            raise MaxError(400, "proto.payload", f"button type {button!r}")
                        payload = button.get("payload", "")
                        if len(payload.encode()) > MAX_PAYLOAD:
                            raise MaxError(400, "proto.payload", "button payload too long")
            elif kind in ("image", "file"):
                token = (item.get("payload") or {}).get("token")
                if token not in self._uploads:
                    raise MaxError(400, "attachment.invalid", f"unknown {kind} token")
            else:
                raise MaxError(400, "proto.payload", f"attachment type {kind!r}")
        if any(a["type"] == "file" for a in attachments) and len(attachments) > 1:
            raise MaxError(400, "proto.payload", "a file must be the only attachment")
        return attachments

    def _send(self, call: MaxCall) -> Json:
        body = call.body or {}
        attachments = self._check_body(body)
        if not body.get("text") and not attachments:
            raise MaxError(400, "proto.payload", "text or attachments required")
        user_id = call.user_id
        if user_id is not None and user_id in self.blocked:
            raise MaxError(403, "chat.denied", "error.dialog.suspended")
        chat_id = int(call.query.get("chat_id", user_id or 0))
        message = _Message(
            f"mid.bot{next(self._mids):012d}", user_id, chat_id, True, body.get("text"), attachments
        )
        message.timestamp = int(time.time() * 1000)
        if user_id is None:
            message.chat_type = "channel" if chat_id in self.channels else "chat"
        self.messages[message.mid] = message
        return {"message": message.view()}

    def _message(self, call: MaxCall) -> _Message:
        found = self.messages.get(str(call.query.get("message_id")))
        if found is None:
            raise MaxError(404, "not.found", "message not found")
        return found

    def _edit(self, call: MaxCall) -> Json:
        message = self._message(call)
        body = call.body or {}
        attachments = self._check_body(body)
        if "text" in body and body["text"] is not None:
            message.text = body["text"]
        if body.get("attachments") is not None:
            media = [a for a in message.attachments if a["type"] != "inline_keyboard"]
            keys = [a for a in attachments if a["type"] == "inline_keyboard"]
            message.attachments = [*media, *keys] if keys or not attachments else attachments
        return {"success": True}

    def _answer(self, call: MaxCall) -> Json:
        callback_id = str(call.query.get("callback_id"))
        if callback_id not in self._callbacks:
            raise MaxError(400, "callback.invalid", "unknown or answered callback_id")
        body = call.body or {}
        if not body.get("message") and not body.get("notification"):
            raise MaxError(400, "proto.payload", "message or notification required")
        del self._callbacks[callback_id]
        return {"success": True}

    async def _receive_upload(self, request: web.Request, slot: str) -> web.Response:
        kind = self._upload_slots.pop(slot, None)
        if kind is None:
            return web.json_response({"code": "upload.invalid"}, status=400)
        form = await request.post()
        part = form.get("data")
        data = part.file.read() if hasattr(part, "file") else b""
        token = f"{kind}-bot-{next(self._mids)}"
        self._uploads[token] = (kind, data)
        self._notify()
        if kind == "image":
            return web.json_response({"photos": {"p1": {"token": token}}})
        return web.json_response({"token": token})
