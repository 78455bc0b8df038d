from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.roles import staff_powers_enabled
from alongside.core.audit import record_audit_event
from alongside.groups import access, actions, queries
from alongside.groups.forms import (
    DirectoryFilterForm,
    GroupForm,
    GuidelinesForm,
    JoinForm,
    MatchForm,
    RemoveMemberForm,
)
from alongside.groups.models import Group, Membership
from alongside.groups.queries import is_staff_anywhere


def _group_or_404(
    request: HttpRequest, slug: str, check: Callable[[Any, Group], bool] = access.can_view_page
) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not access.can_view_page(request.user, group):
        raise Http404
    if not check(request.user, group):
        raise PermissionDenied(_("This part of the group is for its members only."))
    return group


def _back_or_group(request: HttpRequest, group: Group) -> HttpResponse:
    """Back to the page that offered the step (the room, a thread), or else the group's page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(group)


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    groups = queries.directory(filters)
    template = (
        "groups/_directory_results.html"
        if getattr(request, "htmx", False)
        else "groups/directory.html"
    )
    return render(request, template, {"form": form, "groups": groups})


def match(request: HttpRequest) -> HttpResponse:
    """A few groups chosen for this person, each with the reasons it may suit them and when it
    next meets. Posted, not in the address: what a person writes about themselves stays out of
    logs and browser history."""
    signed_in = request.user.is_authenticated
    initial = {"communities": list(request.user.contexts)} if signed_in else {}  # type: ignore[union-attr]
    form = MatchForm(request.POST if request.method == "POST" else None, initial=initial)
    results = None
    if form.is_valid():
        data = form.cleaned_data
        results = queries.matched_groups(
            request.user,
            focuses=data["focuses"],
            formats=data["formats"],
            leadership=data["leadership"],
            communities=data["communities"],
            about=data["about"],
            languages=None if signed_in else [(get_language() or "en").split("-")[0]],
        )
    return render(
        request,
        "groups/match.html",
        {"form": form, "results": results},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug)
    membership = access.membership_of(request.user, group)
    can_see_content = access.can_view_content(request.user, group)
    context = {
        "group": group,
        "guidelines": group.current_guidelines(),
        "membership": membership,
        "is_member": access.is_member(request.user, group),
        "can_see_content": can_see_content,
        "can_manage": access.can_manage(request.user, group),
        "members": queries.active_members(group) if can_see_content else None,
        "member_count": queries.member_count(group),
        "is_full": queries.is_full(group),
        "join_decision": access.join_decision(request.user, group)
        if request.user.is_authenticated
        else None,
        "needs_consent": membership is not None
        and membership.is_active
        and not membership.has_current_consent(),
        "on_waitlist": request.user.is_authenticated
        and group.waitlist.filter(user=request.user, status__in=["waiting", "offered"]).exists(),
        "facilitators": queries.facilitators(group),
    }
    return render(request, "groups/detail.html", context)


@login_required
def join(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug)
    guidelines = group.current_guidelines()
    decision = access.join_decision(request.user, group)
    form = JoinForm(
        request.POST or None, initial={"guidelines_version": guidelines.pk if guidelines else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.join_group(
                request.user,
                group,
                guidelines_version_id=form.cleaned_data["guidelines_version"],
                guidelines=form.cleaned_data["guidelines"],
                confidentiality=form.cleaned_data["confidentiality"],
                crisis_policy=form.cleaned_data["crisis_policy"],
            )
        except actions.GroupActionError as exc:
            form.add_error(None, str(exc))
        else:
            if membership.status == Membership.Status.PENDING:
                messages.success(
                    request, _("Thank you. A facilitator will review your request to join.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "Welcome. You've joined as a listener: read along, and start sharing whenever you're ready."
                    ),
                )
            return redirect(group)
    return render(
        request,
        "groups/consent.html",
        {
            "group": group,
            "guidelines": guidelines,
            "form": form,
            "decision": decision,
            "is_full": queries.is_full(group),
            "mode": "join",
        },
    )


@login_required
def consent(request: HttpRequest, slug: str) -> HttpResponse:
    """Agree to a new version of the guidelines."""
    group = _group_or_404(request, slug, access.is_member)
    guidelines = group.current_guidelines()
    form = JoinForm(
        request.POST or None, initial={"guidelines_version": guidelines.pk if guidelines else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.consent_to_guidelines(
                request.user,
                group,
                guidelines_version_id=form.cleaned_data["guidelines_version"],
                guidelines=form.cleaned_data["guidelines"],
                confidentiality=form.cleaned_data["confidentiality"],
                crisis_policy=form.cleaned_data["crisis_policy"],
            )
        except actions.GroupActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you for agreeing to the updated guidelines."))
            return _back_or_group(request, group)
    return render(
        request,
        "groups/consent.html",
        {
            "group": group,
            "guidelines": guidelines,
            "form": form,
            "decision": access.Decision(True),
            "mode": "reconsent",
            "next": request.POST.get("next") or request.GET.get("next") or "",
        },
    )


def _member_post(
    action: Callable[[Any, Group], Any], done: str
) -> Callable[[HttpRequest, str], HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        group = _group_or_404(request, slug)
        try:
            action(request.user, group)
        except actions.GroupActionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _(done))
        return _back_or_group(request, group)

    return view


start_sharing = _member_post(actions.start_sharing, gettext_noop("You can now post in this group."))
listen = _member_post(
    actions.go_back_to_listening,
    gettext_noop("You are listening again. You can start sharing at any time."),
)
leave = _member_post(
    actions.leave_group, gettext_noop("You have left the group. You're welcome back any time.")
)
join_waitlist = _member_post(
    actions.join_waitlist,
    gettext_noop("You're on the waitlist. We'll e-mail you when a place opens."),
)
leave_waitlist = _member_post(actions.leave_waitlist, gettext_noop("You have left the waitlist."))


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug, access.can_view_members)
    active = queries.active_members(group)
    return render(
        request,
        "groups/members.html",
        {
            "group": group,
            "members": active,
            "facilitator_count": sum(1 for m in active if m.role == "facilitator"),
            "can_manage": access.can_manage(request.user, group),
            "pending": queries.pending_requests(group)
            if access.can_manage(request.user, group)
            else [],
            "remove_form": RemoveMemberForm(),
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not (is_staff_anywhere(request.user) and staff_powers_enabled(request.user)):  # type: ignore[arg-type]
        raise PermissionDenied(_("Facilitators and admins create groups."))
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = actions.create_group(creator=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Your group is ready. Its guidelines start from our template: edit them to suit it."),
        )
        return redirect(group)
    return render(request, "groups/group_form.html", {"form": form, "group": None})


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug, access.can_manage)
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        actions.update_group(group, editor=request.user, **form.cleaned_data)
        messages.success(request, _("Group saved."))
        return redirect("groups:manage", slug=group.slug)
    return render(request, "groups/group_form.html", {"form": form, "group": group})


@login_required
def edit_guidelines(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug, access.can_manage)
    current = group.current_guidelines()
    form = GuidelinesForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.publish_guidelines(group, editor=request.user, **form.cleaned_data)
        except actions.GroupActionError as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(
                request,
                _(
                    "Version %(n)s published. Members will be asked to agree to it before they post again."
                )
                % {"n": version.version},
            )
            return redirect(group)
    return render(
        request,
        "groups/guidelines_form.html",
        {
            "group": group,
            "form": form,
            "versions": group.guidelines_versions.all(),
        },
    )


@login_required
def consent_records(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug, access.can_manage)
    records = group.consent_records.select_related("user", "guidelines_version")
    record_audit_event(request.user, "group.view_consent_records", group=group)
    return render(request, "groups/consent_records.html", {"group": group, "records": records})


def _manage_member(
    action: Callable[..., Any], done: str, needs_reason: bool = False, fields: tuple[str, ...] = ()
) -> Callable[..., HttpResponse]:
    @login_required
    @require_POST
    def view(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
        group = _group_or_404(request, slug, access.can_manage)
        kwargs = {}
        if needs_reason:
            form = RemoveMemberForm(request.POST)
            kwargs["reason"] = form.data.get("reason", "")
        for field in fields:
            kwargs[field] = request.POST.get(field, "")
        try:
            action(request.user, group, user_id, **kwargs)
        except actions.GroupActionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _(done))
        return redirect("groups:members", slug=group.slug)

    return view


approve = _manage_member(actions.approve_member, gettext_noop("Request approved."))
decline = _manage_member(actions.decline_member, gettext_noop("Request declined."))
remove = _manage_member(
    actions.remove_member,
    gettext_noop("Member removed. They have been told why."),
    needs_reason=True,
)
appoint_facilitator = _manage_member(
    actions.appoint_facilitator,
    gettext_noop("They are now a facilitator of this group. We have e-mailed them."),
    fields=("kind",),
)
end_facilitation = _manage_member(
    actions.end_facilitation, gettext_noop("Done: they are a member of the group now.")
)
