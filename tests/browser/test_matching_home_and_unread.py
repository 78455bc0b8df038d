"""Matching, each role's home, and a room opening at the first unread message, in Chromium at a
phone size and a desktop size, each page checked with axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from alongside.groups import actions as group_actions
from alongside.rooms import actions as room_actions
from alongside.safety import actions as safety_actions
from tests.browser.conftest import _watch_csp, serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join, make_user
from tests.rooms.conftest import close_live_connections

pytestmark = pytest.mark.browser

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
SHOTS = Path("/tmp/shots-matching-home")


@pytest.fixture(autouse=True)
def _close_hubs(settings: Any) -> Iterator[None]:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield
    close_live_connections()


@pytest.fixture(params=sorted(SIZES))
def sized(request: Any, browser: Any) -> Iterator[Any]:
    """A fresh browser (one person) at each size; `sized.size` names it for screenshots."""
    width, height = SIZES[request.param]
    contexts = []
    violations: list[str] = []

    def make() -> Any:
        ctx = browser.new_context(locale="en-GB", viewport={"width": width, "height": height})
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.set_default_timeout(15000)
        _watch_csp(pg, violations)
        return pg

    make.size = request.param  # type: ignore[attr-defined]
    yield make
    for ctx in contexts:
        ctx.close()
    assert violations == [], f"Content Security Policy blocked: {violations}"


def shot(page: Any, name: str, size: str, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=full_page)


def checked(page: Any, name: str, size: str, full_page: bool = True) -> None:
    shot(page, name, size, full_page)
    assert serious_axe_violations(page) == [], name


def make_group(fay: Any, name: str, **kw: Any) -> Any:
    base = {
        "purpose": "Peer support for people living with anxiety.",
        "focus": "anxiety",
        "audience": "adults",
        "format": "online",
        "leadership": "peer",
    }
    return group_actions.create_group(creator=fay, name=name, **{**base, **kw})


def test_matching_asks_when_empty_and_never_ranks_a_community_group_for_someone_outside_it(
    live_url: str, sized: Any, alice: Any, fay: Any
) -> None:
    from tests.meetings.conftest import meeting_at

    make_group(fay, "Students Who Worry", audience="students")
    make_group(fay, "Rainbow Calm", audience="lgbtq")
    make_group(fay, "Parents Under Pressure", audience="parents")
    general = [make_group(fay, f"Calm Circle {i}") for i in range(6)]
    meeting_at(
        general[0],
        fay,
        (timezone.now() + timedelta(days=2)).replace(hour=18, minute=0, second=0, microsecond=0),
    )
    page = sized()
    sign_in(page, live_url, alice.email, PASSWORD)
    page.goto(f"{live_url}/groups/match/")
    page.get_by_role("button", name="Suggest groups").click()
    page.get_by_role("alert").get_by_text("Tell us at least one thing").wait_for()
    assert page.locator(".match-card").count() == 0
    checked(page, "match-empty", sized.size)

    page.get_by_label("Anxiety").check()
    page.get_by_label("Online").check()
    page.get_by_role("button", name="Suggest groups").click()
    page.locator("#suggestions").wait_for()
    cards = page.locator(".match-card")
    assert 1 <= cards.count() <= 5
    audiences = [cards.nth(i).get_attribute("data-audience") for i in range(cards.count())]
    assert set(audiences) == {"adults"}, audiences  # no community group, ranked or not
    assert page.locator(".match-card .next-meeting").count() == cards.count()
    assert (
        page.locator(".match-card", has_text="Calm Circle 0").get_by_text("Next meeting:").count()
        == 1
    )
    checked(page, "match-results", sized.size)

    page.get_by_label("Student", exact=True).check()
    page.get_by_role("button", name="Suggest groups").click()
    page.locator("#suggestions").wait_for()
    names = page.locator(".match-card h3").all_inner_texts()
    assert (
        "Students Who Worry" in names
        and "Rainbow Calm" not in names
        and "Parents Under Pressure" not in names
    )


def test_each_role_has_its_own_home(
    live_url: str, sized: Any, alice: Any, bob: Any, fay: Any, group: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    room_actions.send_message(bob, group, "b1", "Hi everyone, first time here.")
    room_actions.surface_unanswered_first_posts(0, now=timezone.now() + timedelta(hours=1))
    room_actions.send_message(bob, group, "b2", "Anyone around tonight?")
    safety_actions.raise_crisis_alert(bob, level="concern", group=group, summary="test")
    mona = make_user("mona", is_moderator=True)
    from alongside.outcomes import actions as outcome_actions

    make_group(fay, "Thursday Low Mood Circle", focus="depression")
    for _ in range(2):  # identification at the midpoint twice in a row: other groups are offered
        outcome_actions.submit_response(
            alice, "id4", {f"q{i}": 3 for i in range(1, 5)}, group=group
        )

    member = sized()
    sign_in(member, live_url, alice.email, PASSWORD)
    member.goto(f"{live_url}/")
    member.get_by_role("heading", name="Welcome back, alice").wait_for()
    card = member.locator("#my-groups + ul .home-card", has_text=group.name)
    assert card.get_by_text("2 new messages").is_visible()
    assert member.get_by_role("heading", name="Groups you facilitate").count() == 0
    offer = member.locator(".home-offer")
    assert offer.get_by_role("link", name="Thursday Low Mood Circle").is_visible()
    assert offer.get_by_text("It has the same focus as your current group.").is_visible()
    checked(member, "home-member", sized.size)
    card.get_by_text("2 new messages").click()
    member.locator("#first-unread").wait_for()

    facilitator = sized()
    sign_in(facilitator, live_url, fay.email, PASSWORD)
    facilitator.goto(f"{live_url}/")
    section = facilitator.locator(
        ".home-section", has=facilitator.get_by_role("heading", name="Groups you facilitate")
    )
    assert section.get_by_text("1 open alert").is_visible()
    assert section.get_by_text("1 first post waiting for a reply").is_visible()
    assert section.get_by_text("Current guidelines agreed: 2 of 2 members").is_visible()
    assert (
        section.get_by_role("link", name="Create a group").get_attribute("href") == "/groups/new/"
    )
    checked(facilitator, "home-facilitator", sized.size)
    facilitator.goto(f"{live_url}/outcomes/groups/{group.slug}/")
    facilitator.get_by_role("heading", name="Other groups offered").wait_for()
    checked(facilitator, "effectiveness-offered", sized.size)

    moderator = sized()
    sign_in(moderator, live_url, mona.email, PASSWORD)
    moderator.goto(f"{live_url}/")
    headings = moderator.locator("main h2").all_inner_texts()
    assert headings[0] == "Open crisis alerts", headings
    assert moderator.get_by_text("bob may be in crisis").is_visible()
    checked(moderator, "home-moderator", sized.size)


def test_the_room_opens_at_the_first_unread_message(
    live_url: str, sized: Any, alice: Any, bob: Any, group: Any
) -> None:
    join(alice, group, share=True)
    join(bob, group, share=True)
    for i in range(30):
        room_actions.send_message(alice, group, f"old{i}", f"Earlier message number {i}")
    reader = sized()
    sign_in(reader, live_url, bob.email, PASSWORD)
    reader.goto(f"{live_url}/rooms/{group.slug}/")
    reader.get_by_text("Connected.").wait_for()
    reader.goto(f"{live_url}/rooms/{group.slug}/")  # read it all
    reader.get_by_text("Connected.").wait_for()
    assert reader.locator("#first-unread").count() == 0
    for i in range(25):
        room_actions.send_message(alice, group, f"new{i}", f"While you were away {i}")
    reader.goto(f"{live_url}/")
    reader.goto(f"{live_url}/rooms/{group.slug}/")
    reader.get_by_text("Connected.").wait_for()
    divider = reader.locator("#first-unread")
    divider.wait_for()
    box = divider.bounding_box()
    height = reader.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height * 0.6, box  # near the top of the window
    first_new = reader.locator("#messages li", has_text="While you were away 0").bounding_box()
    assert first_new is not None and first_new["y"] < height, first_new
    checked(reader, "room-first-unread", sized.size, full_page=False)  # what the window shows
    reader.goto(f"{live_url}/rooms/{group.slug}/")  # all read: the room opens at the newest again
    reader.get_by_text("Connected.").wait_for()
    assert reader.locator("#first-unread").count() == 0
    last = reader.locator("#messages li", has_text="While you were away 24").bounding_box()
    assert last is not None and last["y"] < height, last
