"""Embedded mode: `alongside demo` starts Janus on loopback with a generated configuration (only
the VideoRoom and the HTTP transport; record-and-play off); `alongside manage check` says whether
the configured Janus answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from alongside.media.checks import janus_answers
from alongside.media.janus import JanusClient, start_embedded
from tests.media.conftest import janus_marks

pytestmark = janus_marks


def test_the_demo_starts_janus_on_loopback_with_only_the_videoroom(tmp_path: Path) -> None:
    started = start_embedded(tmp_path)
    assert started is not None
    janus, env = started
    try:
        assert env["ALONGSIDE_JANUS_URL"].startswith("http://127.0.0.1:")
        info = JanusClient(env["ALONGSIDE_JANUS_URL"]).info()
        assert set(info["plugins"]) == {"janus.plugin.videoroom"}
        assert set(info["transports"]) == {"janus.transport.http"}
        config = (tmp_path / "janus" / "janus.jcfg").read_text()
        assert "libjanus_recordplay.so" in config.split("plugins: {")[1].split("}")[0]
        assert 'ip = "127.0.0.1"' in (tmp_path / "janus" / "janus.transport.http.jcfg").read_text()
        # The admin key is kept, so a restarted demo uses the same one.
        assert (
            env["ALONGSIDE_JANUS_ADMIN_KEY"] == (tmp_path / "janus-admin-key").read_text().strip()
        )
    finally:
        janus.stop()
    assert not JanusClient(env["ALONGSIDE_JANUS_URL"], timeout=1).answers()


def test_manage_check_reports_whether_janus_answers(janus: Any, settings: Any) -> None:
    [message] = janus_answers()
    assert message.id == "alongside.media.I002" and "answers" in message.msg
    settings.JANUS_URL = "http://127.0.0.1:9/janus"
    [message] = janus_answers()
    assert message.id == "alongside.media.W001" and "does not answer" in message.msg
    settings.JANUS_URL = ""
    [message] = janus_answers()
    assert message.id == "alongside.media.I001"


@pytest.mark.django_db
def test_manage_check_command_names_the_media_server(janus: Any, capsys: Any) -> None:
    from django.core.management import call_command

    call_command("check", "--tag", "media")
    out = capsys.readouterr()
    assert "alongside.media.I002" in out.out + out.err
