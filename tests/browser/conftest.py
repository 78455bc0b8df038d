"""Browser tests: a real uvicorn server (HTTP + WebSocket) in a thread, and Debian's Chromium
driven by Playwright. No browser is ever downloaded."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API keeps an event loop on the main thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous, so allow them (Playwright's advice).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"Browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)"
        )
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live_url(transactional_db: Any, settings: Any) -> Iterator[str]:
    """Alongside served by uvicorn in a thread, against the test database."""
    import uvicorn
    from django.db import connections

    # Server threads close their connection after each request, so the test database can be
    # dropped at the end (persistent connections would keep it "in use" on PostgreSQL).
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    settings.ALONGSIDE_HTTP_PROTOCOL = "http"
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    port = _free_port()
    config = uvicorn.Config(
        "alongside.asgi:application",
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    user_data = tempfile.mkdtemp(prefix="alongside-chromium-")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield b
        b.close()
    shutil.rmtree(user_data, ignore_errors=True)


def _watch_csp(pg: Any, violations: list[str]) -> None:
    # A blocked script or style would silently break a page: fail the test instead.
    pg.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 412, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    violations: list[str] = []
    _watch_csp(pg, violations)
    yield pg
    context.close()
    assert violations == [], f"Content Security Policy blocked: {violations}"


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Make extra pages, each in its own context (its own person)."""
    contexts = []
    violations: list[str] = []

    def make() -> Any:
        ctx = browser.new_context(locale="en-GB")
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.set_default_timeout(15000)
        _watch_csp(pg, violations)
        return pg

    yield make
    for ctx in contexts:
        ctx.close()
    assert violations == [], f"Content Security Policy blocked: {violations}"


def sign_in(page: Any, live_url: str, email: str, password: str) -> None:
    page.goto(f"{live_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def serious_axe_violations(page: Any) -> list[str]:
    """axe-core (shipped by axe-playwright-python) run on the page: serious or critical only."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            }
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


# Meeting calls (tests/browser/test_meeting_call_*.py): Chromium with a fake microphone (a beep)
# and camera, allowed to gather loopback ICE candidates, launched through the same Playwright.
AV_FLAGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="session")
def av_browser(browser: Any) -> Iterator[Any]:
    b = browser.browser_type.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, *AV_FLAGS], headless=True
    )
    yield b
    b.close()


@pytest.fixture
def av_page(av_browser: Any) -> Iterator[Any]:
    """Make pages, each its own person, each with fake media devices (and microphone permission)."""
    contexts: list[Any] = []
    violations: list[str] = []

    def make(viewport: dict[str, int] | None = None) -> Any:
        ctx = av_browser.new_context(
            locale="en-GB",
            viewport=viewport or {"width": 1280, "height": 800},
            permissions=["microphone", "camera"],
        )
        contexts.append(ctx)
        pg = ctx.new_page()
        pg.set_default_timeout(15000)
        _watch_csp(pg, violations)
        return pg

    yield make
    for ctx in contexts:
        ctx.close()
    assert violations == [], f"Content Security Policy blocked: {violations}"
