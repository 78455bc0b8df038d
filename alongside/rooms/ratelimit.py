"""Per person, per room posting limits of the live room: the rate limit (`count` messages per
`window` seconds, ALONGSIDE_ROOM_RATE_LIMIT) and the room's slow mode (one message every
`slow_mode` seconds; the consumer passes 0 for facilitators and moderators, who are exempt).

A post takes a slot *before* it is screened and stored, and gives it back when it is not stored
after all (refused as too long or empty, a resend of a message stored before, the store failed):
only stored messages count, and two sends racing each other cannot both slip under the limit.

- Embedded mode (no REDIS_URL): `MemoryLimiter`, the times of recent posts in this process.
- With REDIS_URL: `RedisLimiter`, one sorted set per person and room in Redis (member: a random
  token per post; score: the post's time in ms by Redis's clock), checked and updated by one Lua
  script, so the limit holds across every server process. The set expires `max(window,
  slow_mode)` after the last post. If Redis does not answer, the process falls back to its own
  memory (logged once) rather than refusing every post, and tries Redis again every few seconds.

The `limits` library was considered: its moving window has no way to give back one hit, and
checking the rate limit and slow mode there is two separate, non-atomic calls.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol

import redis.asyncio
from django.conf import settings
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

log = logging.getLogger(__name__)

RATE_LIMITED = "rate_limited"
SLOW_MODE = "slow_mode"
KEY_PREFIX = "alongside:rooms:posts"
REDIS_TIMEOUT = 0.5  # seconds
REDIS_RETRY_SECONDS = 5.0


@dataclass
class Slot:
    """The answer to one attempt to post: `refused` is "" (go ahead), RATE_LIMITED or SLOW_MODE;
    `retry_after` is whole seconds to wait when refused."""

    refused: str = ""
    retry_after: int = 0
    limiter: Limiter | None = None
    key: Any = None
    token: str = ""

    async def release(self) -> None:
        """The message was not stored after all: it does not count."""
        if self.limiter is not None and not self.refused:
            limiter, self.limiter = self.limiter, None
            await limiter.release(self.key, self.token)


class Limiter(Protocol):
    async def acquire(
        self, group_id: int, user_id: int, count: int, window: float, slow_mode: float
    ) -> Slot: ...

    async def release(self, key: Any, token: str) -> None: ...

    async def aclose(self) -> None: ...


def _wait(seconds: float) -> int:
    return int(seconds) + 1


class MemoryLimiter:
    """This process's memory: enough when there is one server process."""

    def __init__(self) -> None:
        self.posts: dict[tuple[int, int], list[tuple[float, str]]] = defaultdict(list)

    async def acquire(
        self, group_id: int, user_id: int, count: int, window: float, slow_mode: float
    ) -> Slot:
        return self.acquire_now(group_id, user_id, count, window, slow_mode)

    def acquire_now(
        self, group_id: int, user_id: int, count: int, window: float, slow_mode: float
    ) -> Slot:
        now = time.monotonic()
        key = (group_id, user_id)
        span = max(window, slow_mode)
        posts = [p for p in self.posts[key] if now - p[0] < span]
        in_window = [t for t, _token in posts if now - t < window]
        if len(in_window) >= count:
            self.posts[key] = posts
            # the oldest post that has to leave the window before one more fits
            return Slot(RATE_LIMITED, _wait(window - (now - in_window[len(in_window) - count])))
        if slow_mode > 0 and posts and now - posts[-1][0] < slow_mode:
            self.posts[key] = posts
            return Slot(SLOW_MODE, _wait(slow_mode - (now - posts[-1][0])))
        token = uuid.uuid4().hex
        posts.append((now, token))
        self.posts[key] = posts
        return Slot(limiter=self, key=key, token=token)

    async def release(self, key: Any, token: str) -> None:
        self.posts[key] = [p for p in self.posts.get(key, []) if p[1] != token]
        if not self.posts[key]:
            del self.posts[key]

    async def aclose(self) -> None:
        pass


