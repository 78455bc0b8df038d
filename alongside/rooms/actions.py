"""State changes of rooms and threads. Consumers, views, safety and commands call these."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from functools import partial
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core.audit import record_audit_event
from alongside.groups import access
from alongside.groups.models import Group, Membership
from alongside.rooms import fulltext, live
from alongside.rooms.models import FirstPost, Message, Room, Thread, ThreadPost, Visibility
from alongside.rooms.render import MAX_LENGTH, render
from alongside.safety.screening import screen

log = logging.getLogger(__name__)


class RoomError(Exception):
    """A clear reason an action was refused; the text is shown to the person as it is."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise RoomError(_("Please write something first."), "empty")
    if len(text) > MAX_LENGTH:
        raise RoomError(
            _("Messages can be up to %(max)d characters; yours has %(n)d. Please shorten it or split it in two.")
            % {"max": MAX_LENGTH, "n": len(text)}, "too_long")
    return text


def ensure_room(group: Group) -> Room:
    room, _created = Room.objects.get_or_create(group=group)
    return room


def message_payload(m: Message, handle: str) -> dict[str, Any]:
    return {
        "seq": m.seq,
        "id": m.pk,
        "client_id": m.client_id,
        "author": handle,
        "html": m.html,
        "created_at": m.created_at.isoformat(),
        "pinned": m.pinned,
        "visibility": m.visibility,
    }


# -- the live room's write path ------------------------------------------------------------


def store_room_messages(batch: list[live.Pending], known_posters: set[tuple[int, int]]) -> list[live.Stored]:
    """Store a batch of screened messages in one transaction, with gap-free sequence numbers per
    room; a client id already stored is returned as it is (never stored twice). Runs in the hub's
    writer thread; retried when another process stored the same client id at the same moment."""
    for attempt in range(3):
        try:
            return _store_batch(batch, known_posters)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _store_batch(batch: list[live.Pending], known_posters: set[tuple[int, int]]) -> list[live.Stored]:
    # Plain SQL on the hot path: the ORM's per-query overhead was most of the cost per batch.
    now = timezone.now()
    table = Message._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        keys = {(p.author.pk, p.client_id) for p in batch}
        client_ids = sorted({k[1] for k in keys})
        marks = ", ".join(["%s"] * len(client_ids))
        cursor.execute(f"SELECT id, author_id, client_id FROM {table} WHERE client_id IN ({marks})", client_ids)
        existing_ids = {(a, c): i for i, a, c in cursor.fetchall() if (a, c) in keys}
        existing: dict[tuple[int, str], Message] = {}
        if existing_ids:
            for m in Message.objects.filter(pk__in=existing_ids.values()).select_related("author"):
                existing[(m.author_id, m.client_id)] = m
        new_items: list[live.Pending] = []
        seen: set[tuple[int, str]] = set()
        for p in batch:
            key = (p.author.pk, p.client_id)
            if key not in existing and key not in seen:
                seen.add(key)
                new_items.append(p)
        counts = Counter(p.group.pk for p in new_items)
        last_seqs = _bump_last_seqs(cursor, counts) if counts else {}
        next_seq = {g: last_seqs[g] - n + 1 for g, n in counts.items()}
        rows = []
        created_at = connection.ops.adapt_datetimefield_value(now)
        for p in new_items:
            seq = next_seq[p.group.pk]
            next_seq[p.group.pk] = seq + 1
            rows.append((p, seq))
        by_key: dict[tuple[int, str], tuple[int, int]] = {}  # -> (id, seq)
        if rows:
            full_text = fulltext.enabled()  # PostgreSQL: the words for search, in the group's language
            row_sql = "(%s, %s, %s, %s, %s, %s, %s, %s, %s" + (", to_tsvector(%s::regconfig, %s))" if full_text else ")")
            values = ", ".join([row_sql] * len(rows))
            params: list[Any] = []
            for p, seq in rows:
                params += [p.group.pk, seq, p.author.pk, p.client_id, p.text, p.html, p.visibility,
                           False, created_at]
                if full_text:
                    params += [fulltext.config_for(p.group.language), p.text]
            cursor.execute(
                f"INSERT INTO {table} (group_id, seq, author_id, client_id, text, html, visibility, "
                f"pinned, created_at{', search_vector' if full_text else ''}) VALUES {values} "
                f"RETURNING id, group_id, seq", params)
            ids = {(g, q): i for i, g, q in cursor.fetchall()}
            for p, seq in rows:
                by_key[(p.author.pk, p.client_id)] = (ids[(p.group.pk, seq)], seq)
    # After the commit: the first-post check reads, and must not hold the write lock meanwhile.
    _record_first_posts(
        [(p, by_key[(p.author.pk, p.client_id)]) for p in new_items], known_posters, now)
    results = []
    iso = now.isoformat()
    for p in batch:
        key = (p.author.pk, p.client_id)
        if key in existing:
            m = existing[key]
            results.append(live.Stored(m.seq, m.pk, m.visibility, False,
                                       message_payload(m, m.author.handle)))
            continue
        message_id, seq = by_key[key]
        payload = {"seq": seq, "id": message_id, "client_id": p.client_id, "author": p.author.handle,
                   "html": p.html, "created_at": iso, "pinned": False, "visibility": p.visibility}
        results.append(live.Stored(seq, message_id, p.visibility, True, payload))
    # The same client id twice in one batch: only the first one counts as new.
    firsts: set[tuple[int, str]] = set()
    for i, p in enumerate(batch):
        key = (p.author.pk, p.client_id)
        if key in firsts:
            r = results[i]
            results[i] = live.Stored(r.seq, r.message_id, r.visibility, False, r.payload)
        firsts.add(key)
    return results


