from typing import Any

from alongside.meetings import actions as ma
from tests.conftest import join, make_user
from tests.media.conftest import janus_marks, online_meeting, with_place
from tests.media.test_call_in_the_browser import open_call, sign_in, PASSWORD

import pytest
pytestmark = [pytest.mark.browser, *janus_marks]


def test_shots(live_url: str, janus: Any, av_page: Any, group: Any, fay: Any) -> None:
    ana, ben = make_user("ana"), make_user("ben")
    join(ana, group, share=True); join(ben, group)
    meeting = with_place(online_meeting(group, fay), ana, ben)
    for size, tag in (({"width": 390, "height": 844}, "390"), ({"width": 1280, "height": 800}, "1280")):
        ma.LiveState.objects.all().delete() if hasattr(ma, "LiveState") else None
        host, a = av_page(size), av_page(size)
        b = av_page(size)
        sign_in(b, live_url, ben.email, PASSWORD)
        b.goto(f"{live_url}/meetings/{meeting.pk}/live/")
        b.screenshot(path=f"/tmp/shots-mediaroom/prejoin-listener-{tag}.png", full_page=True)
        open_call(host, live_url, fay, meeting)
        open_call(a, live_url, ana, meeting)
        ma.advance_step(meeting, by=fay)
        ma.start_timer(meeting, by=fay, seconds=120)
        ma.start_round(meeting, by=fay)
        a.get_by_role("button", name="Turn camera on").click()
        host.wait_for_timeout(3000)
        host.screenshot(path=f"/tmp/shots-mediaroom/host-{tag}.png", full_page=True)
        a.screenshot(path=f"/tmp/shots-mediaroom/member-{tag}.png", full_page=True)
        host.get_by_role("button", name="Mute ana").click()
        a.wait_for_timeout(2500)
        a.screenshot(path=f"/tmp/shots-mediaroom/member-muted-{tag}.png", full_page=True)
        a.get_by_role("button", name="Leave the call").click()
        host.get_by_role("button", name="Leave the call").click()
        ma.end_round(meeting, by=fay)
