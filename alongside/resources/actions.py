"""Every state change of the resources app."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.groups import access
from alongside.groups.models import Focus, Group
from alongside.resources.models import (
    Kind,
    LibraryResource,
    Poll,
    PollOption,
    ResourceAudience,
    SharedResource,
    Vote,
)
from alongside.resources.queries import can_manage_library
from alongside.safety.screening import screen


def check_web_url(url: str) -> str:
    """Only http and https links: no javascript:, data: or file: links reach a member's browser."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(_("Please enter a web address starting with http:// or https://."))
    return url


def _require_librarian(by: Any, adding: bool = False) -> None:
    if not can_manage_library(by):
        raise PermissionDenied(
            _("Only moderators and admins add resources to the library.")
            if adding
            else _("Only moderators and admins can change the library.")
        )


def _library_fields(
    *,
    title: str,
    url: str,
    kind: str,
    description: str,
    topics: Sequence[str],
    language: str,
    audience: str,
) -> dict[str, Any]:
    """Checked and tidied fields of a library resource (the same rules for adding and editing)."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Please give the resource a title."))
    bad = [t for t in topics if t not in Focus.values]
    if bad:
        raise ValidationError(_("Unknown topic: %(topic)s") % {"topic": bad[0]})
    if kind not in Kind.values:
        raise ValidationError(_("Please choose what kind of resource this is."))
    if audience not in ResourceAudience.values:
        raise ValidationError(_("Please choose who the resource is for."))
    language = language.strip().lower()
    if not language:
        raise ValidationError(_("Please give the language code, for example en or es."))
    return {
        "title": title,
        "url": check_web_url(url),
        "kind": kind,
        "description": description.strip(),
        "topics": list(topics),
        "language": language,
        "audience": audience,
    }


def add_library_resource(
    *,
    by: Any,
    title: str,
    url: str,
    kind: str,
    description: str = "",
    topics: Sequence[str] = (),
    language: str = "en",
    audience: str = ResourceAudience.EVERYONE,
) -> LibraryResource:
    _require_librarian(by, adding=True)
    fields = _library_fields(
        title=title,
        url=url,
        kind=kind,
        description=description,
        topics=topics,
        language=language,
        audience=audience,
    )
    return LibraryResource.objects.create(added_by=by, **fields)


def update_library_resource(
    *,
    by: Any,
    resource: LibraryResource,
    title: str,
    url: str,
    kind: str,
    description: str = "",
    topics: Sequence[str] = (),
    language: str = "en",
    audience: str = ResourceAudience.EVERYONE,
) -> LibraryResource:
    """Moderators and admins correct a library resource (a moved link, a better description)."""
    _require_librarian(by)
    fields = _library_fields(
        title=title,
        url=url,
        kind=kind,
        description=description,
        topics=topics,
        language=language,
        audience=audience,
    )
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.save(update_fields=[*fields, "updated_at"])
    return resource


def archive_library_resource(*, by: Any, resource: LibraryResource) -> LibraryResource:
    """Take a resource out of the library without losing it (it can be restored)."""
    _require_librarian(by)
    if resource.archived_at is None:
        resource.archived_at = timezone.now()
        resource.save(update_fields=["archived_at", "updated_at"])
    return resource


def unarchive_library_resource(*, by: Any, resource: LibraryResource) -> LibraryResource:
    _require_librarian(by)
    if resource.archived_at is not None:
        resource.archived_at = None
        resource.save(update_fields=["archived_at", "updated_at"])
    return resource


def suggest_resource(
    *, author: Any, group: Group, title: str, url: str, why: str = ""
) -> SharedResource:
    """Screened like any post: it goes live at once unless the screen holds it for a facilitator."""
    decision = access.post_decision(author, group)
    if not decision:
        raise PermissionDenied(decision.reason)
    title, why = title.strip(), why.strip()
    if not title:
        raise ValidationError(_("Please give the link a title."))
    url = check_web_url(url)

    verdict = screen(f"{title}\n{why}", author, group)
    return SharedResource.objects.create(
        group=group,
        author=author,
        title=title,
        url=url,
        why=why,
        status=SharedResource.Status.HELD if verdict.is_held else SharedResource.Status.LIVE,
        screening_reasons=[str(r) for r in getattr(verdict, "reasons", []) or []],
    )


def _require_reviewer(by: Any, group: Group) -> None:
    if not (access.can_manage(by, group) or (by.is_authenticated and by.is_site_staff)):
        raise PermissionDenied(_("Only facilitators and moderators review shared resources."))


def approve_shared(*, by: Any, item: SharedResource) -> None:
    _require_reviewer(by, item.group)
    item.status, item.reviewed_by = SharedResource.Status.LIVE, by
    item.save(update_fields=["status", "reviewed_by"])


def remove_shared(*, by: Any, item: SharedResource) -> None:
    _require_reviewer(by, item.group)
    item.status, item.reviewed_by = SharedResource.Status.REMOVED, by
    item.save(update_fields=["status", "reviewed_by"])


def create_poll(
    *,
    by: Any,
    group: Group,
    question: str,
    options: Sequence[str],
    anonymous: bool = True,
    closes_at: datetime | None = None,
) -> Poll:
    if not access.can_manage(by, group):
        raise PermissionDenied(_("Only facilitators create polls."))
    question = question.strip()
    cleaned = [o.strip() for o in options if o.strip()]
    if not question:
        raise ValidationError(_("Please write the question."))
    if not 2 <= len(cleaned) <= 6:
        raise ValidationError(_("A poll needs between 2 and 6 options."))
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError(_("The closing time must be in the future."))
    with transaction.atomic():
        poll = Poll.objects.create(
            group=group, creator=by, question=question, anonymous=anonymous, closes_at=closes_at
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, text=text, position=i) for i, text in enumerate(cleaned)
        )
    return poll


def vote(*, voter: Any, poll: Poll, option_id: int) -> Vote:
    """One vote per member; voting again changes it, until the poll closes."""
    if not access.is_member(voter, poll.group):
        raise PermissionDenied(_("Only members of this group can vote."))
    if not poll.is_open:
        raise ValidationError(_("This poll has closed."))
    option = poll.options.filter(pk=option_id).first()
    if option is None:
        raise ValidationError(_("Please choose one of the options."))
    with transaction.atomic():
        v, _created = Vote.objects.update_or_create(
            poll=poll, voter=voter, defaults={"option": option}
        )
    return v
