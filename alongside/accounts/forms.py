from __future__ import annotations

import unicodedata
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.accounts.countries import COUNTRIES, ELSEWHERE
from alongside.accounts.models import HANDLE_VALIDATOR, AgeBand, Context, User

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
    ("hi", _("Hindi")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
]



def country_choices() -> list[tuple[str, str]]:
    """The profile's countries in the reader's alphabetical order ("México" among the M's)."""
    def key(item: tuple[str, Any]) -> str:
        return unicodedata.normalize("NFKD", str(item[1])).encode("ascii", "ignore").decode().lower()

    return ([("", str(_("Prefer not to say")))] + [(c, str(n)) for c, n in sorted(COUNTRIES, key=key)]
            + [(ELSEWHERE, str(_("Somewhere else")))])


def clean_handle_value(handle: str, instance: User | None = None) -> str:
    handle = handle.strip()
    HANDLE_VALIDATOR(handle)
    taken = User.objects.filter(handle__iexact=handle)
    if instance is not None and instance.pk:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise forms.ValidationError(_("That handle is taken. Please choose another."))
    return handle


class SignupExtraForm(forms.Form):
    """Fields allauth adds to its sign-up form: a pseudonym and an age band."""

    handle = forms.CharField(
        label=_("Handle"),
        max_length=30,
        help_text=_("The name other members see. Please don't use your real name."),
    )
    age_band = forms.ChoiceField(label=_("Age"), choices=AgeBand.choices, initial=AgeBand.ADULT)

    def clean_handle(self) -> str:
        return clean_handle_value(self.cleaned_data["handle"])

    def signup(self, request: Any, user: User) -> None:
        user.handle = self.cleaned_data["handle"]
        user.age_band = self.cleaned_data["age_band"]
        user.save(update_fields=["handle", "age_band"])


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages you can take part in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=[])
    country = forms.ChoiceField(label=_("Country"), choices=country_choices, required=False)
    contexts = forms.MultipleChoiceField(
        label=_("Things about your life you'd like groups to reflect (optional)"),
        choices=Context.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = User
        fields = ["handle", "languages", "ui_language", "timezone", "country", "age_band", "contexts"]
        widgets = {"age_band": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(z, z) for z in sorted(zoneinfo.available_timezones())]  # type: ignore[attr-defined]
        self.fields["ui_language"] = forms.ChoiceField(
            label=_("Interface language"),
            choices=[("", _("Use my browser's setting")), ("en", "English"), ("es", "Español")],
            required=False,
        )
        self.initial["languages"] = self.instance.language_list

    def clean_handle(self) -> str:
        return clean_handle_value(self.cleaned_data["handle"], self.instance)

    def clean_languages(self) -> str:
        return ",".join(self.cleaned_data["languages"])
