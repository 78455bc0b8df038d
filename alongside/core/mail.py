"""Every e-mail Alongside sends names the organisation that runs it (ALONGSIDE_ORGANISATION_NAME),
never the host: it signs the message (and is the sender's display name, DEFAULT_FROM_EMAIL). A
drop-in for Django's `send_mail`; allauth's e-mails get the same through accounts.adapter and
its templates, with the name leading the subject too (`branded_subject`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core import mail


def organisation_name() -> str:
    return str(getattr(settings, "ALONGSIDE_ORGANISATION_NAME", "") or "Alongside")


def branded_subject(subject: str) -> str:
    prefix = f"[{organisation_name()}] "
    subject = " ".join(str(subject).split())  # a header is one line
    return subject if subject.startswith(prefix) else prefix + subject


def signed(body: str) -> str:
    return f"{body.rstrip()}\n\n-- \n{organisation_name()}\n"


def send_mail(
    subject: str,
    message: str,
    from_email: str | None,
    recipient_list: Sequence[str],
    fail_silently: bool = False,
    **kwargs: Any,
) -> int:
    return mail.send_mail(
        " ".join(str(subject).split()),
        signed(message),
        from_email,
        list(recipient_list),
        fail_silently=fail_silently,
        **kwargs,
    )
