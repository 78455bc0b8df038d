"""Bad text is refused at the edge with a clear message — forms, the API, query strings — and
never reaches the database (PostgreSQL refuses NUL, and the failure was a 500). Numbers in query
strings are range-checked and JSON depth is bounded.

Before: NUL in /api/groups?q=a%00b, room search and thread posts gave 500 on PostgreSQL; a
4,400-digit ?before= gave 500 everywhere; JSON with a lone surrogate was answered with pydantic's
"unable to parse raw data"."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alongside.core import text
from alongside.rooms.models import ThreadPost
from tests.conftest import client_for, join

NUL_WORDS = "NUL character"


@pytest.fixture
def member(group: Any, alice: Any) -> Client:
    join(alice, group, share=True)
    client = client_for(alice)
    client.raise_request_exception = False  # see the answer a browser would get
    return client


def test_nul_in_the_directory_api_query_is_refused_clearly(client: Client, group: Any) -> None:
    client.raise_request_exception = False
    response = client.get("/api/groups?q=a%00b")
    assert response.status_code == 400
    assert NUL_WORDS in response.json()["detail"]


def test_nul_in_room_search_is_refused_clearly(member: Client, group: Any) -> None:
    response = member.get(reverse("rooms:search", args=[group.slug]) + "?q=a%00b")
    assert response.status_code == 400
    assert NUL_WORDS in response.content.decode()


def test_a_thread_post_with_nul_is_refused_and_nothing_is_stored(
    member: Client, group: Any
) -> None:
    response = member.post(
        reverse("rooms:threads", args=[group.slug]),
        {"title": "Sleep", "text": "what\x00 helps?", "client_id": "c1"},
    )
    assert response.status_code == 400
    assert NUL_WORDS in response.content.decode()
    assert ThreadPost.objects.count() == 0


def test_nul_in_a_path_is_refused(member: Client) -> None:
    response = member.get("/meetings/feed/abc%00def.ics")
    assert response.status_code == 400


def test_a_cookie_holding_nul_is_ignored_not_a_500(client: Client, db: Any) -> None:
    client.raise_request_exception = False
    # An escaped NUL in a quoted cookie value: the cookie parser decodes it.
    response = client.get(reverse("groups:directory"), HTTP_COOKIE='sessionid="abcdefghijk\\000"')
    assert response.status_code == 200


def test_a_huge_before_number_is_refused_not_a_500(member: Client, group: Any) -> None:
    url = reverse("rooms:room", args=[group.slug])
    for before in ("9" * 4400, "9" * 30, "-5", "0x10"):
        response = member.get(f"{url}?before={before}")
        assert response.status_code == 400, before
        assert "whole number between 1 and" in response.content.decode()
    assert member.get(f"{url}?before=5").status_code == 200


def test_an_unpaired_surrogate_in_json_is_refused_clearly(member: Client, group: Any) -> None:
    body = '{"guidelines_version_id": 1, "guidelines": true, "confidentiality": true, "crisis_policy": true, "x": "\\ud800"}'
    response = member.post(f"/api/groups/{group.slug}/join", body, content_type="application/json")
    assert response.status_code == 400
    assert "unpaired UTF-16 surrogate" in response.json()["detail"]


def test_deeply_nested_json_is_refused_clearly(member: Client, group: Any) -> None:
    response = member.post(
        f"/api/groups/{group.slug}/join", "[" * 5000 + "]" * 5000, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_json_infinity_is_refused_clearly(member: Client, group: Any) -> None:
    response = member.post(
        f"/api/groups/{group.slug}/join",
        '{"guidelines_version_id": Infinity}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Infinity is not allowed" in response.json()["detail"]


def test_an_enormous_id_in_the_api_is_a_validation_error(member: Client, group: Any) -> None:
    body = (
        '{"guidelines_version_id": %s, "guidelines": true, "confidentiality": true, "crisis_policy": true}'
        % ("9" * 30)
    )
    response = member.post(f"/api/groups/{group.slug}/join", body, content_type="application/json")
    assert response.status_code == 422


def test_ordinary_text_in_every_language_passes() -> None:
    for sample in ("¿Cómo estás? 😀", "日本語", "emoji pair 👨‍👩‍👧", "tab\tand\nnewline"):
        assert text.check(sample) == sample
        assert text.loads(json.dumps({"t": sample}))["t"] == sample  # \u escapes, pairs included


def test_the_shared_functions_say_what_is_wrong() -> None:
    assert text.problem("ok") is None
    assert NUL_WORDS in str(text.problem("a\x00b"))
    assert "surrogate" in str(text.problem("a\ud800b"))
    assert text.strip("a\x00b\udfffc") == "abc"
    with pytest.raises(text.UnsafeText):
        text.check("\x00")
    assert text.query_int("42", minimum=1) == 42
    assert text.query_int("", default=7) == 7
    with pytest.raises(text.BadNumber):
        text.query_int("9" * 4400)
    with pytest.raises(text.BadJSON, match="nested too deeply"):
        text.loads("[" * 40 + "]" * 40)
    assert text.loads('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}') == {"a": "[" * 40}