def _bump_last_seqs(cursor: Any, counts: Counter[int]) -> dict[int, int]:
    """Reserve `counts[g]` sequence numbers in each room, in one statement (each statement costs
    the writer thread a GIL hand-back). Returns each room's new last sequence number."""
    group_ids = sorted(counts)
    marks = ", ".join(["%s"] * len(group_ids))
    if connection.vendor == "postgresql":
        # Lock the rooms in id order first, so two processes never deadlock.
        cursor.execute(f"SELECT group_id FROM rooms_room WHERE group_id IN ({marks}) "
                       "ORDER BY group_id FOR UPDATE", group_ids)
    cases = " ".join(["WHEN %s THEN %s"] * len(group_ids))
    params: list[Any] = []
    for g in group_ids:
        params += [g, counts[g]]
    cursor.execute(f"UPDATE rooms_room SET last_seq = last_seq + CASE group_id {cases} ELSE 0 END "
                   f"WHERE group_id IN ({marks}) RETURNING group_id, last_seq", params + group_ids)
    result = {int(g): int(last) for g, last in cursor.fetchall()}
    missing = [g for g in group_ids if g not in result]
    if missing:  # a room row is made on first connect; make it here for messages sent otherwise
        for g in missing:
            Room.objects.get_or_create(group_id=g)
        result.update(_bump_last_seqs(cursor, Counter({g: counts[g] for g in missing})))
    return result


def _record_first_posts(pairs: list[tuple[live.Pending, tuple[int, int]]],
                        known_posters: set[tuple[int, int]], now: Any) -> None:
    for p, (message_id, seq) in pairs:
        key = (p.group.pk, p.author.pk)
        if key in known_posters:
            continue
        known_posters.add(key)
        if not p.is_participant:
            continue
        if FirstPost.objects.filter(group_id=p.group.pk, author_id=p.author.pk).exists():
            continue
        earlier_message = Message.objects.filter(group_id=p.group.pk, author_id=p.author.pk,
                                                 seq__lt=seq).exists()
        earlier_post = ThreadPost.objects.filter(thread__group_id=p.group.pk,
                                                 author_id=p.author.pk).exists()
        if not earlier_message and not earlier_post:
            FirstPost.objects.create(group_id=p.group.pk, author_id=p.author.pk,
                                     source="room_message", object_id=message_id, posted_at=now)


def respond_to_screened_batch(batch: list[live.Pending], results: list[live.Stored]) -> None:
    from alongside.safety.actions import respond_to_screened_content

    for p, stored in zip(batch, results, strict=True):
        if not stored.created:
            continue
        try:
            respond_to_screened_content(source="room_message", object_id=stored.message_id,
                                        author=p.author, group=p.group, verdict=p.verdict)
        except Exception:
            log.exception("safety follow-up failed for room message %s", stored.message_id)


def prepare_room_message(user: Any, group: Group, client_id: str, text: str,
                         is_participant: bool) -> tuple[live.Pending, Any]:
    """Check, screen and render one message; the hub stores it. (Sync: screen() may read.)"""
    text = check_text(text)
    client_id = (client_id or "").strip()
    if not client_id or len(client_id) > 64:
        raise RoomError(_("This message has no valid id; please reload the page."), "bad_id")
    verdict = screen(text, user, group)
    visibility = Visibility.HELD if verdict.is_held else Visibility.VISIBLE
    return live.Pending(group=group, author=user, client_id=client_id, text=text, html=render(text),
                        visibility=str(visibility), is_participant=is_participant,
                        verdict=verdict), verdict


