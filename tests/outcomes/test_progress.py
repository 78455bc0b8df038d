"""My progress: charts with a table, join dates marked, my own data as CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.outcomes import actions
from tests.conftest import client_for, join
from tests.outcomes.helpers import answer_at, gad7, phq9


def test_my_progress_shows_a_chart_and_a_table_per_measure(alice: Any, group: Any) -> None:
    join(alice, group)
    now = timezone.now()
    answer_at(alice, "phq9", phq9(15), now - timedelta(weeks=8))
    answer_at(alice, "phq9", phq9(11), now - timedelta(weeks=4))
    answer_at(alice, "phq9", phq9(7), now)
    answer_at(alice, "gad7", gad7(9), now)
    page = client_for(alice).get(reverse("outcomes:progress")).content.decode()
    assert page.count('role="img"') == 2
    assert 'aria-label="PHQ-9 over time: 3 check-ins, latest 7"' in page
    assert "moderately severe" in page  # band names on the chart
    assert "1 = Evening Depression Support" in page
    assert "<table>" in page and "<td>15</td>" in page
    assert "a score is not a diagnosis" in page


def test_progress_with_nothing_yet_is_kind(alice: Any) -> None:
    page = client_for(alice).get(reverse("outcomes:progress")).content.decode()
    assert "Nothing here yet" in page and "<svg" not in page


def test_my_csv_has_my_answers_and_nobody_elses(alice: Any, bob: Any) -> None:
    actions.submit_response(alice, "phq9", phq9(12))
    actions.submit_response(bob, "gad7", gad7(20))
    response = client_for(alice).get(reverse("outcomes:export_mine"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["questionnaire"] for r in rows} == {"PHQ-9"}
    assert len(rows) == 9
    assert sum(int(r["answer"]) for r in rows) == 12
    assert rows[0]["item"] == "Little interest or pleasure in doing things"


def test_email_reminders_can_be_turned_off(alice: Any) -> None:
    client = client_for(alice)
    client.post(reverse("outcomes:reminders"), {})
    page = client.get(reverse("outcomes:progress")).content.decode()
    assert 'id="email_reminders" name="email_reminders" checked' not in page
    client.post(reverse("outcomes:reminders"), {"email_reminders": "on"})
    assert (
        'name="email_reminders" checked'
        in client.get(reverse("outcomes:progress")).content.decode()
    )


def test_charts_use_no_inline_styles_so_the_content_security_policy_allows_them(alice: Any) -> None:
    answer_at(alice, "phq9", phq9(12))
    page = client_for(alice).get(reverse("outcomes:progress")).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "style=" not in svg and "<style" not in svg
    assert 'fill="#1d5c63"' in svg or "#1d5c63" in svg


def test_my_data_export_and_erasure_include_check_ins(alice: Any) -> None:
    from alongside.accounts.actions import erase_account, export_personal_data
    from alongside.outcomes.models import Response

    actions.submit_response(alice, "phq9", phq9(12))
    actions.set_research_consent(alice, True)
    data = export_personal_data(alice)
    assert data["outcomes"]["responses"][0]["score"] == 12
    assert data["outcomes"]["responses"][0]["answers"] == phq9(12)
    assert data["outcomes"]["research_consent"][0]["consented"] is True
    erase_account(alice, confirm_handle="alice")
    assert not Response.objects.filter(user=alice).exists()
