"""The Django admin site, under the same two-factor rule as every other staff power
(accounts/roles.py): an admin or staff account without TOTP, when staff MFA is required, is sent
to enrolment instead of the admin."""

from __future__ import annotations

from functools import update_wrapper
from typing import Any

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from alongside.accounts.roles import staff_powers_enabled
from alongside.core.background import queue_states


def _needs_enrolment(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not staff_powers_enabled(user)
    )


class AlongsideAdminSite(AdminSite):
    site_header = "Alongside administration"
    site_title = "Alongside admin"
    index_title = "Administration"

    def get_urls(self) -> list[Any]:
        return [
            path("background-work/", self.admin_view(self.background_work), name="background_work"),
            *super().get_urls(),
        ]

    def background_work(self, request: HttpRequest) -> HttpResponse:
        """The task queue at a glance: our own page, working under the Content Security Policy."""
        states, problem = queue_states()
        return TemplateResponse(
            request,
            "admin/background_work.html",
            {
                **self.each_context(request),
                "title": "Background work",
                "queues": states,
                "problem": problem,
                "task_queue": settings.TASK_QUEUE,
                "heartbeat_max_age": settings.WORKER_HEARTBEAT_MAX_AGE,
            },
        )

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and staff_powers_enabled(request.user)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        protected = super().admin_view(view, cacheable)

        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if _needs_enrolment(request):  # straight to enrolment, not to the admin's sign-in
                return redirect("accounts:mfa_required")
            return protected(request, *args, **kwargs)

        return update_wrapper(inner, protected)

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if _needs_enrolment(request):
            return redirect("accounts:mfa_required")
        return super().login(request, extra_context)


class AlongsideAdminConfig(AdminConfig):
    default_site = "alongside.admin_site.AlongsideAdminSite"
