"""No dead ends, at a phone size and a desktop size: the age-band request a moderator approves,
the friendly error pages, the listener's "Start sharing" in the room, the journal draft that
survives a reload. axe-core finds nothing serious or critical on any page visited."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from alongside.groups.models import Membership
from tests.browser.conftest import _watch_csp, serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SHOTS = os.environ.get("ALONGSIDE_SHOTS_DIR", "")


@pytest.fixture(params=list(SIZES))
def sized(request: Any, browser: Any) -> Iterator[Any]:
    """Pages of one size, each in its own context (its own person)."""
    contexts: list[Any] = []
    violations: list[str] = []

    def make() -> Any:
        ctx = browser.new_context(locale="en-GB", viewport=SIZES[request.param])
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.set_default_timeout(15000)
        pg.size_name = request.param
        _watch_csp(pg, violations)
        return pg

    yield make
    for ctx in contexts:
        ctx.close()
    assert violations == [], f"Content Security Policy blocked: {violations}"


def shot(page: Any, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}-{page.size_name}.png"), full_page=True)


def no_serious_violations(page: Any) -> None:
    assert serious_axe_violations(page) == [], page.url


def test_an_age_band_change_is_a_request_a_moderator_approves(
    live_url: str, sized: Any, group: Any, youth_group: Any, alice: Any, mo: Any
) -> None:
    join(alice, group)
    member = sized()
    sign_in(member, live_url, alice.email, PASSWORD)
    member.goto(f"{live_url}/me/")
    assert member.get_by_text("You are in the 18 and over band.").is_visible()
    member.get_by_label("Anything the moderator should know").fill(
        "I gave the wrong age when I signed up."
    )
    member.get_by_role("button", name="Ask to change to “Under 18”").click()
    assert member.get_by_text("Your request is with the moderators.").is_visible()
    assert member.get_by_text("is waiting for a moderator").is_visible()
    no_serious_violations(member)
    shot(member, "age-band-requested")
    # Nothing changed yet: the teen group is still closed to her, her adult group still hers.
    member.goto(f"{live_url}/groups/{youth_group.slug}/")
    assert member.get_by_text("This group is for young people under 18.").is_visible()
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.ACTIVE

    moderator = sized()
    sign_in(moderator, live_url, mo.email, PASSWORD)
    moderator.goto(f"{live_url}/safety/")
    moderator.get_by_role("link", name="Age band requests").click()
    assert moderator.get_by_text("I gave the wrong age when I signed up.").is_visible()
    no_serious_violations(moderator)
    shot(moderator, "age-band-moderator")
    moderator.get_by_role("button", name="Approve").click()
    assert moderator.get_by_text("Decision saved. The member has been told.").is_visible()

    # She is told which membership ended and why.
    member.goto(f"{live_url}/me/")
    notice = member.locator(".safety-notices")
    assert notice.get_by_text(group.name).is_visible()
    assert notice.get_by_text("kept apart").is_visible()
    assert member.get_by_text("You are in the Under 18 band.").is_visible()
    no_serious_violations(member)
    shot(member, "age-band-approved")
    assert Membership.objects.get(user=alice, group=group).status == Membership.Status.LEFT


def test_error_pages_say_why_and_what_to_do(
    live_url: str, sized: Any, group: Any, bob: Any
) -> None:
    visitor = sized()
    response = visitor.goto(f"{live_url}/this/page/does-not-exist/")
    assert response.status == 404
    assert visitor.get_by_role("heading", name="We can't find that page").is_visible()
    assert visitor.get_by_role("link", name="Find a group").first.is_visible()
    no_serious_violations(visitor)
    shot(visitor, "error-404")

    sign_in(visitor, live_url, bob.email, PASSWORD)
    response = visitor.goto(f"{live_url}/rooms/{group.slug}/")
    assert response.status == 403
    assert visitor.get_by_role("heading", name="This page isn't open to you").is_visible()
    assert visitor.get_by_text("This part of the group is for its members only.").is_visible()
    no_serious_violations(visitor)
    shot(visitor, "error-403")

    favicon = visitor.request.get(f"{live_url}/favicon.ico")
    assert favicon.status == 200 and favicon.headers["content-type"] == "image/x-icon"


def test_a_listener_starts_sharing_from_the_room(
    live_url: str, sized: Any, group: Any, alice: Any
) -> None:
    join(alice, group)
    member = sized()
    sign_in(member, live_url, alice.email, PASSWORD)
    member.goto(f"{live_url}/groups/{group.slug}/")
    member.get_by_role("navigation", name="In this group").get_by_role(
        "link", name="Live room"
    ).click()
    assert member.get_by_text("Choose 'Start sharing' when you are ready to post.").is_visible()
    no_serious_violations(member)
    shot(member, "room-listener")
    member.locator("#cannot-post").get_by_role("button", name="Start sharing").click()
    member.wait_for_url(f"{live_url}/rooms/{group.slug}/")
    box = member.get_by_label("Your message")
    box.wait_for(state="visible")
    if member.size_name == "phone":  # folded to one line until it is used
        assert box.bounding_box()["height"] < 60
    no_serious_violations(member)
    shot(member, "room-sharing")


def test_a_journal_draft_survives_a_reload_and_is_cleared_once_saved(
    live_url: str, sized: Any, alice: Any
) -> None:
    member = sized()
    sign_in(member, live_url, alice.email, PASSWORD)
    member.goto(f"{live_url}/journal/write/")
    member.get_by_label("Your words").fill("Today was long, but I went for a walk.")
    member.reload()
    assert (
        member.get_by_label("Your words").input_value() == "Today was long, but I went for a walk."
    )
    assert member.get_by_text("Your unsaved words from last time are back.").is_visible()
    no_serious_violations(member)
    member.get_by_role("button", name="Save").click()
    assert member.get_by_text("Saved. Only you can read this.").is_visible()
    member.goto(f"{live_url}/journal/write/")
    assert member.get_by_label("Your words").input_value() == ""


def test_sign_up_and_a_groups_page_read_well(
    live_url: str, sized: Any, group: Any, alice: Any
) -> None:
    visitor = sized()
    visitor.goto(f"{live_url}/accounts/signup/")
    assert visitor.get_by_label("Country").input_value() == ""
    assert (
        not visitor.get_by_label("18 and over").is_checked()
        and not visitor.get_by_label("Under 18").is_checked()
    )
    no_serious_violations(visitor)
    shot(visitor, "signup")
    join(alice, group)
    sign_in(visitor, live_url, alice.email, PASSWORD)
    visitor.goto(f"{live_url}/groups/{group.slug}/")
    spaces = visitor.get_by_role("navigation", name="In this group")
    assert (
        spaces.bounding_box()["y"]
        < visitor.get_by_role("heading", name="What to expect").bounding_box()["y"]
    )
    no_serious_violations(visitor)
    shot(visitor, "group-page")
