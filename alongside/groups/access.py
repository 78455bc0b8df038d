"""Who may see and do what in a group. Every view, API endpoint and consumer asks here.

Public: a listed or unlisted group's description (name, purpose, format, guidelines).
Members and staff only: the member list, the content (rooms, threads, meetings) and the place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from alongside.accounts import roles
from alongside.groups.models import Group, GroupStatus, Membership

# Higher layers that can stop someone posting (safety's mutes and suspensions) register a check
# here from their app's ready(): (user, group) -> a reason to show, or None.
PostingCheck = Callable[[Any, Group], "str | None"]
_posting_checks: list[PostingCheck] = []


def register_posting_check(check: PostingCheck) -> None:
    if check not in _posting_checks:
        _posting_checks.append(check)


def membership_of(user: Any, group: Group) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    cache = getattr(user, "_membership_cache", None)
    if cache is None:
        cache = user._membership_cache = {}
    if group.pk not in cache:
        cache[group.pk] = Membership.objects.filter(user=user, group=group).first()
    return cache[group.pk]


def forget_membership_cache(user: Any) -> None:
    """Read memberships (and two-factor enrolment) afresh: a long-lived socket re-checking."""
    if hasattr(user, "_membership_cache"):
        del user._membership_cache
    roles.forget(user)


def is_member(user: Any, group: Group) -> bool:
    m = membership_of(user, group)
    return m is not None and m.is_active


# Staff powers below need TOTP when ALONGSIDE_STAFF_MFA_REQUIRED is on (accounts/roles.py): a
# facilitator without it is a member of the group, a moderator or admin without it an outsider
# (or a member where they have joined). Pages, the API and the room socket all ask here.


def is_facilitator(user: Any, group: Group) -> bool:
    """A facilitator of this group acting as one."""
    m = membership_of(user, group)
    return m is not None and m.is_facilitator and roles.staff_powers_enabled(user)


def is_group_staff(user: Any, group: Group) -> bool:
    """Facilitators of this group, site moderators and admins, acting as such."""
    if user is None or not user.is_authenticated:
        return False
    return roles.acts_as_site_staff(user) or is_facilitator(user, group)


def can_view_page(user: Any, group: Group) -> bool:
    """The public 'what to expect' page. Invite-only groups show it too, to people with the link."""
    if group.status == GroupStatus.CLOSED:
        return is_member(user, group) or is_group_staff(user, group)
    return True


def can_view_content(user: Any, group: Group) -> bool:
    """Members list, messages, threads, meetings, the place: members and staff only."""
    return is_member(user, group) or is_group_staff(user, group)


can_view_members = can_view_content
can_view_location = can_view_content


def can_manage(user: Any, group: Group) -> bool:
    """Edit the group and its guidelines, approve and remove members, read consent records."""
    if user is None or not user.is_authenticated:
        return False
    return roles.acts_as_admin(user) or is_facilitator(user, group)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    # What the person can do about a refusal, so the page offers it instead of a dead end:
    # "start_sharing" (a listener's button) or "consent" (a link to the guidelines to agree to).
    remedy: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def age_decision(user: Any, group: Group) -> Decision:
    """Youth spaces never mix with adults: under-18s join youth groups only, and vice versa.
    Facilitators are placed by admins and are exempt."""
    if group.is_youth and not user.is_youth:
        return Decision(False, _("This group is for young people under 18."))
    if user.is_youth and not group.is_youth:
        return Decision(
            False, _("This group is for adults. Groups for under-18s are marked 'Young people'.")
        )
    return Decision(True)


def join_decision(user: Any, group: Group) -> Decision:
    if user is None or not user.is_authenticated:
        return Decision(False, _("Please sign in to join."))
    if group.status not in (GroupStatus.ACTIVE, GroupStatus.FORMING):
        return Decision(False, _("This group is not taking new members right now."))
    existing = membership_of(user, group)
    if existing is not None and existing.status == Membership.Status.ACTIVE:
        return Decision(False, _("You are already a member of this group."))
    if existing is not None and existing.status == Membership.Status.PENDING:
        return Decision(False, _("Your request to join is waiting for a facilitator."))
    if existing is not None and existing.status == Membership.Status.REMOVED:
        return Decision(
            False,
            _("A facilitator removed you from this group. Please contact them or a moderator."),
        )
    return age_decision(user, group)


def post_decision(user: Any, group: Group) -> Decision:
    """May this person post in the group's rooms and threads right now?"""
    m = membership_of(user, group)
    if m is None or not m.is_active:
        if roles.acts_as_site_staff(user):
            return Decision(True)
        return Decision(False, _("Only members of this group can post here."))
    if m.role == Membership.Role.LISTENER:
        return Decision(
            False,
            _(
                "You are listening in this group. Choose 'Start sharing' when you are ready to post."
            ),
            remedy="start_sharing",
        )
    if not m.has_current_consent():
        return Decision(
            False,
            _(
                "The group's guidelines have changed. Please read and agree to them before posting again."
            ),
            remedy="consent",
        )
    for check in _posting_checks:
        blocked = check(user, group)
        if blocked:
            return Decision(False, blocked)
    return Decision(True)
