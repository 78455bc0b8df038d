from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.groups.models import Membership
from tests.conftest import client_for, join, make_user


def profile_data(user: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "handle": user.handle,
        "languages": ["en"],
        "ui_language": "",
        "timezone": "Europe/London",
        "country": "GB",
        "age_band": user.age_band,
        "contexts": [],
    }
    data.update(overrides)
    return data


def test_a_member_sets_languages_timezone_country_and_contexts(alice: Any) -> None:
    response = client_for(alice).post(
        reverse("accounts:profile"),
        profile_data(
            alice,
            languages=["en", "es"],
            timezone="America/Mexico_City",
            country="MX",
            contexts=["caregiver", "student"],
        ),
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language_list == ["en", "es"]
    assert alice.timezone == "America/Mexico_City"
    assert alice.country == "MX"
    assert alice.contexts == ["caregiver", "student"]


def test_the_interface_follows_the_members_language(alice: Any) -> None:
    client = client_for(alice)
    client.post(reverse("accounts:profile"), profile_data(alice, ui_language="es"))
    page = client.get(reverse("groups:directory")).content.decode()
    assert 'lang="es"' in page


def test_someone_elses_handle_cannot_be_taken(alice: Any, bob: Any) -> None:
    response = client_for(alice).post(
        reverse("accounts:profile"), profile_data(alice, handle="BOB")
    )
    assert "That handle is taken" in response.content.decode()


def test_the_profile_form_cannot_switch_the_age_band(group: Any) -> None:
    sam = make_user("sam")
    join(sam, group)
    client_for(sam).post(reverse("accounts:profile"), profile_data(sam, age_band="under_18"))
    sam.refresh_from_db()
    assert sam.age_band == "adult"
    assert Membership.objects.get(user=sam, group=group).status == Membership.Status.ACTIVE


def test_a_member_can_say_they_live_somewhere_else(alice: Any) -> None:
    response = client_for(alice).post(
        reverse("accounts:profile"), profile_data(alice, country="ZZ")
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.country == "ZZ"


def test_the_countries_are_listed_in_the_readers_language_and_order(alice: Any) -> None:
    alice.ui_language = "es"
    alice.save(update_fields=["ui_language"])
    page = client_for(alice).get(reverse("accounts:profile")).content.decode()
    assert (
        page.index(">España<")
        < page.index(">Estados Unidos<")
        < page.index(">México<")
        < page.index(">Perú<")
    )
