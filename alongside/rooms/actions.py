"""State changes of rooms and threads. Consumers, views, safety and commands call these.

**The one door for a room message** (README, "How it is built"): the socket consumer only reads
frames and answers; `post_room_message` checks the text and its id, the rate limit and slow mode,
screens the message and hands it to the process's hub, whose writer stores whatever queued up in
one transaction with `store_room_messages`. That transaction decides, with what the database says
at that moment, whether each author may post (membership, role, consent, mutes, suspensions) and
whether the room is locked to them; only then are sequence numbers given and rows written. Once it
commits, every stored message is published as a `room.message` event (alongside.core.events), which
the hubs of every server process deliver to their sockets. `send_message` is the same door for sync
code (tests, commands): the same checks and the same batch function, in the caller's thread.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import SynchronousOnlyOperation
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.core import events, metrics
from alongside.core import text as core_text
from alongside.core.audit import record_audit_event
from alongside.groups import access
from alongside.groups.models import Group, Membership
from alongside.notifications import actions as notifications
from alongside.notifications.queries import mentioned_members
from alongside.rooms import fulltext, queries, ratelimit
from alongside.rooms.models import (
    FirstPost,
    Message,
    Revision,
    Room,
    RoomRead,
    Thread,
    ThreadPost,
    ThreadRead,
    Visibility,
)
from alongside.rooms.queries import first_post_is_answered, message_payload
from alongside.rooms.render import MAX_LENGTH, render
from alongside.safety.actions import forget_quotes, respond_to_screened_content
from alongside.safety.queries import content_under_review
from alongside.safety.screening import screen

log = logging.getLogger(__name__)


class RoomError(Exception):
    """A clear reason an action was refused; the text is shown to the person as it is.
    `retry_after` (seconds): the same message can be sent again then."""

    def __init__(self, message: str, code: str = "refused", retry_after: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.retry_after = retry_after


def check_text(text: str) -> str:
    text = (text or "").strip()
    if core_text.has_unsafe(text):
        raise RoomError(
            _(
                "Your message contains characters that can't be saved. Please remove them "
                "(or type it again) and send it once more."
            ),
            "bad_text",
        )
    if not text:
        raise RoomError(_("Please write something first."), "empty")
    if len(text) > MAX_LENGTH:
        raise RoomError(
            _(
                "Messages can be up to %(max)d characters; yours has %(n)d. Please shorten it or split it in two."
            )
            % {"max": MAX_LENGTH, "n": len(text)},
            "too_long",
        )
    return text


def check_client_id(client_id: str) -> str:
    client_id = (client_id or "").strip()
    if not client_id or len(client_id) > 64 or core_text.has_unsafe(client_id):
        raise RoomError(_("This message has no valid id; please reload the page."), "bad_id")
    return client_id


def ensure_room(group: Group) -> Room:
    room, _created = Room.objects.get_or_create(group=group)
    return room


# -- the live room's write path ------------------------------------------------------------


@dataclass
class Pending:
    """A checked and screened message waiting to be stored."""

    group: Any
    author: Any
    client_id: str
    text: str
    html: str
    visibility: str
    verdict: Any = None
    future: asyncio.Future[Any] | None = None
    language: str = ""  # the poster's: a refusal from the write batch is written in it


@dataclass
class Stored:
    seq: int
    message_id: int
    visibility: str
    created: bool  # False: an earlier send with this client id was stored already
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Refused:
    """The write batch would not store this message: `code` and `message` as in the error frame."""

    code: str
    message: str


Outcome = Stored | Refused


class Batcher(Protocol):
    """What the door needs from the process's hub (rooms.live.Hub)."""

    limiter: ratelimit.Limiter

    def slow_mode(self, group_id: int) -> int: ...

    async def submit(self, item: Pending) -> Outcome: ...


class Poster(Protocol):
    """Who is posting, as their open socket knows them."""

    user: Any
    group: Group
    is_staff: bool  # facilitators and moderators are not slowed down by slow mode


@dataclass
class Posted:
    stored: Stored
    verdict: Any


def rate_limit() -> tuple[int, float]:
    """(messages, per seconds) per person per room, e.g. ALONGSIDE_ROOM_RATE_LIMIT=10/10."""
    return _parse_rate(str(getattr(settings, "ROOM_RATE_LIMIT", "10/10")))


@functools.lru_cache(maxsize=8)
def _parse_rate(raw: str) -> tuple[int, float]:
    count, _sep, seconds = raw.partition("/")
    return int(count), float(seconds or 10)