def send_message(user: Any, group: Group, client_id: str, text: str) -> live.Stored:
    """Post to the room from sync code (tests, the CLI): same checks, same store, then broadcast."""
    decision = access.post_decision(user, group)
    if not decision:
        raise RoomError(decision.reason, "not_allowed")
    m = access.membership_of(user, group)
    item, _verdict = prepare_room_message(
        user, group, client_id, text, m is not None and m.role == Membership.Role.PARTICIPANT)
    stored = store_room_messages([item], set())[0]
    if stored.created:
        author_id = user.pk
        transaction.on_commit(lambda: live.publish_message(group.pk, author_id, stored.payload))
        respond_to_screened_batch([item], [stored])
    return stored


# -- facilitator tools ---------------------------------------------------------------------


def _require_staff(actor: Any, group: Group) -> None:
    if not access.is_group_staff(actor, group):
        raise RoomError(_("Only this group's facilitators and moderators can do that."), "not_staff")


def set_message_visibility(message: Message, visibility: str, actor: Any) -> Message:
    """Hide, hold or show a room message; live clients follow at once."""
    if visibility not in Visibility.values:
        raise RoomError(_("Unknown visibility."), "bad_visibility")
    if visibility == message.visibility:
        return message
    previous = message.visibility
    message.visibility = visibility
    message.save(update_fields=["visibility"])
    record_audit_event(actor, f"rooms.message_{visibility}", subject_user=message.author,
                       group=message.group, message_id=message.pk, seq=message.seq, previous=previous)
    group_id = message.group_id
    if visibility == Visibility.VISIBLE:
        payload = message_payload(message, message.author.handle)
        transaction.on_commit(lambda: live.publish_control(group_id, {"type": "show", "message": payload}))
    else:
        seq = message.seq
        transaction.on_commit(lambda: live.publish_control(group_id, {"type": "hide", "seq": seq}))
    return message


def hide_message(actor: Any, message: Message) -> Message:
    _require_staff(actor, message.group)
    return set_message_visibility(message, Visibility.HIDDEN, actor)


def pin_message(actor: Any, message: Message, pinned: bool = True) -> Message:
    _require_staff(actor, message.group)
    message.pinned = pinned
    message.save(update_fields=["pinned"])
    payload = message_payload(message, message.author.handle)
    group_id = message.group_id
    transaction.on_commit(lambda: live.publish_control(
        group_id, {"type": "pin", "seq": payload["seq"], "pinned": pinned, "message": payload}))
    return message


def set_room_state(actor: Any, group: Group, *, slow_mode_seconds: int | None = None,
                   locked: bool | None = None) -> Room:
    _require_staff(actor, group)
    room = ensure_room(group)
    if slow_mode_seconds is not None:
        if not 0 <= slow_mode_seconds <= 3600:
            raise RoomError(_("Slow mode can be between 0 and 3600 seconds."), "bad_slow_mode")
        room.slow_mode_seconds = slow_mode_seconds
    if locked is not None:
        room.locked = locked
    room.save(update_fields=["slow_mode_seconds", "locked"])
    frame = {"type": "room", "slow_mode": room.slow_mode_seconds, "locked": room.locked}
    transaction.on_commit(lambda: live.publish_control(group.pk, frame))
    return room


# -- threads -------------------------------------------------------------------------------


def _check_can_post(user: Any, group: Group) -> None:
    decision = access.post_decision(user, group)
    if not decision:
        raise RoomError(decision.reason, "not_allowed")


def _store_post(user: Any, thread: Thread, text: str, client_id: str) -> tuple[ThreadPost, Any, bool]:
    text = check_text(text)
    if client_id:
        existing = ThreadPost.objects.filter(author=user, client_id=client_id).first()
        if existing is not None:
            return existing, None, False
    verdict = screen(text, user, thread.group)
    post = ThreadPost.objects.create(
        thread=thread, author=user, client_id=client_id or f"srv-{timezone.now().timestamp()}-{user.pk}",
        text=text, html=render(text),
        visibility=Visibility.HELD if verdict.is_held else Visibility.VISIBLE)
    if fulltext.enabled():
        ThreadPost.objects.filter(pk=post.pk).update(
            search_vector=SearchVector("text", config=fulltext.config_for(thread.group.language)))
    if post.visibility == Visibility.VISIBLE:
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=post.created_at)
    _thread_first_post(user, thread.group, post)
    return post, verdict, True


def _after_post(user: Any, group: Group, post: ThreadPost, verdict: Any) -> None:
    from alongside.safety.actions import respond_to_screened_content

    transaction.on_commit(lambda: respond_to_screened_content(
        source="thread_post", object_id=post.pk, author=user, group=group, verdict=verdict))


