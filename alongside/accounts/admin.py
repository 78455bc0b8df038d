from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from alongside.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["handle"]
    list_display = ["handle", "email", "is_moderator", "is_on_call", "is_superuser", "is_active", "date_joined"]
    list_filter = ["is_moderator", "is_on_call", "is_superuser", "is_active", "age_band"]
    search_fields = ["handle", "email"]
    fieldsets = (
        (None, {"fields": ("email", "handle", "password")}),
        ("Profile", {"fields": ("languages", "ui_language", "timezone", "country", "age_band", "contexts")}),
        ("Roles", {"fields": ("is_active", "is_moderator", "is_on_call", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "handle", "password1", "password2")}),)
