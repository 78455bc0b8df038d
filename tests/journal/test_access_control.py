"""Every journal view, for every kind of visitor: the journal is its author's alone (staff
included), and asking for a check-in is for the signed-in writer. A new journal view cannot be
added without a row here."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.urls import reverse

from alongside.journal.models import JournalEntry
from tests.access import view_names
from tests.conftest import client_for

# url name -> (method, who): "signed_in" (any signed-in person, for themselves), "owner" (the entry's author).
VIEWS: dict[str, tuple[str, str]] = {
    "index": ("get", "signed_in"),
    "write": ("get", "signed_in"),
    "check_in": ("get", "signed_in"),
    "edit": ("get", "owner"),
    "delete": ("post", "owner"),
}


def test_every_journal_view_has_an_access_rule() -> None:
    names = view_names("journal")
    assert names == set(VIEWS), f"add access rules for: {names ^ set(VIEWS)}"


@pytest.fixture
def entry(alice: Any) -> JournalEntry:
    return JournalEntry.objects.create(author=alice, client_token=uuid.uuid4(), body="mine alone")


def url_for(name: str, entry: JournalEntry) -> str:
    return reverse(f"journal:{name}", args=[entry.pk] if VIEWS[name][1] == "owner" else [])


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_anonymous_visitors_are_sent_to_sign_in(
    client: Any, entry: JournalEntry, name: str
) -> None:
    method, _who = VIEWS[name]
    response = getattr(client, method)(url_for(name, entry))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(n for n, (_, who) in VIEWS.items() if who == "owner"))
@pytest.mark.parametrize("who", ["bob", "mo", "ada"])
def test_nobody_but_the_author_reaches_an_entry(
    entry: JournalEntry, bob: Any, mo: Any, ada: Any, name: str, who: str
) -> None:
    method, _who = VIEWS[name]
    person = {"bob": bob, "mo": mo, "ada": ada}[who]
    assert getattr(client_for(person), method)(url_for(name, entry)).status_code == 404
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_author_reaches_every_view(entry: JournalEntry, alice: Any, name: str) -> None:
    method, _who = VIEWS[name]
    assert getattr(client_for(alice), method)(url_for(name, entry)).status_code in (200, 302)


def test_a_check_in_is_always_for_the_person_asking(alice: Any, bob: Any, mo: Any) -> None:
    from alongside.safety.models import CrisisAlert

    client_for(bob).post(reverse("journal:check_in"), {"message": "hi", "member": alice.pk})
    assert list(CrisisAlert.objects.values_list("member__handle", flat=True)) == ["bob"]
