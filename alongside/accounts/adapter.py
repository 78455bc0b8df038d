from __future__ import annotations

from contextlib import nullcontext
from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from alongside.accounts.language import in_language_of
from alongside.accounts.models import User
from alongside.core.mail import branded_subject, organisation_name


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "ALONGSIDE_SIGNUP_OPEN", True))

    def populate_username(self, request: HttpRequest, user: Any) -> None:
        # No usernames: people sign in with e-mail and appear by handle.
        return None

    def format_email_subject(self, subject: str) -> str:
        return branded_subject(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's e-mails (confirm your address, reset your password…) name the organisation,
        never the host, and speak the person's language when we know them."""
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        organisation = organisation_name()
        context = {
            **context,
            "organisation": organisation,
            # allauth's own templates that we don't override say "site" name and domain.
            "current_site": SimpleNamespace(name=organisation, domain=organisation),
        }
        with in_language_of(user) if user is not None else nullcontext():
            super().send_mail(template_prefix, email, context)
