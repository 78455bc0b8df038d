"""Reads of rooms and threads that several places need (consumer, views, safety)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from alongside.groups import access
from alongside.groups.models import Group, GuidelinesVersion, Membership
from alongside.rooms import fulltext
from alongside.rooms.models import (
    FirstPost,
    Message,
    Room,
    RoomRead,
    Thread,
    ThreadPost,
    ThreadRead,
    Visibility,
)
from alongside.safety.models import Restriction

PAGE = 50
RESUME_LIMIT = 1000  # per frame batch; a resume larger than this continues in further batches


def last_seqs(group_ids: list[int]) -> dict[int, int]:
    return dict(Room.objects.filter(group_id__in=group_ids).values_list("group_id", "last_seq"))


def room_state(group: Group) -> Room:
    """The room's settings; a room nobody has posted in yet reads as the defaults (writes go
    through actions.ensure_room)."""
    return Room.objects.filter(group=group).first() or Room(group=group)


def _payloads(messages: QuerySet[Message]) -> list[tuple[int, int, dict[str, Any]]]:
    return _payloads_list(list(messages))


def messages_after(
    group_id: int, after: int, limit: int = RESUME_LIMIT
) -> list[tuple[int, int, dict[str, Any]]]:
    """(seq, author id, payload) of the messages after `after`, oldest first: resume."""
    qs = (
        Message.objects.filter(group_id=group_id, seq__gt=after)
        .select_related("author")
        .order_by("seq")[:limit]
    )
    return _payloads(qs)


def messages_between(group_id: int, after: int, upto: int) -> list[tuple[int, int, dict[str, Any]]]:
    qs = (
        Message.objects.filter(group_id=group_id, seq__gt=after, seq__lte=upto)
        .select_related("author")
        .order_by("seq")
    )
    return _payloads(qs)


def messages_before(
    group_id: int, before: int | None, limit: int = PAGE
) -> list[tuple[int, int, dict[str, Any]]]:
    """A page of history, oldest first, ending just before `before` (or at the newest)."""
    qs = Message.objects.filter(group_id=group_id).select_related("author")
    if before is not None:
        qs = qs.filter(seq__lt=before)
    rows = list(qs.order_by("-seq")[:limit])
    rows.reverse()
    return _payloads_list(rows)


def message_payload(m: Message, handle: str) -> dict[str, Any]:
    """A message as room clients get it (README, "Live rooms protocol")."""
    return {
        "seq": m.seq,
        "id": m.pk,
        "client_id": m.client_id,
        "author": handle,
        "html": m.html,
        "created_at": m.created_at.isoformat(),
        "pinned": m.pinned,
        "visibility": m.visibility,
        "edited": m.edited_at is not None,
        "removed": m.removed_at is not None,  # by its author: html is empty, say so in its place
    }


def _payloads_list(rows: list[Message]) -> list[tuple[int, int, dict[str, Any]]]:
    return [(m.seq, m.author_id, message_payload(m, m.author.handle)) for m in rows]


def visible_to(
    viewer: Any, group: Group, rows: list[tuple[int, int, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """What this viewer may see of each message: held ones only for their author and staff,
    hidden ones for nobody; the others become a placeholder that keeps the sequence whole."""
    staff = access.is_group_staff(viewer, group)
    out = []
    for seq, author_id, payload in rows:
        vis = payload["visibility"]
        if vis == Visibility.VISIBLE or (
            vis == Visibility.HELD and (staff or author_id == viewer.pk)
        ):
            out.append(payload)
        else:
            out.append({"seq": seq, "visible": False})
    return out


def pinned_messages(group: Group) -> list[Message]:
    return list(
        Message.objects.filter(group=group, pinned=True, visibility=Visibility.VISIBLE)
        .select_related("author")
        .order_by("seq")
    )


def threads(group: Group) -> QuerySet[Thread]:
    return Thread.objects.filter(group=group).select_related("author")


def thread_posts(viewer: Any, thread: Thread) -> list[ThreadPost]:
    staff = access.is_group_staff(viewer, thread.group)
    qs = thread.posts.select_related("author")
    if staff:
        return list(qs.exclude(visibility=Visibility.HIDDEN))
    return list(
        qs.filter(Q(visibility=Visibility.VISIBLE) | Q(visibility=Visibility.HELD, author=viewer))
    )


def search(
    viewer: Any, group: Group, q: str, limit: int = 50
) -> tuple[list[Message], list[ThreadPost]]:
    """The group's messages and thread posts that match `q`. Members only (the caller checks
    can_view_content); held items only for their author, hidden ones never.

    On PostgreSQL: full-text search in the group's language (rooms/fulltext.py; web-search syntax:
    "a phrase", `or`, `-word`), best matches first, then newest. On SQLite, or when the query is
    only very common words: the text as typed, case-insensitive, newest first."""
    q = q.strip()
    if not q:
        return [], []
    seen = Q(visibility=Visibility.VISIBLE) | Q(visibility=Visibility.HELD, author=viewer)
    messages = Message.objects.filter(seen, group=group).select_related("author")
    posts = ThreadPost.objects.filter(seen, thread__group=group).select_related("author", "thread")
    config = fulltext.config_for(group.language)
    if fulltext.enabled() and fulltext.has_words(config, q):
        query = SearchQuery(q, search_type="websearch", config=config)
        rank = SearchRank(F("search_vector"), query)
        messages = (
            messages.filter(search_vector=query).annotate(rank=rank).order_by("-rank", "-seq")
        )
        posts = (
            posts.filter(search_vector=query).annotate(rank=rank).order_by("-rank", "-created_at")
        )
    else:
        messages = messages.filter(text__icontains=q).order_by("-seq")
        posts = posts.filter(text__icontains=q).order_by("-created_at")
    return list(messages[:limit]), list(posts[:limit])


def first_post_is_answered(fp: FirstPost) -> bool:
    if fp.source == "room_message":
        m = Message.objects.filter(pk=fp.object_id).first()
        if m is None:
            return True
        return (
            Message.objects.filter(
                group_id=fp.group_id, seq__gt=m.seq, visibility=Visibility.VISIBLE
            )
            .exclude(author_id=fp.author_id)
            .exists()
        )
    post = ThreadPost.objects.filter(pk=fp.object_id).first()
    if post is None:
        return True
    return (
        ThreadPost.objects.filter(
            thread_id=post.thread_id, created_at__gte=post.created_at, visibility=Visibility.VISIBLE
        )
        .exclude(author_id=fp.author_id)
        .exists()
    )


def waiting_first_posts(group: Group) -> list[FirstPost]:
    """Surfaced first posts that still have no reply, for the group's facilitators."""
    return [
        fp
        for fp in FirstPost.objects.filter(
            group=group, surfaced_at__isnull=False, answered_at__isnull=True
        ).select_related("author")
        if not first_post_is_answered(fp)
    ]


