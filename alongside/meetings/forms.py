from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.groups.models import Format
from alongside.meetings import recurrence

REPEAT_CHOICES = [
    (recurrence.ONCE, _("Once only")),
    (recurrence.WEEKLY, _("Every week")),
    (recurrence.FORTNIGHTLY, _("Every other week")),
    (recurrence.MONTHLY_WEEKDAY, _("Every month on the same weekday (e.g. the 2nd Tuesday)")),
]


def timezone_choices() -> list[tuple[str, str]]:
    return [(z, z) for z in sorted(available_timezones()) if "/" in z or z == "UTC"]


class ScheduleFields(forms.Form):
    start_date = forms.DateField(
        label=_("Date of the first meeting"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone of that time"), choices=timezone_choices)
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=480, initial=90
    )
    repeat = forms.ChoiceField(
        label=_("Repeats"), choices=REPEAT_CHOICES, initial=recurrence.WEEKLY
    )


class SeriesForm(ScheduleFields):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("What to expect (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    video_url = forms.URLField(
        label=_("Video link (optional)"),
        required=False,
        assume_scheme="https",
        help_text=_("Only if your organisation meets on a video service. Shown to members only."),
    )
    location = forms.CharField(
        label=_("Meeting place"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty to use the group's place. Shown to members only."),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=100, initial=12)

    field_order = [
        "title",
        "description",
        "format",
        "start_date",
        "start_time",
        "time_zone",
        "duration_minutes",
        "repeat",
        "capacity",
        "video_url",
        "location",
    ]

    def __init__(self, *args: Any, group_place: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group_place = group_place

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("format") in (Format.IN_PERSON, Format.HYBRID) and not (
            (data.get("location") or "").strip() or self.group_place
        ):
            self.add_error("location", _("In-person and hybrid meetings need a place."))
        self._check_future(data)
        return data

    def _check_future(self, data: dict[str, Any]) -> None:
        """No meeting is scheduled in the past: the first one must be ahead, in its own time zone."""
        day, at, zone = data.get("start_date"), data.get("start_time"), data.get("time_zone")
        if day is None or at is None or not zone:
            return
        try:
            starts = datetime.combine(day, at).replace(tzinfo=ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            return  # the time zone field reports it
        if starts <= timezone.now():
            self.add_error(
                "start_date",
                _(
                    "That date and time have already passed. Choose a time in the future "
                    "for the first meeting."
                ),
            )


class SeriesDetailsForm(forms.Form):
    title = SeriesForm.base_fields["title"]
    description = SeriesForm.base_fields["description"]
    format = SeriesForm.base_fields["format"]
    capacity = SeriesForm.base_fields["capacity"]
    video_url = SeriesForm.base_fields["video_url"]
    location = SeriesForm.base_fields["location"]


class RescheduleSeriesForm(ScheduleFields):
    start_date = forms.DateField(
        label=_("Date of the first meeting at the new time"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Note to members (optional)"), required=False, max_length=300)


class RescheduleMeetingForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("New start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_minutes = forms.IntegerField(label=_("Length in minutes"), min_value=5, max_value=480)
    note = forms.CharField(label=_("Note to members (optional)"), required=False, max_length=300)


class CancelForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Cancel"),
        widget=forms.RadioSelect,
        initial="one",
        choices=[
            ("one", _("Only this meeting")),
            ("series", _("This and all future meetings in the series")),
        ],
    )
    note = forms.CharField(label=_("Note to members (optional)"), required=False, max_length=300)


class AgendaForm(forms.Form):
    steps = forms.CharField(
        label=_("Steps, one per line"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Write each step as: title | minutes | round. Add “round” when members take turns "
            "(a talking piece), e.g. “Check-in round | 15 | round”."
        ),
    )

    def clean_steps(self) -> list[dict[str, Any]]:
        steps = []
        for n, line in enumerate(self.cleaned_data["steps"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            title = parts[0]
            minutes = 0
            if len(parts) > 1 and parts[1]:
                if not parts[1].isdigit() or not 0 <= int(parts[1]) <= 480:
                    raise forms.ValidationError(
                        _("Line %(n)d: the minutes must be a whole number from 0 to 480.")
                        % {"n": n}
                    )
                minutes = int(parts[1])
            is_round = len(parts) > 2 and parts[2].lower() in (
                "round",
                "r",
                "yes",
                str(_("round")).lower(),
            )
            if not title:
                raise forms.ValidationError(_("Line %(n)d needs a title.") % {"n": n})
            steps.append({"title": title[:120], "minutes": minutes, "round": is_round})
        if not steps:
            raise forms.ValidationError(_("An agenda needs at least one step."))
        return steps

    @staticmethod
    def as_text(steps: list[dict[str, Any]]) -> str:
        return "\n".join(
            f"{s['title']} | {s.get('minutes', 0)}" + (" | round" if s.get("round") else "")
            for s in steps
        )
