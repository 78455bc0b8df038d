"""Forms of the safety pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from alongside.groups.models import Group


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    """Filters of the audit log: a person (by handle, as actor or subject), a group, a kind of
    event and a time range (dates in the viewer's own time zone, both ends included)."""

    person = forms.CharField(label=_("Person (handle)"), required=False, max_length=40)
    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=Group.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("All groups"),
    )
    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("All kinds")), *((k, k) for k in kinds)]

    def clean_person(self) -> Any:
        handle = self.cleaned_data["person"].strip().lstrip("@")
        if not handle:
            return None
        person = get_user_model().objects.filter(handle__iexact=handle).first()
        if person is None:
            raise forms.ValidationError(
                _("Nobody has the handle “%(handle)s”."), params={"handle": handle}
            )
        return person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the range is before its start."))
        return data
