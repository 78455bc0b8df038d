"""Answering a questionnaire: scoring, clear errors, encryption, the item-9 path."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from alongside.core.models import AuditEntry
from alongside.outcomes import actions
from alongside.outcomes.models import Response
from alongside.outcomes.scoring import AnswersInvalid
from tests.conftest import client_for, join
from tests.outcomes.helpers import phq9


def post_phq9(client: Any, answers: dict[str, int]) -> Any:
    return client.post(reverse("outcomes:answer", args=["phq9"]), answers)


def test_a_member_answers_the_phq9_and_sees_the_score_and_band(alice: Any) -> None:
    client = client_for(alice)
    page = client.get(reverse("outcomes:answer", args=["phq9"])).content.decode()
    assert "Little interest or pleasure in doing things" in page
    assert "No permission required to reproduce, translate, display or distribute." in page
    response = post_phq9(client, phq9(12))
    assert response.status_code == 302
    result = client.get(response["Location"]).content.decode()
    assert "<strong>12</strong>" in result and "moderate" in result
    assert "crisis-help" not in result


def test_a_missing_answer_is_named_and_nothing_is_saved(alice: Any) -> None:
    answers = phq9(5)
    del answers["q4"]
    page = post_phq9(client_for(alice), answers)
    assert page.status_code == 200
    assert "Please choose an answer for this question." in page.content.decode()
    assert not Response.objects.exists()


def test_an_out_of_range_answer_is_refused_by_the_action(alice: Any) -> None:
    with pytest.raises(AnswersInvalid) as excinfo:
        actions.submit_response(alice, "phq9", {**phq9(5), "q2": 7})
    assert "out of range" in excinfo.value.errors["q2"]
    assert not Response.objects.exists()


def test_answers_are_encrypted_at_rest_and_totals_are_not(alice: Any) -> None:
    response = actions.submit_response(alice, "phq9", phq9(12))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers_json, score FROM outcomes_response WHERE id = %s", [response.pk]
        )
        stored, score = cursor.fetchone()
    assert stored.startswith("fernet:") and '"q1"' not in stored
    assert score == 12
    assert Response.objects.get().answers == phq9(12)


def test_item_9_shows_crisis_resources_at_once_and_raises_an_alert(alice: Any) -> None:
    client = client_for(alice)
    response = post_phq9(client, phq9(4, item9=1))
    result = client.get(response["Location"]).content.decode()
    assert "crisis-help" in result
    assert "call your local emergency number" in result
    assert 'href="/resources/crisis/"' in result
    alert = AuditEntry.objects.get(action="safety.crisis_alert")
    saved = Response.objects.get()
    assert alert.subject_user == alice
    assert alert.details["source"] == "phq9"
    assert alert.details["object_id"] == saved.pk
    assert alert.details["level"] == "concern"


def test_item_9_answered_more_than_half_the_days_is_a_high_alert(alice: Any) -> None:
    actions.submit_response(alice, "phq9", phq9(20, item9=2))
    assert AuditEntry.objects.get(action="safety.crisis_alert").details["level"] == "high"


def test_item_9_not_at_all_raises_no_alert_even_with_a_high_total(alice: Any) -> None:
    actions.submit_response(alice, "phq9", phq9(24, item9=0))
    assert not AuditEntry.objects.filter(action="safety.crisis_alert").exists()


def test_nobody_else_can_open_my_result(alice: Any, bob: Any, ada: Any) -> None:
    response = actions.submit_response(alice, "phq9", phq9(12))
    url = reverse("outcomes:result", args=[response.pk])
    assert client_for(bob).get(url).status_code == 404
    assert client_for(ada).get(url).status_code == 404
    assert client_for(alice).get(url).status_code == 200


def test_a_positive_phq2_suggests_the_fuller_check_in(alice: Any) -> None:
    client = client_for(alice)
    response = client.post(reverse("outcomes:answer", args=["phq2"]), {"q1": 2, "q2": 1})
    page = client.get(response["Location"]).content.decode()
    assert "Do the fuller check-in" in page


def test_identification_is_asked_about_a_named_group_i_belong_to(
    alice: Any, bob: Any, group: Any
) -> None:
    join(alice, group)
    client = client_for(alice)
    page = client.get(
        reverse("outcomes:answer", args=["id4"]) + f"?group={group.slug}"
    ).content.decode()
    assert "I identify with Evening Depression Support" in page
    response = client.post(
        reverse("outcomes:answer", args=["id4"]) + f"?group={group.slug}",
        {"q1": 6, "q2": 6, "q3": 7, "q4": 5},
    )
    assert response.status_code == 302
    assert Response.objects.get(instrument="id4").score == 6
    outsider = client_for(bob).get(
        reverse("outcomes:answer", args=["id4"]) + f"?group={group.slug}"
    )
    assert outsider.status_code == 403
