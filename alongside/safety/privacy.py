"""Safety records in a person's data download, and what erasure does to them.

Export: the reports they made (with their words), the reports and holds about their writing (what
was decided, not who reported it or the reporter's words), their sanctions, mutes and suspensions
with the reasons they were given, their appeals, the notices sent to them and the crisis alerts
raised about them (when, how serious, what became of it; staff's notes are counted, not copied).
The audit log's entries about them are in the "audit" section (accounts).

Erasure keeps the facts staff need — a report was made, a decision taken, when and by whom — and
blanks what the person wrote or what describes them: their report reasons, the reasons others gave
when reporting them, their appeal texts, crisis alert summaries and the notes on them. Notices to
them are deleted. An open crisis alert keeps everything until it is resolved (the erasure waits
for it, see accounts.privacy holds); this runs again then.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from alongside.safety.models import (
    AlertNote,
    Appeal,
    CrisisAlert,
    Notice,
    QueueItem,
    Restriction,
    Sanction,
)

ERASED = ""


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_safety(user: Any) -> dict[str, Any]:
    return {
        "reports_you_made": [
            {
                "at": _iso(q.created_at),
                "about": q.source,
                "reason": q.reason,
                "status": q.status,
                "decision": q.decision,
                "decided_at": _iso(q.decided_at),
            }
            for q in QueueItem.objects.filter(kind=QueueItem.Kind.REPORT, reporter=user).order_by(
                "created_at"
            )
        ],
        # Who reported them, and in what words, stays private to protect the reporter.
        "reports_and_holds_about_your_writing": [
            {
                "at": _iso(q.created_at),
                "kind": q.kind,
                "about": q.source,
                "status": q.status,
                "reasons": q.reasons,
                "decision": q.decision,
                "decision_reason": q.decision_reason,
                "decided_at": _iso(q.decided_at),
            }
            for q in QueueItem.objects.filter(author=user).order_by("created_at")
        ],
        "sanctions": [
            {
                "at": _iso(s.created_at),
                "kind": s.kind,
                "group": s.group.name if s.group else None,
                "reason": s.reason,
                "overturned_at": _iso(s.overturned_at),
            }
            for s in Sanction.objects.filter(member=user)
            .select_related("group")
            .order_by("created_at")
        ],
        "restrictions": [
            {
                "at": _iso(r.created_at),
                "kind": r.kind,
                "group": r.group.name if r.group else None,
                "reason": r.reason,
                "until": _iso(r.until),
                "lifted_at": _iso(r.lifted_at),
            }
            for r in Restriction.objects.filter(user=user)
            .select_related("group")
            .order_by("created_at")
        ],
        "appeals": [
            {
                "at": _iso(a.created_at),
                "sanction": a.sanction.kind,
                "text": a.text,
                "status": a.status,
                "reviewed_at": _iso(a.reviewed_at),
                "review_note": a.review_note,
            }
            for a in Appeal.objects.filter(member=user)
            .select_related("sanction")
            .order_by("created_at")
        ],
        "notices": [
            {"at": _iso(n.created_at), "text": n.text, "about": n.quote, "read_at": _iso(n.read_at)}
            for n in Notice.objects.filter(user=user).order_by("created_at", "id")
        ],
        "crisis_alerts_about_you": [
            {
                "at": _iso(a.created_at),
                "level": a.level,
                "status": a.status,
                "group": a.group.name if a.group else None,
                "acknowledged_at": _iso(a.acknowledged_at),
                "contacted_at": _iso(a.contacted_at),
                "resolved_at": _iso(a.resolved_at),
                "staff_notes": a.notes.count(),
            }
            for a in CrisisAlert.objects.filter(member=user)
            .select_related("group")
            .order_by("created_at")
        ],
    }


def erase_safety(user: Any) -> None:
    open_alerts = CrisisAlert.objects.filter(member=user).exclude(
        status=CrisisAlert.Status.RESOLVED
    )
    # The words go; the facts (kind, status, decision, who decided and when) stay.
    QueueItem.objects.filter(Q(reporter=user) | Q(author=user)).update(reason=ERASED)
    Appeal.objects.filter(member=user).update(text=ERASED)
    Notice.objects.filter(user=user).delete()
    closed = CrisisAlert.objects.filter(member=user).exclude(pk__in=open_alerts.values("pk"))
    AlertNote.objects.filter(alert__in=closed).update(text=ERASED)
    closed.update(summary=ERASED, reasons=[])


COVERS = {
    "safety.QueueItem": "reports made: exported, reason blanked; reports and holds about them: decision "
    "exported, others' reasons blanked; decisions and who took them kept",
    "safety.Appeal": "exported; text blanked on erasure, the outcome and reviewer kept",
    "safety.Sanction": "exported; kept on erasure (staff's decision and its reason)",
    "safety.Restriction": "exported; kept on erasure (staff's decision and its reason)",
    "safety.Notice": "exported; deleted on erasure",
    "safety.CrisisAlert": "exported (when, level, outcome); summary and reasons blanked on erasure once resolved",
    "safety.AlertNote": "counted in the export (staff's notes); text blanked on erasure once the alert is resolved",
}
