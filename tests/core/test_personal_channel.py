"""The per-person live channel (/ws/me/): each person gets what is addressed to them, checked
against who they are at the moment it is delivered."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import SyncToAsync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections

from alongside.accounts.models import User
from alongside.asgi import application
from alongside.core import personal
from alongside.safety import actions
from tests.conftest import client_for, join
from tests.rooms.conftest import live_test

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _close_channel_connections() -> Iterator[None]:
    yield
    # The channel reads in asgiref's single thread: close its connection so PostgreSQL can drop
    # the test database.
    SyncToAsync.single_thread_executor.submit(connections.close_all).result(timeout=10)


def session_of(user: Any) -> str:
    return str(client_for(user).cookies["sessionid"].value)


async def open_channel(
    session: str | None, lang: str = "en"
) -> tuple[WebsocketCommunicator, bool, int | None]:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if session:
        headers.append((b"cookie", f"sessionid={session}".encode()))
    comm = WebsocketCommunicator(application, f"/ws/me/?lang={lang}", headers=headers)
    connected, code = await comm.connect(timeout=5)
    if connected:
        hello = await comm.receive_json_from(timeout=5)
        assert hello["type"] == "hello"
    return comm, connected, code


async def frames_until(
    comm: WebsocketCommunicator, kind: str, timeout: float = 5, *, key: str = ""
) -> dict[str, Any]:
    """The next frame of this kind (with `key` in it, when given)."""
    while True:
        frame = await comm.receive_json_from(timeout=timeout)
        if frame.get("type") == kind and (not key or key in frame):
            return frame  # type: ignore[no-any-return]


async def wait_connected(user: Any) -> None:
    for _ in range(100):
        if user.pk in personal.connected_user_ids():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the channel never registered")


@live_test
async def test_a_notice_reaches_its_person_live_and_nobody_else(alice: Any, bob: Any) -> None:
    a, a_ok, _ = await open_channel(await database_sync_to_async(session_of)(alice))
    b, b_ok, _ = await open_channel(await database_sync_to_async(session_of)(bob))
    assert a_ok and b_ok
    await wait_connected(alice)
    await database_sync_to_async(actions.notify)(
        alice, "Someone replied to your report.", email=False
    )
    frame = await frames_until(a, "safety.notice")
    region = frame["regions"][0]
    assert region["id"] == "live-notices" and "Someone replied to your report." in region["html"]
    assert frame["announce"] == "Someone replied to your report."
    assert await b.receive_nothing(timeout=0.3)
    await a.disconnect()
    await b.disconnect()


@live_test
async def test_anonymous_visitors_cannot_open_a_channel(db: Any) -> None:
    _comm, connected, _code = await open_channel(None)
    assert not connected


@live_test
async def test_after_signing_out_nothing_more_is_delivered_and_the_channel_closes(
    alice: Any,
) -> None:
    from django.contrib.sessions.models import Session

    session = await database_sync_to_async(session_of)(alice)
    a, connected, _ = await open_channel(session)
    assert connected
    await wait_connected(alice)
    await database_sync_to_async(Session.objects.filter(session_key=session).delete)()
    await database_sync_to_async(actions.notify)(alice, "A notice after signing out.", email=False)
    closed = await a.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": personal.CLOSE_SIGNED_OUT}


@live_test
async def test_a_deactivated_account_gets_nothing_more(alice: Any) -> None:
    a, connected, _ = await open_channel(await database_sync_to_async(session_of)(alice))
    assert connected
    await wait_connected(alice)
    await database_sync_to_async(User.objects.filter(pk=alice.pk).update)(is_active=False)
    await database_sync_to_async(actions.notify)(alice, "Should never arrive.", email=False)
    closed = await a.receive_output(timeout=5)
    assert closed["type"] == "websocket.close"


@live_test
async def test_staff_see_a_new_alert_in_their_banner_and_others_do_not(
    group: Any, alice: Any, fay: Any, mo: Any, bob: Any
) -> None:
    await database_sync_to_async(join)(alice, group, share=True)
    sessions = {u.handle: await database_sync_to_async(session_of)(u) for u in (fay, mo, bob)}
    chans = {h: (await open_channel(s))[0] for h, s in sessions.items()}
    for u in (fay, mo, bob):
        await wait_connected(u)
    alert = await database_sync_to_async(actions.raise_crisis_alert)(
        alice, level="high", group=group
    )
    for handle in ("fay", "mo"):
        frame = await frames_until(chans[handle], "safety.alert", key="alert")
        assert frame["alert"] == {
            "id": alert.pk,
            "level": "high",
            "status": "open",
            "change": "raised",
        }
        banner = frame["regions"][0]
        assert (
            banner["id"] == "oncall-banner"
            and "1 crisis alert is waiting for you" in banner["html"]
        )
        assert (
            frame["trigger"] == "alongside-alerts"
            and frame["announce"] == "New crisis alert: High risk."
        )
    assert await chans["bob"].receive_nothing(
        timeout=0.3
    )  # a member is not told about others' alerts
    for comm in chans.values():
        await comm.disconnect()


@live_test
async def test_a_facilitator_who_stepped_down_is_not_sent_the_alert(
    group: Any, alice: Any, fay: Any
) -> None:
    from alongside.groups.models import Membership

    await database_sync_to_async(join)(alice, group, share=True)
    f, connected, _ = await open_channel(await database_sync_to_async(session_of)(fay))
    assert connected
    await wait_connected(fay)

    def raise_after_stepping_down() -> None:
        from django.db import transaction

        with transaction.atomic():
            actions.raise_crisis_alert(alice, level="concern", group=group)
            # Still facilitator when the audience was chosen; not any more when it is delivered.
            Membership.objects.filter(user=fay, group=group).update(
                role=Membership.Role.PARTICIPANT
            )

    await frames_until(f, "safety.alert")  # the banner as it was on connecting (nothing waiting)
    await database_sync_to_async(raise_after_stepping_down)()
    assert await f.receive_nothing(timeout=0.5)
    await f.disconnect()


@live_test
async def test_a_page_that_connects_gets_the_banner_as_it_is_now(
    group: Any, alice: Any, mo: Any
) -> None:
    await database_sync_to_async(join)(alice, group, share=True)
    await database_sync_to_async(actions.raise_crisis_alert)(alice, level="concern", group=group)
    m, connected, _ = await open_channel(await database_sync_to_async(session_of)(mo), lang="es")
    assert connected
    frame = await frames_until(m, "safety.alert")
    assert "alert" not in frame
    assert "1 alerta de crisis te espera" in frame["regions"][0]["html"]  # in the page's language
    await m.disconnect()
