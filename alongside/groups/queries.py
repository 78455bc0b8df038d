"""Reads about groups that several places need."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Count, Q, QuerySet

from alongside.groups import matching
from alongside.groups.models import (
    Group,
    GroupStatus,
    GuidelinesVersion,
    Membership,
    Visibility,
    WaitlistEntry,
)
from alongside.groups.ranking import Candidate, Person, Wishes, rank

MEMBER_ROLES = [Membership.Role.LISTENER, Membership.Role.PARTICIPANT]


def member_count(group: Group) -> int:
    """Members that count against capacity (facilitators don't)."""
    return Membership.objects.filter(
        group=group, status=Membership.Status.ACTIVE, role__in=MEMBER_ROLES
    ).count()


def open_offer_count(group: Group) -> int:
    return WaitlistEntry.objects.filter(group=group, status=WaitlistEntry.Status.OFFERED).count()


def is_full(group: Group) -> bool:
    return member_count(group) + open_offer_count(group) >= group.capacity


def directory(filters: dict[str, str], user: Any = None) -> QuerySet[Group]:
    """Listed, open groups, filtered by focus, format, language, audience and leadership."""
    qs = Group.objects.filter(
        visibility=Visibility.LISTED, status__in=[GroupStatus.ACTIVE, GroupStatus.FORMING]
    ).annotate(
        n_members=Count(
            "memberships",
            filter=Q(
                memberships__status=Membership.Status.ACTIVE, memberships__role__in=MEMBER_ROLES
            ),
        )
    )
    for field in ("focus", "format", "language", "audience", "leadership"):
        value = filters.get(field)
        if value:
            qs = qs.filter(**{field: value})
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(purpose__icontains=q))
    return qs.order_by("name")


def groups_of(user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(
            user=user, status__in=[Membership.Status.ACTIVE, Membership.Status.PENDING]
        )
        .select_related("group", "consented_version")
        .order_by("group__name")
    )


def current_guidelines_ids(group_ids: list[int]) -> dict[int, int]:
    """Each group's current guidelines version id, in one query (a membership's consent is current
    when its consented_version_id is this one)."""
    current: dict[int, tuple[int, int]] = {}
    for group_id, pk, version in GuidelinesVersion.objects.filter(
        group_id__in=group_ids
    ).values_list("group_id", "pk", "version"):
        if group_id not in current or version > current[group_id][1]:
            current[group_id] = (pk, version)
    return {gid: pk for gid, (pk, _v) in current.items()}


def active_members(group: Group) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(group=group, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("role", "user__handle")
    )


def pending_requests(group: Group) -> QuerySet[Membership]:
    return Membership.objects.filter(group=group, status=Membership.Status.PENDING).select_related(
        "user"
    )


def facilitators(group: Group) -> QuerySet[Membership]:
    return Membership.objects.filter(
        group=group, status=Membership.Status.ACTIVE, role=Membership.Role.FACILITATOR
    ).select_related("user")


def matched_groups(
    user: Any,
    *,
    focuses: list[str],
    formats: list[str],
    leadership: str,
    communities: list[str] | None = None,
    about: str = "",
    languages: list[str] | None = None,
    is_youth: bool | None = None,
    exclude: list[int] | None = None,
    limit: int | None = 5,
    focus_source: str = "asked",
) -> list[tuple[Group, Any, str]]:
    """At most `limit` directory groups chosen for this person: (group, match with its reasons,
    when it next meets or ""). `communities` are the life contexts the person says they share
    (None: their profile's); `about` is what they wrote, matched to group purposes by meaning."""

    signed_in = user is not None and user.is_authenticated
    person = Person(
        is_youth=user.is_youth if signed_in else bool(is_youth),
        languages=tuple(languages or (user.language_list if signed_in else ["en"])),
        contexts=frozenset(
            communities if communities is not None else (user.contexts if signed_in else [])
        ),
    )
    groups = {g.pk: g for g in directory({}) if g.pk not in set(exclude or [])}
    candidates = [
        Candidate(
            key=g.pk,
            focus=g.focus,
            audience=g.audience,
            format=g.format,
            leadership=g.leadership,
            language=g.language,
            has_space=g.n_members < g.capacity,  # type: ignore[attr-defined]
        )
        for g in groups.values()
    ]
    wishes = Wishes(
        focuses=frozenset(focuses),
        formats=frozenset(formats),
        leadership=leadership,
        focus_source=focus_source,
    )
    if about.strip():
        # Read meaning only for the groups the rules leave in (each purpose costs an encoder pass once).
        eligible = {m.key for m in rank(person, wishes, candidates, limit=None)}
        similarity = matching.similarities(
            about, {pk: f"{g.name}. {g.purpose}" for pk, g in groups.items() if pk in eligible}
        )
        candidates = [
            replace(c, similarity=similarity.get(c.key)) for c in candidates if c.key in eligible
        ]
    ranked = rank(person, wishes, candidates, limit=limit)
    when = matching.next_meetings([m.key for m in ranked], user)
    return [(groups[m.key], m, when.get(m.key, "")) for m in ranked]


def is_staff_anywhere(user: Any) -> bool:
    """Admins, moderators and facilitators of any group hold a staff role."""
    if user.is_superuser or user.is_moderator:
        return True
    return Membership.objects.filter(
        user=user, role=Membership.Role.FACILITATOR, status=Membership.Status.ACTIVE
    ).exists()
