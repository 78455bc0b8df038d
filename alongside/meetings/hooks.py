"""Seams the meetings app offers to the layer above it.

`register_call_widget(render)`: the media app (voice and video) fills it from its ready();
`render(request, meeting) -> str` returns the call's HTML (already safe), which the meeting's live
page and the room page show beside the live panel. With nothing registered, nothing is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

CallWidget = Callable[[Any, Any], str]
_call_widgets: list[CallWidget] = []


def register_call_widget(render: CallWidget) -> None:
    if render not in _call_widgets:
        _call_widgets.append(render)


def call_widget(request: Any, meeting: Any) -> SafeString:
    return mark_safe("".join(render(request, meeting) for render in _call_widgets))  # noqa: S308 - rendered templates
