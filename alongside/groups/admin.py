from django.contrib import admin
from django.contrib.auth.models import Group as PermissionGroup

from alongside.core.admin import ReadOnlyAdmin
from alongside.groups.models import (
    ConsentRecord,
    Group,
    GuidelinesVersion,
    Membership,
    WaitlistEntry,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "facilitator_kind", "status"]
    raw_id_fields = ["user"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "focus",
        "audience",
        "format",
        "leadership",
        "language",
        "visibility",
        "status",
    ]
    list_filter = ["focus", "audience", "format", "leadership", "language", "visibility", "status"]
    search_fields = ["name", "purpose"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(GuidelinesVersion)
class GuidelinesVersionAdmin(admin.ModelAdmin):
    list_display = ["group", "version", "created_at", "created_by"]
    list_filter = ["group"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # a change is a new version, made by a facilitator


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    """Proof of what each member agreed to: made only by agreeing, never added or edited here."""

    list_display = ["user", "group", "guidelines_version", "created_at"]
    list_filter = ["group"]


admin.site.register(WaitlistEntry, list_display=["user", "group", "status", "created_at"])

# Django's permission groups are not used (roles live on accounts.User and groups.Membership):
# one "Groups" in the admin, the support groups.
if admin.site.is_registered(PermissionGroup):
    admin.site.unregister(PermissionGroup)
