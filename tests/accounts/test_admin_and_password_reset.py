from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.urls import reverse

from tests.conftest import client_for


def test_admins_manage_people_and_groups_in_django_admin(ada: Any, alice: Any, group: Any) -> None:
    c = client_for(ada)
    assert "alice" in c.get("/admin/accounts/user/").content.decode()
    assert group.name in c.get("/admin/groups/group/").content.decode()


def test_members_and_facilitators_cannot_use_django_admin(alice: Any, fay: Any) -> None:
    for person in (alice, fay):
        response = client_for(person).get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_audit_log_cannot_be_edited_in_admin(ada: Any) -> None:
    page = client_for(ada).get("/admin/core/auditentry/").content.decode()
    assert "Add audit entry" not in page


def test_a_forgotten_password_can_be_reset_by_email(client: Any, alice: Any) -> None:
    client.post(reverse("account_reset_password"), {"email": alice.email})
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    assert link
    response = client.get(link.group(0), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(0)
    client.post(
        form_url, {"password1": "a brand new phrase 7", "password2": "a brand new phrase 7"}
    )
    assert client.login(email=alice.email, password="a brand new phrase 7")
