"""One rate-limited sender for every bulk message: the digest album, reminders, notifications.

Telegram's limits for bots: about 30 messages a second overall, one a second in a private
chat, 20 a minute in a group or channel. Each limit is a sliding window here (at most N sends
in any period), so no burst ever exceeds it, not even at a window's edge; every period gets
0.1 s of slack for network jitter (Telegram counts arrivals, not departures). An album counts
as one message per photo against the overall and the group limits.

Flood control: the Bot API session already waits out a 429 a few times (bot.retry); if one
still arrives here, the chat (and, as Telegram asks, the whole bot) pauses for `retry_after`
and the message is retried a bounded number of times. A user who blocked the bot gets
`TelegramForbiddenError`: the sender reports it and calls `on_blocked`, which marks the user
(injected: bot.factory `blocked_marker`; the sender itself knows no feature's rules).

With Redis (several replicas), the overall limit is shared through it as well
(bot.send_budget, `shared`); the per-chat limits stay in the process.

Logs name a private chat (a person) by its pseudonym (`Pseudonyms.tag`), never by its id;
groups and channels are public and named by id.

A process has one Sender (one rate limiter for every bulk message), built by bot.factory
before the bot exists and bound to it on first use (`bind`); the dispatcher hands it to
handlers as `sender`, bot.app to the scheduler and the news broadcasts.

Every call returns one `Result` per message; nothing raises for a single bad message, so a
batch of reminders always runs to the end. The clock and the sleep are injectable: tests run
the limits on a fake clock without real waiting.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendMediaGroup, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, InputMediaPhoto, Message
from aiohttp import ClientConnectorError

if TYPE_CHECKING:
    from bot.send_budget import SharedBudget

log = logging.getLogger(__name__)

ChatId = int | str
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[Any]]
OnBlocked = Callable[[int], Awaitable[None]]


class Tags(Protocol):
    """What names a person in logs (services.privacy.Pseudonyms)."""

    def tag(self, telegram_id: int) -> str: ...


MAX_ALBUM = 10  # Telegram: an album holds 2-10 media
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Limits:
    per_second: int = 30  # every chat together, in any 1 s
    private_per_second: int = 1  # one private chat, in any 1 s
    group_per_minute: int = 20  # one group or channel, in any 60 s
    retries: int = 3  # 429s waited out here, after those the session waited out itself
    max_retry_after: float = 600.0  # a longer flood wait fails the message instead
    # Added to every window: requests sent a second apart may arrive closer together (network
    # jitter), and Telegram counts arrivals. 0.1 s keeps the arrivals within the limits.
    slack: float = 0.1


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message: a text, one photo, or an album (2-10 photos; the caption on the first).

    `text` is the message text, or the caption of the photo(s) (Telegram HTML either way).
    `tag` is the caller's own reference (a user id, a post id) and comes back in the result.
    """

    chat_id: ChatId
    text: str | None = None
    photos: tuple[tuple[str, bytes], ...] = ()  # (file name, image bytes)
    reply_markup: InlineKeyboardMarkup | None = None
    tag: Any = None

    def __post_init__(self) -> None:
        if len(self.photos) > MAX_ALBUM:
            raise ValueError(f"an album holds at most {MAX_ALBUM} photos, got {len(self.photos)}")
        if not self.photos and not self.text:
            raise ValueError("a message needs a text or a photo")
        if len(self.photos) > 1 and self.reply_markup is not None:
            raise ValueError("Telegram does not attach a keyboard to an album")

    @property
    def cost(self) -> int:
        """How many messages this is for the rate limits."""
        return max(1, len(self.photos))

    def method(self) -> TelegramMethod[Any]:
        if not self.photos:
            assert self.text is not None
            return SendMessage(chat_id=self.chat_id, text=self.text, reply_markup=self.reply_markup)
        if len(self.photos) == 1:
            name, data = self.photos[0]
            return SendPhoto(
                chat_id=self.chat_id,
                photo=BufferedInputFile(data, filename=name),
                caption=self.text,
                reply_markup=self.reply_markup,
            )
        media = [
            InputMediaPhoto(
                media=BufferedInputFile(data, filename=name),
                caption=self.text if number == 0 else None,
            )
            for number, (name, data) in enumerate(self.photos)
        ]
        return SendMediaGroup(chat_id=self.chat_id, media=list(media))


Status = Literal["sent", "blocked", "failed"]


