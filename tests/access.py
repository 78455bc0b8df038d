"""Shared helpers for the per-app access-control table tests."""

from __future__ import annotations

from django.urls import get_resolver


def view_names(namespace: str) -> set[str]:
    """Every URL name in an app's namespace: each must have a row in that app's access table."""
    resolver = get_resolver().namespace_dict[namespace][1]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}
