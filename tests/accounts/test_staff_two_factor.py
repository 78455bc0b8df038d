"""Staff (facilitators, moderators, admins) must enrol TOTP before staff pages open."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.conftest import client_for


def enrol_totp(user: Any) -> None:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})


def test_a_facilitator_without_totp_is_sent_to_set_it_up(settings: Any, fay: Any, group: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    response = client_for(fay).get(reverse("groups:manage", args=[group.slug]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_required")


def test_a_facilitator_with_totp_reaches_staff_pages(settings: Any, fay: Any, group: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    enrol_totp(fay)
    assert client_for(fay).get(reverse("groups:manage", args=[group.slug])).status_code == 200


def test_moderators_and_admins_need_totp_for_the_admin(settings: Any, mo: Any, ada: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    assert client_for(ada).get("/admin/")["Location"] == reverse("accounts:mfa_required")
    enrol_totp(ada)
    assert client_for(ada).get("/admin/").status_code == 200


def test_members_are_not_asked_for_totp(settings: Any, alice: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    assert client_for(alice).get(reverse("groups:directory")).status_code == 200
    assert client_for(alice).get(reverse("accounts:profile")).status_code == 200


def test_the_setup_page_offers_an_authenticator_app(settings: Any, fay: Any, group: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    page = client_for(fay).get(reverse("accounts:mfa_required")).content.decode()
    assert reverse("mfa_activate_totp") in page
