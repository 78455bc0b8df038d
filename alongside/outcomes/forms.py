from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.outcomes.instruments import Instrument


class QuestionnaireForm(forms.Form):
    """One radio group per item, built from the instrument's data."""

    def __init__(self, instrument: Instrument, group_name: str = "", *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for number, item in enumerate(instrument.items, start=1):
            options = instrument.options_for(item)
            label = instrument.item_text(item, group_name)
            self.fields[item.key] = forms.TypedChoiceField(
                label=label if not item.scored else f"{number}. {label}",
                choices=[(o.value, o.label) for o in options],
                coerce=int,
                required=item.required,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose an answer for this question.")},
            )


class ScheduleSettingsForm(forms.Form):
    checkin_interval_weeks = forms.IntegerField(
        label=_("Weeks between check-ins"),
        min_value=1,
        max_value=52,
    )
    identification_after = forms.RegexField(
        label=_("Ask about identification after meeting or week"),
        regex=r"^\s*\d+(\s*,\s*\d+)*\s*$",
        max_length=40,
        help_text=_("Comma-separated, for example 2,6."),
        error_messages={"invalid": _("Use whole numbers separated by commas, for example 2,6.")},
    )
    email_reminders = forms.BooleanField(label=_("Send e-mail reminders"), required=False)