async def post_room_message(poster: Poster, client_id: str, text: str, hub: Batcher) -> Posted:
    """The live room's door: every rule, then the batch; returns once the message is committed
    (or was stored before under this client id). Raises RoomError with the reason otherwise."""
    client_id = check_client_id(client_id)
    text = check_text(text)
    group_id = poster.group.pk
    count, window = rate_limit()
    slow_mode = 0 if poster.is_staff else hub.slow_mode(group_id)
    # The slot is taken before screening and storing, so two sends racing each other cannot both
    # slip under the limit; it is given back whenever the message is not stored after all.
    slot = await hub.limiter.acquire(group_id, poster.user.pk, count, window, slow_mode)
    if slot.refused == ratelimit.RATE_LIMITED:
        raise RoomError(
            _("You're sending messages quickly. Please wait %(n)d seconds; your message is kept.")
            % {"n": slot.retry_after},
            "rate_limited",
            slot.retry_after,
        )
    if slot.refused == ratelimit.SLOW_MODE:
        raise RoomError(
            _(
                "Slow mode is on: one message every %(s)d seconds. You can post again in %(n)d "
                "seconds; your message is kept."
            )
            % {"s": slow_mode, "n": slot.retry_after},
            "slow_mode",
            slot.retry_after,
        )
    try:
        item = await _screened(poster.user, poster.group, client_id, text)
        outcome = await hub.submit(item)
    except RoomError:
        await slot.release()
        raise
    except Exception as exc:
        await slot.release()
        log.warning("a room message was not stored: %r", exc)
        raise RoomError(
            _("Your message could not be saved just now. It is kept and will be sent again."),
            "not_stored",
            2,
        ) from exc
    if isinstance(outcome, Refused):
        await slot.release()
        raise RoomError(outcome.message, outcome.code)
    if not outcome.created:
        await slot.release()  # a resend of a message stored before: it counted then
    return Posted(outcome, item.verdict)


_screen_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rooms-screen")
_screen_inline = True


async def _screened(user: Any, group: Group, client_id: str, text: str) -> Pending:
    """screen() promises to be fast and in-process, so it runs right here on the event loop (a
    thread hop per message costs more than screening); if it turns out to need the database
    (which Django forbids on the event loop), every later call goes to a worker thread."""
    global _screen_inline
    if _screen_inline:
        try:
            return screened_message(user, group, client_id, text)
        except SynchronousOnlyOperation:
            _screen_inline = False
            log.info("screen() touches the database: screening in a worker thread from now on")
    return await asyncio.get_running_loop().run_in_executor(
        _screen_pool, _screened_in, translation.get_language(), user, group, client_id, text
    )


def _screened_in(language: str, *args: Any) -> Pending:
    with translation.override(language):  # a worker thread does not inherit the poster's language
        return screened_message(*args)


def screened_message(user: Any, group: Group, client_id: str, text: str) -> Pending:
    """Screen and render one checked message, ready for the batch. The crisis notice and lines
    are in the active language: the poster's."""
    verdict = screen(text, user, group)
    visibility = Visibility.HELD if verdict.is_held else Visibility.VISIBLE
    return Pending(
        group=group,
        author=user,
        client_id=client_id,
        text=text,
        html=render(text),
        visibility=str(visibility),
        verdict=verdict,
        language=translation.get_language() or "",
    )


def send_message(user: Any, group: Group, client_id: str, text: str) -> Stored:
    """Post to the room from sync code (tests, commands): the same checks, screening and batch
    function as the live door, in the caller's thread and transaction, and the same event once it
    commits. Not counted by the rate limit and slow mode, which pace a live connection's sends."""
    client_id = check_client_id(client_id)
    item = screened_message(user, group, client_id, check_text(text))
    (outcome,) = store_room_messages([item])
    if isinstance(outcome, Refused):
        raise RoomError(outcome.message, outcome.code)
    after_room_messages([item], [outcome])
    return outcome


def store_room_messages(
    batch: list[Pending], known_posters: set[tuple[int, int]] | None = None
) -> list[Outcome]:
    """Store a batch of screened messages in one transaction (the hub's writer thread calls this
    with whatever queued up): checks that each author may post in that room now, gives gap-free
    sequence numbers per room and publishes each new message once the transaction commits. A
    client id already stored is answered with what was stored (never stored twice), whoever asks.
    Retried when another process stored the same client id at the same moment."""
    known = known_posters if known_posters is not None else set()
    for attempt in range(3):
        try:
            return _store_batch(batch, known)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Decision:
    allowed: bool
    is_participant: bool = False
    refused: Refused | None = None


def _posting_decisions(
    pairs: list[tuple[int, int]],
    groups: dict[int, Group],
    now: Any,
    languages: dict[int, str] | None = None,
) -> dict[tuple[int, int], _Decision]:
    """May each (author, group) post now? Read on the batch's connection, inside its transaction.
    A refusal is written in its author's language (`languages` by author id)."""
    queries.lock_memberships(pairs)
    rights = queries.posting_rights(pairs, now)
    out = {}
    for pair in pairs:
        with translation.override((languages or {}).get(pair[0]) or translation.get_language()):
            out[pair] = _posting_decision(pair, rights.get(pair), groups)
    return out