@dataclass(frozen=True, slots=True)
class Result:
    item: Outgoing
    status: Status
    message_ids: tuple[int, ...] = ()
    error: str | None = None
    attempts: int = 1
    # A failure after which Telegram may still have delivered the message (a timeout, a
    # dropped connection, a 5xx): sending it again could deliver it twice.
    uncertain: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "sent"

    @property
    def chat_id(self) -> ChatId:
        return self.item.chat_id


def is_private(chat_id: ChatId) -> bool:
    """Private chats have positive ids; groups negative ones; channels -100… or @username."""
    return isinstance(chat_id, int) and chat_id > 0


def parse_chat_id(value: str) -> ChatId:
    """A chat id as configured: '-1001234567890' is a number, '@channel' stays a string."""
    value = value.strip()
    try:
        return int(value)
    except ValueError:
        return value


class Window:
    """At most `limit` sends in any `period` seconds: a log of the recent send times."""

    def __init__(self, limit: int, period: float) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("a window needs a positive limit and period")
        self.limit = limit
        self.period = period
        self.sent: deque[float] = deque()
        self.paused_until = 0.0

    def _expire(self, now: float) -> None:
        while self.sent and self.sent[0] <= now - self.period + _EPSILON:
            self.sent.popleft()

    def wait(self, now: float, cost: int = 1) -> float:
        """Seconds until `cost` more sends fit (0: now). A cost above the limit needs an
        empty window and then fills it for a whole period."""
        self._expire(now)
        wait = max(0.0, self.paused_until - now)
        excess = len(self.sent) + min(cost, self.limit) - self.limit
        if excess > 0:
            wait = max(wait, self.sent[excess - 1] + self.period - now)
        return wait

    def take(self, now: float, cost: int = 1) -> None:
        self.sent.extend([now] * cost)

    def pause(self, until: float) -> None:
        self.paused_until = max(self.paused_until, until)

    def idle(self, now: float) -> bool:
        self._expire(now)
        return not self.sent and self.paused_until <= now


def _message_ids(result: Any) -> tuple[int, ...]:
    if isinstance(result, Message):
        return (result.message_id,)
    if isinstance(result, list):
        return tuple(m.message_id for m in result if isinstance(m, Message))
    return ()


def may_have_arrived(error: BaseException) -> bool:
    """Whether a request that raised `error` may have been carried out by Telegram anyway.

    A definite answer from Telegram (400, 403, 404, 409, 413, 429...) refused it; so did a
    connection that was never made. A timeout, a dropped connection, a 5xx or an answer we
    could not read leave it unknown.
    """
    if isinstance(error, TelegramNetworkError):
        return not isinstance(error.__cause__, ClientConnectorError)
    if isinstance(error, TelegramServerError):
        return True
    return not isinstance(error, TelegramAPIError)  # anything unexpected: assume the worst


def _describe(error: BaseException) -> str:
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"


