"""`{% load meetings %}{% live_meeting_panel group %}`: the live panel of the group's meeting that
is on now (nothing when none is), for the room page to embed."""

from __future__ import annotations

from typing import Any

from django import template

from alongside.groups import access
from alongside.groups.models import Group
from alongside.meetings.hooks import call_widget
from alongside.meetings.queries import current_meeting
from alongside.meetings.views import live_context

register = template.Library()


@register.inclusion_tag("meetings/_live_panel_or_nothing.html", takes_context=True)
def live_meeting_panel(context: dict[str, Any], group: Group) -> dict[str, Any]:

    request = context.get("request")
    if request is None or not access.can_view_content(request.user, group):
        return {"meeting": None}
    meeting = current_meeting(group)
    if meeting is None:
        return {"meeting": None}

    return {
        **live_context(request, meeting),
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "call_widget": call_widget(request, meeting),
    }
