"""`alongside manage check`: is voice and video set up, and does the media server answer?"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Info, Warning, register

from alongside.media.janus import JanusClient


@register("media")
def janus_answers(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.JANUS_URL:
        return [
            Info(
                "Voice and video in meetings are off: ALONGSIDE_JANUS_URL is not set.",
                hint="Install Janus (apt-get install janus) and set ALONGSIDE_JANUS_URL, "
                "ALONGSIDE_JANUS_PUBLIC_URL and ALONGSIDE_JANUS_ADMIN_KEY (README, Voice and video).",
                id="alongside.media.I001",
            )
        ]
    if not settings.JANUS_ADMIN_KEY:
        return [
            Warning(
                "ALONGSIDE_JANUS_ADMIN_KEY is not set: Alongside cannot create meeting calls.",
                hint="Set it to the admin_key in janus.plugin.videoroom.jcfg.",
                id="alongside.media.W002",
            )
        ]
    client = JanusClient(settings.JANUS_URL, api_secret=settings.JANUS_API_SECRET, timeout=3.0)
    if not client.answers():
        return [
            Warning(
                f"The Janus media server at {settings.JANUS_URL} does not answer: meeting calls will "
                "not start.",
                hint="Start Janus, or check ALONGSIDE_JANUS_URL.",
                id="alongside.media.W001",
            )
        ]
    info = client.info()
    if "janus.plugin.videoroom" not in (info.get("plugins") or {}):
        return [
            Warning(
                "The Janus media server answers but its VideoRoom plugin is not loaded.",
                id="alongside.media.W003",
            )
        ]
    if "janus.plugin.recordplay" in (info.get("plugins") or {}):
        return [
            Warning(
                "The Janus media server has its record-and-play plugin enabled: disable it "
                "(plugins: disable in janus.jcfg); meetings are never recorded.",
                id="alongside.media.W004",
            )
        ]
    return [
        Info(
            f"The Janus media server at {settings.JANUS_URL} answers (version "
            f"{info.get('version_string', '?')}).",
            id="alongside.media.I002",
        )
    ]
