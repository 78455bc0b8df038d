"""A group's guidelines, which members consent to, are written in the group's language."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from alongside.groups import actions
from alongside.groups.guideline_templates import default_guidelines_text
from alongside.groups.models import Group
from tests.conftest import client_for, make_user

SPANISH_TITLES = ("## Confidencialidad", "## Respeto", "## Si alguien está en crisis")


def test_the_template_exists_in_spanish_with_every_section() -> None:
    english, spanish = default_guidelines_text("en"), default_guidelines_text("es")
    assert english.count("## ") == spanish.count("## ") >= 6
    for title in SPANISH_TITLES:
        assert title in spanish
    assert "Confidentiality" not in spanish


def test_a_spanish_group_made_by_an_english_speaking_facilitator_starts_with_spanish_guidelines(
    fay: Any,
) -> None:
    translation.activate("en")
    grupo = actions.create_group(creator=fay, name="Grupo de apoyo", language="es")
    version = grupo.current_guidelines()
    assert version.text == default_guidelines_text("es")
    assert version.change_note == "Primera versión"


def test_an_english_group_made_from_a_spanish_interface_starts_with_english_guidelines(
    db: Any,
) -> None:
    rocio = make_user("rocio", ui_language="es", is_moderator=True)
    response = client_for(rocio).post(
        reverse("groups:create"),
        {
            "name": "Evening circle",
            "purpose": "Talking things through.",
            "focus": "depression",
            "audience": "adults",
            "format": "online",
            "leadership": "peer",
            "language": "en",
            "capacity": 12,
            "visibility": "listed",
            "status": "active",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    group = Group.objects.get(name="Evening circle")
    assert group.current_guidelines().text == default_guidelines_text("en")


def test_members_read_and_agree_to_the_spanish_guidelines_marked_as_spanish(
    fay: Any, alice: Any
) -> None:
    grupo = actions.create_group(creator=fay, name="Grupo de apoyo", language="es")
    page = client_for(alice).get(reverse("groups:join", args=[grupo.slug])).content.decode()
    assert '<div class="guidelines" lang="es"><h3>Confidencialidad</h3>' in page


def test_the_spanish_demo_groups_guidelines_are_spanish(db: Any) -> None:
    from alongside.demo import load_demo_data

    load_demo_data()
    grupo = Group.objects.get(language="es")
    text = grupo.current_guidelines().text
    for title in SPANISH_TITLES:
        assert title in text
    assert "Confidentiality" not in text
