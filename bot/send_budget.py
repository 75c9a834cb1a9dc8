"""Telegram's overall limit (~30 messages a second per bot) shared by every replica, in Redis.

The Sender's windows (bot.sender) live in one process: two replicas could each send 30 a
second. With REDIS_URL set, the overall window is kept in Redis as well: a sorted set of the
sends of the last `period` seconds, checked and filled by one Lua script (atomic, on Redis's
own clock, so the replicas' clocks need not agree). A flood wait (429) one replica gets pauses
the others too. The per-chat limits stay in the process: one chat's messages come from one
feature at a time.

If Redis cannot be reached, the Sender goes on with its own limiter (and says so in the log)
rather than stopping every message.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# KEYS: the window, the pause. ARGV: limit, period (ms), cost, a unique token.
# Returns 0 (the sends are taken) or the milliseconds to wait before asking again.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return paused end
local limit, period = tonumber(ARGV[1]), tonumber(ARGV[2])
local cost = math.min(tonumber(ARGV[3]), limit)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - period)
local excess = redis.call('ZCARD', KEYS[1]) + cost - limit
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], excess - 1, excess - 1, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + period - now)
end
for i = 1, cost do redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i) end
redis.call('PEXPIRE', KEYS[1], period)
return 0
"""

# KEYS: the pause. ARGV: milliseconds. Only ever lengthens a pause.
_PAUSE = """
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
"""


class SharedBudget(Protocol):
    """What the Sender asks before each send, besides its own windows."""

    async def take(self, cost: int) -> float:
        """Take `cost` sends now (0.0), or the seconds to wait before asking again."""
        ...

    async def pause(self, seconds: float) -> None:
        """Telegram asked the bot to wait (429): no replica sends for `seconds`."""
        ...

    async def close(self) -> None:
        """At shutdown: whatever connections it holds."""
        ...


class RedisBudget:
    def __init__(
        self, redis: Redis, bot_id: str, *, per_second: int = 30, period: float = 1.1
    ) -> None:
        self.redis = redis
        self.window_key = f"czn:send:{bot_id}:window"
        self.pause_key = f"czn:send:{bot_id}:pause"
        self.per_second = per_second
        self.period_ms = max(1, round(period * 1000))
        self._take: Any = redis.register_script(_TAKE)
        self._pause: Any = redis.register_script(_PAUSE)

    async def take(self, cost: int) -> float:
        token = uuid.uuid4().hex
        args = [self.per_second, self.period_ms, max(1, cost), token]
        try:
            wait_ms = int(await self._take(keys=[self.window_key, self.pause_key], args=args))
        except RedisError as error:
            log.warning("the shared send budget is unreachable, limiting locally: %s", error)
            return 0.0
        return wait_ms / 1000

    async def close(self) -> None:
        """Its Redis connections, at shutdown."""
        await self.redis.aclose()

    async def pause(self, seconds: float) -> None:
        try:
            await self._pause(keys=[self.pause_key], args=[max(1, round(seconds * 1000))])
        except RedisError as error:
            log.warning("could not share a flood wait: %s", error)


def redis_budget(redis_url: str, bot_token: str, *, per_second: int = 30) -> RedisBudget | None:
    """The shared budget of the bot with `bot_token` (its numeric id names the keys), or None
    without Redis."""
    if not redis_url:
        return None
    return RedisBudget(Redis.from_url(redis_url), bot_token.split(":", 1)[0], per_second=per_second)
