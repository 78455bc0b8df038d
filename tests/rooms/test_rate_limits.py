"""Posting limits in the live room: the per-person rate limit and slow mode. In one process they
live in memory; with Redis they hold across every server process."""

from __future__ import annotations

import asyncio
import os
import random
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from channels.db import database_sync_to_async

from alongside.rooms import actions, ratelimit
from alongside.rooms.models import Message
from tests.rooms.conftest import connect, live_test

REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get(
    "ALONGSIDE_TEST_REDIS", "redis://127.0.0.1:6379/13"
)


def _count(**filters: Any) -> int:
    return Message.objects.filter(**filters).count()


# -- one process (no Redis): the embedded demo ----------------------------------------------


@pytest.mark.django_db(transaction=True)
@live_test
async def test_a_refused_message_is_not_stored_and_the_text_can_be_sent_later(
    talking: Any, alice: Any, settings: Any
) -> None:
    settings.ROOM_RATE_LIMIT = "2/60"
    a, _ = await connect(alice, talking)
    assert (await a.send("1", "one"))["type"] == "ack"
    assert (await a.send("2", "two"))["type"] == "ack"
    refused = await a.send("3", "three")
    assert refused["type"] == "error" and refused["code"] == "rate_limited"
    assert 55 <= refused["retry_after"] <= 61
    assert "quickly" in refused["message"] and "your message is kept" in refused["message"]
    assert await database_sync_to_async(_count)(text="three") == 0
    await a.close()


@pytest.mark.django_db(transaction=True)
@live_test
async def test_messages_that_are_not_stored_do_not_count_against_the_limit(
    talking: Any, alice: Any, settings: Any
) -> None:
    settings.ROOM_RATE_LIMIT = "2/60"
    a, _ = await connect(alice, talking)
    assert (await a.send("long", "x" * 5000))["code"] == "too_long"
    assert (await a.send("empty", "  "))["code"] == "empty"
    assert (await a.send("1", "one"))["type"] == "ack"
    # A resend of a stored message (after a reconnect) is acked again and does not count twice.
    assert (await a.send("1", "one"))["duplicate"] is True
    assert (await a.send("2", "two"))["type"] == "ack"
    assert (await a.send("3", "three"))["code"] == "rate_limited"
    await a.close()


@pytest.mark.django_db(transaction=True)
@live_test
async def test_slow_mode_counts_from_the_last_message_even_past_the_rate_window(
    talking: Any, alice: Any, fay: Any, settings: Any
) -> None:
    settings.ROOM_RATE_LIMIT = "100/1"
    await database_sync_to_async(actions.set_room_state)(fay, talking, slow_mode_seconds=30)
    a, _ = await connect(alice, talking)
    assert (await a.send("1", "one"))["type"] == "ack"
    await asyncio.sleep(1.1)  # the 1-second rate window is over; slow mode is not
    slow = await a.send("2", "two")
    assert slow["code"] == "slow_mode" and 28 <= slow["retry_after"] <= 30
    # Facilitators are not slowed down.
    f, _ = await connect(fay, talking)
    assert (await f.send("f1", "welcome"))["type"] == "ack"
    assert (await f.send("f2", "and again"))["type"] == "ack"
    await a.close()
    await f.close()


# -- several processes sharing Redis ---------------------------------------------------------


@pytest.fixture
def shared_redis() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    yield client
    client.close()


def _ids() -> tuple[int, int]:
    """A room and a person nobody else uses, so runs sharing the Redis database don't meet."""
    return random.randrange(10**9, 10**10), random.randrange(10**9, 10**10)


@pytest.mark.services
@live_test
async def test_two_processes_sharing_redis_enforce_one_combined_limit(
    shared_redis: redis.Redis,
) -> None:
    room, person = _ids()
    first, second = ratelimit.RedisLimiter(REDIS_URL), ratelimit.RedisLimiter(REDIS_URL)
    try:
        taken = [
            await first.acquire(room, person, 3, 60, 0),
            await second.acquire(room, person, 3, 60, 0),
            await first.acquire(room, person, 3, 60, 0),
        ]
        assert [s.refused for s in taken] == ["", "", ""]
        for limiter in (second, first):
            refused = await limiter.acquire(room, person, 3, 60, 0)
            assert refused.refused == ratelimit.RATE_LIMITED and 59 <= refused.retry_after <= 61
        # Someone else in the same room, and the same person in another room, are not limited.
        assert (await second.acquire(room, person + 1, 3, 60, 0)).refused == ""
        assert (await second.acquire(room + 1, person, 3, 60, 0)).refused == ""
        # A message one process could not store gives its slot back to every process.
        await taken[1].release()
        assert (await first.acquire(room, person, 3, 60, 0)).refused == ""
        assert (await second.acquire(room, person, 3, 60, 0)).refused == ratelimit.RATE_LIMITED
        # Refusals add nothing: the set holds only the stored posts.
        assert shared_redis.zcard(ratelimit.RedisLimiter.key(room, person)) == 3
    finally:
        shared_redis.delete(
            *(
                ratelimit.RedisLimiter.key(r, p)
                for r, p in [(room, person), (room, person + 1), (room + 1, person)]
            )
        )
        await first.aclose()
        await second.aclose()


