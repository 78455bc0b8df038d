"""Reads of the resources app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from alongside.core.aggregates import MIN_CELL
from alongside.groups import access
from alongside.groups.models import Group
from alongside.resources.models import LibraryResource, Poll, ResourceAudience, SharedResource, Vote

# Below this many votes members see no counts: small cells could identify who voted what.
# The same small-cell rule as every other aggregate members can see (outcomes.stats).
MIN_VOTES_TO_SHOW = MIN_CELL


def can_manage_library(user: Any) -> bool:
    """Moderators and admins look after the library: add, edit, archive and restore."""
    return bool(user.is_authenticated and user.is_site_staff)


def library_for(user: Any, topic: str = "", language: str = "") -> QuerySet[LibraryResource]:
    qs = LibraryResource.objects.filter(archived_at__isnull=True)
    if user.is_authenticated and user.is_youth:
        qs = qs.filter(audience__in=[ResourceAudience.EVERYONE, ResourceAudience.YOUTH])
    if language:
        qs = qs.filter(language=language)
    if topic:
        # JSON containment differs between backends; the library is small, so filter in Python.
        ids = [r.pk for r in qs if topic in r.topics]
        qs = qs.filter(pk__in=ids)
    return qs


def library_languages() -> list[str]:
    return sorted(
        set(
            LibraryResource.objects.filter(archived_at__isnull=True).values_list(
                "language", flat=True
            )
        )
    )


def archived_library() -> QuerySet[LibraryResource]:
    """What staff took out of the library (only they see it, to restore or correct)."""
    return LibraryResource.objects.filter(archived_at__isnull=False).order_by("-archived_at", "pk")


def shared_for(user: Any, group: Group) -> QuerySet[SharedResource]:
    """Live links for members; held ones too for reviewers, and for their own author."""
    qs = SharedResource.objects.filter(group=group).select_related("author")
    if access.can_manage(user, group) or user.is_site_staff:
        return qs.exclude(status=SharedResource.Status.REMOVED)
    return qs.filter(
        Q(status=SharedResource.Status.LIVE) | Q(status=SharedResource.Status.HELD, author=user)
    )


@dataclass(frozen=True)
class PollResults:
    total: int
    shown: bool
    rows: list[tuple[str, int | None]]
    voters: dict[str, list[str]]


def poll_results(poll: Poll, viewer: Any) -> PollResults:
    counts = dict(poll.options.annotate(n=Count("votes")).values_list("pk", "n"))
    total = sum(counts.values())
    staff = access.can_manage(viewer, poll.group) or viewer.is_site_staff
    shown = staff or total >= MIN_VOTES_TO_SHOW
    rows = [(o.text, counts.get(o.pk, 0) if shown else None) for o in poll.options.all()]
    voters: dict[str, list[str]] = {}
    if shown and not poll.anonymous:
        for v in Vote.objects.filter(poll=poll).select_related("voter", "option"):
            voters.setdefault(v.option.text, []).append(v.voter.handle)
    return PollResults(total=total, shown=shown, rows=rows, voters=voters)


def my_vote(poll: Poll, user: Any) -> int | None:
    v = Vote.objects.filter(poll=poll, voter=user).first()
    return v.option_id if v else None
