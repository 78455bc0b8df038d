"""Moderators and admins correct library resources, archive them out of the library and restore
them; nobody else can, and a bad edit loses nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from alongside.resources import actions
from alongside.resources.models import LibraryResource
from tests.conftest import client_for

FIELDS = {
    "title": "Sleep and low mood",
    "url": "https://example.org/sleep",
    "kind": "article",
    "description": "",
    "topics": ["depression"],
    "language": "en",
    "audience": "everyone",
}


@pytest.fixture
def sleep(mo: Any) -> LibraryResource:
    return actions.add_library_resource(
        by=mo,
        title="Sleep and low mood",
        url="https://example.org/sleep",
        kind="article",
        topics=["depression"],
        language="en",
    )


def library_page(client: Any, **params: str) -> str:
    return str(client.get(reverse("resources:library"), params).content.decode())


def test_a_moderator_corrects_a_resource_and_members_see_the_change(
    mo: Any, alice: Any, sleep: Any
) -> None:
    edit_url = reverse("resources:library_edit", args=[sleep.pk])
    assert f'href="{edit_url}"' in library_page(client_for(mo))
    form = client_for(mo).get(edit_url).content.decode()
    assert 'value="Sleep and low mood"' in form and 'value="https://example.org/sleep"' in form
    response = client_for(mo).post(
        edit_url,
        {
            **FIELDS,
            "title": "Sleep when you feel low",
            "url": "https://example.org/sleep-guide",
            "topics": ["depression", "anxiety"],
        },
    )
    assert response.status_code == 302
    page = library_page(client_for(alice), topic="anxiety")
    assert "Sleep when you feel low" in page and 'href="https://example.org/sleep-guide"' in page
    assert "Sleep and low mood" not in page
    assert f'href="{edit_url}"' not in page  # members get no edit links


def test_a_bad_link_gets_a_clear_error_and_loses_nothing(mo: Any, sleep: Any) -> None:
    response = client_for(mo).post(
        reverse("resources:library_edit", args=[sleep.pk]),
        {**FIELDS, "title": "New title", "url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please enter a web address starting with http:// or https://." in page
    assert 'value="New title"' in page  # what they typed is still there
    sleep.refresh_from_db()
    assert (sleep.title, sleep.url) == ("Sleep and low mood", "https://example.org/sleep")


def test_archived_resources_leave_the_library_and_can_be_restored(
    mo: Any, alice: Any, sleep: Any, client: Any
) -> None:
    actions.add_library_resource(
        by=mo,
        title="Respirar con calma",
        url="https://example.org/calma",
        kind="video",
        language="es",
    )
    archive = client_for(mo).post(reverse("resources:library_archive", args=[sleep.pk]))
    assert archive.status_code == 302
    for page in (library_page(client), library_page(client_for(alice))):
        assert "Sleep and low mood" not in page and "Respirar con calma" in page
    # Its language no longer shows among the filters either, when nothing else uses it.
    assert client.get(reverse("resources:library")).context["languages"] == ["es"]
    staff_page = library_page(client_for(mo))
    assert "Archived" in staff_page and "Sleep and low mood" in staff_page
    assert reverse("resources:library_unarchive", args=[sleep.pk]) in staff_page

    client_for(mo).post(reverse("resources:library_unarchive", args=[sleep.pk]))
    assert "Sleep and low mood" in library_page(client_for(alice))
    assert LibraryResource.objects.count() == 2


def test_archiving_needs_a_post(mo: Any, sleep: Any) -> None:
    assert (
        client_for(mo).get(reverse("resources:library_archive", args=[sleep.pk])).status_code == 405
    )
    sleep.refresh_from_db()
    assert sleep.archived_at is None


def test_only_moderators_and_admins_change_the_library(
    alice: Any, fay: Any, ada: Any, group: Any, sleep: Any
) -> None:
    for person in (alice, fay):
        with pytest.raises(PermissionDenied):
            actions.update_library_resource(
                by=person, resource=sleep, **{**FIELDS, "title": "Mine now"}
            )
        with pytest.raises(PermissionDenied):
            actions.archive_library_resource(by=person, resource=sleep)
        assert (
            client_for(person)
            .post(
                reverse("resources:library_edit", args=[sleep.pk]), {**FIELDS, "title": "Mine now"}
            )
            .status_code
            == 403
        )
    sleep.refresh_from_db()
    assert sleep.title == "Sleep and low mood" and sleep.archived_at is None
    # An admin may, as well as a moderator.
    actions.archive_library_resource(by=ada, resource=sleep)
    sleep.refresh_from_db()
    assert sleep.archived_at is not None


def test_an_unknown_resource_is_not_found(mo: Any) -> None:
    assert client_for(mo).get(reverse("resources:library_edit", args=[999])).status_code == 404