def _thread_first_post(user: Any, group: Group, post: ThreadPost) -> None:
    m = access.membership_of(user, group)
    if m is None or m.role != Membership.Role.PARTICIPANT:
        return
    if FirstPost.objects.filter(group=group, author=user).exists():
        return
    if Message.objects.filter(group=group, author=user).exists():
        return
    if ThreadPost.objects.filter(thread__group=group, author=user).exclude(pk=post.pk).exists():
        return
    FirstPost.objects.create(group=group, author=user, source="thread_post", object_id=post.pk,
                             posted_at=post.created_at)


@transaction.atomic
def create_thread(user: Any, group: Group, title: str, text: str, client_id: str = "") -> tuple[Thread, ThreadPost, Any]:
    _check_can_post(user, group)
    title = (title or "").strip()
    if not title:
        raise RoomError(_("Please give the thread a title."), "no_title")
    if len(title) > 200:
        raise RoomError(_("Titles can be up to 200 characters."), "too_long")
    check_text(text)
    if client_id:
        existing = ThreadPost.objects.filter(author=user, client_id=client_id).select_related("thread").first()
        if existing is not None:
            return existing.thread, existing, None
    thread = Thread.objects.create(group=group, title=title, author=user)
    post, verdict, _created = _store_post(user, thread, text, client_id)
    _after_post(user, group, post, verdict)
    return thread, post, verdict


@transaction.atomic
def reply_to_thread(user: Any, thread: Thread, text: str, client_id: str = "") -> tuple[ThreadPost, Any]:
    _check_can_post(user, thread.group)
    if thread.locked and not access.is_group_staff(user, thread.group):
        raise RoomError(_("This thread is closed to new replies."), "locked")
    post, verdict, created = _store_post(user, thread, text, client_id)
    if created:
        _after_post(user, thread.group, post, verdict)
    return post, verdict


def refresh_search_vectors(group: Group) -> None:
    """Rebuild the search words of the group's messages and posts in its (new) language."""
    if not fulltext.enabled():
        return
    vector = SearchVector("text", config=fulltext.config_for(group.language))
    Message.objects.filter(group=group).update(search_vector=vector)
    ThreadPost.objects.filter(thread__group=group).update(search_vector=vector)


def set_post_visibility(post: ThreadPost, visibility: str, actor: Any) -> ThreadPost:
    if visibility not in Visibility.values:
        raise RoomError(_("Unknown visibility."), "bad_visibility")
    previous = post.visibility
    post.visibility = visibility
    post.save(update_fields=["visibility"])
    record_audit_event(actor, f"rooms.post_{visibility}", subject_user=post.author,
                       group=post.thread.group, post_id=post.pk, previous=previous)
    return post


def hide_post(actor: Any, post: ThreadPost) -> ThreadPost:
    _require_staff(actor, post.thread.group)
    return set_post_visibility(post, Visibility.HIDDEN, actor)


def set_thread_flags(actor: Any, thread: Thread, *, pinned: bool | None = None,
                     locked: bool | None = None) -> Thread:
    _require_staff(actor, thread.group)
    if pinned is not None:
        thread.pinned = pinned
    if locked is not None:
        thread.locked = locked
    thread.save(update_fields=["pinned", "locked"])
    return thread


# -- no first post unanswered --------------------------------------------------------------


def first_post_is_answered(fp: FirstPost) -> bool:
    if fp.source == "room_message":
        m = Message.objects.filter(pk=fp.object_id).first()
        if m is None:
            return True
        return Message.objects.filter(group_id=fp.group_id, seq__gt=m.seq,
                                      visibility=Visibility.VISIBLE).exclude(author_id=fp.author_id).exists()
    post = ThreadPost.objects.filter(pk=fp.object_id).first()
    if post is None:
        return True
    return ThreadPost.objects.filter(thread_id=post.thread_id, created_at__gte=post.created_at,
                                     visibility=Visibility.VISIBLE).exclude(author_id=fp.author_id).exists()


def surface_unanswered_first_posts(hours: float, now: Any = None) -> list[FirstPost]:
    """Mark first posts older than `hours` with no reply as surfaced (facilitators see them in
    the group's 'First posts waiting' page) and tell live facilitators. Answered ones are closed."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=hours)
    surfaced = []
    for fp in FirstPost.objects.filter(answered_at__isnull=True, surfaced_at__isnull=True,
                                       posted_at__lte=cutoff):
        if first_post_is_answered(fp):
            fp.answered_at = now
            fp.save(update_fields=["answered_at"])
            continue
        fp.surfaced_at = now
        fp.save(update_fields=["surfaced_at"])
        surfaced.append(fp)
        transaction.on_commit(partial(live.publish_control, fp.group_id,
                                      {"type": "first_post_waiting"}, True))
    return surfaced
