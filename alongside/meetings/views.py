from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.models import User
from alongside.groups import access
from alongside.groups.models import Group
from alongside.groups.queries import active_members
from alongside.meetings import actions, ical, queries, recurrence
from alongside.meetings.forms import (
    AgendaForm,
    CancelForm,
    RescheduleMeetingForm,
    RescheduleSeriesForm,
    SeriesDetailsForm,
    SeriesForm,
)
from alongside.meetings.hooks import call_widget
from alongside.meetings.models import RSVP, CalendarFeed, Meeting, Notice

Check = Callable[[Any, Group], bool]


def _group(request: HttpRequest, slug: str, check: Check = access.can_view_content) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not access.can_view_page(request.user, group):
        raise Http404
    if not check(request.user, group):
        raise PermissionDenied(_("This part of the group is for its members only."))
    return group


def _meeting(request: HttpRequest, pk: int, check: Check = access.can_view_content) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("series", "group"), pk=pk)
    if not access.can_view_content(request.user, meeting.group):
        raise Http404  # outsiders can't tell a meeting id that exists from one that does not
    _group(request, meeting.group.slug, check)
    return meeting


def _user_zone(request: HttpRequest) -> str:
    return queries.zone_of(request.user).key


@login_required
def group_meetings(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    return render(
        request,
        "meetings/group_meetings.html",
        {
            "group": group,
            "upcoming": queries.upcoming_for_group(group),
            "recent": queries.recent_for_group(group),
            "can_manage": access.can_manage(request.user, group),
            "user_tz": _user_zone(request),
            "series_list": group.meeting_series.filter(cancelled_at__isnull=True),
        },
    )


@login_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug, access.can_manage)
    form = SeriesForm(
        request.POST or None,
        group_place=group.location,
        initial={
            "format": group.format,
            "capacity": group.capacity,
            "time_zone": _user_zone(request),
            "title": _("%(group)s meeting") % {"group": group.name},
            "description": group.meeting_description,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            series = actions.create_series(
                group,
                creator=request.user,
                title=d["title"],
                description=d["description"],
                format=d["format"],
                start_date=d["start_date"],
                start_time=d["start_time"],
                timezone_name=d["time_zone"],
                duration_minutes=d["duration_minutes"],
                repeat=d["repeat"],
                video_url=d["video_url"],
                location=d["location"],
                capacity=d["capacity"],
            )
        except actions.MeetingActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Meeting scheduled."))
            first = series.meetings.order_by("starts_at").first()
            return redirect(first or reverse("meetings:group", args=[group.slug]))
    return render(
        request,
        "meetings/form.html",
        {"group": group, "form": form, "title": _("Schedule a meeting")},
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, access.can_manage)
    series = meeting.series
    form = SeriesDetailsForm(
        request.POST or None,
        initial={
            "title": series.title,
            "description": series.description,
            "format": series.format,
            "capacity": series.capacity,
            "video_url": series.video_url,
            "location": series.location,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        capacity = d.pop("capacity")
        try:
            actions.update_series_details(series, editor=request.user, **d)
            if capacity != series.capacity:
                actions.set_capacity(series, editor=request.user, capacity=capacity)
        except actions.MeetingActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/form.html",
        {
            "group": meeting.group,
            "form": form,
            "meeting": meeting,
            "title": _("Edit the meeting series"),
        },
    )


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, access.can_manage)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["scope"] == "series":
                actions.cancel_series(
                    meeting.series, editor=request.user, note=form.cleaned_data["note"]
                )
            else:
                actions.cancel_meeting(meeting, editor=request.user, note=form.cleaned_data["note"])
        except actions.MeetingActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Cancelled. Members who said they'd come have been told."))
            return redirect("meetings:group", meeting.group.slug)
    return render(
        request,
        "meetings/form.html",
        {
            "group": meeting.group,
            "form": form,
            "meeting": meeting,
            "title": _("Cancel a meeting"),
            "submit": _("Cancel the meeting"),
        },
    )


@login_required
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Move this meeting only (scope=one) or the whole series (scope=series)."""
    meeting = _meeting(request, pk, access.can_manage)
    series = meeting.series
    scope = request.GET.get("scope") or request.POST.get("scope") or "one"
    zone = ZoneInfo(series.time_zone)
    local = meeting.starts_at.astimezone(zone)
    form: RescheduleMeetingForm | RescheduleSeriesForm
    if scope == "series":
        form = RescheduleSeriesForm(
            request.POST or None,
            initial={
                "start_date": local.date(),
                "start_time": series.start_time,
                "time_zone": series.time_zone,
                "duration_minutes": series.duration_minutes,
                "repeat": recurrence.preset_of(series.rrule),
            },
        )
    else:
        form = RescheduleMeetingForm(
            request.POST or None,
            initial={
                "date": local.date(),
                "time": local.time().replace(second=0),
                "duration_minutes": meeting.duration_minutes,
            },
        )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if scope == "series":
                actions.reschedule_series(
                    series,
                    editor=request.user,
                    start_date=d["start_date"],
                    start_time=d["start_time"],
                    timezone_name=d["time_zone"],
                    duration_minutes=d["duration_minutes"],
                    repeat=d["repeat"],
                    note=d["note"],
                )
            else:
                starts = recurrence.to_utc(datetime.combine(d["date"], d["time"]), series.time_zone)
                actions.reschedule_meeting(
                    meeting,
                    editor=request.user,
                    starts_at=starts,
                    duration_minutes=d["duration_minutes"],
                    note=d["note"],
                )
        except actions.MeetingActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Moved. Members have been told the new time."))
            if scope == "series":
                return redirect("meetings:group", meeting.group.slug)
            return redirect(meeting)
    return render(
        request,
        "meetings/form.html",
        {
            "group": meeting.group,
            "form": form,
            "meeting": meeting,
            "scope": scope,
            "series_tz": series.time_zone,
            "title": _("Move the whole series") if scope == "series" else _("Move this meeting"),
        },
    )


@login_required
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug, access.can_manage)
    template = actions.agenda_template(group)
    form = AgendaForm(request.POST or None, initial={"steps": AgendaForm.as_text(template.steps)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_agenda_template(
                group, editor=request.user, steps=form.cleaned_data["steps"]
            )
        except actions.MeetingActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Agenda saved. New meetings will follow it."))
            return redirect("meetings:group", group.slug)
    return render(
        request, "meetings/agenda.html", {"group": group, "form": form, "steps": template.steps}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    user = request.user
    now = timezone.now()
    rsvp = queries.rsvp_of(meeting, user)
    can_manage = access.can_manage(user, meeting.group)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "series": meeting.series,
            "group": meeting.group,
            "rsvp": rsvp,
            "going": queries.going(meeting),
            "waitlist": queries.waitlist(meeting),
            "waitlist_position": queries.waitlist_position(meeting, user),
            "can_manage": can_manage,
            "can_see_place": access.can_view_location(user, meeting.group),
            "is_member": access.is_member(user, meeting.group),
            "checked_in": queries.is_checked_in(meeting, user),
            "has_ended": meeting.has_ended(now),
            "room_open": meeting.room_is_open(now),
            "user_tz": _user_zone(request),
            "places_left": max(0, meeting.series.capacity - queries.going(meeting).count()),
            "members": _active_members(meeting.group) if can_manage else None,
            "attendance_ids": set(meeting.attendance.values_list("user_id", flat=True)),
            "feedback_url": feedback_url(meeting, user),
        },
    )


def feedback_url(meeting: Meeting, user: Any, *, ended: bool = False) -> str:
    """The outcomes session-feedback form about this meeting's group, for members once it's over."""
    if not (ended or meeting.has_ended()) or not access.is_member(user, meeting.group):
        return ""
    try:
        url = reverse("outcomes:answer", args=["feedback"])
    except NoReverseMatch:  # the outcomes app is not installed
        return ""
    return f"{url}?{urlencode({'group': meeting.group.slug})}"  # it answers the open check-in


def _active_members(group: Group) -> Any:

    return active_members(group)


def _post_action(
    request: HttpRequest, meeting: Meeting, fn: Callable[[], Any], done: str
) -> HttpResponse:
    try:
        fn()
    except actions.MeetingActionError as exc:
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, done)
    return redirect(meeting)


@login_required
@require_POST
def rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        r = actions.rsvp(meeting, request.user)
    except actions.MeetingActionError as exc:
        messages.error(request, str(exc))
    else:
        if r.status == r.Status.GOING:
            messages.success(request, _("You're going. We'll remind you a day and an hour before."))
        else:
            messages.success(
                request,
                _(
                    "The meeting is full, so you're on the waitlist. If a place opens, it's yours and we'll tell you."
                ),
            )
    return redirect(meeting)


@login_required
@require_POST
def cancel_rsvp(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _post_action(
        request,
        meeting,
        lambda: actions.cancel_rsvp(meeting, request.user),
        _("Thanks for letting the group know you can't come."),
    )


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    who: Any = request.user
    if request.POST.get("user_id") and str(request.POST["user_id"]) != str(request.user.pk):
        if not access.can_manage(request.user, meeting.group):
            raise PermissionDenied(_("Only a facilitator can check someone else in."))
        who = get_object_or_404(User, pk=request.POST["user_id"])
    response = _post_action(
        request, meeting, lambda: actions.check_in(meeting, who, by=request.user), _("Checked in.")
    )
    if request.POST.get("next") == "live":
        return redirect("meetings:live", meeting.pk)
    return response


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    body = ical.meeting_ics(
        meeting, request.user, base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


# --- Live -----------------------------------------------------------------------------------


def live_announcements(state: dict[str, Any], my_turn: bool) -> dict[str, str]:
    """What a screen reader announces when it changes (meetings/live-panel.js puts a changed one
    in the page's polite live region): the step, whose turn it is, the end of the share timer.
    Never the seconds left, so the timer's ticking is not read out."""
    step = ""
    if state["ended"]:
        step = _("The meeting has ended.")
    elif state["step"]:
        step = _("Now: %(title)s, step %(n)s of %(total)s.") % {
            "title": state["step"]["title"],
            "n": state["step_index"] + 1,
            "total": state["step_count"],
        }
    turn = ""
    if state["round_active"] and not state["ended"]:
        turn = (
            _("It's your turn.")
            if my_turn
            else _("Talking piece: %(handle)s.") % {"handle": state["speaker"]}
        )
    elif state["round"] and not state["ended"]:
        turn = _("The round is finished.")
    timer = (
        _("Share timer: time's up.") if state["timer_remaining"] == 0 and not state["ended"] else ""
    )
    return {"step": step, "turn": turn, "timer": timer}


def live_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The context meetings/_live_panel.html needs (the room page can include the panel with it)."""
    now = timezone.now()
    state = queries.live_snapshot(meeting, now=now)
    my_turn = state["speaker_id"] == request.user.pk
    return {
        "meeting": meeting,
        "group": meeting.group,
        "state": state,
        "now": now,
        "can_manage": access.can_manage(request.user, meeting.group),
        "room_open": meeting.room_is_open(now),
        "checked_in": queries.is_checked_in(meeting, request.user),
        "my_turn": my_turn,
        "user_tz": _user_zone(request),
        "has_ended": meeting.has_ended(now),
        "feedback_url": feedback_url(meeting, request.user, ended=state["ended"]),
        "announce": live_announcements(state, my_turn),
    }


@login_required
def live(request: HttpRequest, pk: int) -> HttpResponse:

    meeting = _meeting(request, pk)
    # New guidelines to agree to: said here too, with the way to the consent page.
    decision = access.post_decision(request.user, meeting.group)
    return render(
        request,
        "meetings/live.html",
        {
            **live_context(request, meeting),
            "cannot_post_reason": decision.reason,
            "cannot_post_remedy": decision.remedy if decision.remedy == "consent" else "",
            "call_widget": call_widget(request, meeting),
        },
    )


@login_required
def live_panel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(request, "meetings/_live_panel.html", live_context(request, meeting))


LIVE_ACTIONS: dict[str, Callable[[Meeting, Any, HttpRequest], Any]] = {
    "next": lambda m, u, r: actions.advance_step(m, by=u, delta=1),
    "previous": lambda m, u, r: actions.advance_step(m, by=u, delta=-1),
    "timer": lambda m, u, r: actions.start_timer(m, by=u, seconds=_int(r.POST.get("seconds"), 180)),
    "stop-timer": lambda m, u, r: actions.stop_timer(m, by=u),
    "start-round": lambda m, u, r: actions.start_round(m, by=u),
    "end-round": lambda m, u, r: actions.end_round(m, by=u),
    "done": lambda m, u, r: actions.end_turn(m, by=u),
    "pass": lambda m, u, r: actions.end_turn(m, by=u, passed=True),
    "end": lambda m, u, r: actions.end_meeting(m, by=u),
}


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@require_POST
def live_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    fn = LIVE_ACTIONS.get(action)
    if fn is None:
        raise Http404
    error = ""
    try:
        fn(meeting, request.user, request)
    except actions.MeetingActionError as exc:
        error = str(exc)
    if getattr(request, "htmx", False):
        context = live_context(request, meeting)
        context["error"] = error
        return render(request, "meetings/_live_panel.html", context)
    if error:
        messages.error(request, error)
    return redirect("meetings:live", meeting.pk)


# --- Me -------------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    meetings = queries.my_meetings(request.user)
    user: Any = request.user
    notices = list(Notice.objects.filter(user=user).select_related("meeting")[:20])
    unread = [n.pk for n in notices if n.read_at is None]
    response = render(
        request,
        "meetings/mine.html",
        {
            "meetings": meetings,
            "notices": notices,
            "unread": unread,
            "user_tz": _user_zone(request),
            "rsvps": {r.meeting_id: r for r in _my_rsvps(request.user, meetings)},
        },
    )
    actions.mark_notices_read(request.user)
    return response


def _my_rsvps(user: Any, meetings: list[Meeting]) -> Any:

    return RSVP.objects.filter(user=user, meeting__in=meetings)


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    feed = actions.calendar_feed(request.user)
    url = request.build_absolute_uri(reverse("meetings:feed", args=[feed.token]))
    return render(request, "meetings/calendar.html", {"feed_url": url})


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    actions.reset_calendar_feed(request.user)
    messages.success(
        request,
        _(
            "Your calendar address has changed. The old one no longer works: add the new one to your calendar app."
        ),
    )
    return redirect("meetings:calendar")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed. The secret URL is the credential (calendar apps can't sign in)."""
    feed_ = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed_ is None or not feed_.user.is_active:
        raise Http404
    body = ical.feed_ics(feed_.user, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
