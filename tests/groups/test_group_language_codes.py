"""A group's language is chosen from a list of codes; old free text is migrated to codes."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from alongside.groups import actions
from alongside.groups.models import Group
from tests.conftest import client_for

migration = importlib.import_module(
    "alongside.groups.migrations.0002_deadends_language_codes_calendar_name"
)


@pytest.mark.parametrize(
    ("stored", "code"),
    [
        ("ENGLISH", "en"),
        ("English", "en"),
        (" en ", "en"),
        ("Español", "es"),
        ("spanish", "es"),
        ("es-MX", "es"),
        ("", "en"),
        ("fr", "fr"),
    ],
)
def test_free_text_languages_become_codes(stored: str, code: str) -> None:
    assert migration.language_code(stored) == code


def test_the_group_form_offers_a_list_and_refuses_free_text(group: Any, fay: Any) -> None:
    client = client_for(fay)
    page = client.get(f"/groups/{group.slug}/manage/").content.decode()
    assert '<select name="language"' in page and '<option value="es">' in page
    response = client.post(
        f"/groups/{group.slug}/manage/",
        {
            "name": group.name,
            "purpose": group.purpose,
            "focus": group.focus,
            "audience": group.audience,
            "format": group.format,
            "leadership": group.leadership,
            "language": "ENGLISH",
            "capacity": 12,
            "location": group.location,
            "visibility": group.visibility,
            "status": group.status,
        },
    )
    assert "Select a valid choice" in response.content.decode()
    group.refresh_from_db()
    assert group.language == "en"


def test_the_action_refuses_a_language_that_is_not_a_code(fay: Any) -> None:
    with pytest.raises(actions.GroupActionError, match="from the list"):
        actions.create_group(
            creator=fay,
            name="Bad",
            purpose="p",
            focus="anxiety",
            audience="adults",
            format="online",
            leadership="peer",
            language="ENGLISH",
        )
    assert not Group.objects.filter(name="Bad").exists()


def test_a_spanish_group_is_found_by_the_spanish_filter(fay: Any, client: Any) -> None:
    actions.create_group(
        creator=fay,
        name="Círculo",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
        language="es",
    )
    assert "Círculo" in client.get("/groups/?language=es").content.decode()
