"""A tiny content source for the safety tests (rooms registers the real ones)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from alongside.safety import content


@dataclass
class Store:
    items: dict[int, dict[str, Any]] = field(default_factory=dict)

    def add(self, group: Any, author: Any, text: str) -> int:
        pk = len(self.items) + 1
        self.items[pk] = {"group": group, "author": author, "text": text, "visibility": "visible"}
        return pk

    def lookup(self, pk: int) -> content.ContentRef | None:
        item = self.items.get(pk)
        if item is None:
            return None
        return content.ContentRef("test_post", pk, item["group"], item["author"], item["text"], "/")

    def set_visibility(self, pk: int, visibility: str, actor: Any) -> None:
        self.items[pk]["visibility"] = visibility


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store()
    content.register_source(content.ContentSource("test_post", s.lookup, s.set_visibility))
    yield s
    content.SOURCES.pop("test_post", None)
