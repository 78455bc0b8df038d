"""Every link in an e-mail is absolute, on the address in ALONGSIDE_SITE_URL, and opens the page
it promises."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command

from alongside.core import checks
from alongside.core.links import absolute_url
from alongside.groups import actions as group_actions
from alongside.meetings import actions as meeting_actions
from alongside.meetings import tasks as meeting_tasks
from alongside.outcomes import actions as outcome_actions
from alongside.safety import actions as safety_actions
from tests.conftest import client_for, join, make_user
from tests.meetings.conftest import meeting_at, soon
from tests.outcomes.helpers import phq9

SITE = "https://groups.example.org"
URL = re.compile(r"https?://\S+")


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.ALONGSIDE_SITE_URL = SITE + "/"  # a trailing slash is tolerated
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def links_in(message: Any) -> list[str]:
    """The links in an e-mail; fails on any relative link (a line that is a bare path)."""
    body = message.body
    bare = [line for line in body.splitlines() if re.fullmatch(r"\s*/\S*", line)]
    assert not bare, f"relative link in {message.subject!r}: {bare}"
    return URL.findall(body)


def opens_for(user: Any, link: str) -> int:
    assert link.startswith(SITE + "/"), link
    return client_for(user).get(urlsplit(link).path).status_code


def test_a_crisis_alert_email_links_to_the_alert(
    group: Any, alice: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    join(alice, group)
    with django_capture_on_commit_callbacks(execute=True):
        outcome_actions.submit_response(alice, "phq9", phq9(20, item9=3))
    [alert_mail] = [m for m in mail.outbox if m.to == [mo.email]]
    [link] = links_in(alert_mail)
    assert re.fullmatch(SITE + r"/safety/alerts/\d+/", link)
    assert opens_for(mo, link) == 200


def test_check_in_reminders_link_to_my_progress(group: Any, alice: Any) -> None:
    join(alice, group)
    call_command("send_outcome_reminders")
    [reminder] = [m for m in mail.outbox if m.to == [alice.email]]
    [link] = links_in(reminder)
    assert link == SITE + "/outcomes/progress/"
    assert opens_for(alice, link) == 200


def test_meeting_reminders_link_to_the_meeting(group: Any, fay: Any, alice: Any) -> None:
    join(alice, group)
    meeting = meeting_at(group, fay, soon(30))
    meeting_actions.rsvp(meeting, alice)
    meeting_tasks.enqueue_due_reminders()
    [reminder] = [m for m in mail.outbox if m.to == [alice.email]]
    assert SITE + meeting.get_absolute_url() in links_in(reminder)
    assert opens_for(alice, SITE + meeting.get_absolute_url()) == 200


def test_moderation_notices_link_to_my_notices(
    group: Any, alice: Any, mo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    join(alice, group, share=True)
    with django_capture_on_commit_callbacks(execute=True):
        safety_actions.apply_sanction(mo, alice, group, "warn", "Please keep to the guidelines")
    [notice] = [m for m in mail.outbox if m.to == [alice.email]]
    [link] = links_in(notice)
    assert link == SITE + "/safety/my/"
    assert opens_for(alice, link) == 200


def test_a_waitlist_offer_links_to_the_group(
    fay: Any, django_capture_on_commit_callbacks: Any
) -> None:
    group = group_actions.create_group(
        creator=fay,
        name="Tiny",
        purpose="p",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
        capacity=1,
    )
    member, waiting = make_user("member"), make_user("waiting")
    join(member, group)
    group_actions.join_waitlist(waiting, group)
    with django_capture_on_commit_callbacks(execute=True):
        group_actions.leave_group(member, group)
    [offer] = [m for m in mail.outbox if m.to == [waiting.email]]
    [link] = links_in(offer)
    assert link == SITE + group.get_absolute_url()
    assert opens_for(waiting, link) == 200


def test_without_a_site_url_links_use_the_first_allowed_host_and_production_is_warned(
    settings: Any,
) -> None:
    settings.ALONGSIDE_SITE_URL = ""
    settings.ALLOWED_HOSTS = ["groups.example.net", "localhost"]
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
    assert absolute_url("/safety/alerts/3/") == "https://groups.example.net/safety/alerts/3/"
    settings.DEBUG, settings.DEMO_MODE, settings.SECRET_KEY = False, False, "x" * 50
    [warning] = checks.site_url_configured()
    assert warning.id == "alongside.core.W001"
    settings.DEMO_MODE = True
    assert checks.site_url_configured() == []


@pytest.mark.parametrize(
    "value", ["groups.example.org", "ftp://groups.example.org", "https://", "https://x.org/?a=1"]
)
def test_a_malformed_site_url_fails_the_check_and_says_why(settings: Any, value: str) -> None:
    settings.ALONGSIDE_SITE_URL = value
    [error] = checks.site_url_configured()
    assert (
        error.id == "alongside.core.E001"
        and "ALONGSIDE_SITE_URL" in error.msg
        and value in error.msg
    )
