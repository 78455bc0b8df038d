"""The JSON API: thin over the same actions, queries and access rules the pages use.

Session authentication (the browser's sign-in) with CSRF protection on writes. OpenAPI schema at
/api/openapi.json. No interactive docs page: it would load scripts from a third-party CDN.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from alongside.accounts.queries import signed_in_user
from alongside.groups import access, actions, queries
from alongside.groups.models import Group

api = NinjaAPI(title="Alongside API", version="1", urls_namespace="api", docs_url=None)


class GroupSummary(Schema):
    slug: str
    name: str
    purpose: str
    focus: str
    audience: str
    format: str
    leadership: str
    language: str
    capacity: int
    cadence: str
    visibility: str
    status: str


class GroupDetail(GroupSummary):
    meeting_description: str
    guidelines_version_id: int | None
    guidelines_version: int | None
    guidelines: str | None
    member_count: int
    is_full: bool
    location: str | None  # members and staff only
    my_role: str | None
    my_status: str | None


class DirectoryFilters(Schema):
    q: str = ""
    focus: str = ""
    format: str = ""
    language: str = ""
    audience: str = ""
    leadership: str = ""


class JoinIn(Schema):
    guidelines_version_id: int
    guidelines: bool
    confidentiality: bool
    crisis_policy: bool


class MembershipOut(Schema):
    group: str
    role: str
    status: str
    has_current_consent: bool


class MemberOut(Schema):
    handle: str
    role: str


def _group(request: HttpRequest, slug: str) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not access.can_view_page(request.user, group):
        raise HttpError(404, "Not found")
    return group


def _membership_out(m: Any) -> MembershipOut:
    return MembershipOut(group=m.group.slug, role=m.role, status=m.status, has_current_consent=m.has_current_consent())


@api.get("/groups", response=list[GroupSummary], tags=["groups"])
def list_groups(request: HttpRequest, filters: Query[DirectoryFilters]) -> Any:
    return list(queries.directory(filters.dict()))


@api.get("/groups/{slug}", response=GroupDetail, tags=["groups"])
def get_group(request: HttpRequest, slug: str) -> Any:
    group = _group(request, slug)
    guidelines = group.current_guidelines()
    membership = access.membership_of(request.user, group)
    return {
        **{f: getattr(group, f) for f in GroupSummary.model_fields},
        "meeting_description": group.meeting_description,
        "guidelines_version_id": guidelines.pk if guidelines else None,
        "guidelines_version": guidelines.version if guidelines else None,
        "guidelines": guidelines.text if guidelines else None,
        "member_count": queries.member_count(group),
        "is_full": queries.is_full(group),
        "location": group.location if access.can_view_location(request.user, group) else None,
        "my_role": membership.role if membership else None,
        "my_status": membership.status if membership else None,
    }


@api.get("/groups/{slug}/members", response=list[MemberOut], auth=django_auth, tags=["groups"])
def list_members(request: HttpRequest, slug: str) -> Any:
    group = _group(request, slug)
    if not access.can_view_members(request.user, group):
        raise HttpError(403, "This part of the group is for its members only.")
    return [MemberOut(handle=m.user.handle, role=m.role) for m in queries.active_members(group)]


def _act(fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except actions.GroupActionError as exc:
        raise HttpError(400, str(exc)) from exc


@api.post("/groups/{slug}/join", response=MembershipOut, auth=django_auth, tags=["membership"])
def join_group(request: HttpRequest, slug: str, payload: JoinIn) -> Any:
    group = _group(request, slug)
    return _membership_out(_act(actions.join_group, signed_in_user(request), group, **payload.dict()))


@api.post("/groups/{slug}/consent", response=MembershipOut, auth=django_auth, tags=["membership"])
def consent(request: HttpRequest, slug: str, payload: JoinIn) -> Any:
    group = _group(request, slug)
    return _membership_out(_act(actions.consent_to_guidelines, signed_in_user(request), group, **payload.dict()))


@api.post("/groups/{slug}/start-sharing", response=MembershipOut, auth=django_auth, tags=["membership"])
def start_sharing(request: HttpRequest, slug: str) -> Any:
    return _membership_out(_act(actions.start_sharing, signed_in_user(request), _group(request, slug)))


@api.post("/groups/{slug}/leave", response={204: None}, auth=django_auth, tags=["membership"])
def leave(request: HttpRequest, slug: str) -> Any:
    _act(actions.leave_group, signed_in_user(request), _group(request, slug))
    return 204, None


@api.get("/me/groups", response=list[MembershipOut], auth=django_auth, tags=["membership"])
def my_groups(request: HttpRequest) -> Any:
    return [_membership_out(m) for m in queries.groups_of(signed_in_user(request))]
