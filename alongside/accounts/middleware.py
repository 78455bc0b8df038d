from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation

from alongside.accounts.queries import has_totp, is_staff_anywhere

# Paths a staff member may use before enrolling TOTP (so they can enrol and sign out).
MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")
STAFF_PREFIXES = ("/safety/", "/admin/", "/groups/new/")


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
    """Staff pages require the staff member to have TOTP two-factor enrolled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.STAFF_MFA_REQUIRED and self._needs_enrolment(request):
            return redirect("accounts:mfa_required")
        return self.get_response(request)

    @staticmethod
    def _needs_enrolment(request: HttpRequest) -> bool:
        path = request.path
        if path.startswith(MFA_EXEMPT_PREFIXES) or path.startswith("/me/two-factor-required"):
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        staff_page = path.startswith(STAFF_PREFIXES) or "/manage" in path
        return staff_page and is_staff_anywhere(user) and not has_totp(user)
