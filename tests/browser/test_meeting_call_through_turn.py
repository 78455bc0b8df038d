"""Members behind strict NATs reach the call through TURN: with relay-only ICE (browsers may use no
path but coturn's relay), two people in a call still hear each other."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from alongside.media.turn import EmbeddedTurn, TurnConfig, free_udp_port, primary_ip
from alongside.media.turn import is_installed as coturn_installed
from tests.browser.test_meeting_call_audio_and_controls import grows, open_call
from tests.conftest import join, make_user
from tests.media.conftest import janus, janus_marks, janus_server, online_meeting, with_place  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.browser,
    *janus_marks,
    pytest.mark.skipif(
        not coturn_installed(), reason="coturn is not installed (apt-get install coturn)"
    ),
]

SELECTED_PAIR = """async (which) => {
  const call = window.alongsideCall;
  const pc = which === 'in' ? call.subscriberPc() : call.publisherPc();
  const stats = await pc.getStats();
  let pairId = null;
  stats.forEach((r) => { if (r.type === 'transport' && r.selectedCandidatePairId) pairId = r.selectedCandidatePairId; });
  const pair = pairId && stats.get(pairId);
  const local = pair && stats.get(pair.localCandidateId);
  const types = [];
  stats.forEach((r) => { if (r.type === 'local-candidate') types.push(r.candidateType); });
  return {selected: local ? local.candidateType : null, gathered: types};
}"""


@pytest.fixture
def coturn(settings: Any) -> Iterator[TurnConfig]:
    cfg = TurnConfig(
        directory=Path(tempfile.mkdtemp(prefix="alongside-turn-")),
        port=free_udp_port(),
        secret=secrets.token_hex(16),
        relay_ip=primary_ip(),
    )
    server = EmbeddedTurn(cfg).start()
    settings.TURN_URLS = [cfg.url]
    settings.TURN_SECRET = cfg.secret
    settings.TURN_RELAY_ONLY = True
    yield cfg
    server.stop()


def test_relay_only_ice_through_coturn_still_carries_audio(
    live_url: str,
    janus: Any,  # noqa: F811 - the janus fixture
    coturn: TurnConfig,
    av_page: Callable[..., Any],
    group: Any,
    fay: Any,
) -> None:
    ana = make_user("ana")
    join(ana, group, share=True)
    meeting = with_place(online_meeting(group, fay), ana)
    host, member = av_page(), av_page()
    open_call(host, live_url, fay, meeting)
    open_call(member, live_url, ana, meeting)
    assert grows(member, "audio_packets", within=20) and grows(host, "audio_packets", within=20)
    for page in (host, member):
        for which in ("in", "out"):
            pair = page.evaluate(SELECTED_PAIR, which)
            assert set(pair["gathered"]) == {"relay"}, (
                pair
            )  # no host or reflexive path was even tried
            assert pair["selected"] == "relay", pair
