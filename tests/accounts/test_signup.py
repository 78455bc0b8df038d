from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.urls import reverse

from alongside.accounts.models import User
from tests.conftest import make_user


def signup(client: Any, **overrides: str) -> Any:
    data = {
        "email": "river@example.org",
        "handle": "river",
        "age_band": "adult",
        "country": "GB",
        "password1": "a long passphrase 42",
        "password2": "a long passphrase 42",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_signing_up_needs_email_password_handle_country_and_age(client: Any, db: Any) -> None:
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="river@example.org")
    assert user.handle == "river"
    assert str(user) == "river"


def test_signing_up_sends_a_verification_email_and_blocks_login_until_verified(
    client: Any, db: Any
) -> None:
    signup(client)
    assert len(mail.outbox) == 1
    assert "confirm-email" in mail.outbox[0].body
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "river@example.org", "password": "a long passphrase 42"}
    )
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


def test_country_and_age_band_are_asked_with_nothing_chosen_for_you(client: Any, db: Any) -> None:
    page = client.get(reverse("account_signup")).content.decode()
    assert "Choose your country" in page
    assert not re.search(r'<input[^>]*name="age_band"[^>]*checked', page)
    assert not re.search(r'<option value="[A-Z]{2}"[^>]*selected', page)
    response = signup(client, age_band="", country="")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please tell us whether you are under 18 or 18 and over." in body
    assert "Please choose your country" in body
    assert not User.objects.filter(email="river@example.org").exists()


def test_somewhere_else_is_a_country_a_person_can_sign_up_with(client: Any, db: Any) -> None:
    signup(client, country="ZZ", age_band="under_18")
    user = User.objects.get(email="river@example.org")
    assert (user.country, user.age_band) == ("ZZ", "under_18")


def test_the_sign_up_page_speaks_spanish_and_the_email_follows(
    client: Any, db: Any, settings: Any
) -> None:
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Elige tu país" in page and "Tu edad" in page
    client.post(
        reverse("account_signup"),
        {
            "email": "rio@example.org",
            "handle": "rio",
            "age_band": "adult",
            "country": "MX",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert "Confirma tu dirección de correo" in mail.outbox[-1].subject


def test_emails_name_the_organisation_never_the_host(client: Any, db: Any, settings: Any) -> None:
    settings.ALONGSIDE_ORGANISATION_NAME = "Riverside Peer Network"
    signup(client)
    message = mail.outbox[-1]
    assert "Riverside Peer Network" in message.body
    assert "testserver" not in message.body.split("http")[0]  # only the link carries the address
    assert "Hello from" not in message.body
    assert message.subject == "[Riverside Peer Network] Confirm your e-mail address"


def test_confirming_the_email_signs_the_person_in(client: Any, db: Any) -> None:
    signup(client)
    key = re.search(r"/accounts/confirm-email/([^/]+)/", mail.outbox[-1].body)
    assert key
    response = client.post(reverse("account_confirm_email", args=[key.group(1)]))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
