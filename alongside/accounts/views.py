from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts import actions
from alongside.accounts.forms import ProfileForm
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
    return render(request, "accounts/profile.html", {"form": form})


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
                messages.success(request, _("Your account and personal data have been erased. Take care of yourself."))
            else:
                assert erasure.deadline is not None
                messages.info(request, actions.erasure_waits_text(user, erasure.deadline, erasure.reasons)
                              + " " + _("We have sent you this by e-mail too. Take care of yourself."))
            return redirect("home")
    return render(request, "accounts/my_data.html", {"error": error})


@login_required
def download_my_data(request: HttpRequest) -> HttpResponse:
    data = actions.export_personal_data(request.user)  # type: ignore[arg-type]
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="alongside-my-data.json"'
    return response
