"""The journal is the author's alone: every view filters by request.user; staff get no access."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.queries import signed_in_user
from alongside.journal import actions
from alongside.journal.models import JournalEntry
from alongside.journal.prompts import PROMPTS, SUGGESTED_MINUTES
from alongside.safety.actions import CHECK_IN_MESSAGE_MAX


@login_required
def index(request: HttpRequest) -> HttpResponse:
    entries = JournalEntry.objects.filter(author=signed_in_user(request)).defer("body")
    return render(request, "journal/index.html", {"entries": entries, "prompts": PROMPTS})


def _write(request: HttpRequest, entry: JournalEntry | None) -> HttpResponse:
    prompt_key = request.GET.get("prompt") or (entry.prompt_key if entry else "") or "deepest"
    token = str(entry.client_token) if entry else str(uuid.uuid4())
    body = entry.body if entry else ""
    error, verdict = "", None
    if request.method == "POST":
        body = request.POST.get("body", "")
        prompt_key = request.POST.get("prompt_key", "")
        try:
            token_value = uuid.UUID(request.POST.get("client_token", ""))
            saved, verdict = actions.save_entry(
                request.user,
                client_token=token_value,
                body=body,
                prompt_key=prompt_key if prompt_key in PROMPTS else "",
            )
        except ValueError:
            error = _("This page was out of date. Your text is below: please save again.")
        except actions.JournalError as exc:
            error = str(exc)
        else:
            if verdict.crisis == "none" and not verdict.method_detail:
                messages.success(request, _("Saved. Only you can read this."))
                return redirect("journal:edit", entry_id=saved.pk)
            entry, token = saved, str(saved.client_token)
    return render(
        request,
        "journal/write.html",
        {
            "entry": entry,
            "body": body,
            "token": token,
            "prompt_key": prompt_key,
            "prompt": PROMPTS.get(prompt_key, ""),
            "minutes": SUGGESTED_MINUTES,
            "error": error,
            "verdict": verdict,
            "check_in_max": CHECK_IN_MESSAGE_MAX,
        },
    )


@login_required
def write(request: HttpRequest) -> HttpResponse:
    return _write(request, None)


@login_required
def edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _write(request, get_object_or_404(JournalEntry, pk=entry_id, author=request.user))


@login_required
@require_POST
def delete(request: HttpRequest, entry_id: int) -> HttpResponse:
    get_object_or_404(JournalEntry, pk=entry_id, author=request.user)
    actions.delete_entry(request.user, entry_id)
    messages.success(request, _("Entry deleted."))
    return redirect("journal:index")


@login_required
def check_in(request: HttpRequest) -> HttpResponse:
    """Ask someone from the safety team to check in (offered after a worrying entry). Only the
    optional message typed here is shared; the journal is not."""
    error, message = "", ""
    if request.method == "POST":
        message = request.POST.get("message", "")
        try:
            actions.ask_for_check_in(signed_in_user(request), message)
        except actions.JournalError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you for asking. Someone from the safety team will check in with you privately, "
                    "here or by e-mail. Your journal has not been shared."
                ),
            )
            return redirect("journal:index")
    return render(
        request,
        "journal/check_in.html",
        {
            "message": message,
            "error": error,
            "check_in_max": CHECK_IN_MESSAGE_MAX,
        },
        status=400 if error else 200,
    )
