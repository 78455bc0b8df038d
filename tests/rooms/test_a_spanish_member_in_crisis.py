"""The full flow in Spanish: a Spanish member in the Spanish group posts a crisis message in the
live room; they see, at once and in Spanish, the crisis lines for their country, and the alert
reaches staff, each in their own language."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.core import mail

from alongside.groups import actions as group_actions
from alongside.rooms.routing import websocket_urlpatterns
from alongside.safety.classify import assess
from alongside.safety.models import CrisisAlert
from tests.conftest import join, make_user
from tests.rooms.conftest import Client, connect, live_test

pytestmark = [pytest.mark.django_db(transaction=True)]

SPANISH_CRISIS = "Ya no puedo más. Tengo las pastillas y me las voy a tomar todas esta noche."
spanish_screening = pytest.mark.skipif(
    assess(SPANISH_CRISIS).crisis == "none",
    reason="the screener does not read Spanish yet (issue 12's Spanish rules and models)",
)


@pytest.fixture
def grupo(db: Any) -> Any:
    rocio = make_user("rocio", ui_language="es", country="ES")
    return group_actions.create_group(
        creator=rocio,
        name="Grupo de apoyo",
        language="es",
        purpose="Un espacio para hablar de la depresión.",
    )


@pytest.fixture
def luna(grupo: Any) -> Any:
    luna = make_user("luna", country="ES", languages="es,en", ui_language="es")
    join(luna, grupo, share=True)
    return luna


@pytest.fixture
def pablo(grupo: Any) -> Any:
    pablo = make_user("pablo", country="MX")  # no interface language chosen: the browser decides
    join(pablo, grupo, share=True)
    return pablo


async def alert_for(member: Any) -> CrisisAlert | None:
    """The member's alert: raised by the room's writer just after the message is stored."""
    for _ in range(50):
        alert = await database_sync_to_async(CrisisAlert.objects.filter(member=member).first)()
        if alert is not None:
            return alert
        await asyncio.sleep(0.1)
    return None


async def post(client: Client, text: str) -> dict[str, Any]:
    return await client.send("c1", text)


def lines(ack: dict[str, Any]) -> list[str]:
    return [line["numbers"] for line in ack["resources"]]


@live_test
async def test_a_spanish_member_who_switches_to_english_still_gets_help_in_spanish(
    grupo: Any, luna: Any, mo: Any
) -> None:
    client, _ok = await connect(luna, grupo)
    ack = await post(client, "I can't do this anymore, I want to kill myself tonight")
    assert ack["visibility"] == "visible"
    assert "Se ha avisado a una persona facilitadora" in ack["notice"]
    assert lines(ack) == ["024", "717 003 717", "112"]  # Spain's lines, then its emergency number
    assert "Gratuita, confidencial, 24/7" in ack["resources"][0]["how"]
    await client.close()
    alert = await alert_for(luna)
    assert alert is not None and alert.level == "high"
    for _ in range(50):  # the e-mails go once the alert is committed
        subjects = {m.to[0]: m.subject for m in mail.outbox}
        if len(subjects) >= 2:
            break
        await asyncio.sleep(0.1)
    assert subjects["rocio@example.org"].startswith("Alerta de crisis")  # the Spanish facilitator
    assert subjects["mo@example.org"].startswith("Crisis alert")  # the English on-call moderator


@spanish_screening
@live_test
async def test_a_spanish_member_in_crisis_sees_spanish_lines_for_their_country_and_staff_are_alerted(
    grupo: Any, luna: Any, mo: Any
) -> None:
    client, _ok = await connect(luna, grupo)
    ack = await post(client, SPANISH_CRISIS)
    assert ack["visibility"] in ("visible", "held")  # method detail may be held; never silenced
    assert "Se ha avisado a una persona facilitadora" in ack["notice"]
    assert lines(ack)[:2] == ["024", "717 003 717"]
    await client.close()
    assert await alert_for(luna) is not None


@live_test
async def test_a_member_on_their_browsers_language_is_answered_in_it(
    grupo: Any, pablo: Any
) -> None:
    comm = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns),
        f"/ws/rooms/{grupo.slug}/",
        headers=[(b"accept-language", b"es-MX,es;q=0.9,en;q=0.5")],
    )
    comm.scope["user"] = pablo
    connected, _code = await comm.connect(timeout=5)
    assert connected
    client = Client(comm)
    await client.until("synced")
    empty = await client.send("c0", "   ")
    assert empty["type"] == "error" and empty["message"] == "Escribe algo primero, por favor."
    ack = await client.send("c1", "I want to kill myself tonight")
    assert lines(ack) == ["800 911 2000", ""]  # Línea de la Vida, then the local emergency number
    assert ack["resources"][0]["how"].startswith("Secretaría de Salud (CONASAMA). 24 horas")
    await client.close()


@live_test
async def test_an_english_member_in_the_same_room_is_answered_in_english(
    grupo: Any, alice: Any
) -> None:
    await database_sync_to_async(join)(alice, grupo, share=True)
    client, _ok = await connect(alice, grupo)
    ack = await post(client, "I want to kill myself tonight")
    assert "A facilitator has been alerted" in ack["notice"]
    assert lines(ack)[0] == "116 123"
    await client.close()


@live_test
async def test_a_supportive_reply_in_the_room_raises_no_alert(
    grupo: Any, luna: Any, pablo: Any, mo: Any
) -> None:
    client, _ok = await connect(pablo, grupo)
    ack = await post(
        client,
        "¿Has hablado con alguien? No estás sola: llama al 024 si piensas en suicidarte, "
        "a mí me ayudó mucho cuando me sentí así. Un abrazo.",
    )
    assert ack["visibility"] == "visible"
    assert ack["notice"] == "" and ack["resources"] == []
    await client.close()
    await asyncio.sleep(0.5)  # the writer has stored it and would have raised an alert by now
    assert await database_sync_to_async(CrisisAlert.objects.filter(member=pablo).exists)() is False
