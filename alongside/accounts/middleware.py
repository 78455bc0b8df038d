from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from alongside.accounts.roles import staff_power_withheld
from alongside.core.middleware import wants_json


class UserLanguageMiddleware:
    """Use the member's chosen interface language when they have set one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.ui_language:
            translation.activate(user.ui_language)
            request.LANGUAGE_CODE = user.ui_language
        return self.get_response(request)


class StaffMFAMiddleware:
    """Staff powers need TOTP two-factor (ALONGSIDE_STAFF_MFA_REQUIRED). Whether a request uses
    one is decided by the access functions (accounts/roles.py): when one of them refused a staff
    power for want of TOTP and the request ended refused (403, or 404 for staff ids), a page
    sends the person to enrolment and the API says what to do. Nothing here looks at the URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404) and settings.STAFF_MFA_REQUIRED:
            user = getattr(request, "user", None)
            if user is not None and staff_power_withheld(user):
                return self._enrol(request)
        return response

    @staticmethod
    def _enrol(request: HttpRequest) -> HttpResponse:
        url = reverse("accounts:mfa_required")
        if wants_json(request):
            return JsonResponse(
                {
                    "detail": _(
                        "Staff powers need two-factor authentication. Set up an "
                        "authenticator app first: %(url)s"
                    )
                    % {"url": url},
                    "enrol": url,
                },
                status=403,
            )
        return redirect(url)
