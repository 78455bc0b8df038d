from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Context
from alongside.groups.models import Audience, Focus, Format, Group, GroupLanguage, Leadership
from alongside.groups.ranking import AUDIENCE_CONTEXTS

DIRECTORY_LANGUAGES = [("", _("Any language")), *GroupLanguage.choices]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    focus = forms.ChoiceField(
        label=_("Focus"), choices=[("", _("Any focus")), *Focus.choices], required=False
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("Any format")), *Format.choices], required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=DIRECTORY_LANGUAGES, required=False)
    audience = forms.ChoiceField(
        label=_("Who it's for"), choices=[("", _("Anyone")), *Audience.choices], required=False
    )
    leadership = forms.ChoiceField(
        label=_("Led by"),
        choices=[("", _("Peers or professionals")), *Leadership.choices],
        required=False,
    )


class JoinForm(forms.Form):
    """Informed consent: each box is its own explicit agreement."""

    guidelines_version = forms.IntegerField(widget=forms.HiddenInput)
    guidelines = forms.BooleanField(
        label=_("I have read this group's guidelines and agree to follow them."), required=False
    )
    confidentiality = forms.BooleanField(
        label=_("I will keep what others share confidential."), required=False
    )
    crisis_policy = forms.BooleanField(
        label=_(
            "I understand what happens if someone may be in danger: crisis lines are shown, "
            "and a facilitator and the safety team are alerted."
        ),
        required=False,
    )


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "purpose",
            "focus",
            "audience",
            "format",
            "leadership",
            "language",
            "capacity",
            "cadence",
            "meeting_description",
            "location",
            "visibility",
            "status",
            "calendar_name",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "meeting_description": forms.Textarea(attrs={"rows": 4}),
            "location": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        if (
            data.get("format") in ("in_person", "hybrid")
            and not (data.get("location") or "").strip()
        ):
            self.add_error("location", _("In-person and hybrid groups need a meeting place."))
        capacity = data.get("capacity")
        if capacity is not None and not 2 <= capacity <= 50:
            self.add_error("capacity", _("Capacity must be between 2 and 50."))
        return data


class GuidelinesForm(forms.Form):
    text = forms.CharField(label=_("Guidelines"), widget=forms.Textarea(attrs={"rows": 18}))
    change_note = forms.CharField(
        label=_("What changed (members see this)"), max_length=300, required=False
    )


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the member sees this)"), max_length=300)


def _community_choices() -> list[tuple[str, Any]]:

    wanted = set().union(*AUDIENCE_CONTEXTS.values())
    return [(value, label) for value, label in Context.choices if value in wanted]


class MatchForm(forms.Form):
    """What a person tells us to choose groups for them. Every field is optional, but not all of
    them: an empty form asks again instead of suggesting every group."""

    about = forms.CharField(
        label=_("What brings you here? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A sentence or two in your own words. It is used only to suggest groups, on this "
            "server, and is not saved."
        ),
    )
    focuses = forms.MultipleChoiceField(
        label=_("What would you like support with?"),
        choices=Focus.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    formats = forms.MultipleChoiceField(
        label=_("How would you like to meet?"),
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    communities = forms.MultipleChoiceField(
        label=_("Are you part of any of these communities? (optional)"),
        choices=_community_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Some groups are for a particular community. We only suggest those to people in it."
        ),
    )
    leadership = forms.ChoiceField(
        label=_("Who would you like to lead it?"),
        choices=[("", _("No preference")), *Leadership.choices],
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if not (
            data.get("about", "").strip()
            or data.get("focuses")
            or data.get("formats")
            or data.get("communities")
            or data.get("leadership")
        ):
            raise forms.ValidationError(
                _(
                    "Tell us at least one thing (what you'd like support with, how you'd like to meet, or what "
                    "brings you here) and we'll suggest a few groups that fit."
                ),
                code="empty",
            )
        return data
