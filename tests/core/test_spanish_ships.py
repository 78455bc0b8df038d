from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_pages_are_in_spanish_for_a_browser_that_asks_for_it(client: Any, group: Any) -> None:
    page = client.get(group.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="es"' in page
    assert "Qué puedes esperar" in page
    assert "Buscar un grupo" in page


def test_english_is_the_default(client: Any, db: Any) -> None:
    page = client.get(reverse("groups:directory")).content.decode()
    assert "Find a group" in page
