"""Data export and erasure across apps.

Each app that stores personal data registers an exporter (what a person can download about
themselves) and an eraser (what is deleted or anonymised when they erase their account), e.g. in
its AppConfig.ready(): `register(section="journal", export=export_entries, erase=delete_entries)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PersonalData:
    section: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None] | None = None


REGISTRY: dict[str, PersonalData] = {}


def register(section: str, export: Callable[[Any], Any], erase: Callable[[Any], None] | None = None) -> None:
    REGISTRY[section] = PersonalData(section, export, erase)
