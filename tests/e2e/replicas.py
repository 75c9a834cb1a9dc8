"""Telegram's webhook side and a load balancer, for running two bot replicas end to end.

`WebhookTelegram` is the fake Bot API that, like Telegram with a webhook set, POSTs every
update to one URL with the secret header, up to 40 at a time, and sends it again after a
pause for as long as it gets no 2xx answer. `Balancer` stands where nginx would
(deploy/nginx.conf): it passes each POST to one replica, alternating per chat so one
person's consecutive taps land on different replicas, and, like nginx with a POST, does not
resend a request to another replica once it went out: a replica that drops the connection
gets the balancer's 502, is taken out of rotation until its /healthz answers again, and
Telegram's own retry goes to the survivor.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakebotapi import FakeBotAPI

Json = dict[str, Any]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
NO_ANSWER = 0  # the status recorded when a POST got no HTTP answer at all


class WebhookTelegram(FakeBotAPI):
    """The fake Bot API delivering updates by webhook; see the module docstring."""

    def __init__(self, token: str, *, retry_pause: float = 0.5, connections: int = 40) -> None:
        super().__init__(token=token)
        self.target = ""  # where updates are POSTed (the balancer); nothing is sent while empty
        self.secret = ""
        self.retry_pause = retry_pause
        self.answers: dict[int, list[int]] = {}  # update_id -> HTTP status of each attempt
        self._slots = asyncio.Semaphore(connections)
        self._deliveries: set[asyncio.Task[None]] = set()
        self._http: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        await super().start()
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))

    async def stop(self) -> None:
        for task in list(self._deliveries):
            task.cancel()
        await asyncio.gather(*self._deliveries, return_exceptions=True)
        if self._http is not None:
            await self._http.close()
        await super().stop()

    def push_update(self, update: Json) -> Json:
        pushed = super().push_update(update)
        task = asyncio.get_running_loop().create_task(self._deliver(pushed))
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)
        return pushed

    async def _deliver(self, update: Json) -> None:
        answers = self.answers.setdefault(int(update["update_id"]), [])
        while True:
            async with self._slots:
                status = await self._post(update)
            answers.append(status)
            if 200 <= status < 300:
                return
            await asyncio.sleep(self.retry_pause)

    async def _post(self, update: Json) -> int:
        assert self._http is not None and self.target, "no webhook target set"
        try:
            async with self._http.post(
                self.target, json=update, headers={SECRET_HEADER: self.secret}
            ) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return NO_ANSWER

    async def delivered(self, timeout: float) -> None:
        """Until every update pushed so far got its 2xx."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._deliveries:
            if asyncio.get_running_loop().time() > deadline:
                pending = sorted(u for u, a in self.answers.items() if not a or a[-1] != 200)
                raise TimeoutError(f"updates never answered 2xx: {pending[:20]}")
            await asyncio.sleep(0.05)

    def figures(self) -> Counter[str]:
        """How deliveries went: updates, redelivered ones, attempts by kind of answer."""
        counts: Counter[str] = Counter(updates=len(self.answers))
        for answers in self.answers.values():
            counts["redelivered"] += len(answers) > 1
            counts["acknowledged"] += bool(answers) and 200 <= answers[-1] < 300
            for status in answers:
                kind = "no answer" if status == NO_ANSWER else f"HTTP {status}"
                counts[kind] += 1
        return counts


def chat_of(update: Json) -> int | None:
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        event = update.get(kind)
        if isinstance(event, dict):
            chat = (event.get("message") or event).get("chat") or {}
            if "id" in chat:
                return int(chat["id"])
    return None


@dataclass
class Routed:
    update_id: int
    replica: int
    status: int


@dataclass
class Balancer:
    """The in-test load balancer; `upstreams` are the replicas' base URLs."""

    upstreams: list[str]
    path: str = "/telegram/webhook"
    pins: dict[int, int] = field(default_factory=dict)  # chat id -> replica, for a scenario
    down: set[int] = field(default_factory=set)
    routed: list[Routed] = field(default_factory=list)
    in_flight: Counter[int] = field(default_factory=Counter)  # requests a replica has now
    _turns: Counter[int] = field(default_factory=Counter)
    _runner: web.AppRunner | None = None
    _http: aiohttp.ClientSession | None = None
    _probe: asyncio.Task[None] | None = None
    url: str = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(self.path, self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}{self.path}"
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        self._probe = asyncio.get_running_loop().create_task(self._probe_down())

    async def stop(self) -> None:
        if self._probe is not None:
            self._probe.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._probe
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def pick(self, chat: int | None) -> int | None:
        alive = [i for i in range(len(self.upstreams)) if i not in self.down]
        if not alive:
            return None
        if chat in self.pins and self.pins[chat] in alive:
            return self.pins[chat]
        key = chat if chat is not None else 0
        turn = self._turns[key]
        self._turns[key] += 1
        preferred = turn % len(self.upstreams)
        return preferred if preferred in alive else alive[turn % len(alive)]

    async def _handle(self, request: web.Request) -> web.Response:
        assert self._http is not None
        body = await request.read()
        update = json.loads(body)
        replica = self.pick(chat_of(update))
        if replica is None:
            return web.Response(status=502, text="no replica up")
        headers = {SECRET_HEADER: request.headers.get(SECRET_HEADER, "")}
        headers["Content-Type"] = "application/json"
        self.in_flight[replica] += 1
        try:
            async with self._http.post(
                self.upstreams[replica] + self.path, data=body, headers=headers
            ) as response:
                payload = await response.read()
                status, content_type = response.status, response.content_type
                extra = {k: v for k, v in response.headers.items() if k == "Retry-After"}
        except (aiohttp.ClientError, TimeoutError):
            self.down.add(replica)  # out of rotation until its health check answers again
            self.routed.append(Routed(int(update["update_id"]), replica, 502))
            return web.Response(status=502, text="bad gateway")
        finally:
            self.in_flight[replica] -= 1
        self.routed.append(Routed(int(update["update_id"]), replica, status))
        return web.Response(status=status, body=payload, content_type=content_type, headers=extra)

    async def _probe_down(self) -> None:
        assert self._http is not None
        while True:
            await asyncio.sleep(0.3)
            for replica in list(self.down):
                with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                    async with self._http.get(
                        self.upstreams[replica] + "/healthz",
                        timeout=aiohttp.ClientTimeout(total=1),
                    ) as response:
                        if response.status == 200:
                            self.down.discard(replica)

    def handled_by(self) -> Counter[int]:
        """Updates each replica answered 2xx."""
        return Counter(r.replica for r in self.routed if 200 <= r.status < 300)
