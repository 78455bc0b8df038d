from django.contrib import admin

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
    list_display = ["name", "focus", "audience", "format", "leadership", "language", "visibility", "status"]
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
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "guidelines_version", "created_at"]
    list_filter = ["group"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(WaitlistEntry, list_display=["user", "group", "status", "created_at"])
