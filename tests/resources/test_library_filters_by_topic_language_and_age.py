from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from alongside.resources import actions
from tests.conftest import client_for


@pytest.fixture
def library(mo: Any) -> None:
    actions.add_library_resource(
        by=mo,
        title="Sleep and low mood",
        url="https://example.org/sleep",
        kind="article",
        topics=["depression"],
        language="en",
    )
    actions.add_library_resource(
        by=mo,
        title="Respirar con calma",
        url="https://example.org/calma",
        kind="video",
        topics=["anxiety"],
        language="es",
    )
    actions.add_library_resource(
        by=mo,
        title="Teen worry guide",
        url="https://example.org/teen",
        kind="book",
        topics=["anxiety"],
        language="en",
        audience="youth",
    )
    actions.add_library_resource(
        by=mo,
        title="Workplace burnout service",
        url="https://example.org/work",
        kind="service",
        topics=["stress"],
        language="en",
        audience="adults",
    )


def titles(response: Any) -> set[str]:
    return {r.title for r in response.context["resources"]}


def test_anyone_sees_the_library_and_can_filter_by_topic_and_language(
    client: Any, library: None
) -> None:
    assert len(titles(client.get(reverse("resources:library")))) == 4
    assert titles(client.get(reverse("resources:library"), {"topic": "anxiety"})) == {
        "Respirar con calma",
        "Teen worry guide",
    }
    assert titles(
        client.get(reverse("resources:library"), {"topic": "anxiety", "language": "es"})
    ) == {"Respirar con calma"}


def test_young_people_never_see_resources_for_adults_only(
    tess: Any, alice: Any, library: None
) -> None:
    youth = titles(client_for(tess).get(reverse("resources:library")))
    assert "Workplace burnout service" not in youth and "Teen worry guide" in youth
    assert "Workplace burnout service" in titles(
        client_for(alice).get(reverse("resources:library"))
    )


def test_links_open_in_the_same_tab_with_noopener(client: Any, library: None) -> None:
    html = client.get(reverse("resources:library")).content.decode()
    assert 'href="https://example.org/sleep" rel="noopener noreferrer"' in html
    assert "target=" not in html


def test_members_cannot_add_to_the_library_and_moderators_can(alice: Any, mo: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.add_library_resource(by=alice, title="Mine", url="https://example.org", kind="app")
    response = client_for(mo).post(
        reverse("resources:library_add"),
        {
            "title": "Calm app",
            "url": "https://example.org/calm",
            "kind": "app",
            "topics": ["stress"],
            "language": "en",
            "audience": "everyone",
        },
    )
    assert response.status_code == 302
    assert "Calm app" in client_for(alice).get(reverse("resources:library")).content.decode()
