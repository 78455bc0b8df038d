"""Pages of the live room (read without JS, post with it), threads (fully without JS), search
and the facilitators' list of first posts waiting for a reply."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alongside.core import text
from alongside.groups import access
from alongside.groups.models import Group
from alongside.rooms import actions, fulltext, queries
from alongside.rooms.models import Message, Thread, ThreadPost
from alongside.rooms.render import MAX_LENGTH
from alongside.safety import queries as safety_queries

# One-shot: the safety response to the post just made, shown on the page the post redirects to.
FRESH_NOTICE_KEY = "alongside.author_notice"
# The room page reaches back at most this far to open at the first unread message.
MAX_UNREAD_PAGE = 500


def _group_for_member(request: HttpRequest, slug: str) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not access.can_view_page(request.user, group):
        raise Http404
    if not access.can_view_content(request.user, group):
        raise PermissionDenied(_("This part of the group is for its members only."))
    return group


def _require_staff(request: HttpRequest, group: Group) -> None:
    if not access.is_group_staff(request.user, group):
        raise PermissionDenied(_("Only this group's facilitators and moderators can do that."))


def _common(request: HttpRequest, group: Group) -> dict[str, Any]:
    decision = access.post_decision(request.user, group)
    return {
        "group": group,
        "can_post": bool(decision),
        "cannot_post_reason": decision.reason,
        "cannot_post_remedy": decision.remedy,
        "is_staff": access.is_group_staff(request.user, group),
        "max_length": MAX_LENGTH,
    }


@login_required
def room(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for_member(request, slug)
    try:
        before = text.query_int(request.GET.get("before"), minimum=1)
    except text.BadNumber as exc:
        return render(request, "bad_input.html", {"reason": exc.message}, status=400)
    state = queries.room_state(group)
    # The room opens at the first message this person has not seen (newest when all is read):
    # the page reaches back far enough to hold it (at most MAX_UNREAD_PAGE messages).
    first_unread = queries.first_unread_seq(request.user, group) if before is None else None
    page = queries.PAGE
    if first_unread is not None:
        page = min(max(page, state.last_seq - first_unread + 6), MAX_UNREAD_PAGE)
    rows = queries.messages_before(group.pk, before, page + 1)
    more = len(rows) > page
    rows = rows[-page:]
    shown = [m for m in queries.visible_to(request.user, group, rows) if m.get("visible", True)]
    if first_unread is not None and not any(m["seq"] == first_unread for m in shown):
        first_unread = shown[0]["seq"] if shown and shown[0]["seq"] > first_unread else None
    if before is None and rows:
        actions.mark_room_read(request.user, group, rows[-1][0])
    return render(
        request,
        "rooms/room.html",
        {
            "first_unread": first_unread,
            **_common(request, group),
            "messages_list": shown,
            "older_before": rows[0][0] if more and rows else None,
            "paged": before is not None,
            "last_seq": rows[-1][0] if rows and before is None else 0,
            "room": state,
            "pinned": queries.pinned_messages(group),
            "ws_path": f"/ws/rooms/{group.slug}/",
            "private_notice": safety_queries.author_notice(request.user, group),
        },
    )


@login_required
@require_POST
def room_settings(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for_member(request, slug)
    _require_staff(request, group)
    try:
        slow = int(request.POST.get("slow_mode", "0") or 0)
    except ValueError:
        slow = -1
    try:
        actions.set_room_state(
            request.user, group, slow_mode_seconds=slow, locked=request.POST.get("locked") == "on"
        )
        messages.success(request, _("Room settings saved."))
    except actions.RoomError as exc:
        messages.error(request, exc.message)
    return redirect("rooms:room", slug)


def _message(group: Group, seq: int) -> Message:
    return get_object_or_404(
        Message.objects.select_related("author", "group"), group=group, seq=seq
    )


@login_required
@require_POST
def hide_message(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    group = _group_for_member(request, slug)
    _require_staff(request, group)
    actions.hide_message(request.user, _message(group, seq))
    if request.headers.get("Accept", "").startswith("application/json"):
        return HttpResponse('{"ok":true}', content_type="application/json")
    messages.success(request, _("The message is hidden for everyone."))
    return redirect("rooms:room", slug)


@login_required
@require_POST
def pin_message(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    group = _group_for_member(request, slug)
    _require_staff(request, group)
    actions.pin_message(
        request.user, _message(group, seq), pinned=request.POST.get("pinned", "1") == "1"
    )
    if request.headers.get("Accept", "").startswith("application/json"):
        return HttpResponse('{"ok":true}', content_type="application/json")
    return redirect("rooms:room", slug)


# -- authors edit and remove their own words (rooms.actions decides; these are transport) ------


def _own(request: HttpRequest, item: Message | ThreadPost) -> None:
    """Only the author reaches these pages: 404 for anyone else, existing or not."""
    if item.author_id != request.user.pk:
        raise Http404


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _edit_page(
    request: HttpRequest,
    group: Group,
    item: Message | ThreadPost,
    back: str,
    form_error: str = "",
    text: str | None = None,
    status: int = 200,
) -> HttpResponse:
    if isinstance(item, Message):
        remove_url = reverse("rooms:remove_message", args=[group.slug, item.seq])
    else:
        remove_url = reverse("rooms:remove_post", args=[group.slug, item.pk])
    too_late = timezone.now() - item.created_at > actions.edit_window()
    if too_late and not form_error:
        form_error = _(
            "This can no longer be edited: messages can be edited for %(n)d minutes after posting. "
            "You can still remove it."
        ) % {"n": int(actions.edit_window().total_seconds() // 60)}
    return render(
        request,
        "rooms/edit.html",
        {
            **_common(request, group),
            "item": item,
            "back": back,
            "form_error": form_error,
            "too_late": too_late,
            "remove_url": remove_url,
            "text": item.text if text is None else text,
            "edit_minutes": int(actions.edit_window().total_seconds() // 60),
        },
        status=status,
    )


@login_required
def edit_message(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    group = _group_for_member(request, slug)
    m = _message(group, seq)
    _own(request, m)
    back = reverse("rooms:room", args=[slug]) + f"#m{seq}"
    if request.method != "POST":
        return _edit_page(request, group, m, back)
    text = request.POST.get("text", "")
    try:
        _m, verdict = actions.edit_room_message(request.user, group, seq, text)
    except actions.RoomError as exc:
        if _wants_json(request):
            return JsonResponse({"code": exc.code, "message": exc.message}, status=400)
        return _edit_page(request, group, m, back, exc.message, text, status=400)
    if _wants_json(request):
        return JsonResponse({"ok": True, "visibility": _m.visibility})
    return redirect(
        reverse("rooms:room", args=[slug]) + (_tell_author(request, verdict) or f"#m{seq}")
    )


@login_required
@require_POST
def remove_message(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    # Not only for members: an author may remove their words after leaving the group.
    group = get_object_or_404(Group, slug=slug)
    m = _message(group, seq)
    _own(request, m)
    actions.remove_room_message(request.user, group, seq)
    if _wants_json(request):
        return JsonResponse({"ok": True})
    messages.success(request, _("Your message is removed."))
    if access.can_view_content(request.user, group):
        return redirect(reverse("rooms:room", args=[slug]) + f"#m{seq}")
    return redirect("groups:detail", slug)


def _post(group: Group, post_id: int) -> ThreadPost:
    return get_object_or_404(
        ThreadPost.objects.select_related("thread__group", "author"),
        pk=post_id,
        thread__group=group,
    )


@login_required
def edit_post(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    group = _group_for_member(request, slug)
    post = _post(group, post_id)
    _own(request, post)
    back = reverse("rooms:thread", args=[slug, post.thread_id]) + f"#p{post.pk}"
    if request.method != "POST":
        return _edit_page(request, group, post, back)
    text = request.POST.get("text", "")
    try:
        _p, verdict = actions.edit_thread_post(request.user, post.pk, text, group)
    except actions.RoomError as exc:
        return _edit_page(request, group, post, back, exc.message, text, status=400)
    return redirect(
        reverse("rooms:thread", args=[slug, post.thread_id])
        + (_tell_author(request, verdict) or f"#p{post.pk}")
    )


@login_required
@require_POST
def remove_post(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    group = get_object_or_404(Group, slug=slug)
    post = _post(group, post_id)
    _own(request, post)
    actions.remove_thread_post(request.user, post.pk, group)
    messages.success(request, _("Your message is removed."))
    if access.can_view_content(request.user, group):
        return redirect(reverse("rooms:thread", args=[slug, post.thread_id]) + f"#p{post.pk}")
    return redirect("groups:detail", slug)


@login_required
def threads(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for_member(request, slug)
    page = Paginator(queries.threads(group), 30).get_page(request.GET.get("page"))
    form_error = ""
    values = {"title": "", "text": ""}
    if request.method == "POST":
        values = {"title": request.POST.get("title", ""), "text": request.POST.get("text", "")}
        try:
            thread, _post, verdict = actions.create_thread(
                request.user,
                group,
                values["title"],
                values["text"],
                request.POST.get("client_id", ""),
            )
            return redirect(
                reverse("rooms:thread", args=[slug, thread.pk]) + _tell_author(request, verdict)
            )
        except actions.RoomError as exc:
            form_error = exc.message
    return render(
        request,
        "rooms/threads.html",
        {
            **_common(request, group),
            "page": page,
            "form_error": form_error,
            "values": values,
            "client_id": uuid.uuid4().hex,
            "private_notice": _private_notice(request, group),
        },
        status=400 if form_error else 200,
    )


def _tell_author(request: HttpRequest, verdict: Any) -> str:
    """Keep the safety response to a post for the page it redirects to, where it is shown at the
    top (rooms/_private_notice.html). Returns the fragment to redirect to: the notice if there
    is one, so the author lands on it rather than on their post further down."""
    if verdict is None:
        return ""
    notes = []
    if verdict.is_held:
        notes.append(_("Your post is saved. A facilitator will look at it before others see it."))
    if verdict.author_notice:
        notes.append(str(verdict.author_notice))
    if not notes and not verdict.resources:
        return ""
    request.session[FRESH_NOTICE_KEY] = {
        "notes": notes,
        "resources": [dict(r) for r in verdict.resources],
    }
    return "#private-notice"


def _private_notice(request: HttpRequest, group: Group) -> dict[str, Any] | None:
    """The notice just made for this author's post (announced once), else the standing one while
    their crisis alert in this group is open (shown again after every reload)."""
    fresh = request.session.pop(FRESH_NOTICE_KEY, None)
    if fresh:
        return {**fresh, "fresh": True}
    return safety_queries.author_notice(request.user, group)


def _thread(group: Group, thread_id: int) -> Thread:
    return get_object_or_404(Thread, group=group, pk=thread_id)


@login_required
def thread(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    group = _group_for_member(request, slug)
    t = _thread(group, thread_id)
    form_error = ""
    text = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            post, verdict = actions.reply_to_thread(
                request.user, t, text, request.POST.get("client_id", "")
            )
            return redirect(
                reverse("rooms:thread", args=[slug, t.pk])
                + (_tell_author(request, verdict) or f"#p{post.pk}")
            )
        except actions.RoomError as exc:
            form_error = exc.message
    # The page opens at the first post not yet seen (rooms/open-unread.js; a link at the top without JS).
    first_unread = queries.first_unread_post(request.user, t) if request.method == "GET" else None
    posts = queries.thread_posts(request.user, t)
    if posts:
        actions.mark_thread_read(request.user, t, max(p.pk for p in posts))
    return render(
        request,
        "rooms/thread.html",
        {
            **_common(request, group),
            "thread": t,
            "posts": posts,
            "first_unread": first_unread,
            "form_error": form_error,
            "text": text,
            "client_id": uuid.uuid4().hex,
            "private_notice": _private_notice(request, group),
        },
        status=400 if form_error else 200,
    )


@login_required
@require_GET
def thread_new_posts(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    """The posts after `after` that this person may see now, for an open thread page
    (rooms/thread-live.js appends them): the same checks and the same rows as the page."""
    group = _group_for_member(request, slug)
    t = _thread(group, thread_id)
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        return HttpResponse(_("“after” must be a post number."), status=400)
    posts = [p for p in queries.thread_posts(request.user, t) if p.pk > after]
    if posts:
        actions.mark_thread_read(request.user, t, max(p.pk for p in posts))
    return render(
        request,
        "rooms/_thread_posts_only.html",
        {**_common(request, group), "thread": t, "posts": posts},
    )


@login_required
@require_POST
def thread_flags(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    group = _group_for_member(request, slug)
    _require_staff(request, group)
    t = _thread(group, thread_id)
    actions.set_thread_flags(
        request.user,
        t,
        pinned=request.POST.get("pinned") == "on",
        locked=request.POST.get("locked") == "on",
    )
    messages.success(request, _("Thread settings saved."))
    return redirect("rooms:thread", slug, t.pk)


@login_required
@require_POST
def hide_post(request: HttpRequest, slug: str, post_id: int) -> HttpResponse:
    group = _group_for_member(request, slug)
    _require_staff(request, group)
    post = get_object_or_404(
        ThreadPost.objects.select_related("thread__group"), pk=post_id, thread__group=group
    )
    actions.hide_post(request.user, post)
    messages.success(request, _("The post is hidden for everyone."))
    return redirect("rooms:thread", slug, post.thread_id)


@login_required
def search(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for_member(request, slug)
    q = request.GET.get("q", "")[:200]
    found_messages, found_posts = queries.search(request.user, group, q)
    return render(
        request,
        "rooms/search.html",
        {
            **_common(request, group),
            "q": q,
            "found_messages": found_messages,
            "found_posts": found_posts,
            "full_text": fulltext.enabled(),
            "stems": fulltext.config_for(group.language) != fulltext.FALLBACK,
        },
    )


@login_required
def first_posts(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for_member(request, slug)
    _require_staff(request, group)
    waiting = queries.waiting_first_posts(group)
    items = []
    for fp in waiting:
        ref_url = ""
        if fp.source == "room_message":
            m = Message.objects.filter(pk=fp.object_id).first()
            if m is not None:
                ref_url = reverse("rooms:room", args=[slug]) + f"?before={m.seq + 1}#m{m.seq}"
        else:
            p = ThreadPost.objects.filter(pk=fp.object_id).first()
            if p is not None:
                ref_url = reverse("rooms:thread", args=[slug, p.thread_id]) + f"#p{p.pk}"
        items.append({"first_post": fp, "url": ref_url})
    return render(
        request,
        "rooms/first_posts.html",
        {**_common(request, group), "items": items, "hours": settings.FIRST_POST_REPLY_HOURS},
    )
