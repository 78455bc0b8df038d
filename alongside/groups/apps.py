from datetime import timedelta
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _export_groups(user: Any) -> dict[str, Any]:
    from alongside.groups.models import ConsentRecord, Membership

    return {
        "memberships": [
            {
                "group": m.group.name,
                "role": m.role,
                "status": m.status,
                "joined": m.joined_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "consents": [
            {
                "group": c.group.name,
                "guidelines_version": c.guidelines_version.version,
                "at": c.created_at.isoformat(),
            }
            for c in ConsentRecord.objects.filter(user=user).select_related(
                "group", "guidelines_version"
            )
        ],
    }


def _erase_groups(user: Any) -> None:
    from alongside.groups.actions import leave_all_groups
    from alongside.groups.models import WaitlistEntry

    # Through the action, so each freed place (or one held for them) goes to the next waiting.
    leave_all_groups(user, reason="account erased")
    WaitlistEntry.objects.filter(user=user).delete()


class GroupsConfig(AppConfig):
    name = "alongside.groups"
    label = "groups"
    verbose_name = _("Support groups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.core import periodic
        from alongside.groups.actions import expire_waitlist_holds

        # A place held 72 hours for someone on the waitlist passes to the next person waiting.
        periodic.register(
            "groups.expire_waitlist_holds",
            every=timedelta(minutes=15),
            function=expire_waitlist_holds,
        )
        # Consent records are kept after erasure (proof of what was agreed), tied to the
        # anonymised account; memberships end.
        register(
            "groups",
            export=_export_groups,
            erase=_erase_groups,
            covers={
                "groups.Membership": "exported; ended on erasure (kept, tied to the anonymised account)",
                "groups.ConsentRecord": "exported; kept on erasure as proof of what was agreed",
                "groups.WaitlistEntry": "deleted on erasure",
                "groups.Group": "staff's work (name, purpose): kept; the creator is the anonymised account",
                "groups.GuidelinesVersion": "staff's work: kept; the author is the anonymised account",
            },
        )
