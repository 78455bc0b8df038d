"""Data export and erasure across apps.

Each app that stores personal data registers an exporter (what a person can download about
themselves) and an eraser (what is deleted or anonymised when they erase their account), e.g. in
its AppConfig.ready(): `register(section="journal", export=export_entries, erase=delete_entries)`.

An app may also hold an erasure back for a while (`register_hold`): safety does while the person
has an open crisis alert. Erasers then run at once but keep what the hold needs, and the account
is erased for good when the hold lifts (accounts.actions.finish_deferred_erasure).

Every model that points at a person (a foreign key to the user model) or holds free text must say
how export and erasure treat it: `register(..., covers={"app.Model": "how"})`, or `declare(...)`
for models no section exports. tests/accounts/test_privacy_covers_every_model.py walks
`apps.get_models()` and fails for a model nobody declared, so a new one cannot be forgotten.
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


@dataclass(frozen=True)
class ErasureHold:
    """Why an erasure must wait and what is kept meanwhile, in words for the person who asked."""

    reason: str


REGISTRY: dict[str, PersonalData] = {}
# "app_label.ModelName" -> how export and erasure treat it, in a few words (see the module docstring).
COVERAGE: dict[str, str] = {}
HOLDS: list[Callable[[Any], ErasureHold | None]] = []


def register(
    section: str,
    export: Callable[[Any], Any],
    erase: Callable[[Any], None] | None = None,
    covers: dict[str, str] | None = None,
) -> None:
    REGISTRY[section] = PersonalData(section, export, erase)
    for label, how in (covers or {}).items():
        declare(label, how)


def declare(label: str, how: str) -> None:
    """Say how export and erasure treat the model `label` ("app_label.ModelName")."""
    COVERAGE[label] = how


def register_hold(check: Callable[[Any], ErasureHold | None]) -> None:
    """`check(user)` returns an ErasureHold while that person's erasure must wait, else None."""
    if check not in HOLDS:
        HOLDS.append(check)


def holds_on(user: Any) -> list[ErasureHold]:
    return [hold for check in HOLDS if (hold := check(user)) is not None]