def _posting_decision(pair: tuple[int, int], r: Any, groups: dict[int, Group]) -> _Decision:
    if r is None or not r.user_active:
        return _Decision(
            False, refused=Refused("not_allowed", _("Only members of this group can post here."))
        )
    user = None
    if r.plainly_allowed:
        decision = access.Decision(True)
    else:  # the rare cases ask the rules themselves, which also say why not
        user = get_user_model().objects.get(pk=pair[0])
        decision = access.post_decision(user, groups[pair[1]])
    if not decision:
        return _Decision(False, refused=Refused("not_allowed", decision.reason))
    if r.room_locked and not access.is_group_staff(
        user or get_user_model().objects.get(pk=pair[0]), groups[pair[1]]
    ):
        return _Decision(
            False,
            refused=Refused(
                "locked",
                _("A facilitator has paused posting in this room for now. You can still read."),
            ),
        )
    return _Decision(True, is_participant=r.is_participant)


def _store_batch(batch: list[Pending], known_posters: set[tuple[int, int]]) -> list[Outcome]:
    # Plain SQL on the hot path: the ORM's per-query overhead was most of the cost per batch.
    now = timezone.now()
    table = Message._meta.db_table
    outcomes: dict[tuple[int, str], Outcome] = {}
    new_items: list[Pending] = []
    stored_new: list[tuple[Pending, int, int]] = []  # (item, id, seq)
    decisions: dict[tuple[int, int], _Decision] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        keys = {(p.author.pk, p.client_id) for p in batch}
        client_ids = sorted({k[1] for k in keys})
        marks = ", ".join(["%s"] * len(client_ids))
        cursor.execute(
            f"SELECT id, author_id, client_id FROM {table} WHERE client_id IN ({marks})", client_ids
        )
        existing_ids = {(a, c): i for i, a, c in cursor.fetchall() if (a, c) in keys}
        if existing_ids:
            for m in Message.objects.filter(pk__in=existing_ids.values()).select_related("author"):
                outcomes[(m.author_id, m.client_id)] = Stored(
                    m.seq, m.pk, m.visibility, False, message_payload(m, m.author.handle)
                )
        seen: set[tuple[int, str]] = set()
        for p in batch:
            key = (p.author.pk, p.client_id)
            if key not in outcomes and key not in seen:
                seen.add(key)
                new_items.append(p)
        if new_items:
            groups = {p.group.pk: p.group for p in new_items}
            _lock_rooms(cursor, sorted(groups))
            decisions = _posting_decisions(
                sorted({(p.author.pk, p.group.pk) for p in new_items}),
                groups,
                now,
                {p.author.pk: p.language for p in new_items if p.language},
            )
            allowed = []
            for p in new_items:
                decision = decisions[(p.author.pk, p.group.pk)]
                if decision.allowed:
                    allowed.append(p)
                else:
                    assert decision.refused is not None
                    outcomes[(p.author.pk, p.client_id)] = decision.refused
            stored_new = _insert(cursor, allowed, now) if allowed else []
        iso = now.isoformat()
        published = []
        for p, message_id, seq in stored_new:
            payload = {
                "seq": seq,
                "id": message_id,
                "client_id": p.client_id,
                "author": p.author.handle,
                "html": p.html,
                "created_at": iso,
                "pinned": False,
                "visibility": p.visibility,
                "edited": False,
                "removed": False,
            }
            outcomes[(p.author.pk, p.client_id)] = Stored(
                seq, message_id, p.visibility, True, payload
            )
            published.append(
                events.make_event(
                    events.ROOM_MESSAGE,
                    {"message": payload, "author_id": p.author.pk},
                    group_id=p.group.pk,
                )
            )
        events.publish_all_on_commit(published)  # one message to the other processes per batch
        if stored_new:
            stored_count = len(stored_new)
            transaction.on_commit(lambda: metrics.MESSAGES_STORED.labels("room").inc(stored_count))
    # After the commit: the first-post check reads, and must not hold the write lock meanwhile.
    _record_first_posts(
        [
            (p, message_id, seq)
            for p, message_id, seq in stored_new
            if decisions[(p.author.pk, p.group.pk)].is_participant
        ],
        known_posters,
        now,
    )
    results: list[Outcome] = []
    firsts: set[tuple[int, str]] = set()
    for p in batch:
        key = (p.author.pk, p.client_id)
        outcome = outcomes[key]
        if key in firsts and isinstance(outcome, Stored):
            # The same client id twice in one batch: only the first one counts as new.
            outcome = Stored(
                outcome.seq, outcome.message_id, outcome.visibility, False, outcome.payload
            )
        firsts.add(key)
        results.append(outcome)
    return results


