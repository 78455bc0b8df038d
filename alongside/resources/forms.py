from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.groups.models import Focus
from alongside.resources.models import Kind, ResourceAudience


class WebURLField(forms.CharField):
    """A plain text field: the http/https check lives in actions.check_web_url, with a clear error."""


class LibraryResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = WebURLField(label=_("Link (http:// or https://)"), max_length=500)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Focus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.CharField(label=_("Language code (e.g. en, es)"), max_length=8, initial="en")
    audience = forms.ChoiceField(label=_("Audience"), choices=ResourceAudience.choices)


class SuggestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = WebURLField(label=_("Link (http:// or https://)"), max_length=500)
    why = forms.CharField(
        label=_("Why it helped you"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PollForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    option_1 = forms.CharField(label=_("Option 1"), max_length=200)
    option_2 = forms.CharField(label=_("Option 2"), max_length=200)
    option_3 = forms.CharField(label=_("Option 3 (optional)"), max_length=200, required=False)
    option_4 = forms.CharField(label=_("Option 4 (optional)"), max_length=200, required=False)
    option_5 = forms.CharField(label=_("Option 5 (optional)"), max_length=200, required=False)
    option_6 = forms.CharField(label=_("Option 6 (optional)"), max_length=200, required=False)
    anonymous = forms.BooleanField(
        label=_("Anonymous: nobody sees who voted for what"), required=False, initial=True
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at (optional, e.g. 2026-12-31 18:00)"), required=False
    )

    def options(self) -> list[str]:
        return [self.cleaned_data.get(f"option_{i}") or "" for i in range(1, 7)]
