from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.groups import access
from alongside.groups.models import Focus, Group
from alongside.resources import actions, queries
from alongside.resources.forms import LibraryResourceForm, PollForm, SuggestForm
from alongside.resources.models import LibraryResource, Poll, SharedResource
from alongside.safety.crisis_lines import (
    CONFIRMED_ON_SERVICE_SITES,
    by_country,
    emergency_line,
    has_sourced_line,
    lines_for,
)


def crisis_lines(request: HttpRequest) -> HttpResponse:
    """Public: crisis lines by country, the visitor's own first when we know their country."""
    country = getattr(request.user, "country", "") if request.user.is_authenticated else ""
    mine = None
    if country and has_sourced_line(country):
        mine = lines_for(country)
    elif country:  # no sourced line there: its emergency number, then the table below
        mine = [emergency_line(country)]
    return render(
        request,
        "resources/crisis.html",
        {
            "rows": by_country(),
            "mine": mine,
            "mine_has_line": bool(country) and has_sourced_line(country),
            "country": country,
            "confirmed": CONFIRMED_ON_SERVICE_SITES,
        },
    )


def library(request: HttpRequest) -> HttpResponse:
    """Public: the curated library. Young people see resources for everyone and for youth only."""
    topic = request.GET.get("topic", "")
    topic = topic if topic in Focus.values else ""
    language = request.GET.get("language", "")[:8]
    return render(
        request,
        "resources/library.html",
        {
            "resources": queries.library_for(request.user, topic=topic, language=language),
            "topics": Focus.choices,
            "languages": queries.library_languages(),
            "topic": topic,
            "language": language,
            "can_add": queries.can_manage_library(request.user),
            "archived": queries.archived_library()
            if queries.can_manage_library(request.user)
            else [],
        },
    )


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


@login_required
def library_add(request: HttpRequest) -> HttpResponse:
    if not queries.can_manage_library(request.user):
        raise PermissionDenied(_("Only moderators and admins add resources to the library."))
    form = LibraryResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_library_resource(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Added to the library."))
            return redirect("resources:library")
    return render(request, "resources/library_add.html", {"form": form})


def _library_resource(request: HttpRequest, pk: int) -> LibraryResource:
    if not queries.can_manage_library(request.user):
        raise PermissionDenied(_("Only moderators and admins can change the library."))
    return get_object_or_404(LibraryResource, pk=pk)


@login_required
def library_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _library_resource(request, pk)
    form = LibraryResourceForm(
        request.POST or None,
        initial={
            "title": resource.title,
            "url": resource.url,
            "kind": resource.kind,
            "description": resource.description,
            "topics": resource.topics,
            "language": resource.language,
            "audience": resource.audience,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_library_resource(by=request.user, resource=resource, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Saved your changes."))
            return redirect("resources:library")
    return render(request, "resources/library_edit.html", {"form": form, "resource": resource})


@login_required
@require_POST
def library_archive(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _library_resource(request, pk)
    actions.archive_library_resource(by=request.user, resource=resource)
    messages.success(
        request,
        _("Archived: “%(title)s” is no longer in the library. You can restore it below.")
        % {"title": resource.title},
    )
    return redirect("resources:library")


@login_required
@require_POST
def library_unarchive(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _library_resource(request, pk)
    actions.unarchive_library_resource(by=request.user, resource=resource)
    messages.success(
        request, _("Restored: “%(title)s” is back in the library.") % {"title": resource.title}
    )
    return redirect("resources:library")


def _group_for(request: HttpRequest, slug: str, allowed: Callable[[Any, Group], bool]) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not allowed(request.user, group):
        raise PermissionDenied(_("This part of the group is for its members only."))
    return group


def _can_review(user: Any, group: Group) -> bool:
    return access.can_manage(user, group) or user.is_site_staff


@login_required
def shared(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for(request, slug, access.can_view_content)
    form = SuggestForm(request.POST or None)
    decision = access.post_decision(request.user, group)
    if request.method == "POST":
        if not decision:
            raise PermissionDenied(decision.reason)
        if form.is_valid():
            try:
                item = actions.suggest_resource(
                    author=request.user, group=group, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error("url" if "http" in _error_text(exc) else None, _error_text(exc))
            else:
                if item.status == SharedResource.Status.HELD:
                    messages.info(
                        request,
                        _(
                            "Thank you. A facilitator will look at your suggestion before others see it."
                        ),
                    )
                else:
                    messages.success(request, _("Thank you for sharing."))
                return redirect("resources:shared", group.slug)
    return render(
        request,
        "resources/shared.html",
        {
            "group": group,
            "items": queries.shared_for(request.user, group),
            "form": form,
            "can_post": bool(decision),
            "post_reason": decision.reason,
            "can_review": _can_review(request.user, group),
        },
    )


def _review(act: Callable[..., None], done: str) -> Callable[[HttpRequest, str, int], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
        group = _group_for(request, slug, _can_review)
        item = get_object_or_404(SharedResource, pk=item_id, group=group)
        act(by=request.user, item=item)
        messages.success(request, _(done))
        return redirect("resources:shared", group.slug)

    return view


approve_shared = _review(actions.approve_shared, "Approved: members can see it now.")
remove_shared = _review(actions.remove_shared, "Removed.")


@login_required
def polls(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for(request, slug, access.can_view_content)
    rows = [
        (p, queries.poll_results(p, request.user), queries.my_vote(p, request.user))
        for p in Poll.objects.filter(group=group).prefetch_related("options")
    ]
    return render(
        request,
        "resources/polls.html",
        {
            "group": group,
            "rows": rows,
            "can_manage": access.can_manage(request.user, group),
            "can_vote": access.is_member(request.user, group),
            "min_votes": queries.MIN_VOTES_TO_SHOW,
        },
    )


@login_required
def poll_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_for(request, slug, access.can_manage)
    form = PollForm(request.POST or None, initial={"anonymous": True})
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_poll(
                by=request.user,
                group=group,
                question=form.cleaned_data["question"],
                options=form.options(),
                anonymous=form.cleaned_data["anonymous"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Your poll is open."))
            return redirect("resources:polls", group.slug)
    return render(request, "resources/poll_create.html", {"group": group, "form": form})


@login_required
@require_POST
def poll_vote(request: HttpRequest, slug: str, poll_id: int) -> HttpResponse:
    group = _group_for(request, slug, access.is_member)
    poll = get_object_or_404(Poll, pk=poll_id, group=group)
    try:
        actions.vote(voter=request.user, poll=poll, option_id=int(request.POST.get("option") or 0))
    except (ValidationError, ValueError) as exc:
        messages.error(
            request,
            _error_text(exc)
            if isinstance(exc, ValidationError)
            else _("Please choose one of the options."),
        )
    else:
        messages.success(
            request, _("Your vote is counted. You can change it until the poll closes.")
        )
    return redirect("resources:polls", group.slug)
