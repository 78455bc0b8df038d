"""Shared test fixtures: a tiny cast of named people (healthchecks style).

alice, bob: adult members-to-be; fay: facilitator of `group`; mo: on-call moderator;
ada: admin; tess: under 18.
"""

from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from alongside.accounts.models import AgeBand, User
from alongside.groups import actions as group_actions
from alongside.groups.models import Group

PASSWORD = "correct horse battery staple"


def make_user(handle: str, **extra: Any) -> User:
    email = f"{handle}@example.org"
    user = User.objects.create_user(email, PASSWORD, handle=handle, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def join(user: User, group: Group, share: bool = False) -> Any:
    version = group.current_guidelines()
    assert version is not None
    membership = group_actions.join_group(
        user,
        group,
        guidelines_version_id=version.pk,
        guidelines=True,
        confidentiality=True,
        crisis_policy=True,
    )
    if share:
        group_actions.start_sharing(user, group)
    return membership


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice(db: Any) -> User:
    return make_user("alice", country="GB")


@pytest.fixture
def bob(db: Any) -> User:
    return make_user("bob", country="US")


@pytest.fixture
def fay(db: Any) -> User:
    return make_user("fay")


@pytest.fixture
def mo(db: Any) -> User:
    return make_user("mo", is_moderator=True, is_on_call=True)


@pytest.fixture
def ada(db: Any) -> User:
    return make_user("ada", is_superuser=True, is_staff=True)


@pytest.fixture
def tess(db: Any) -> User:
    return make_user("tess", age_band=AgeBand.UNDER_18)


@pytest.fixture
def group(fay: User) -> Group:
    return group_actions.create_group(
        creator=fay,
        name="Evening Depression Support",
        purpose="A weekly space for adults living with depression.",
        focus="depression",
        audience="adults",
        format="hybrid",
        leadership="peer",
        location="Room 2, 14 Mill Lane",
        capacity=12,
    )


@pytest.fixture
def youth_group(fay: User) -> Group:
    return group_actions.create_group(
        creator=fay,
        name="Teen Space",
        purpose="For under-18s.",
        focus="wellbeing",
        audience="youth",
        format="online",
        leadership="professional",
    )


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Staff MFA enforcement has its own tests; elsewhere staff act without enrolling TOTP.
    settings.STAFF_MFA_REQUIRED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Rate-limit counters live in the cache: start every test with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _second_look_off(settings: Any) -> None:
    """The safety second look runs the sentence encoder (~0.1–0.3 s a message): tests that
    check it turn it on with settings.SECOND_LOOK = "now"."""
    settings.SECOND_LOOK = "off"
