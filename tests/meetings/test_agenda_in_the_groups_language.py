"""A group's meeting structure starts in the group's language, whoever schedules the meetings."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import translation

from alongside.groups import actions as group_actions
from alongside.meetings import actions


def test_a_spanish_groups_first_meeting_has_a_spanish_agenda_and_title(fay: Any) -> None:
    translation.activate("en")  # the facilitator's interface is English
    grupo = group_actions.create_group(
        creator=fay, name="Grupo de apoyo", language="es", format="online"
    )
    series = actions.create_series(
        grupo,
        creator=fay,
        title="",
        start_date=date.today() + timedelta(days=3),
        start_time=time(20),
        timezone_name="Europe/Madrid",
        repeat="once",
    )
    assert series.title == "Reunión del grupo"
    assert [step["title"] for step in series.agenda][:2] == [
        "Bienvenida y normas",
        "Ronda de apertura",
    ]


def test_an_english_groups_agenda_stays_english_from_a_spanish_interface(
    group: Any, fay: Any
) -> None:
    translation.activate("es")
    try:
        steps = actions.agenda_template(group).steps
    finally:
        translation.activate("en")
    assert steps[0]["title"] == "Welcome and guidelines"