class Sender:
    """Sends messages within Telegram's limits; see the module docstring."""

    def __init__(
        self,
        bot: Bot | None = None,
        *,
        limits: Limits | None = None,
        on_blocked: OnBlocked | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        concurrency: int = 4,
        max_idle_chats: int = 10_000,
        pseudonyms: Tags | None = None,
        shared: SharedBudget | None = None,
    ) -> None:
        self._bot = bot
        self.shared = shared  # the overall limit across replicas (bot.send_budget), or None
        self.pseudonyms = pseudonyms
        self.limits = limits or Limits()
        self.on_blocked = on_blocked
        self.clock = clock
        self.sleep = sleep
        self.concurrency = max(1, concurrency)
        self.max_idle_chats = max_idle_chats
        self._global = Window(self.limits.per_second, 1.0 + self.limits.slack)
        self._chats: dict[ChatId, Window] = {}
        self._lock = asyncio.Lock()

    @property
    def bot(self) -> Bot:
        if self._bot is None:
            raise RuntimeError("the Sender is not bound to a bot yet (Sender.bind)")
        return self._bot

    async def close(self) -> None:
        """At shutdown: the shared budget's connections (nothing else holds any)."""
        if self.shared is not None:
            await self.shared.close()

    def bind(self, bot: Bot) -> Sender:
        """This sender, bound to `bot` on the first call. One sender serves one bot: its limits
        are that bot's limits."""
        if self._bot is None:
            self._bot = bot
        elif self._bot is not bot:
            raise ValueError("this Sender already sends for another bot")
        return self

    def label(self, chat_id: ChatId) -> str:
        """A chat as logs name it: a person by pseudonym, a group or channel by id."""
        if not is_private(chat_id):
            return f"chat {chat_id}"
        if self.pseudonyms is None:
            return "a private chat"
        assert isinstance(chat_id, int)
        return f"user {self.pseudonyms.tag(chat_id)}"

    # --- the limits ---------------------------------------------------------------------------

    def _chat(self, chat_id: ChatId) -> Window:
        window = self._chats.get(chat_id)
        if window is None:
            if len(self._chats) >= self.max_idle_chats:
                now = self.clock()
                for key in [k for k, w in self._chats.items() if w.idle(now)]:
                    del self._chats[key]
            slack = self.limits.slack
            if is_private(chat_id):
                window = Window(self.limits.private_per_second, 1.0 + slack)
            else:
                window = Window(self.limits.group_per_minute, 60.0 + slack)
            self._chats[chat_id] = window
        return window

    async def _acquire(self, chat_id: ChatId, cost: int) -> None:
        while True:
            async with self._lock:
                now = self.clock()
                chat = self._chat(chat_id)
                wait = max(self._global.wait(now, cost), chat.wait(now, cost))
                if wait <= 0 and self.shared is not None:
                    wait = await self.shared.take(cost)  # the other replicas' sends count too
                    now = self.clock()
                if wait <= 0:
                    self._global.take(now, cost)
                    chat.take(now, cost)
                    return
            await self.sleep(wait)

    async def _flood_wait(self, chat_id: ChatId, seconds: float) -> None:
        until = self.clock() + seconds
        self._chat(chat_id).pause(until)
        self._global.pause(until)
        if self.shared is not None:
            await self.shared.pause(seconds)

    # --- sending ------------------------------------------------------------------------------

    async def send(self, item: Outgoing) -> Result:
        attempt = 0
        while True:
            attempt += 1
            await self._acquire(item.chat_id, item.cost)
            try:
                response = await self.bot(item.method())
            except TelegramRetryAfter as error:
                wait = float(error.retry_after)
                await self._flood_wait(item.chat_id, wait)
                if attempt > self.limits.retries or wait > self.limits.max_retry_after:
                    log.warning("giving up on a message to %s: %s", self.label(item.chat_id), error)
                    return Result(item, "failed", error=_describe(error), attempts=attempt)
                log.info("flood control on %s: waiting %.0f s", self.label(item.chat_id), wait)
                continue
            except TelegramForbiddenError as error:
                await self._blocked(item.chat_id)
                return Result(item, "blocked", error=_describe(error), attempts=attempt)
            except Exception as error:  # one bad message must not stop a batch
                log.warning("message to %s failed: %s", self.label(item.chat_id), _describe(error))
                return Result(
                    item,
                    "failed",
                    error=_describe(error),
                    attempts=attempt,
                    uncertain=may_have_arrived(error),
                )
            return Result(item, "sent", _message_ids(response), attempts=attempt)

    async def _blocked(self, chat_id: ChatId) -> None:
        if self.on_blocked is None or not is_private(chat_id):
            return
        assert isinstance(chat_id, int)
        try:
            await self.on_blocked(chat_id)
        except Exception:
            log.exception("could not mark %s as blocked", self.label(chat_id))

    async def send_all(self, items: Iterable[Outgoing]) -> list[Result]:
        """Send many; results in the order given. Messages to one chat go in order, one after
        another; different chats go `concurrency` at a time. After a chat turns out blocked,
        its remaining messages are not tried."""
        queued: Sequence[Outgoing] = list(items)
        results: list[Result | None] = [None] * len(queued)
        by_chat: dict[ChatId, list[int]] = {}
        for number, item in enumerate(queued):
            by_chat.setdefault(item.chat_id, []).append(number)
        chats = deque(by_chat.values())

        async def worker() -> None:
            while chats:
                numbers = chats.popleft()
                blocked: Result | None = None
                for number in numbers:
                    item = queued[number]
                    if blocked is not None:
                        results[number] = Result(item, "blocked", error=blocked.error, attempts=0)
                        continue
                    results[number] = result = await self.send(item)
                    if result.status == "blocked":
                        blocked = result

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, len(chats)))))
        return [r for r in results if r is not None]
