"""Every model that points at a person or holds free text says how the data download and erasure
treat it (accounts.privacy `covers` / `declare`). A new model with a user foreign key or a text
field fails here until its app declares it, so export and erasure cannot forget it."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from alongside.accounts.privacy import COVERAGE


def _personal_models() -> set[str]:
    user_model = get_user_model()
    found = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if not getattr(f, "concrete", False):
                continue
            points_at_person = f.is_relation and f.related_model is user_model
            if points_at_person or isinstance(f, models.TextField):
                found.add(model._meta.label)
    return found


def test_every_model_with_a_person_or_free_text_is_covered_by_export_and_erasure() -> None:
    missing = sorted(_personal_models() - set(COVERAGE))
    assert not missing, (
        f"{missing}: say how the data download and erasure treat these models "
        "(accounts.privacy.register(..., covers=...) or declare())"
    )


def test_the_walk_finds_the_safety_records_and_the_audit_log() -> None:
    found = _personal_models()
    for label in (
        "safety.QueueItem",
        "safety.Appeal",
        "safety.Sanction",
        "safety.Restriction",
        "safety.Notice",
        "safety.CrisisAlert",
        "safety.AlertNote",
        "core.AuditEntry",
        "outreach.OutreachMessage",
        "rooms.Message",
        "rooms.ThreadPost",
    ):
        assert label in found and label in COVERAGE


def test_no_declaration_names_a_model_that_does_not_exist() -> None:
    existing = {m._meta.label for m in apps.get_models()}
    assert not sorted(set(COVERAGE) - existing)
