from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        from django.conf import settings

        return bool(getattr(settings, "ALONGSIDE_SIGNUP_OPEN", True))

    def populate_username(self, request: HttpRequest, user: Any) -> None:
        # No usernames: people sign in with e-mail and appear by handle.
        return None
