"""Transport for meeting calls: the call widget (on the live page and the room page), and the small
JSON endpoints the call page uses. Each checks permission at the moment of action (media.access,
through media.actions)."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alongside.groups import access as group_access
from alongside.media import access, actions
from alongside.media.janus import is_installed
from alongside.media.models import MediaPass, MediaRoom
from alongside.meetings.models import LiveState, Meeting
from alongside.meetings.queries import live_snapshot

TURN_CREDENTIAL_SECONDS = 4 * 3600


def call_widget(request: HttpRequest, meeting: Meeting) -> str:
    """The call box for the meeting's live page and the room page (meetings.hooks)."""
    user: Any = request.user
    if not meeting.is_online or not group_access.can_view_content(user, meeting.group):
        return ""
    window = access.window_decision(meeting)
    decision = access.join_decision(user, meeting)
    room = MediaRoom.objects.filter(meeting=meeting, destroyed_at__isnull=True).first()
    return render_to_string(
        "media/_call.html",
        {
            "meeting": meeting,
            "configured": actions.is_configured(),
            "janus_installed": is_installed(),
            "window": window,
            "decision": decision,
            "is_staff": access.is_call_staff(user, meeting),
            "joins_muted": access.joins_muted(user, meeting),
            "locked": bool(room and room.locked),
            "janus_url": settings.JANUS_PUBLIC_URL,
            # The room page has the text room already; the meeting's own live page links to it.
            "show_room_link": request.resolver_match is not None
            and request.resolver_match.namespace == "meetings",
        },
        request=request,
    )


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("series", "group"), pk=pk)
    if not group_access.can_view_content(request.user, meeting.group):
        raise Http404  # outsiders can't tell a meeting that exists from one that does not
    return meeting


def _error(message: str, status: int = 403) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def ice_servers(user: Any) -> list[dict[str, Any]]:
    """TURN credentials valid for a few hours (coturn's use-auth-secret), one per person."""
    if not settings.TURN_URLS or not settings.TURN_SECRET:
        return []
    username = f"{int(time.time()) + TURN_CREDENTIAL_SECONDS}:{user.pk}"
    digest = hmac.new(settings.TURN_SECRET.encode(), username.encode(), hashlib.sha1).digest()
    return [
        {
            "urls": list(settings.TURN_URLS),
            "username": username,
            "credential": base64.b64encode(digest).decode(),
        }
    ]


@login_required
@require_POST
def join(request: HttpRequest, pk: int) -> JsonResponse:
    """A pass for this person to this meeting's call: the room, their token, their participant
    id, the ICE servers. Refused (403, with the reason) to anyone who may not be in it now."""
    meeting = _meeting(request, pk)
    try:
        p = actions.issue_pass(meeting, request.user)
    except actions.MediaUnavailable as exc:
        return _error(str(exc), 503)
    except actions.MediaActionError as exc:
        return _error(str(exc))
    return JsonResponse(
        {
            "janus_url": settings.JANUS_PUBLIC_URL,
            "room": p.room.janus_room,
            "token": p.token,
            "participant_id": p.participant_id,
            "display": request.user.handle,  # type: ignore[union-attr]
            "muted": access.joins_muted(request.user, meeting) or p.muted_by_facilitator,
            "ice_servers": ice_servers(request.user),
            "relay_only": settings.TURN_RELAY_ONLY,
        }
    )


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> JsonResponse:
    """Always works for the person themselves: no permission can stop someone leaving."""
    meeting = get_object_or_404(Meeting.objects.select_related("group"), pk=pk)
    if actions.current_pass(meeting, request.user) is None and not group_access.can_view_content(
        request.user, meeting.group
    ):
        raise Http404  # nothing to leave, and outsiders can't tell a meeting that exists
    return JsonResponse({"left": actions.leave(meeting, request.user)})