# -- who may post: read inside the live room's write batch ------------------------------------


@dataclass(frozen=True)
class PostingRights:
    """What the database says, at this moment, about one person posting in one group's room."""

    user_active: bool
    site_staff: bool  # moderator or admin
    membership_status: str | None
    role: str | None
    consent_current: bool
    restricted: bool  # an active mute in this group or suspension
    room_locked: bool

    @property
    def plainly_allowed(self) -> bool:
        """The common case, decided without asking `access.post_decision`: an active participant
        or facilitator with current consent and no mute or suspension. Anything else (a listener,
        a former member, site staff outside the group, …) is asked the slow way, which also gives
        the reason shown to the person."""
        return (
            self.user_active
            and self.membership_status == Membership.Status.ACTIVE
            and self.role in (Membership.Role.PARTICIPANT, Membership.Role.FACILITATOR)
            and self.consent_current
            and not self.restricted
        )

    @property
    def is_participant(self) -> bool:
        return (
            self.membership_status == Membership.Status.ACTIVE
            and self.role == Membership.Role.PARTICIPANT
        )


def posting_rights(pairs: list[tuple[int, int]], now: Any) -> dict[tuple[int, int], PostingRights]:
    """For each (user id, group id): membership, role, consent to the current guidelines, active
    mutes and suspensions, site-staff flags and the room's lock — in one statement, on the
    caller's connection and transaction (the write batch's: what it reads is current, not cached).
    The same rules as `access.post_decision` (a test keeps them together), as plain SQL because
    this runs once per write batch on the live room's hot path. A pair that is missing has no
    user row (the account is gone)."""
    if not pairs:
        return {}
    user_table = get_user_model()._meta.db_table
    rows_sql = ", ".join(["(%s, %s)"] * len(pairs))
    params: list[Any] = [v for pair in pairs for v in pair]
    params += [
        connection.ops.adapt_datetimefield_value(now),
        Restriction.Kind.SUSPEND,
        Restriction.Kind.MUTE,
    ]
    sql = f"""
        WITH p(uid, gid) AS (VALUES {rows_sql})
        SELECT p.uid, p.gid, u.is_active, u.is_superuser, u.is_moderator, m.status, m.role,
               m.consented_version_id,
               (SELECT v.id FROM {GuidelinesVersion._meta.db_table} v WHERE v.group_id = p.gid
                ORDER BY v.version DESC LIMIT 1),
               (SELECT COUNT(*) FROM {Restriction._meta.db_table} r
                WHERE r.user_id = p.uid AND r.lifted_at IS NULL AND (r.until IS NULL OR r.until > %s)
                  AND (r.kind = %s OR (r.kind = %s AND r.group_id = p.gid))),
               ro.locked
        FROM p
        JOIN {user_table} u ON u.id = p.uid
        LEFT JOIN {Membership._meta.db_table} m ON m.user_id = p.uid AND m.group_id = p.gid
        LEFT JOIN {Room._meta.db_table} ro ON ro.group_id = p.gid
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = {}
    for (
        uid,
        gid,
        active,
        superuser,
        moderator,
        status,
        role,
        consented,
        current,
        restricted,
        locked,
    ) in rows:
        out[(int(uid), int(gid))] = PostingRights(
            user_active=bool(active),
            site_staff=bool(superuser or moderator),
            membership_status=status,
            role=role,
            consent_current=current is None or consented == current,
            restricted=bool(restricted),
            room_locked=bool(locked),
        )
    return out


def lock_memberships(pairs: list[tuple[int, int]]) -> None:
    """PostgreSQL: hold these memberships (share lock) until the caller's transaction ends, so a
    removal, a role change or leaving waits for a write batch that read them, or the batch waits
    for it and reads the new state: either way nothing is stored after the decision."""
    if connection.vendor != "postgresql" or not pairs:
        return
    marks = ", ".join(["(%s, %s)"] * len(pairs))
    params = [v for pair in sorted(pairs) for v in pair]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Membership._meta.db_table} WHERE (user_id, group_id) IN ({marks}) "
            "ORDER BY id FOR SHARE",
            params,
        )


def _joined_at(user: Any, group_id: int) -> Any:
    return (
        Membership.objects.filter(user=user, group_id=group_id, status=Membership.Status.ACTIVE)
        .values_list("joined_at", flat=True)
        .first()
    )


def _unread_messages(user: Any, group_id: int) -> QuerySet[Message] | None:
    """Visible room messages by others that this person has not been shown: after their read
    marker, or (never opened) since they joined. None for someone who is not a member."""
    qs = Message.objects.filter(group_id=group_id, visibility=Visibility.VISIBLE).exclude(
        author=user
    )
    marker = (
        RoomRead.objects.filter(user=user, group_id=group_id)
        .values_list("last_seq", flat=True)
        .first()
    )
    if marker is not None:
        return qs.filter(seq__gt=marker)
    joined = _joined_at(user, group_id)
    return None if joined is None else qs.filter(created_at__gt=joined)


def first_unread_seq(user: Any, group: Group) -> int | None:
    """Where the room opens: the first message this person has not seen, or None (all read: the
    room opens at the newest)."""
    unread = _unread_messages(user, group.pk)
    return None if unread is None else unread.order_by("seq").values_list("seq", flat=True).first()


def first_unread_post(user: Any, thread: Thread) -> int | None:
    """The id of the first post in the thread this person has not been shown, or None."""
    qs = ThreadPost.objects.filter(thread=thread, visibility=Visibility.VISIBLE).exclude(
        author=user
    )
    marker = (
        ThreadRead.objects.filter(user=user, thread=thread)
        .values_list("last_post_id", flat=True)
        .first()
    )
    if marker is not None:
        qs = qs.filter(pk__gt=marker)
    else:
        joined = _joined_at(user, thread.group_id)
        if joined is None:
            return None
        qs = qs.filter(created_at__gt=joined)
    return qs.order_by("created_at", "pk").values_list("pk", flat=True).first()


def unread_counts(
    user: Any, group_ids: list[int], joined: dict[int, Any] | None = None
) -> dict[int, int]:
    """For the home page: per group, room messages and thread posts by others this person has not
    been shown yet (after their read markers; never opened: since they joined). Groups they are
    not an active member of are left out. A fixed number of queries however many groups:
    `joined` (group id -> joined_at), when the caller has the memberships, saves one more."""
    if joined is None:
        joined = dict(
            Membership.objects.filter(
                user=user, group_id__in=group_ids, status=Membership.Status.ACTIVE
            ).values_list("group_id", "joined_at")
        )
    ids = [gid for gid in group_ids if gid in joined]
    if not ids:
        return {}
    markers = dict(
        RoomRead.objects.filter(user=user, group_id__in=ids).values_list("group_id", "last_seq")
    )
    after = Q()
    for gid in ids:
        after |= (
            Q(group_id=gid, seq__gt=markers[gid])
            if gid in markers
            else Q(group_id=gid, created_at__gt=joined[gid])
        )
    messages = dict(
        Message.objects.filter(after, visibility=Visibility.VISIBLE)
        .exclude(author=user)
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    marker = ThreadRead.objects.filter(user=user, thread=OuterRef("thread")).values("last_post_id")[
        :1
    ]
    unseen = Q()
    for gid in ids:
        unseen |= Q(thread__group_id=gid, read_to__isnull=True, created_at__gt=joined[gid])
    posts = dict(
        ThreadPost.objects.filter(thread__group_id__in=ids, visibility=Visibility.VISIBLE)
        .exclude(author=user)
        .annotate(read_to=Subquery(marker))
        .filter(Q(read_to__isnull=False, pk__gt=F("read_to")) | unseen)
        .values("thread__group_id")
        .annotate(n=Count("id"))
        .values_list("thread__group_id", "n")
    )
    return {gid: messages.get(gid, 0) + posts.get(gid, 0) for gid in ids}
