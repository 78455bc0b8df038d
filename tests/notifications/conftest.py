"""alice and bob share in fay's group (`talking`); `now()` runs what waits for the commit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import join


@pytest.fixture
def talking(group: Any, alice: Any, bob: Any) -> Any:
    join(alice, group, share=True)
    join(bob, group, share=True)
    return group


@pytest.fixture
def now(django_capture_on_commit_callbacks: Any) -> Any:
    """Notifications are made once the action's transaction commits: run that as each block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
