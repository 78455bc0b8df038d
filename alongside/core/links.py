"""Absolute links to this site, for e-mails and anything else read outside a request."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def site_url() -> str:
    """This site's address without a trailing slash: ALONGSIDE_SITE_URL (the demo sets it to its
    own address), else the first allowed host with the configured protocol."""
    configured = (getattr(settings, "ALONGSIDE_SITE_URL", "") or "").strip().rstrip("/")
    if configured:
        return configured
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    return f"{settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL}://{hosts[0] if hosts else 'localhost'}"


def absolute_url(path: str) -> str:
    """`/safety/alerts/3/` → `https://groups.example.org/safety/alerts/3/`. An absolute URL is
    returned as it is."""
    if urlsplit(path).scheme:
        return path
    return site_url() + "/" + path.lstrip("/")


def site_url_problem(value: str) -> str:
    """Why ALONGSIDE_SITE_URL cannot be used, or "" when it can."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"ALONGSIDE_SITE_URL must be an http(s) address such as https://groups.example.org, not {value!r}."
    if parts.query or parts.fragment:
        return (
            f"ALONGSIDE_SITE_URL must be the site's address (no query or fragment), not {value!r}."
        )
    return ""
