from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from alongside.accounts.models import AgeBandRequest, User
from alongside.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["handle"]
    list_display = [
        "handle",
        "email",
        "is_moderator",
        "is_on_call",
        "is_superuser",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_moderator", "is_on_call", "is_superuser", "is_active", "age_band"]
    search_fields = ["handle", "email"]
    # Moving into or out of the under-18 band is a moderator-approved request (safety:age_bands),
    # which ends the memberships that would mix youth and adults and tells the member.
    readonly_fields = ["age_band"]
    fieldsets = (
        (None, {"fields": ("email", "handle", "password")}),
        (
            "Profile",
            {"fields": ("languages", "ui_language", "timezone", "country", "age_band", "contexts")},
        ),
        (
            "Roles",
            {"fields": ("is_active", "is_moderator", "is_on_call", "is_staff", "is_superuser")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "handle", "password1", "password2")}),
    )


@admin.register(AgeBandRequest)
class AgeBandRequestAdmin(ReadOnlyAdmin):
    """Decided on the safety dashboard (safety:age_bands), which ends the memberships that would
    mix youth and adults and tells the member."""

    list_display = [
        "user",
        "from_band",
        "to_band",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "to_band"]
