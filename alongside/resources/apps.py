from typing import Any

from django.apps import AppConfig


def _export(user: Any) -> dict[str, Any]:
    from alongside.resources.models import SharedResource, Vote

    return {
        "shared_links": [
            {
                "group": s.group.slug,
                "title": s.title,
                "url": s.url,
                "why": s.why,
                "status": s.status,
                "shared": s.created_at.isoformat(),
            }
            for s in SharedResource.objects.filter(author=user).select_related("group")
        ],
        "poll_votes": [
            {
                "group": v.poll.group.slug,
                "question": v.poll.question,
                "choice": v.option.text,
                "voted": v.voted_at.isoformat(),
            }
            for v in Vote.objects.filter(voter=user).select_related("poll__group", "option")
        ],
    }


def _erase(user: Any) -> None:
    from alongside.resources.models import SharedResource, Vote

    # What they wrote goes; a vote is removed too, so results no longer count it.
    SharedResource.objects.filter(author=user).delete()
    Vote.objects.filter(voter=user).delete()


class ResourcesConfig(AppConfig):
    name = "alongside.resources"
    label = "resources"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register

        register(
            "resources",
            export=_export,
            erase=_erase,
            covers={
                "resources.SharedResource": "exported; deleted on erasure",
                "resources.Vote": "exported; deleted on erasure",
                "resources.Poll": "the group's poll: kept; the creator is the anonymised account",
                "resources.LibraryResource": "staff's work: kept; who added it is the anonymised account",
            },
        )
