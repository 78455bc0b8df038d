from __future__ import annotations

from typing import Any


def test_pages_forbid_inline_and_third_party_scripts_and_framing(client: Any, db: Any) -> None:
    response = client.get("/groups/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