def _lock_rooms(cursor: Any, group_ids: list[int]) -> None:
    """PostgreSQL: lock the rooms in id order (two processes never deadlock; a lock or slow-mode
    change waits for the batch, or the batch for it). SQLite needs no lock: its transactions here
    start IMMEDIATE, one writer at a time."""
    if connection.vendor == "postgresql":
        marks = ", ".join(["%s"] * len(group_ids))
        cursor.execute(
            f"SELECT group_id FROM {Room._meta.db_table} WHERE group_id IN ({marks}) "
            "ORDER BY group_id FOR UPDATE",
            group_ids,
        )


def _bump_last_seqs(cursor: Any, counts: Counter[int]) -> dict[int, int]:
    """Reserve `counts[g]` sequence numbers in each room, in one statement (each statement costs
    the writer thread a GIL hand-back). Returns each room's new last sequence number."""
    group_ids = sorted(counts)
    marks = ", ".join(["%s"] * len(group_ids))
    cases = " ".join(["WHEN %s THEN %s"] * len(group_ids))
    params: list[Any] = []
    for g in group_ids:
        params += [g, counts[g]]
    cursor.execute(
        f"UPDATE {Room._meta.db_table} SET last_seq = last_seq + CASE group_id {cases} ELSE 0 END "
        f"WHERE group_id IN ({marks}) RETURNING group_id, last_seq",
        params + group_ids,
    )
    result = {int(g): int(last) for g, last in cursor.fetchall()}
    missing = [g for g in group_ids if g not in result]
    if missing:  # a room row is made on first connect; make it here for messages sent otherwise
        for g in missing:
            Room.objects.get_or_create(group_id=g)
        result.update(_bump_last_seqs(cursor, Counter({g: counts[g] for g in missing})))
    return result


def _insert(cursor: Any, items: list[Pending], now: Any) -> list[tuple[Pending, int, int]]:
    """Reserve sequence numbers and insert the rows. Returns (item, id, seq) in the items' order."""
    counts = Counter(p.group.pk for p in items)
    last_seqs = _bump_last_seqs(cursor, counts)
    next_seq = {g: last_seqs[g] - n + 1 for g, n in counts.items()}
    rows = []
    for p in items:
        rows.append((p, next_seq[p.group.pk]))
        next_seq[p.group.pk] += 1
    created_at = connection.ops.adapt_datetimefield_value(now)
    full_text = fulltext.enabled()  # PostgreSQL: the words for search, in the group's language
    row_sql = "(%s, %s, %s, %s, %s, %s, %s, %s, %s" + (
        ", to_tsvector(%s::regconfig, %s))" if full_text else ")"
    )
    values = ", ".join([row_sql] * len(rows))
    params = []
    for p, seq in rows:
        params += [
            p.group.pk,
            seq,
            p.author.pk,
            p.client_id,
            p.text,
            p.html,
            p.visibility,
            False,
            created_at,
        ]
        if full_text:
            params += [fulltext.config_for(p.group.language), p.text]
    cursor.execute(
        f"INSERT INTO {Message._meta.db_table} (group_id, seq, author_id, client_id, text, html, visibility, "
        f"pinned, created_at{', search_vector' if full_text else ''}) VALUES {values} "
        f"RETURNING id, group_id, seq",
        params,
    )
    ids = {(int(g), int(q)): int(i) for i, g, q in cursor.fetchall()}
    return [(p, ids[(p.group.pk, seq)], seq) for p, seq in rows]


def _record_first_posts(
    stored: list[tuple[Pending, int, int]], known_posters: set[tuple[int, int]], now: Any
) -> None:
    """A participant's first post in a group is recorded, so an unanswered one reaches a
    facilitator. `known_posters`: (group, author) pairs already looked at by this writer."""
    for p, message_id, seq in stored:
        key = (p.group.pk, p.author.pk)
        if key in known_posters:
            continue
        known_posters.add(key)
        if FirstPost.objects.filter(group_id=p.group.pk, author_id=p.author.pk).exists():
            continue
        earlier_message = Message.objects.filter(
            group_id=p.group.pk, author_id=p.author.pk, seq__lt=seq
        ).exists()
        earlier_post = ThreadPost.objects.filter(
            thread__group_id=p.group.pk, author_id=p.author.pk
        ).exists()
        if not earlier_message and not earlier_post:
            FirstPost.objects.create(
                group_id=p.group.pk,
                author_id=p.author.pk,
                source="room_message",
                object_id=message_id,
                posted_at=now,
            )


def after_room_messages(batch: list[Pending], outcomes: list[Outcome]) -> None:
    """Safety's follow-up on what was stored (alerts, queueing held items), after the commit;
    then the people a visible message mentions are told."""
    for p, outcome in zip(batch, outcomes, strict=True):
        if not isinstance(outcome, Stored) or not outcome.created:
            continue
        try:
            respond_to_screened_content(
                source="room_message",
                object_id=outcome.message_id,
                author=p.author,
                group=p.group,
                verdict=p.verdict,
            )
        except Exception:
            log.exception("safety follow-up failed for room message %s", outcome.message_id)
        if outcome.visibility == Visibility.VISIBLE and "@" in p.text:
            try:
                notify_room_mentions(p.author, p.group, p.text, outcome.message_id, outcome.seq)
            except Exception:
                log.exception(
                    "mention notifications failed for room message %s", outcome.message_id
                )


