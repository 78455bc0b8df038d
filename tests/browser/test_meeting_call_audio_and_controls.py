"""Two and three people in a meeting's call, in Chromium with fake microphones and cameras,
through a real Janus on loopback: each hears the others (RTP statistics grow), the camera stays
off until its owner turns it on, a facilitator's mute and a removal from the group cut a person's
audio within 2 seconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.groups import actions as group_actions
from alongside.meetings import actions as meeting_actions
from tests.browser.conftest import serious_axe_violations, sign_in
from tests.conftest import PASSWORD, join, make_user
from tests.media.conftest import janus, janus_marks, janus_server, online_meeting, with_place  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, *janus_marks]

STATS = """async ([which, handle]) => {
  const call = window.alongsideCall;
  const only = handle ? call.midsOf(handle) : null;
  const pc = call && (which === 'in' ? call.subscriberPc() : call.publisherPc());
  const out = {audio_packets: 0, audio_bytes: 0, video_packets: 0, video_bytes: 0};
  if (!pc) return out;
  const stats = await pc.getStats();
  stats.forEach((r) => {
    const want = which === 'in' ? 'inbound-rtp' : 'outbound-rtp';
    if (r.type !== want) return;
    if (only && !only.includes(r.mid)) return;
    const n = which === 'in' ? r.packetsReceived : r.packetsSent;
    const b = which === 'in' ? r.bytesReceived : r.bytesSent;
    out[r.kind + '_packets'] += n || 0; out[r.kind + '_bytes'] += b || 0;
  });
  return out;
}"""


def stats(page: Any, which: str = "in", source: str = "") -> dict[str, int]:
    """RTP counters of this page's inbound ("in") or outbound ("out") streams; `source`: only
    what comes from the person with this handle."""
    return dict(page.evaluate(STATS, [which, source]))


def grows(page: Any, key: str, which: str = "in", within: float = 10.0, source: str = "") -> bool:
    """Does this counter keep growing (two increases in a row) before the deadline?"""
    deadline = time.monotonic() + within
    last, increases = stats(page, which, source)[key], 0
    while time.monotonic() < deadline:
        page.wait_for_timeout(300)
        now = stats(page, which, source)[key]
        increases = increases + 1 if now > last else 0
        last = now
        if increases >= 2:
            return True
    return False


def stops_within(page: Any, key: str, seconds: float, which: str = "in", source: str = "") -> bool:
    """Poll until the counter stops growing for a full second; True if that began within `seconds`."""
    start = time.monotonic()
    last, still_since = stats(page, which, source)[key], None
    while time.monotonic() - start < seconds + 1.0:
        page.wait_for_timeout(100)
        now = stats(page, which, source)[key]
        if now == last:
            still_since = still_since or time.monotonic()
            if time.monotonic() - still_since >= 1.0:
                return still_since - start <= seconds
        else:
            still_since = None
        last = now
    return False


def open_call(
    page: Any, live_url: str, who: Any, meeting: Any, *, low_bandwidth: bool = False
) -> None:
    sign_in(page, live_url, who.email, PASSWORD)
    page.goto(f"{live_url}/meetings/{meeting.pk}/live/")
    if low_bandwidth:
        page.get_by_label("Low-bandwidth mode (voice only: nobody's video)").check()
    page.get_by_role("button", name="Join the call").click()
    expect(page.get_by_test_id("call-live")).to_be_visible()
    page.wait_for_function("() => window.alongsideCall && window.alongsideCall.joined()")


def test_two_people_hear_each_other_and_cameras_start_off(
    live_url: str,
    janus: Any,  # noqa: F811 - the janus fixture
    av_page: Callable[..., Any],
    group: Any,
    fay: Any,
) -> None:
    ana = make_user("ana")
    join(ana, group, share=True)
    meeting = with_place(online_meeting(group, fay), ana)
    host, member = av_page(), av_page({"width": 390, "height": 844})
    open_call(host, live_url, fay, meeting)

    # Before joining, ana tests her microphone: the level meter moves.
    sign_in(member, live_url, ana.email, PASSWORD)
    member.goto(f"{live_url}/meetings/{meeting.pk}/live/")
    member.get_by_role("button", name="Test your microphone").click()
    expect(member.get_by_role("button", name="Test your microphone")).to_have_attribute(
        "aria-pressed", "true"
    )
    member.wait_for_function("() => document.getElementById('call-mic-meter').value > 0")
    assert serious_axe_violations(member) == []
    member.get_by_role("button", name="Join the call").click()
    expect(member.get_by_test_id("call-live")).to_be_visible()
    member.wait_for_function("() => window.alongsideCall && window.alongsideCall.joined()")

    # Each receives the other's audio: packets and bytes keep arriving.
    assert grows(member, "audio_packets") and grows(member, "audio_bytes")
    assert grows(host, "audio_packets") and grows(host, "audio_bytes")
    # People appear by handle; who speaks is announced politely to screen readers.
    expect(host.locator(".call-person").filter(has_text="ana")).to_be_visible()
    expect(member.locator(".call-person").filter(has_text="fay")).to_be_visible()
    expect(host.get_by_test_id("call-speaking")).to_have_attribute("aria-live", "polite")
    expect(host.get_by_test_id("call-speaking")).to_have_text("ana is speaking.")

    # The talking piece from the agenda highlights its holder in the call, and the share timer shows.
    meeting_actions.advance_step(meeting, by=fay)
    meeting_actions.start_timer(meeting, by=fay, seconds=120)
    meeting_actions.start_round(meeting, by=fay)
    expect(host.locator(".call-person.holding-piece")).to_contain_text("ana")
    expect(member.locator("[data-call=timer]")).to_contain_text("Share timer:")

    # Nobody's camera is on until its owner turns it on.
    assert stats(member, "out")["video_packets"] == 0 and stats(host, "in")["video_packets"] == 0
    expect(member.get_by_role("button", name="Turn camera on")).to_be_visible()
    member.get_by_role("button", name="Turn camera on").click()
    assert grows(host, "video_packets", within=15)
    expect(member.get_by_role("button", name="Turn camera off")).to_be_visible()
    assert serious_axe_violations(member) == []

    # A facilitator in low-bandwidth mode hears ana but receives nobody's video.
    host.get_by_role("button", name="Leave the call").click()
    expect(host.get_by_role("button", name="Join the call")).to_be_visible()
    host.get_by_label("Low-bandwidth mode (voice only: nobody's video)").check()
    host.get_by_role("button", name="Join the call").click()
    host.wait_for_function("() => window.alongsideCall && window.alongsideCall.joined()")
    assert grows(host, "audio_packets")
    assert stats(host)["video_packets"] == 0 and host.locator("#call video").count() == 0

    # One click leaves, and the other side stops hearing.
    member.get_by_role("button", name="Leave the call").click()
    expect(member.get_by_role("button", name="Join the call")).to_be_visible()
    assert stops_within(host, "audio_packets", 2.0)


def test_facilitator_mute_and_removal_cut_audio_within_two_seconds(
    live_url: str,
    janus: Any,  # noqa: F811 - the janus fixture
    av_page: Callable[..., Any],
    group: Any,
    fay: Any,
) -> None:
    ana, ben = make_user("ana"), make_user("ben")
    join(ana, group, share=True)
    join(ben, group, share=True)
    meeting = with_place(online_meeting(group, fay), ana, ben)
    host, a, b = av_page(), av_page(), av_page()
    open_call(host, live_url, fay, meeting)
    open_call(a, live_url, ana, meeting)
    open_call(b, live_url, ben, meeting)
    assert grows(host, "audio_packets") and grows(b, "audio_packets")

    assert grows(host, "audio_packets", source="ana") and grows(b, "audio_packets", source="ana")

    # The facilitator mutes ana: within 2 s nobody receives her audio; ben is still heard.
    host.get_by_role("button", name="Mute ana").click()
    assert stops_within(b, "audio_packets", 2.0, source="ana")
    assert stops_within(host, "audio_packets", 2.0, source="ana")
    assert grows(host, "audio_packets", source="ben")
    expect(a.get_by_role("button", name="Turn microphone on")).to_be_visible(timeout=2000)
    # ana's own outgoing audio track is off at her end too.
    assert a.evaluate(
        "() => window.alongsideCall.publisherPc().getSenders().filter(s => s.track && s.track.kind === 'audio').every(s => !s.track.enabled)"
    )

    # Reloading and joining again does not undo the facilitator's mute: Janus drops her audio.
    a.reload()
    a.get_by_role("button", name="Join the call").click()
    a.wait_for_function("() => window.alongsideCall && window.alongsideCall.joined()")
    expect(a.get_by_role("button", name="Turn microphone on")).to_be_visible(timeout=3000)
    host.wait_for_timeout(2000)
    assert stops_within(host, "audio_packets", 2.0, source="ana")

    # She turns her microphone back on (the floor is not held): she is heard again.
    a.get_by_role("button", name="Turn microphone on").click()
    assert grows(host, "audio_packets", source="ana")

    # ana is removed from the group: within 2 s her media is cut both ways, and her page says so.
    group_actions.remove_member(fay, group, ana.pk, reason="test")
    assert stops_within(host, "audio_packets", 2.0, source="ana")
    assert stops_within(a, "audio_packets", 2.0)
    expect(a.get_by_test_id("call-prejoin")).to_be_visible(timeout=2000)
    assert grows(b, "audio_packets", source="fay")  # the others carry on