# KEYS[1]: the sorted set of one person's recent posts in one room.
# ARGV: token of this post, count, window (ms), slow mode (ms; 0 = off).
# Returns {0, 0}: a slot was taken; {1, ms}: rate limited; {2, ms}: slow mode; ms = wait.
# Times come from Redis's clock, so server processes with skewed clocks agree.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local count, window, slow = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local span = math.max(window, slow)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - span))
local since = '(' .. string.format('%d', now - window)  -- '(': later than, not equal
local in_window = redis.call('ZCOUNT', KEYS[1], since, '+inf')
if in_window >= count then
  local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], since, '+inf',
                            'WITHSCORES', 'LIMIT', in_window - count, 1)
  return {1, tonumber(oldest[2]) + window - now}
end
if slow > 0 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  if last[2] and now - tonumber(last[2]) < slow then
    return {2, tonumber(last[2]) + slow - now}
  end
end
redis.call('ZADD', KEYS[1], string.format('%d', now), ARGV[1])
redis.call('PEXPIRE', KEYS[1], span)
return {0, 0}
"""


class RedisLimiter:
    """Shared by every server process through Redis. One instance per event loop (the hub's)."""

    def __init__(self, url: str) -> None:
        self.url = url
        # Short timeouts and one quick retry: a post must not hang on a Redis that stopped answering.
        self.client = redis.asyncio.Redis.from_url(
            url,
            socket_timeout=REDIS_TIMEOUT,
            socket_connect_timeout=REDIS_TIMEOUT,
            retry=Retry(NoBackoff(), 1),
        )
        self.script = self.client.register_script(_ACQUIRE)
        self.fallback = MemoryLimiter()
        self.down_since = 0.0  # when Redis stopped answering; 0 while it answers
        self.retry_at = 0.0  # meanwhile, try it again only every REDIS_RETRY_SECONDS

    @staticmethod
    def key(group_id: int, user_id: int) -> str:
        return f"{KEY_PREFIX}:{group_id}:{user_id}"

    async def acquire(
        self, group_id: int, user_id: int, count: int, window: float, slow_mode: float
    ) -> Slot:
        key = self.key(group_id, user_id)
        token = uuid.uuid4().hex
        if time.monotonic() < self.retry_at:
            return self.fallback.acquire_now(group_id, user_id, count, window, slow_mode)
        try:
            code, wait_ms = await self.script(
                keys=[key], args=[token, count, max(int(window * 1000), 1), int(slow_mode * 1000)]
            )
        except Exception:
            self._failed()
            return self.fallback.acquire_now(group_id, user_id, count, window, slow_mode)
        if self.down_since:
            log.warning("Redis answers again: room rate limits are shared across processes again")
            self.down_since = 0.0
        if code == 1:
            return Slot(RATE_LIMITED, _wait(int(wait_ms) / 1000))
        if code == 2:
            return Slot(SLOW_MODE, _wait(int(wait_ms) / 1000))
        return Slot(limiter=self, key=key, token=token)

    async def release(self, key: Any, token: str) -> None:
        try:
            await self.client.zrem(key, token)
        except Exception:
            self._failed()

    def _failed(self) -> None:
        now = time.monotonic()
        if not self.down_since:  # logged once when it starts, not for every post
            log.exception(
                "Redis did not answer: room rate limits are kept in this process's memory for now"
            )
            self.down_since = now
        self.retry_at = now + REDIS_RETRY_SECONDS

    async def aclose(self) -> None:
        await self.client.aclose()


def new_limiter() -> MemoryLimiter | RedisLimiter:
    """The limiter for one hub: shared through Redis when REDIS_URL is set."""
    url = getattr(settings, "REDIS_URL", "")
    return RedisLimiter(url) if url else MemoryLimiter()