# -- notifications: mentions and replies ---------------------------------------------------
# Only for what everyone in the group can see (a held message tells nobody), only members of the
# group, never the author; the text names the author's handle and the group, never the words.


def notify_room_mentions(
    author: Any, group: Group, text: str, message_id: int, seq: int
) -> list[int]:
    ids = mentioned_members(group, text, exclude=author.pk)
    notifications.notify(
        ids,
        "mention",
        gettext_lazy("%(handle)s mentioned you in the live room of %(group)s."),
        {"handle": author.handle, "group": group.name},
        url=reverse("rooms:room", args=[group.slug]) + f"#m{seq}",
        group=group,
        target="room_message",
        target_id=message_id,
        actor=author,
    )
    return ids


def notify_thread_post(author: Any, thread: Thread, post: ThreadPost) -> None:
    """Mentions in a post, and a reply to everyone who wrote in the thread before (not told twice)."""
    if post.visibility != Visibility.VISIBLE:
        return
    group = thread.group
    url = reverse("rooms:thread", args=[group.slug, thread.pk]) + f"#p{post.pk}"
    common: dict[str, Any] = {
        "url": url,
        "group": group,
        "target": "thread_post",
        "target_id": post.pk,
        "actor": author,
    }
    mentioned = mentioned_members(group, post.text, exclude=author.pk) if "@" in post.text else []
    notifications.notify(
        mentioned,
        "mention",
        gettext_lazy("%(handle)s mentioned you in a thread in %(group)s."),
        {"handle": author.handle, "group": group.name},
        **common,
    )
    earlier = set(
        ThreadPost.objects.filter(thread=thread, visibility=Visibility.VISIBLE)
        .exclude(pk=post.pk)
        .values_list("author_id", flat=True)[:200]
    )
    told = set(mentioned) | {author.pk}
    if thread.author_id not in told:
        notifications.notify(
            [thread.author_id],
            "reply",
            gettext_lazy("%(handle)s replied to your thread in %(group)s."),
            {"handle": author.handle, "group": group.name},
            **common,
        )
        told.add(thread.author_id)
    notifications.notify(
        earlier - told,
        "reply",
        gettext_lazy("%(handle)s replied in a thread you wrote in, in %(group)s."),
        {"handle": author.handle, "group": group.name},
        **common,
    )


# -- authors edit and remove their own words ------------------------------------------------
#
# Removing is allowed at any time, even after leaving the group or while muted: the words are the
# author's. Editing is new text: it needs the right to post now (membership, consent, no mute or
# suspension, the room or thread open), is allowed for settings.EDIT_MINUTES after posting, and is
# screened again exactly like a new message (crisis response, method detail held). What an item
# said before is kept only while moderators need it (a report, hold or crisis alert about it is
# open): a Revision, encrypted, shown with the item under review. Both reach open sockets at once
# as `edit` / `removed` frames (through core.events, after the commit).


def edit_window() -> timedelta:
    return timedelta(minutes=max(int(getattr(settings, "EDIT_MINUTES", 15)), 0))


def _current_user(user: Any) -> Any:
    """The person as the database says now (a socket's copy may be stale)."""
    return get_user_model().objects.filter(pk=user.pk, is_active=True).first()


def _check_author(user: Any, item: Message | ThreadPost) -> None:
    if user is None or item.author_id != user.pk:
        raise RoomError(_("You can only change your own messages."), "not_author")


