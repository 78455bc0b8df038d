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
        return (
            unicodedata.normalize("NFKD", str(item[1])).encode("ascii", "ignore").decode().lower()
        )

    return (
        [("", str(_("Prefer not to say")))]
        + [(c, str(n)) for c, n in sorted(COUNTRIES, key=key)]
        + [(ELSEWHERE, str(_("Somewhere else")))]
    )


def clean_handle_value(handle: str, instance: User | None = None) -> str:
    handle = handle.strip()
    HANDLE_VALIDATOR(handle)
    taken = User.objects.filter(handle__iexact=handle)
    if instance is not None and instance.pk:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise forms.ValidationError(_("That handle is taken. Please choose another."))
    return handle


def signup_country_choices() -> list[tuple[str, str]]:
    """Sign-up asks the country outright: no country is preselected (it decides the crisis lines
    a person is shown), and "Somewhere else" is a real answer."""
    return [("", str(_("Choose your country")))] + country_choices()[1:]


class SignupExtraForm(forms.Form):
    """Fields allauth adds to its sign-up form: a pseudonym, the country (for crisis lines) and
    an age band. Neither the country nor the age band has a default: each is asked."""

    handle = forms.CharField(
        label=_("Handle"),
        max_length=30,
        help_text=_("The name other members see. Please don't use your real name."),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=signup_country_choices,
        help_text=_(
            'We use it to show crisis lines near you. Choose "Somewhere else" if yours isn\'t listed.'
        ),
        error_messages={"required": _('Please choose your country, or "Somewhere else".')},
    )
    age_band = forms.ChoiceField(
        label=_("Your age"),
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        help_text=_("Young people under 18 and adults meet in separate groups."),
        error_messages={"required": _("Please tell us whether you are under 18 or 18 and over.")},
    )

    def clean_handle(self) -> str:
        return clean_handle_value(self.cleaned_data["handle"])

    def signup(self, request: Any, user: User) -> None:
        user.handle = self.cleaned_data["handle"]
        user.country = self.cleaned_data["country"]
        user.age_band = self.cleaned_data["age_band"]
        # The language they signed up in is the one we write to them in until they choose.
        language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
        if language in {code for code, _name in LANGUAGE_CHOICES}:
            user.languages = language
        user.save(update_fields=["handle", "country", "age_band", "languages"])


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
        # The age band is not here: moving into or out of the under-18 band is a request a
        # moderator approves (AgeBandRequestForm, accounts.actions.request_age_band_change).
        fields = ["handle", "languages", "ui_language", "timezone", "country", "contexts"]

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


class AgeBandRequestForm(forms.Form):
    """Ask a moderator to change my age band (the band I am not in now)."""

    note = forms.CharField(
        label=_("Anything the moderator should know (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
