"""The admin an operator needs: every model with plain names, one "Groups", safety and meetings
read-only, and a background-work page of our own that works under the CSP."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.urls import reverse

from alongside.accounts.models import AgeBandRequest
from alongside.groups.models import ConsentRecord, WaitlistEntry
from alongside.meetings.models import Meeting
from alongside.rooms.models import Room
from alongside.safety.models import CrisisAlert
from tests.conftest import client_for


def test_the_index_has_one_groups_and_plain_names(ada: Any) -> None:
    page = client_for(ada).get(reverse("admin:index")).content.decode()
    assert page.count(">Groups<") == 1
    assert "Waitlist entries" in page and "Waitlist entrys" not in page
    for name in ("Crisis alerts", "Meetings", "Rooms", "Consent records", "Age band requests"):
        assert name in page, name
    assert "Background work" in page
    assert "Django-RQ" not in page


def test_records_of_what_happened_are_read_only(ada: Any) -> None:
    client = client_for(ada)
    for model in (ConsentRecord, CrisisAlert, Meeting, Room, AgeBandRequest):
        assert model in admin.site._registry, model
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        assert client.get(url).status_code == 403, model
    assert WaitlistEntry in admin.site._registry


def test_the_age_band_is_not_edited_in_the_admin(ada: Any, alice: Any) -> None:
    page = (
        client_for(ada).get(reverse("admin:accounts_user_change", args=[alice.pk])).content.decode()
    )
    assert 'name="age_band"' not in page


def test_the_background_work_page_has_no_inline_script(ada: Any, settings: Any) -> None:
    response = client_for(ada).get(reverse("admin:background_work"))
    body = response.content.decode()
    assert response.status_code == 200
    if settings.TASK_QUEUE == "redis":  # the PostgreSQL + Redis run: the queue's counts
        assert "<caption>Queues</caption>" in body and '<th scope="row">default</th>' in body
    else:
        assert "in-process" in body
    assert "<script>" not in body and "onclick=" not in body


def test_members_cannot_see_the_background_work_page(alice: Any) -> None:
    response = client_for(alice).get(reverse("admin:background_work"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