def _check_may_edit(
    user: Any, item: Message | ThreadPost, group: Group, *, closed: bool, now: Any
) -> Any:
    current = _current_user(user)
    _check_author(current, item)
    if item.removed_at is not None:
        raise RoomError(_("You removed this message, so it can't be edited."), "removed")
    if item.visibility == Visibility.HIDDEN:
        raise RoomError(
            _("A moderator hid this message, so it can't be edited. You can still remove it."),
            "hidden",
        )
    if item.visibility == Visibility.HELD:
        raise RoomError(
            _(
                "This message is waiting for a moderator's review. You can remove it, but not edit "
                "it until then."
            ),
            "held",
        )
    window = edit_window()
    if now - item.created_at > window:
        raise RoomError(
            _("Messages can be edited for %(n)d minutes after posting. You can still remove it.")
            % {"n": int(window.total_seconds() // 60)},
            "too_late",
        )
    decision = access.post_decision(current, group)
    if not decision:
        raise RoomError(str(decision.reason), "not_allowed")
    if closed and not access.is_group_staff(current, group):
        raise RoomError(
            _(
                "Posting is paused here, so messages can't be edited for now. You can still remove "
                "yours."
            ),
            "locked",
        )
    return current


def _keep_if_under_review(source: str, item: Message | ThreadPost, kind: str, now: Any) -> None:
    if item.text and content_under_review(source, item.pk):
        Revision.objects.create(
            source=source,
            object_id=item.pk,
            author_id=item.author_id,
            kind=kind,
            text=item.text,
            created_at=now,
        )


def _room_message(group: Group, seq: int) -> Message:
    m = (
        Message.objects.select_for_update()
        .select_related("group", "author")
        .filter(group=group, seq=seq)
        .first()
    )
    if m is None:
        raise RoomError(_("That message does not exist."), "not_found")
    return m


def _publish_change(kind: str, m: Message) -> None:
    """`edit` or `removed` to the room's open sockets; the hub gives a held message's new text
    only to its author and the group's staff (rooms.live)."""
    events.publish_on_commit(
        events.ROOM_CONTROL,
        {"type": kind, "message": message_payload(m, m.author.handle), "author_id": m.author_id},
        group_id=m.group_id,
    )


@transaction.atomic
def edit_room_message(user: Any, group: Group, seq: int, text: str) -> tuple[Message, Any]:
    """The author's new text for their message, screened again like a new one. Returns the
    message and the screening verdict (its author notice and crisis lines, for the ack)."""
    text = check_text(text)
    now = timezone.now()
    m = _room_message(group, seq)
    author = _check_may_edit(user, m, group, closed=queries.room_state(group).locked, now=now)
    verdict = screen(text, author, group)
    _keep_if_under_review("room_message", m, Revision.Kind.EDITED, now)
    m.text, m.html, m.edited_at = text, render(text), now
    m.visibility = Visibility.HELD if verdict.is_held else Visibility.VISIBLE
    if m.visibility != Visibility.VISIBLE:
        m.pinned = False
    m.save(update_fields=["text", "html", "edited_at", "visibility", "pinned"])
    if fulltext.enabled():
        Message.objects.filter(pk=m.pk).update(
            search_vector=SearchVector("text", config=fulltext.config_for(group.language))
        )
    record_audit_event(
        author,
        "rooms.message_edited",
        subject_user=author,
        group=group,
        message_id=m.pk,
        seq=m.seq,
        held=verdict.is_held,
    )
    _publish_change("edit", m)
    transaction.on_commit(
        lambda: respond_to_screened_content(
            source="room_message", object_id=m.pk, author=author, group=group, verdict=verdict
        )
    )
    return m, verdict


@transaction.atomic
def remove_room_message(user: Any, group: Group, seq: int) -> Message:
    """Blank the author's message; everyone sees "removed by its author" in its place."""
    now = timezone.now()
    m = _room_message(group, seq)
    _check_author(_current_user(user), m)
    if m.removed_at is not None:
        return m
    _keep_if_under_review("room_message", m, Revision.Kind.REMOVED, now)
    m.text, m.html, m.removed_at, m.pinned = "", "", now, False
    m.save(update_fields=["text", "html", "removed_at", "pinned"])
    Message.objects.filter(pk=m.pk).update(search_vector=None)
    record_audit_event(
        m.author,
        "rooms.message_removed",
        subject_user=m.author,
        group=group,
        message_id=m.pk,
        seq=m.seq,
    )
    forget_quotes("room_message", [m.pk])
    _publish_change("removed", m)
    return m


def _thread_post(post_id: int, group: Group | None) -> ThreadPost:
    post = (
        ThreadPost.objects.select_for_update()
        .select_related("thread__group", "author")
        .filter(pk=post_id)
        .first()
    )
    if post is None or (group is not None and post.thread.group_id != group.pk):
        raise RoomError(_("That message does not exist."), "not_found")
    return post


@transaction.atomic
def edit_thread_post(
    user: Any, post_id: int, text: str, group: Group | None = None
) -> tuple[ThreadPost, Any]:
    text = check_text(text)
    now = timezone.now()
    post = _thread_post(post_id, group)
    thread = post.thread
    author = _check_may_edit(user, post, thread.group, closed=thread.locked, now=now)
    verdict = screen(text, author, thread.group)
    _keep_if_under_review("thread_post", post, Revision.Kind.EDITED, now)
    post.text, post.html, post.edited_at = text, render(text), now
    post.visibility = Visibility.HELD if verdict.is_held else Visibility.VISIBLE
    post.save(update_fields=["text", "html", "edited_at", "visibility"])
    if fulltext.enabled():
        ThreadPost.objects.filter(pk=post.pk).update(
            search_vector=SearchVector("text", config=fulltext.config_for(thread.group.language))
        )
    record_audit_event(
        author,
        "rooms.post_edited",
        subject_user=author,
        group=thread.group,
        post_id=post.pk,
        held=verdict.is_held,
    )
    _after_post(author, thread.group, post, verdict)
    return post, verdict


@transaction.atomic
def remove_thread_post(user: Any, post_id: int, group: Group | None = None) -> ThreadPost:
    now = timezone.now()
    post = _thread_post(post_id, group)
    _check_author(_current_user(user), post)
    if post.removed_at is not None:
        return post
    _keep_if_under_review("thread_post", post, Revision.Kind.REMOVED, now)
    post.text, post.html, post.removed_at = "", "", now
    post.save(update_fields=["text", "html", "removed_at"])
    ThreadPost.objects.filter(pk=post.pk).update(search_vector=None)
    record_audit_event(
        post.author,
        "rooms.post_removed",
        subject_user=post.author,
        group=post.thread.group,
        post_id=post.pk,
    )
    forget_quotes("thread_post", [post.pk])
    return post


def revisions_of(source: str, object_id: int) -> list[Revision]:
    return list(Revision.objects.filter(source=source, object_id=object_id))


# -- facilitator tools ---------------------------------------------------------------------


def _require_staff(actor: Any, group: Group) -> None:
    if not access.is_group_staff(actor, group):
        raise RoomError(
            _("Only this group's facilitators and moderators can do that."), "not_staff"
        )


def set_message_visibility(message: Message, visibility: str, actor: Any) -> Message:
    """Hide, hold or show a room message; live clients follow at once."""
    if visibility not in Visibility.values:
        raise RoomError(_("Unknown visibility."), "bad_visibility")
    if visibility == message.visibility:
        return message
    previous = message.visibility
    message.visibility = visibility
    message.save(update_fields=["visibility"])
    record_audit_event(
        actor,
        f"rooms.message_{visibility}",
        subject_user=message.author,
        group=message.group,
        message_id=message.pk,
        seq=message.seq,
        previous=previous,
    )
    frame: dict[str, Any]
    if visibility == Visibility.VISIBLE:
        frame = {"type": "show", "message": message_payload(message, message.author.handle)}
    else:
        frame = {"type": "hide", "seq": message.seq}
    events.publish_on_commit(events.ROOM_CONTROL, frame, group_id=message.group_id)
    if previous == Visibility.HELD and visibility == Visibility.VISIBLE and "@" in message.text:
        # Approved after review: the people it mentions are told now, as if it had just been posted.
        notify_room_mentions(message.author, message.group, message.text, message.pk, message.seq)
    return message


def hide_message(actor: Any, message: Message) -> Message:
    _require_staff(actor, message.group)
    return set_message_visibility(message, Visibility.HIDDEN, actor)


def pin_message(actor: Any, message: Message, pinned: bool = True) -> Message:
    _require_staff(actor, message.group)
    message.pinned = pinned
    message.save(update_fields=["pinned"])
    payload = message_payload(message, message.author.handle)
    events.publish_on_commit(
        events.ROOM_CONTROL,
        {"type": "pin", "seq": payload["seq"], "pinned": pinned, "message": payload},
        group_id=message.group_id,
    )
    return message


def set_room_state(
    actor: Any, group: Group, *, slow_mode_seconds: int | None = None, locked: bool | None = None
) -> Room:
    _require_staff(actor, group)
    room = ensure_room(group)
    if slow_mode_seconds is not None:
        if not 0 <= slow_mode_seconds <= 3600:
            raise RoomError(_("Slow mode can be between 0 and 3600 seconds."), "bad_slow_mode")
        room.slow_mode_seconds = slow_mode_seconds
    if locked is not None:
        room.locked = locked
    room.save(update_fields=["slow_mode_seconds", "locked"])
    events.publish_on_commit(
        events.ROOM_CONTROL,
        {"type": "room", "slow_mode": room.slow_mode_seconds, "locked": room.locked},
        group_id=group.pk,
    )
    return room


# -- threads -------------------------------------------------------------------------------


def _check_can_post(user: Any, group: Group) -> None:
    decision = access.post_decision(user, group)
    if not decision:
        raise RoomError(decision.reason, "not_allowed")


def _store_post(
    user: Any, thread: Thread, text: str, client_id: str
) -> tuple[ThreadPost, Any, bool]:
    text = check_text(text)
    if client_id:
        existing = ThreadPost.objects.filter(author=user, client_id=client_id).first()
        if existing is not None:
            return existing, None, False
    verdict = screen(text, user, thread.group)
    post = ThreadPost.objects.create(
        thread=thread,
        author=user,
        client_id=client_id or f"srv-{timezone.now().timestamp()}-{user.pk}",
        text=text,
        html=render(text),
        visibility=Visibility.HELD if verdict.is_held else Visibility.VISIBLE,
    )
    if fulltext.enabled():
        ThreadPost.objects.filter(pk=post.pk).update(
            search_vector=SearchVector("text", config=fulltext.config_for(thread.group.language))
        )
    if post.visibility == Visibility.VISIBLE:
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=post.created_at)
    _thread_first_post(user, thread.group, post)
    transaction.on_commit(lambda: metrics.MESSAGES_STORED.labels("thread").inc())
    return post, verdict, True


def _after_post(user: Any, group: Group, post: ThreadPost, verdict: Any) -> None:
    transaction.on_commit(
        lambda: respond_to_screened_content(
            source="thread_post", object_id=post.pk, author=user, group=group, verdict=verdict
        )
    )


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
    FirstPost.objects.create(
        group=group, author=user, source="thread_post", object_id=post.pk, posted_at=post.created_at
    )


@transaction.atomic
def create_thread(
    user: Any, group: Group, title: str, text: str, client_id: str = ""
) -> tuple[Thread, ThreadPost, Any]:
    _check_can_post(user, group)
    title = (title or "").strip()
    if not title:
        raise RoomError(_("Please give the thread a title."), "no_title")
    if len(title) > 200:
        raise RoomError(_("Titles can be up to 200 characters."), "too_long")
    check_text(text)
    if client_id:
        existing = (
            ThreadPost.objects.filter(author=user, client_id=client_id)
            .select_related("thread")
            .first()
        )
        if existing is not None:
            return existing.thread, existing, None
    thread = Thread.objects.create(group=group, title=title, author=user)
    post, verdict, _created = _store_post(user, thread, text, client_id)
    _after_post(user, group, post, verdict)
    notify_thread_post(user, thread, post)
    return thread, post, verdict


@transaction.atomic
def reply_to_thread(
    user: Any, thread: Thread, text: str, client_id: str = ""
) -> tuple[ThreadPost, Any]:
    _check_can_post(user, thread.group)
    if thread.locked and not access.is_group_staff(user, thread.group):
        raise RoomError(_("This thread is closed to new replies."), "locked")
    post, verdict, created = _store_post(user, thread, text, client_id)
    if created:
        _after_post(user, thread.group, post, verdict)
        notify_thread_post(user, thread, post)
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
    record_audit_event(
        actor,
        f"rooms.post_{visibility}",
        subject_user=post.author,
        group=post.thread.group,
        post_id=post.pk,
        previous=previous,
    )
    if previous == Visibility.HELD and visibility == Visibility.VISIBLE:
        notify_thread_post(post.author, post.thread, post)  # approved: told now, not before
    return post


def hide_post(actor: Any, post: ThreadPost) -> ThreadPost:
    _require_staff(actor, post.thread.group)
    return set_post_visibility(post, Visibility.HIDDEN, actor)


def set_thread_flags(
    actor: Any, thread: Thread, *, pinned: bool | None = None, locked: bool | None = None
) -> Thread:
    _require_staff(actor, thread.group)
    if pinned is not None:
        thread.pinned = pinned
    if locked is not None:
        thread.locked = locked
    thread.save(update_fields=["pinned", "locked"])
    return thread


# -- no first post unanswered --------------------------------------------------------------


def surface_unanswered_first_posts(hours: float, now: Any = None) -> list[FirstPost]:
    """Mark first posts older than `hours` with no reply as surfaced (facilitators see them in
    the group's 'First posts waiting' page) and tell live facilitators. Answered ones are closed."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=hours)
    surfaced = []
    for fp in FirstPost.objects.filter(
        answered_at__isnull=True, surfaced_at__isnull=True, posted_at__lte=cutoff
    ):
        if first_post_is_answered(fp):
            fp.answered_at = now
            fp.save(update_fields=["answered_at"])
            continue
        fp.surfaced_at = now
        fp.save(update_fields=["surfaced_at"])
        surfaced.append(fp)
        events.publish_on_commit(
            events.ROOM_CONTROL,
            {"type": "first_post_waiting"},
            group_id=fp.group_id,
            staff_only=True,
        )
    return surfaced


def mark_room_read(user: Any, group: Group, seq: int) -> None:
    """Remember that this person has seen the room up to `seq` (never moves back; capped at the
    room's newest message). Private to them: nothing is published."""
    newest = Room.objects.filter(group=group).values_list("last_seq", flat=True).first() or 0
    seq = max(0, min(seq, newest))
    _mark(RoomRead, {"user": user, "group": group}, "last_seq", seq)


def mark_thread_read(user: Any, thread: Thread, last_post_id: int) -> None:
    """Remember the newest post of this thread the person has been shown."""
    _mark(ThreadRead, {"user": user, "thread": thread}, "last_post_id", max(0, last_post_id))


def _mark(model: Any, key: dict[str, Any], field: str, value: int) -> None:
    if model.objects.filter(**key, **{f"{field}__gte": value}).exists():
        return
    try:
        with transaction.atomic():
            _row, created = model.objects.get_or_create(**key, defaults={field: value})
    except IntegrityError:  # two tabs at once: the other one made the row
        created = False
    if not created:
        model.objects.filter(**key, **{f"{field}__lt": value}).update(
            **{field: value, "updated_at": timezone.now()}
        )
