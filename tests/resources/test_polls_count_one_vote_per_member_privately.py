from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside.groups.models import Group
from alongside.resources import actions
from alongside.resources.models import Poll, Vote
from tests.conftest import client_for, join, make_user


@pytest.fixture
def voters(group: Group) -> list[Any]:
    people = [make_user(f"voter{i}") for i in range(5)]
    for p in people:
        join(p, group)
    return people


def option(poll: Poll, text: str) -> int:
    return poll.options.get(text=text).pk


def test_a_poll_needs_two_to_six_options_and_only_facilitators_create_one(
    group: Group, fay: Any, alice: Any
) -> None:
    join(alice, group, share=True)
    with pytest.raises(ValidationError):
        actions.create_poll(by=fay, group=group, question="Q?", options=["only one"])
    with pytest.raises(ValidationError):
        actions.create_poll(by=fay, group=group, question="Q?", options=[str(i) for i in range(7)])
    with pytest.raises(PermissionDenied):
        actions.create_poll(by=alice, group=group, question="Q?", options=["a", "b"])
    response = client_for(fay).post(
        reverse("resources:poll_create", args=[group.slug]),
        {
            "question": "Which evening suits you?",
            "option_1": "Monday",
            "option_2": "Tuesday",
            "anonymous": "on",
        },
    )
    assert response.status_code == 302
    assert Poll.objects.get().anonymous


def test_each_member_votes_once_and_can_change_it(
    group: Group, fay: Any, voters: list[Any]
) -> None:
    poll = actions.create_poll(by=fay, group=group, question="When?", options=["Mon", "Tue"])
    client = client_for(voters[0])
    url = reverse("resources:poll_vote", args=[group.slug, poll.pk])
    client.post(url, {"option": option(poll, "Mon")})
    client.post(url, {"option": option(poll, "Tue")})
    assert Vote.objects.filter(poll=poll).count() == 1
    assert Vote.objects.get(poll=poll).option.text == "Tue"


def test_nobody_votes_after_the_poll_closes(group: Group, fay: Any, voters: list[Any]) -> None:
    poll = actions.create_poll(
        by=fay,
        group=group,
        question="When?",
        options=["Mon", "Tue"],
        closes_at=timezone.now() + timedelta(hours=1),
    )
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    poll.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.vote(voter=voters[0], poll=poll, option_id=option(poll, "Mon"))


def test_members_see_not_enough_votes_below_five_and_facilitators_see_counts(
    group: Group, fay: Any, voters: list[Any]
) -> None:
    poll = actions.create_poll(by=fay, group=group, question="When?", options=["Mon", "Tue"])
    for v in voters[:4]:
        actions.vote(voter=v, poll=poll, option_id=option(poll, "Mon"))
    url = reverse("resources:polls", args=[group.slug])
    member_page = client_for(voters[0]).get(url).content.decode()
    assert "Not enough votes yet" in member_page and "Mon: 4" not in member_page
    assert "Mon: 4" in client_for(fay).get(url).content.decode()
    actions.vote(voter=voters[4], poll=poll, option_id=option(poll, "Tue"))
    member_page = client_for(voters[0]).get(url).content.decode()
    assert "Mon: 4" in member_page and "Tue: 1" in member_page


def test_anonymous_polls_never_show_who_voted(group: Group, fay: Any, voters: list[Any]) -> None:
    poll = actions.create_poll(by=fay, group=group, question="When?", options=["Mon", "Tue"])
    open_poll = actions.create_poll(
        by=fay, group=group, question="Where?", options=["Here", "There"], anonymous=False
    )
    for v in voters:
        actions.vote(voter=v, poll=poll, option_id=option(poll, "Mon"))
    actions.vote(voter=voters[0], poll=open_poll, option_id=option(open_poll, "Here"))
    for viewer in (fay, voters[1]):
        page = (
            client_for(viewer).get(reverse("resources:polls", args=[group.slug])).content.decode()
        )
        assert "Mon: 5" in page
        assert "voter2" not in page and "voter3" not in page
    assert (
        "voter0"
        in client_for(fay).get(reverse("resources:polls", args=[group.slug])).content.decode()
    )
