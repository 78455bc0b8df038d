"""The JSON API: thin over the same actions, queries and access rules the pages use.

Session authentication (the browser's sign-in) with CSRF protection on writes. OpenAPI schema at
/api/openapi.json. No interactive docs page: it would load scripts from a third-party CDN.

Every error the API really gives is declared in the schema, each as {"detail": …}: 400 (bad
input: a rule refused it, or text with NUL / an unpaired surrogate, or JSON too deep — see
alongside/core/text.py), 401 (not signed in), 403 (not allowed, or the CSRF token is missing),
404, 422 (the body or a parameter has the wrong shape; `detail` is a list) and 503 (storage busy:
try again after `retry_after` seconds). tests/api/test_fuzz.py holds the API to its schema.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import django_auth

from alongside.accounts.queries import signed_in_user
from alongside.core import text
from alongside.groups import access, actions, queries
from alongside.groups.models import Group
from alongside.rooms import actions as room_actions


class BoundedJSONParser(Parser):
    """JSON bodies with a depth bound, no NaN/Infinity, no NUL or unpaired surrogates. (The
    TextHygieneMiddleware answers these first with a clear message; this keeps the bound should
    the API ever be mounted without it.)"""

    def parse_body(self, request: HttpRequest) -> Any:
        return text.loads(request.body)


api = NinjaAPI(
    title="Alongside API",
    version="1",
    urls_namespace="api",
    docs_url=None,
    parser=BoundedJSONParser(),
)


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


class Busy(Schema):
    detail: str
    retry_after: int


# What every operation may answer besides its success.
ANY = {400: Error, 503: Busy}
PUBLIC = {**ANY, 404: Error, 422: ValidationErrors}
SIGNED_IN = {**PUBLIC, 401: Error, 403: Error}


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
    guidelines_version_id: int = Field(..., ge=1, le=text.MAX_QUERY_INT)
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
    return MembershipOut(
        group=m.group.slug,
        role=m.role,
        status=m.status,
        has_current_consent=m.has_current_consent(),
    )


@api.get(
    "/groups", response={200: list[GroupSummary], **ANY, 422: ValidationErrors}, tags=["groups"]
)
def list_groups(request: HttpRequest, filters: Query[DirectoryFilters]) -> Any:
    return list(queries.directory(filters.dict()))


@api.get("/groups/{slug}", response={200: GroupDetail, **PUBLIC}, tags=["groups"])
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


@api.get(
    "/groups/{slug}/members",
    response={200: list[MemberOut], **SIGNED_IN},
    auth=django_auth,
    tags=["groups"],
)
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


@api.post(
    "/groups/{slug}/join",
    response={200: MembershipOut, **SIGNED_IN},
    auth=django_auth,
    tags=["membership"],
)
def join_group(request: HttpRequest, slug: str, payload: JoinIn) -> Any:
    group = _group(request, slug)
    return _membership_out(
        _act(actions.join_group, signed_in_user(request), group, **payload.dict())
    )


@api.post(
    "/groups/{slug}/consent",
    response={200: MembershipOut, **SIGNED_IN},
    auth=django_auth,
    tags=["membership"],
)
def consent(request: HttpRequest, slug: str, payload: JoinIn) -> Any:
    group = _group(request, slug)
    return _membership_out(
        _act(actions.consent_to_guidelines, signed_in_user(request), group, **payload.dict())
    )


@api.post(
    "/groups/{slug}/start-sharing",
    response={200: MembershipOut, **SIGNED_IN},
    auth=django_auth,
    tags=["membership"],
)
def start_sharing(request: HttpRequest, slug: str) -> Any:
    return _membership_out(
        _act(actions.start_sharing, signed_in_user(request), _group(request, slug))
    )


@api.post(
    "/groups/{slug}/leave", response={204: None, **SIGNED_IN}, auth=django_auth, tags=["membership"]
)
def leave(request: HttpRequest, slug: str) -> Any:
    _act(actions.leave_group, signed_in_user(request), _group(request, slug))
    return 204, None


@api.get(
    "/me/groups",
    response={200: list[MembershipOut], **ANY, 401: Error, 403: Error},
    auth=django_auth,
    tags=["membership"],
)
def my_groups(request: HttpRequest) -> Any:
    return [_membership_out(m) for m in queries.groups_of(signed_in_user(request))]


# -- authors edit and remove their own room messages and thread posts (rooms.actions) ---------


class TextIn(Schema):
    text: str


class ChangedOut(Schema):
    visibility: str  # "held": waiting for a moderator, only its author and staff see it
    edited: bool
    removed: bool
    html: str
    notice: str  # a private note for the author from screening ("" when none)


def _room_act(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except room_actions.RoomError as exc:
        status = {"not_found": 404, "not_author": 404, "not_allowed": 403, "locked": 403}.get(
            exc.code, 400
        )
        raise HttpError(status, exc.message) from exc


def _changed(item: Any, verdict: Any = None) -> ChangedOut:
    return ChangedOut(
        visibility=item.visibility,
        edited=item.edited_at is not None,
        removed=item.removed_at is not None,
        html=item.html,
        notice=str(verdict.author_notice) if verdict is not None else "",
    )


SEQ = Path(..., ge=1, le=text.MAX_QUERY_INT)


@api.patch(
    "/groups/{slug}/room/messages/{seq}",
    response={200: ChangedOut, **SIGNED_IN},
    auth=django_auth,
    tags=["rooms"],
)
def edit_room_message(request: HttpRequest, slug: str, payload: TextIn, seq: int = SEQ) -> Any:
    """Edit your own message, within ALONGSIDE_EDIT_MINUTES of posting; screened again."""
    message, verdict = _room_act(
        room_actions.edit_room_message,
        signed_in_user(request),
        _group(request, slug),
        seq,
        payload.text,
    )
    return _changed(message, verdict)


@api.delete(
    "/groups/{slug}/room/messages/{seq}",
    response={204: None, **SIGNED_IN},
    auth=django_auth,
    tags=["rooms"],
)
def remove_room_message(request: HttpRequest, slug: str, seq: int = SEQ) -> Any:
    """Remove your own message, at any time (also after leaving the group)."""
    _room_act(
        room_actions.remove_room_message,
        signed_in_user(request),
        get_object_or_404(Group, slug=slug),
        seq,
    )
    return 204, None


@api.patch(
    "/groups/{slug}/posts/{post_id}",
    response={200: ChangedOut, **SIGNED_IN},
    auth=django_auth,
    tags=["rooms"],
)
def edit_thread_post(request: HttpRequest, slug: str, payload: TextIn, post_id: int = SEQ) -> Any:
    """Edit your own thread post, within ALONGSIDE_EDIT_MINUTES of posting; screened again."""
    post, verdict = _room_act(
        room_actions.edit_thread_post,
        signed_in_user(request),
        post_id,
        payload.text,
        _group(request, slug),
    )
    return _changed(post, verdict)


@api.delete(
    "/groups/{slug}/posts/{post_id}",
    response={204: None, **SIGNED_IN},
    auth=django_auth,
    tags=["rooms"],
)
def remove_thread_post(request: HttpRequest, slug: str, post_id: int = SEQ) -> Any:
    """Remove your own thread post, at any time (also after leaving the group)."""
    _room_act(
        room_actions.remove_thread_post,
        signed_in_user(request),
        post_id,
        get_object_or_404(Group, slug=slug),
    )
    return 204, None
