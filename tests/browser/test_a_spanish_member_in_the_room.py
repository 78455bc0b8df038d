"""A Spanish member in the Spanish group, in a real browser: the room speaks Spanish (also its
script's own strings) and a cry for help written in Spanish shows Spain's crisis lines in Spanish at
once, and the alert fires."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from alongside.groups import actions as group_actions
from tests.browser.conftest import serious_axe_violations
from tests.conftest import PASSWORD, join, make_user
from tests.rooms.conftest import close_live_connections

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("ALONGSIDE_SCREENSHOTS", "")  # a folder: keep screenshots to look at


@pytest.fixture(autouse=True)
def _close_hubs() -> Iterator[None]:
    yield
    close_live_connections()


@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}]
)
def test_a_spanish_member_sees_the_room_and_crisis_lines_in_spanish(
    live_url: str, browser: Any, fay: Any, viewport: dict[str, int]
) -> None:
    from alongside.safety.models import CrisisAlert

    grupo = group_actions.create_group(
        creator=fay, name="Grupo de apoyo", language="es", format="online"
    )
    luna = make_user("luna", country="ES", languages="es,en", ui_language="es")
    join(luna, grupo, share=True)
    context = browser.new_context(locale="es-ES", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_url}/accounts/login/")
        page.get_by_label("Correo electrónico").fill(luna.email)
        page.get_by_label("Contraseña").fill(PASSWORD)
        page.get_by_role("button", name="Iniciar sesión").click()
        page.get_by_text("Has iniciado sesión como luna.").wait_for()
        page.goto(f"{live_url}/rooms/{grupo.slug}/")
        page.locator("#room-status", has_text="Conectado.").wait_for()
        page.get_by_label("Tu mensaje").fill("Ya no puedo más, me quiero quitar la vida")
        page.get_by_label("Tu mensaje").press("Enter")
        notice = page.locator("#private-notice")
        notice.get_by_text("024 Línea de atención a la conducta suicida").wait_for()
        text = notice.inner_text()
        assert "Se ha avisado a una persona facilitadora" in text
        assert "717 003 717" in text and "Gratuita, confidencial, 24/7" in text
        if SHOTS:
            page.screenshot(
                path=str(Path(SHOTS) / f"spanish-crisis-{viewport['width']}.png"), full_page=True
            )
        # The alert is raised by the room's writer just after the message is stored.
        for _ in range(100):
            if CrisisAlert.objects.filter(member=luna, group=grupo).exists():
                break
            page.wait_for_timeout(100)
        assert CrisisAlert.objects.filter(member=luna, group=grupo).exists()
        assert serious_axe_violations(page) == []
    finally:
        context.close()