@login_required
@require_GET
def state(request: HttpRequest, pk: int) -> JsonResponse:
    """Who is in the call (by handle), who is muted, the talking piece and the share timer. A
    person no longer allowed in gets 403 and their page leaves the call."""
    meeting = _meeting(request, pk)
    user: Any = request.user
    mine = actions.current_pass(meeting, user)
    decision = access.join_decision(user, meeting)
    if mine is None or not decision:
        removed = MediaPass.objects.filter(room__meeting=meeting, user=user, removed=True).exists()
        return JsonResponse(
            {
                "in_call": False,
                "removed": removed,
                "reason": decision.reason or _("You are no longer in the call."),
            },
            status=403,
        )
    room = mine.room
    with contextlib.suppress(actions.MediaUnavailable):
        actions.enforce_mute(mine)  # muted before they reached Janus: Janus drops their audio now
    passes = list(
        room.passes.filter(revoked_at__isnull=True).select_related("user").order_by("issued_at")
    )
    live = LiveState.objects.filter(meeting=meeting).first()
    snap = live_snapshot(meeting, live)
    return JsonResponse(
        {
            "in_call": True,
            "version": room.version,
            "locked": room.locked,
            "floor_held": room.floor_held,
            "me": {
                "participant_id": mine.participant_id,
                "muted_by_facilitator": mine.muted_by_facilitator,
                "video_stopped": mine.video_stopped,
            },
            "people": [
                {
                    "user_id": p.user_id,
                    "participant_id": p.participant_id,
                    "handle": p.user.handle,
                    "muted_by_facilitator": p.muted_by_facilitator,
                    "video_stopped": p.video_stopped,
                    "facilitator": access.is_call_staff(p.user, meeting),
                }
                for p in passes
            ],
            "speaker_id": snap["speaker_id"],
            "speaker": snap["speaker"],
            "timer_remaining": snap["timer_remaining"],
        }
    )


@login_required
@require_POST
def unmute(request: HttpRequest, pk: int) -> JsonResponse:
    meeting = _meeting(request, pk)
    try:
        actions.unmute_self(meeting, request.user)
    except actions.MediaActionError as exc:
        return _error(str(exc))
    return JsonResponse({"ok": True})


@login_required
@require_POST
def video_on(request: HttpRequest, pk: int) -> JsonResponse:
    meeting = _meeting(request, pk)
    try:
        actions.start_own_video(meeting, request.user)
    except actions.MediaActionError as exc:
        return _error(str(exc))
    return JsonResponse({"ok": True})


def _user_id(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("user_id", ""))
    except ValueError:
        raise actions.MediaActionError(_("Choose a person.")) from None


CONTROLS: dict[str, Callable[[Meeting, Any, HttpRequest], Any]] = {
    "mute": lambda m, u, r: actions.mute(m, by=u, user_id=_user_id(r)),
    "mute-all": lambda m, u, r: actions.mute(m, by=u),
    "stop-video": lambda m, u, r: actions.stop_video(m, by=u, user_id=_user_id(r)),
    "remove": lambda m, u, r: actions.remove_from_call(m, by=u, user_id=_user_id(r)),
    "lock": lambda m, u, r: actions.set_locked(m, by=u, locked=True),
    "unlock": lambda m, u, r: actions.set_locked(m, by=u, locked=False),
    "hold-floor": lambda m, u, r: actions.set_floor(m, by=u, held=True),
    "release-floor": lambda m, u, r: actions.set_floor(m, by=u, held=False),
}


@login_required
@require_POST
def control(request: HttpRequest, pk: int, action: str) -> JsonResponse:
    """Facilitator controls. Only the group's facilitators (with two-factor where required)."""
    meeting = _meeting(request, pk)
    fn = CONTROLS.get(action)
    if fn is None:
        raise Http404
    if not access.is_call_staff(request.user, meeting):
        return _error(_("Only a facilitator of this group can do that."))
    try:
        fn(meeting, request.user, request)
    except actions.MediaUnavailable as exc:
        return _error(str(exc), 503)
    except actions.MediaActionError as exc:
        return _error(str(exc), 400)
    return JsonResponse({"ok": True})
