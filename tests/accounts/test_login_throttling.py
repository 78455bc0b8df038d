from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.conftest import PASSWORD


def test_repeated_wrong_passwords_are_throttled_even_for_the_right_one(
    client: Any, alice: Any
) -> None:
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": alice.email, "password": "wrong"}
        )
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_the_right_password_signs_in(client: Any, alice: Any) -> None:
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
