"""The match page chooses a few groups for a person, with true reasons and when each next meets."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.groups import actions
from alongside.safety import encoder
from tests.conftest import client_for


def make(fay: Any, name: str, **kw: Any) -> Any:
    base = {
        "purpose": "A group.",
        "focus": "anxiety",
        "audience": "adults",
        "format": "online",
        "leadership": "peer",
    }
    return actions.create_group(creator=fay, name=name, **{**base, **kw})


def suggested(page: str) -> str:
    return page.split('id="suggestions"', 1)[1] if 'id="suggestions"' in page else ""


def test_it_suggests_at_most_five_and_leaves_out_other_focuses(alice: Any, fay: Any) -> None:
    for i in range(7):
        make(fay, f"Worry Circle {i}")
    make(fay, "Grief Walkers", focus="grief")
    page = suggested(
        client_for(alice).post(reverse("groups:match"), {"focuses": ["anxiety"]}).content.decode()
    )
    assert page.count('class="card match-card"') == 5
    assert "Grief Walkers" not in page
    assert "It focuses on what you asked for support with." in page


def test_community_groups_are_left_out_for_someone_not_in_that_community(
    alice: Any, fay: Any
) -> None:
    make(fay, "Students Who Worry", audience="students")
    make(fay, "Rainbow Calm", audience="lgbtq")
    make(fay, "Worry Less")
    page = suggested(
        client_for(alice).post(reverse("groups:match"), {"focuses": ["anxiety"]}).content.decode()
    )
    assert "Worry Less" in page
    assert "Students Who Worry" not in page and "Rainbow Calm" not in page
    page = suggested(
        client_for(alice)
        .post(reverse("groups:match"), {"focuses": ["anxiety"], "communities": ["student"]})
        .content.decode()
    )
    assert "Students Who Worry" in page and "It is for people in a situation like yours." in page
    assert "Rainbow Calm" not in page


def test_the_form_starts_from_the_communities_in_my_profile(alice: Any) -> None:
    alice.contexts = ["student"]
    alice.save()
    page = client_for(alice).get(reverse("groups:match")).content.decode()
    assert re.search(r'<input[^>]*value="student"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="lgbtq"[^>]*checked', page)


def test_an_empty_form_asks_instead_of_suggesting(alice: Any, fay: Any, client: Any) -> None:
    make(fay, "Worry Less")
    for c in (client_for(alice), client):
        response = c.post(reverse("groups:match"), {"about": "  ", "leadership": ""})
        page = response.content.decode()
        assert response.status_code == 400
        assert "Tell us at least one thing" in page
        assert "Worry Less" not in page and 'id="suggestions"' not in page


def test_each_card_says_when_the_group_next_meets(alice: Any, fay: Any, settings: Any) -> None:
    from tests.meetings.conftest import IMMEDIATE, meeting_at

    settings.TASKS = IMMEDIATE
    g = make(fay, "Worry Less")
    make(fay, "Quiet Worriers")
    when = (timezone.now() + timedelta(days=3)).replace(hour=18, minute=30, second=0, microsecond=0)
    meeting_at(g, fay, when)
    page = suggested(
        client_for(alice).post(reverse("groups:match"), {"formats": ["online"]}).content.decode()
    )
    card = page.split("Worry Less", 1)[1].split("</li>", 1)[0]
    assert "Next meeting:" in card and "18:30" in card
    other = page.split("Quiet Worriers", 1)[1].split("</li>", 1)[0]
    assert "No meeting is scheduled yet." in other


def test_the_free_text_is_not_put_in_the_address(alice: Any) -> None:
    page = client_for(alice).get(reverse("groups:match")).content.decode()
    assert '<form method="post" action="#suggestions" class="match-form"' in page


needs_encoder = pytest.mark.skipif(
    not encoder.available(), reason="the sentence encoder package is not installed"
)


@needs_encoder
def test_what_brings_me_here_is_matched_to_purposes_by_meaning(alice: Any, fay: Any) -> None:
    make(
        fay,
        "Steady Ground",
        focus="wellbeing",
        purpose="For people who lie awake worrying, with racing thoughts and a sense of dread.",
    )
    make(
        fay,
        "After Loss",
        focus="wellbeing",
        purpose="For people grieving the death of someone they love.",
    )
    page = suggested(
        client_for(alice)
        .post(
            reverse("groups:match"),
            {"about": "My father died in the spring and I miss him every day."},
        )
        .content.decode()
    )
    # Only the group the words point to: the other is not suggested just to fill the list.
    assert "After Loss" in page and "Steady Ground" not in page
    assert "What you wrote is close to what this group is about." in page
    page = suggested(
        client_for(alice)
        .post(
            reverse("groups:match"),
            {"about": "I can't stop worrying, I panic at night and can't sleep"},
        )
        .content.decode()
    )
    assert "Steady Ground" in page and "After Loss" not in page


@needs_encoder
def test_what_brings_me_here_works_in_spanish(fay: Any) -> None:
    from tests.conftest import make_user

    luna = make_user("luna", languages="es", ui_language="es")
    make(
        fay,
        "Tierra firme",
        focus="wellbeing",
        language="es",
        purpose="Para personas que se preocupan por todo, con ansiedad y ataques de pánico.",
    )
    make(
        fay,
        "Después de la pérdida",
        focus="wellbeing",
        language="es",
        purpose="Para personas en duelo por la muerte de un ser querido.",
    )
    page = suggested(
        client_for(luna)
        .post(reverse("groups:match"), {"about": "Mi padre murió y lo echo mucho de menos"})
        .content.decode()
    )
    assert "Después de la pérdida" in page and "Tierra firme" not in page
    assert "Lo que escribiste se parece a aquello de lo que trata este grupo." in page
