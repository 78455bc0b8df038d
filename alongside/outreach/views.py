"""Private outreach pages. Thin: outreach.actions decides who may do what and audits staff reads.
Anyone who may not read a conversation gets a 404, so its existence is not revealed either."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.queries import signed_in_user
from alongside.outreach import actions, queries
from alongside.outreach.models import Conversation
from alongside.safety.actions import can_handle_alert, can_moderate
from alongside.safety.models import CrisisAlert, QueueItem
from alongside.safety.queries import facilitated_group_ids

NOTICE_KEY = (
    "outreach_notice"  # the screen's private notice for the author, shown once after sending
)


def _conversation_for(request: HttpRequest, pk: int) -> Conversation:
    conversation = get_object_or_404(
        Conversation.objects.select_related("member", "group", "alert"), pk=pk
    )
    if not queries.can_read(request.user, conversation):
        raise Http404
    return conversation


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """A member's private conversations; for staff, also the ones they may read (no text here)."""
    user = signed_in_user(request)
    staff = queries.for_staff(user) if user.is_site_staff or _facilitates(user) else None
    return render(
        request, "outreach/inbox.html", {"mine": queries.for_member(user), "staff": staff}
    )


def _facilitates(user: Any) -> bool:

    return bool(facilitated_group_ids(user))


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Open the conversation with the member an alert (POST alert=<id>) or a held message or
    report (POST item=<id>) is about."""
    alert = item = None
    try:
        if request.POST.get("alert"):
            alert = (
                CrisisAlert.objects.select_related("member", "group")
                .filter(pk=int(request.POST["alert"]))
                .first()
            )
            if alert is None:
                raise Http404
        elif request.POST.get("item"):
            item = (
                QueueItem.objects.select_related("author", "group")
                .filter(pk=int(request.POST["item"]))
                .first()
            )
            if item is None:
                raise Http404
        else:
            raise Http404
    except ValueError as exc:
        raise Http404 from exc
    try:
        conversation = actions.start_conversation(request.user, alert=alert, item=item)
    except actions.OutreachError as exc:
        if (alert and not _can_act(request.user, alert=alert)) or (
            item and not _can_act(request.user, item=item)
        ):
            raise PermissionDenied(str(exc)) from exc
        messages.error(request, str(exc))
        if alert is not None:
            return redirect("safety:alert", pk=alert.pk)
        assert item is not None
        return redirect("safety:item", pk=item.pk)
    return redirect(conversation)


def _can_act(user: Any, *, alert: CrisisAlert | None = None, item: QueueItem | None = None) -> bool:

    if alert is not None:
        return can_handle_alert(user, alert)
    return item is not None and can_moderate(user, item.group)


@login_required
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    convo = _conversation_for(request, pk)
    user = signed_in_user(request)
    msgs = actions.read_conversation(user, convo)
    return render(
        request,
        "outreach/conversation.html",
        {
            "conversation": convo,
            "messages_list": msgs,
            "is_member": user.pk == convo.member_id,
            "author_notice": request.session.pop(NOTICE_KEY, None),
            "draft": request.session.pop("outreach_draft", ""),
        },
    )


@login_required
def messages_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The message list alone: the open page fetches it when the live channel says there is news."""
    convo = _conversation_for(request, pk)
    user = signed_in_user(request)
    msgs = actions.read_conversation(user, convo)
    return render(
        request,
        "outreach/_messages.html",
        {"conversation": convo, "messages_list": msgs, "is_member": user.pk == convo.member_id},
    )


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    convo = _conversation_for(request, pk)
    try:
        _message, verdict = actions.send_message(request.user, convo, request.POST.get("text", ""))
    except actions.OutreachError as exc:
        messages.error(request, str(exc))
        request.session["outreach_draft"] = request.POST.get("text", "")[: actions.MAX_LENGTH]
        return redirect(convo)
    if verdict.author_notice and request.user.pk == convo.member_id:
        request.session[NOTICE_KEY] = {
            "notice": verdict.author_notice,
            "resources": list(verdict.resources),
        }
    else:
        messages.success(request, _("Sent."))
    return redirect(convo.get_absolute_url() + "#latest")
