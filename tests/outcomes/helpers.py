"""Helpers for outcomes tests: answer questionnaires at a given time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from alongside.groups.models import Group
from alongside.outcomes import actions
from alongside.outcomes.models import Response
from alongside.outcomes.simulate import split_total


def phq9(total: int, item9: int = 0) -> dict[str, int]:
    import random

    items = split_total(total, 9, 0, 3, random.Random(total), fixed={8: item9})
    return {f"q{i}": v for i, v in enumerate(items, start=1)}


def gad7(total: int) -> dict[str, int]:
    import random

    items = split_total(total, 7, 0, 3, random.Random(total))
    return {f"q{i}": v for i, v in enumerate(items, start=1)}


def ident(score: int) -> dict[str, int]:
    return {f"q{i}": score for i in range(1, 5)}


def answer_at(
    user: Any,
    key: str,
    answers: dict[str, int],
    at: datetime | None = None,
    group: Group | None = None,
    occasion: str = "",
) -> Response:
    response = actions.submit_response(user, key, answers, group=group)
    if at is not None or occasion:
        Response.objects.filter(pk=response.pk).update(
            **({"created_at": at} if at is not None else {}),
            **({"occasion": occasion} if occasion else {}),
        )
        response.refresh_from_db()
    return response
