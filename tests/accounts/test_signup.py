from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.urls import reverse

from alongside.accounts.models import User
from tests.conftest import make_user


def signup(client: Any, **overrides: str) -> Any:
    data = {"email": "river@example.org", "handle": "river", "age_band": "adult",
            "password1": "a long passphrase 42", "password2": "a long passphrase 42"}
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signing_up_needs_only_email_password_and_a_handle(client: Any, db: Any) -> None:
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="river@example.org")
    assert user.handle == "river"
    assert str(user) == "river"


def test_signing_up_sends_a_verification_email_and_blocks_login_until_verified(client: Any, db: Any) -> None:
    signup(client)
    assert len(mail.outbox) == 1
    assert "confirm-email" in mail.outbox[0].body
    client.logout()
    response = client.post(reverse("account_login"), {"login": "river@example.org", "password": "a long passphrase 42"})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert client.get(reverse("accounts:profile")).status_code == 302

    key = re.search(r"/accounts/confirm-email/([^/]+)/", mail.outbox[-1].body)
    assert key
    client.post(reverse("account_confirm_email", args=[key.group(1)]))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_handles_are_unique_regardless_of_case(client: Any, db: Any) -> None:
    make_user("River")
    response = signup(client, handle="river")
    assert response.status_code == 200
    assert "That handle is taken" in response.content.decode()
    assert not User.objects.filter(email="river@example.org").exists()


def test_a_handle_with_spaces_or_symbols_is_refused_with_a_reason(client: Any, db: Any) -> None:
    response = signup(client, handle="my name!")
    assert "Use 3–30 letters, digits" in response.content.decode()


def test_no_real_name_is_asked_for(client: Any, db: Any) -> None:
    page = client.get(reverse("account_signup")).content.decode()
    assert "first_name" not in page and "last_name" not in page and "Real name" not in page
