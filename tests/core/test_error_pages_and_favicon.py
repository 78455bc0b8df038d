"""No dead ends: refusals and unknown pages answer in the site's look, say why and what to do, in
the reader's language; a server error has a calm page of its own; /favicon.ico is served."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import client_for


def test_an_unknown_page_is_a_friendly_404_with_ways_on(client: Any, db: Any) -> None:
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "We can't find that page" in body
    assert 'class="site-header"' in body and reverse("groups:directory") in body
    assert "No Group matches" not in body


def test_an_unknown_group_is_a_404_that_does_not_leak_the_query(client: Any, db: Any) -> None:
    body = client.get(reverse("groups:detail", args=["no-such-group"])).content.decode()
    assert "We can't find that page" in body and "matches the given query" not in body


def test_a_non_member_refused_a_groups_room_sees_why_and_what_to_do(bob: Any, group: Any) -> None:
    response = client_for(bob).get(reverse("rooms:room", args=[group.slug]))
    body = response.content.decode()
    assert response.status_code == 403
    assert "This page isn't open to you" in body
    assert "This part of the group is for its members only." in body
    assert reverse("groups:directory") in body


def test_the_error_pages_speak_spanish(bob: Any, group: Any) -> None:
    bob.ui_language = "es"
    bob.save(update_fields=["ui_language"])
    assert "No encontramos esa página" in client_for(bob).get("/no-such-page/").content.decode()
    refused = client_for(bob).get(reverse("rooms:room", args=[group.slug])).content.decode()
    assert "Esta página no está abierta para ti" in refused


def test_the_api_still_answers_refusals_in_json(client: Any, db: Any) -> None:
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_server_error_shows_our_own_page(db: Any, settings: Any) -> None:
    from django.urls import path

    from alongside import urls

    def broken(request: Any) -> Any:
        raise RuntimeError("boom")

    settings.ROOT_URLCONF = type(
        "U",
        (),
        {
            "urlpatterns": [path("broken/", broken), *urls.urlpatterns],
            "handler500": urls.handler500,
        },
    )
    response = Client(raise_request_exception=False).get("/broken/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in body and "It isn't anything you did." in body
    assert "boom" not in body


@pytest.mark.parametrize("path", ["/favicon.ico"])
def test_the_favicon_is_served(client: Any, db: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert 'rel="icon"' in client.get("/").content.decode()
