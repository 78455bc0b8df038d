"""A crisis alert about alice in fay's group, and mo, the on-call moderator."""

from __future__ import annotations

from typing import Any

import pytest

from alongside.outreach import actions
from alongside.safety import actions as safety
from tests.conftest import join


@pytest.fixture
def alert(group: Any, alice: Any, mo: Any) -> Any:
    join(alice, group, share=True)
    return safety.raise_crisis_alert(
        alice, level="high", group=group, reasons=["crisis rule: crisis_high"]
    )


@pytest.fixture
def conversation(alert: Any, mo: Any) -> Any:
    convo = actions.start_conversation(mo, alert=alert)
    actions.send_message(
        mo, convo, "Hi alice, I'm mo from the safety team. How are you doing right now?"
    )
    return convo
