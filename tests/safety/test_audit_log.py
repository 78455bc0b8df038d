"""The audit log for staff (moderators: safety events; admins: everything), filterable and paged;
and reads audited once per viewing of a record, not again after each action's redirect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse

from alongside.core.models import AuditEntry
from alongside.groups import actions as group_actions
from alongside.safety import actions
from tests.conftest import client_for, join, make_user

AUDIT = reverse("safety:audit")


def rows(html: str) -> list[str]:
    """The table rows of the audit page, as text."""
    if "<tbody>" not in html:
        return []
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return body.split("<tr>")[1:]


def reads(actor: Any, action: str = "safety.alert.read_notes") -> int:
    return AuditEntry.objects.filter(actor=actor, action=action).count()


@pytest.fixture
def history(group: Any, alice: Any, bob: Any, fay: Any, mo: Any) -> Any:
    join(alice, group, share=True)
    join(bob, group, share=True)
    alert = actions.raise_crisis_alert(alice, level="high", group=group)
    actions.acknowledge_alert(mo, alert)
    actions.apply_sanction(fay, bob, group, "warn", "Be kind.")
    group_actions.remove_member(fay, group, bob.pk, "Left the rules behind.")  # not a safety event
    return alert


def test_moderators_see_safety_events_and_admins_see_everything(
    history: Any, mo: Any, ada: Any
) -> None:
    moderator = client_for(mo).get(AUDIT).content.decode()
    assert "safety.crisis_alert" in moderator and "safety.sanction.warn" in moderator
    assert "group.remove_member" not in moderator
    admin = client_for(ada).get(AUDIT).content.decode()
    assert "group.remove_member" in admin and "safety.sanction.warn" in admin


def test_facilitators_and_members_cannot_read_it(history: Any, fay: Any, alice: Any) -> None:
    assert client_for(fay).get(AUDIT).status_code == 403
    assert client_for(alice).get(AUDIT).status_code == 403


def test_it_filters_by_person_group_kind_and_dates(
    history: Any, group: Any, mo: Any, alice: Any, bob: Any
) -> None:
    c = client_for(mo)
    by_person = rows(c.get(AUDIT, {"person": "BOB"}).content.decode())  # by handle, any case
    assert by_person and all(">bob</td>" in r for r in by_person)
    assert any("safety.sanction.warn" in r for r in by_person)
    assert not any("safety.crisis_alert<" in r for r in by_person)

    kind = rows(c.get(AUDIT, {"kind": "safety.alert.acknowledge"}).content.decode())
    assert len(kind) == 1 and ">mo</td>" in kind[0] and ">alice</td>" in kind[0]

    other = group_actions.create_group(
        creator=make_user("otto"),
        name="Anxiety Circle",
        purpose="For anxiety.",
        focus="anxiety",
        audience="adults",
        format="online",
        leadership="peer",
    )
    actions.record_audit_event(None, "safety.hold", group=other)
    in_group = rows(c.get(AUDIT, {"group": group.slug}).content.decode())
    assert in_group and all("Evening Depression Support" in r for r in in_group)
    assert len(rows(c.get(AUDIT, {"group": other.slug}).content.decode())) == 1

    today = datetime.now(UTC).date()
    assert rows(
        c.get(
            AUDIT,
            {"since": str(today - timedelta(days=1)), "until": str(today + timedelta(days=1))},
        ).content.decode()
    )
    assert rows(c.get(AUDIT, {"until": str(today - timedelta(days=2))}).content.decode()) == []


def test_bad_filters_get_a_clear_error(history: Any, mo: Any) -> None:
    response = client_for(mo).get(AUDIT, {"person": "nobody-here"})
    assert (
        response.status_code == 400
        and "Nobody has the handle “nobody-here”." in response.content.decode()
    )
    response = client_for(mo).get(AUDIT, {"since": "2026-03-10", "until": "2026-03-01"})
    assert (
        response.status_code == 400
        and "The end of the range is before its start." in response.content.decode()
    )
    response = client_for(mo).get(AUDIT, {"since": "yesterday"})
    assert response.status_code == 400 and "Enter a valid date." in response.content.decode()


def test_it_is_paged_and_pages_keep_the_filters(group: Any, alice: Any, mo: Any) -> None:
    for n in range(60):
        actions.record_audit_event(None, "safety.hold", subject_user=alice, group=group, n=n)
    c = client_for(mo)
    first = c.get(AUDIT, {"kind": "safety.hold"}).content.decode()
    assert len(rows(first)) == 50 and "Page 1 of 2" in first
    assert "?kind=safety.hold&amp;page=2" in first
    second = c.get(AUDIT, {"kind": "safety.hold", "page": "2"}).content.decode()
    assert len(rows(second)) == 10
    assert "n: 0" in second and "n: 59" in first  # newest first


def test_reading_the_log_is_audited_once_per_viewing_of_the_same_filters(
    group: Any, alice: Any, mo: Any
) -> None:
    for n in range(60):
        actions.record_audit_event(None, "safety.hold", subject_user=alice, group=group, n=n)
    c = client_for(mo)
    c.get(AUDIT, {"kind": "safety.hold"})
    c.get(AUDIT, {"kind": "safety.hold", "page": "2"})
    assert reads(mo, "safety.audit.view") == 1
    c.get(AUDIT, {"person": "alice"})
    assert reads(mo, "safety.audit.view") == 2
    assert AuditEntry.objects.filter(
        action="safety.audit.view", details__filters={"person": "alice"}
    ).exists()


def test_staff_two_factor_applies(history: Any, mo: Any, settings: Any) -> None:
    settings.STAFF_MFA_REQUIRED = True
    response = client_for(mo).get(AUDIT)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:mfa_required")


# --- once per viewing ---


def test_an_alert_page_is_audited_once_however_many_actions_redirect_back(
    history: Any, mo: Any
) -> None:
    alert = history
    page = reverse("safety:alert", args=[alert.pk])
    c = client_for(mo)
    c.get(page)
    assert reads(mo) == 1
    for step, note in (
        ("note", "Called; no answer."),
        ("contact", "Private message sent."),
        ("note", "She replied."),
        ("resolve", "Safe for tonight; plan agreed."),
    ):
        response = c.post(
            reverse("safety:alert_action", args=[alert.pk, step]), {"note": note}, follow=True
        )
        assert response.status_code == 200 and note in response.content.decode()  # the page, again
    assert reads(mo) == 1
    c.get(page)  # opened again: a new viewing
    assert reads(mo) == 2


def test_a_redirect_continues_a_viewing_only_for_a_short_while(history: Any, mo: Any) -> None:
    from alongside.safety import viewing

    alert = history
    page = reverse("safety:alert", args=[alert.pk])
    c = client_for(mo)
    c.get(page)
    c.post(reverse("safety:alert_action", args=[alert.pk, "note"]), {"note": "Later."})
    session = c.session
    entry = session[viewing.SESSION_KEY][f"alert:{alert.pk}"]
    entry["continue_until"] -= (
        viewing.CONTINUE_SECONDS + 1
    )  # the redirect was never followed in time
    session.save()
    c.get(page)
    assert reads(mo) == 2


def test_an_action_without_an_earlier_read_does_not_skip_the_audit(history: Any, mo: Any) -> None:
    alert = history
    c = client_for(mo)
    c.post(reverse("safety:alert_action", args=[alert.pk, "note"]), {"note": "From elsewhere."})
    c.get(reverse("safety:alert", args=[alert.pk]))
    assert reads(mo) == 1


def test_viewings_are_per_person(history: Any, mo: Any, fay: Any) -> None:
    alert = history
    page = reverse("safety:alert", args=[alert.pk])
    client_for(mo).get(page)
    client_for(fay).get(page)
    assert reads(mo) == 1 and reads(fay) == 1
