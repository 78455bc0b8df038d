from datetime import timedelta
from typing import Any

from django.apps import AppConfig


def _group_language_changed(sender: Any, group: Any, **kwargs: Any) -> None:
    from alongside.rooms.actions import refresh_search_vectors

    refresh_search_vectors(group)  # search matches word forms in the group's language


def _surface_unanswered_first_posts() -> int:
    from django.conf import settings

    from alongside.rooms.actions import surface_unanswered_first_posts

    return len(surface_unanswered_first_posts(settings.FIRST_POST_REPLY_HOURS))


def _can_open_post(user: Any, post_id: int) -> bool:
    """A notification about a thread post opens while the post is visible (or it is their own)."""
    from alongside.rooms.models import ThreadPost, Visibility

    post = ThreadPost.objects.filter(pk=post_id).only("visibility", "author_id").first()
    return post is not None and (post.visibility == Visibility.VISIBLE or post.author_id == user.pk)


def _can_open_message(user: Any, message_id: int) -> bool:
    from alongside.rooms.models import Message, Visibility

    message = Message.objects.filter(pk=message_id).only("visibility", "author_id").first()
    return message is not None and (
        message.visibility == Visibility.VISIBLE or message.author_id == user.pk
    )


class RoomsConfig(AppConfig):
    name = "alongside.rooms"
    label = "rooms"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register
        from alongside.core import events, periodic
        from alongside.groups.signals import group_language_changed
        from alongside.notifications.access import register_target
        from alongside.rooms import content, live, privacy, revocation

        content.register()
        register(
            "rooms",
            export=privacy.export_writing,
            erase=privacy.erase_writing,
            covers=privacy.COVERS,
        )
        group_language_changed.connect(
            _group_language_changed, dispatch_uid="rooms.group_language_changed"
        )
        # Newcomers' first posts with no reply after ALONGSIDE_FIRST_POST_REPLY_HOURS go to facilitators.
        periodic.register(
            "rooms.surface_first_posts",
            every=timedelta(minutes=5),
            function=_surface_unanswered_first_posts,
        )
        events.subscribe(live.on_event)  # the hubs deliver room events to their sockets
        revocation.connect()
        # Notifications about posts and messages check them again when listed and opened (the
        # group itself is checked by notifications.access).
        register_target("thread_post", _can_open_post)
        register_target("room_message", _can_open_message)
