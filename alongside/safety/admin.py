"""Safety in the admin: read-only. Alerts, reports, sanctions and appeals are handled on the
safety dashboard, where each step is checked, time-stamped, audited and told to the member.
What a member wrote (alert summaries, appeal text) is not shown here: reading it is audited there."""

from django.contrib import admin

from alongside.core.admin import ReadOnlyAdmin
from alongside.safety.models import Appeal, CrisisAlert, QueueItem, Restriction, Sanction


@admin.register(CrisisAlert)
class CrisisAlertAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "level",
        "status",
        "tier",
        "group",
        "created_at",
        "acknowledged_at",
        "resolved_at",
    ]
    list_filter = ["level", "status", "tier"]
    date_hierarchy = "created_at"
    fields = [
        "member",
        "group",
        "level",
        "status",
        "tier",
        "source",
        "object_id",
        "created_at",
        "escalated_at",
        "acknowledged_at",
        "acknowledged_by",
        "contacted_at",
        "contacted_by",
        "resolved_at",
        "resolved_by",
    ]


@admin.register(QueueItem)
class QueueItemAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "status", "group", "created_at", "decision", "decided_at"]
    list_filter = ["kind", "status"]
    fields = [
        "kind",
        "status",
        "group",
        "author",
        "reporter",
        "created_at",
        "decision",
        "decided_by",
        "decided_at",
    ]


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "member", "group", "created_by", "created_at", "overturned_at"]
    list_filter = ["kind"]
    fields = [
        "member",
        "group",
        "kind",
        "reason",
        "restriction",
        "created_by",
        "created_at",
        "overturned_at",
    ]


@admin.register(Restriction)
class RestrictionAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "user", "group", "until", "lifted_at"]
    list_filter = ["kind"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["id", "member", "status", "created_at", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    fields = ["sanction", "member", "status", "created_at", "reviewed_by", "reviewed_at"]