@pytest.mark.services
@live_test
async def test_slow_mode_holds_across_processes_but_not_for_facilitators(
    shared_redis: redis.Redis,
) -> None:
    room, person = _ids()
    first, second = ratelimit.RedisLimiter(REDIS_URL), ratelimit.RedisLimiter(REDIS_URL)
    try:
        assert (await first.acquire(room, person, 10, 10, 30)).refused == ""
        slow = await second.acquire(room, person, 10, 10, 30)
        assert slow.refused == ratelimit.SLOW_MODE and 29 <= slow.retry_after <= 31
        # A facilitator's posts are checked with slow mode off (0): only the rate limit applies.
        assert (await second.acquire(room, person, 10, 10, 0)).refused == ""
    finally:
        shared_redis.delete(ratelimit.RedisLimiter.key(room, person))
        await first.aclose()
        await second.aclose()


@pytest.mark.services
@live_test
async def test_the_shared_record_of_posts_expires(shared_redis: redis.Redis) -> None:
    room, person = _ids()
    key = ratelimit.RedisLimiter.key(room, person)
    limiter = ratelimit.RedisLimiter(REDIS_URL)
    try:
        assert (await limiter.acquire(room, person, 2, 1, 0)).refused == ""
        assert (await limiter.acquire(room, person, 2, 1, 0)).refused == ""
        assert (await limiter.acquire(room, person, 2, 1, 0)).refused == ratelimit.RATE_LIMITED
        assert 0 < shared_redis.pttl(key) <= 1000
        await asyncio.sleep(1.2)
        assert not shared_redis.exists(key)  # nothing is left behind once the window is over
        assert (await limiter.acquire(room, person, 2, 1, 0)).refused == ""
        # With slow mode longer than the window, the record lives as long as slow mode.
        assert (await limiter.acquire(room + 1, person, 2, 1, 2)).refused == ""
        assert 1000 < shared_redis.pttl(ratelimit.RedisLimiter.key(room + 1, person)) <= 2000
    finally:
        shared_redis.delete(key, ratelimit.RedisLimiter.key(room + 1, person))
        await limiter.aclose()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@live_test
async def test_posts_through_another_process_count_in_the_live_room(
    shared_redis: redis.Redis, talking: Any, alice: Any, settings: Any
) -> None:
    settings.REDIS_URL = REDIS_URL
    settings.ROOM_RATE_LIMIT = "2/60"
    key = ratelimit.RedisLimiter.key(talking.pk, alice.pk)
    shared_redis.delete(key)
    other_process = ratelimit.RedisLimiter(REDIS_URL)
    try:
        a, _ = await connect(alice, talking)
        assert (await a.send("1", "one"))["type"] == "ack"
        assert (await other_process.acquire(talking.pk, alice.pk, 2, 60, 0)).refused == ""
        refused = await a.send("2", "two")
        assert refused["code"] == "rate_limited" and 55 <= refused["retry_after"] <= 61
        assert await database_sync_to_async(_count)(text="two") == 0
        await a.close()
    finally:
        shared_redis.delete(key)
        await other_process.aclose()


@live_test
async def test_when_redis_does_not_answer_each_process_still_limits_posting(caplog: Any) -> None:
    limiter = ratelimit.RedisLimiter("redis://127.0.0.1:9/0")  # nothing listens there
    try:
        assert (await limiter.acquire(1, 1, 2, 60, 0)).refused == ""
        assert (await limiter.acquire(1, 1, 2, 60, 0)).refused == ""
        refused = await limiter.acquire(1, 1, 2, 60, 0)
        assert refused.refused == ratelimit.RATE_LIMITED and refused.retry_after >= 59
    finally:
        await limiter.aclose()
    assert (
        sum("Redis did not answer" in r.getMessage() for r in caplog.records) == 1
    )  # not once per post
