from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from alongside.journal.models import JournalEntry
from tests.conftest import client_for


def write(client: Any, body: str, token: str | None = None) -> Any:
    return client.post(
        reverse("journal:write"),
        {"client_token": token or str(uuid.uuid4()), "body": body, "prompt_key": "free"},
    )


def test_a_member_writes_and_reads_back_an_entry(alice: Any) -> None:
    c = client_for(alice)
    response = write(c, "Today was heavy but the walk helped.")
    entry = JournalEntry.objects.get(author=alice)
    assert response["Location"] == reverse("journal:edit", args=[entry.pk])
    assert "the walk helped" in c.get(entry.get_absolute_url()).content.decode()


def test_entries_are_encrypted_in_the_database(alice: Any) -> None:
    write(client_for(alice), "a secret about my sister")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM journal_journalentry")
        stored = cursor.fetchone()[0]
    assert "sister" not in stored


def test_saving_twice_with_the_same_token_never_duplicates(alice: Any) -> None:
    token = str(uuid.uuid4())
    c = client_for(alice)
    write(c, "first draft", token)
    write(c, "first draft, then more", token)
    assert JournalEntry.objects.filter(author=alice).count() == 1
    assert JournalEntry.objects.get(author=alice).body == "first draft, then more"


def test_an_empty_entry_is_refused_with_a_reason(alice: Any) -> None:
    response = write(client_for(alice), "   ")
    assert "nothing to save" in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "fay", "mo", "ada"])
def test_nobody_else_can_read_an_entry_not_even_staff(
    alice: Any, bob: Any, fay: Any, mo: Any, ada: Any, who: str
) -> None:
    write(client_for(alice), "private words")
    entry = JournalEntry.objects.get(author=alice)
    other = {"bob": bob, "fay": fay, "mo": mo, "ada": ada}[who]
    c = client_for(other)
    assert c.get(entry.get_absolute_url()).status_code == 404
    assert c.post(reverse("journal:delete", args=[entry.pk])).status_code == 404
    assert "private words" not in c.get(reverse("journal:index")).content.decode()
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_anonymous_visitors_are_sent_to_sign_in(client: Any, db: Any) -> None:
    assert client.get(reverse("journal:index"))["Location"].startswith(reverse("account_login"))


def test_a_member_deletes_an_entry(alice: Any) -> None:
    c = client_for(alice)
    write(c, "let it go")
    entry = JournalEntry.objects.get(author=alice)
    c.post(reverse("journal:delete", args=[entry.pk]))
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()


def test_journal_entries_are_in_the_data_export(alice: Any) -> None:
    import json

    write(client_for(alice), "export me")
    data = json.loads(client_for(alice).get(reverse("accounts:download_my_data")).content)
    assert data["journal"][0]["text"] == "export me"


def test_a_worrying_entry_is_saved_and_shows_crisis_lines_privately_without_alerting_anyone(
    alice: Any,
) -> None:
    from alongside.safety.models import CrisisAlert

    response = write(client_for(alice), "I want to kill myself tonight, I have the pills ready")
    page = response.content.decode()
    assert JournalEntry.objects.filter(author=alice).count() == 1
    assert "Samaritans" in page and "116 123" in page  # alice is in GB
    assert "nobody has been told" in page
    assert not CrisisAlert.objects.exists()
