"""The demo has outcomes content: charts for the demo member, unsuppressed dashboards, a report."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo import load_demo_data
from alongside.groups.models import Group
from alongside.outcomes import queries
from alongside.outcomes.report import identification_report
from alongside.safety.models import CrisisAlert
from tests.conftest import client_for


def test_demo_outcomes_fill_the_dashboards(db: Any) -> None:
    assert load_demo_data()
    fern = User.objects.get(handle="quietfern")
    page = client_for(fern).get(reverse("outcomes:progress")).content.decode()
    assert page.count('role="img"') >= 4
    assert "Check-ins due" in page
    tuesday = Group.objects.get(name="Tuesday Evening Depression Support")
    eff = queries.effectiveness([tuesday], tuesday.name)
    assert not eff.joined.suppressed and not eff.phq9_first.suppressed
    overall = queries.effectiveness(list(Group.objects.all()), "all")
    assert overall.reliable_improvement.shown and overall.recovery.shown
    report = identification_report(queries.research_participants())
    assert report.n_analysed >= 40
    assert report.median_split is not None and report.median_split.difference is not None
    # The safety demo raises two alerts on purpose (summaries "Demo: …"); the outcomes data must raise none.
    assert not [a for a in CrisisAlert.objects.all() if not a.summary.startswith("Demo:")]
