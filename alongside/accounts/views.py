from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts import actions
from alongside.accounts.forms import AgeBandRequestForm, ProfileForm
from alongside.accounts.models import AgeBand
from alongside.accounts.queries import signed_in_user


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        # ModelForm already set the attributes on the instance; the action saves and enforces rules.
        actions.update_profile(request.user, **changed)  # type: ignore[arg-type]
        messages.success(request, _("Profile saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, **_age_band_context(request)})


def _age_band_context(
    request: HttpRequest, band_form: AgeBandRequestForm | None = None
) -> dict[str, object]:
    user = signed_in_user(request)
    other = AgeBand.ADULT if user.is_youth else AgeBand.UNDER_18
    return {
        "age_band_label": AgeBand(user.age_band).label,
        "other_band": other,
        "other_band_label": other.label,
        "age_band_request": actions.pending_age_band_request(user),
        "band_form": band_form or AgeBandRequestForm(),
    }


@login_required
def age_band(request: HttpRequest) -> HttpResponse:
    """Ask a moderator to move me into or out of the under-18 band, or withdraw that request."""
    if request.method != "POST":
        return redirect("accounts:profile")
    user = signed_in_user(request)
    if request.POST.get("withdraw"):
        try:
            actions.withdraw_age_band_request(user)
        except actions.AgeBandRequestError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your request is withdrawn. Your age band stays as it is."))
        return redirect("accounts:profile")
    band_form = AgeBandRequestForm(request.POST)
    if band_form.is_valid():
        try:
            actions.request_age_band_change(
                user, request.POST.get("to_band", ""), band_form.cleaned_data["note"]
            )
        except actions.AgeBandRequestError as exc:
            band_form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Your request is with the moderators. Nothing changes until one of them "
                    "approves it, and we will tell you what they decide."
                ),
            )
            return redirect("accounts:profile")
    form = ProfileForm(instance=user)
    return render(
        request,
        "accounts/profile.html",
        {"form": form, **_age_band_context(request, band_form)},
        status=400,
    )


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/mfa_required.html")


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything we hold about me, or erase my account."""
    error = ""
    if request.method == "POST":
        user = signed_in_user(request)
        try:
            erasure = actions.erase_account(user, confirm_handle=request.POST.get("handle", ""))
        except actions.ErasureError:
            error = _("Type your handle exactly to confirm.")
        else:
            logout(request)
            if erasure.done:
                messages.success(
                    request,
                    _("Your account and personal data have been erased. Take care of yourself."),
                )
            else:
                assert erasure.deadline is not None
                messages.info(
                    request,
                    actions.erasure_waits_text(user, erasure.deadline, erasure.reasons)
                    + " "
                    + _("We have sent you this by e-mail too. Take care of yourself."),
                )
            return redirect("home")
    return render(request, "accounts/my_data.html", {"error": error})


@login_required
def download_my_data(request: HttpRequest) -> HttpResponse:
    data = actions.export_personal_data(request.user)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="alongside-my-data.json"'
    return response
