"""Faults survived, measured: `.venv/bin/python bench/chaos.py` (root; about 4 minutes).

Builds the multi-host test bed (deploy/testbed.py: two web hosts, a worker host, PostgreSQL and
Redis in Linux network namespaces, HAProxy in front), connects room members through the proxy
from the bed's client host, has senders post steadily, and in turn:

- kill_web: `kill -9` the busier web host's server (restarted a second later, as systemd or compose
  would);
- restart_redis: stop Redis and start it again;
- restart_postgres: stop PostgreSQL (fast shutdown) and start it again;
- cut_web: take the busier web host's veth down for 10 s, then up again.

The clients speak the room protocol as the README says a client must: each message has a fresh
client_id kept until its ack; after any reconnect they connect through the proxy with
`?after=<last seq seen>` and resend every unacked message with the same client_id; a seq jump
makes them ask for `resume`.

Per fault (messages created from the fault's start to the end of its window): acked; lost (acked
but missing at one or more members at the end); duplicated (an acked message stored twice, or a
seq delivered twice to a client that did not ask for it again); out_of_order (a seq jump a client
saw); max_gap_s (the longest a client went without a new message); recovery_s (from the fault's
start to the last moment anything was wrong: a client not connected, a send not acked within
1.5 s, or a member more than 1.5 s behind an acked message). Each fault has a window of 30 s
(16 s with --quick) before the next one starts. The last line is one JSON object.

`--quick` is the bounded form the test suite runs (fewer members, shorter windows).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.testbed import Testbed, available, enter  # noqa: E402

OVERDUE_S = 1.5  # a send not acked, or a member not given an acked message, within this: not well
SAMPLE_S = 0.1
FAULTS = ["kill_web", "restart_redis", "restart_postgres", "cut_web"]
CUT_SECONDS = 10.0
BACKOFF_FIRST_S = 0.5
BACKOFF_MAX_S = 10.0


def log(*args: Any) -> None:
    print(*args, flush=True)


@dataclass
class Window:
    fault: str
    start: float
    end: float = 0.0
    out_of_order: int = 0
    duplicated: int = 0
    last_bad: float | None = None
    note: str = ""


@dataclass
class Member:
    group: int
    slug: str
    cookie: str
    sender: bool
    last_seq: int = 0
    synced: bool = False
    ws: Any = None
    resume_until: float = 0.0  # resume asked for: repeats until then are expected
    last_new: float = 0.0  # when the last new message arrived
    gaps: list[tuple[float, float]] = field(default_factory=list)  # (from, to) between new messages
    pending: dict[str, tuple[float, str]] = field(default_factory=dict)  # cid -> (created, text)
    connects: int = 0


class Chaos:
    def __init__(
        self, args: argparse.Namespace, bed: Testbed, people: list[list[tuple[str, str]]]
    ) -> None:
        self.args = args
        self.bed = bed
        self.members: list[Member] = []
        for gi, group in enumerate(people):
            for mi, (slug, cookie) in enumerate(group):
                self.members.append(Member(gi, slug, cookie, mi < args.senders))
        self.by_group: dict[int, list[Member]] = defaultdict(list)
        for m in self.members:
            self.by_group[m.group].append(m)
        self.created: dict[str, float] = {}  # cid -> created
        self.acked: dict[str, tuple[int, int, float]] = {}  # cid -> (group, seq, ack time)
        self.stored_as: dict[str, set[int]] = defaultdict(set)  # cid -> seqs it was delivered under
        self.group_acks: dict[int, list[tuple[float, int]]] = defaultdict(
            list
        )  # group -> (ack time, seq)
        self.windows: list[Window] = []
        self.counter = 0
        self.running = True
        self.errors: dict[str, int] = defaultdict(int)

    def window_at(self, t: float) -> Window | None:
        for w in reversed(self.windows):
            if w.start <= t and (not w.end or t <= w.end):
                return w
        return None

    # -- a client ----------------------------------------------------------------------------

    async def client(self, m: Member) -> None:
        from websockets.asyncio.client import connect

        url = self.bed.proxy_url.replace("http://", "ws://")
        backoff = BACKOFF_FIRST_S
        while self.running:
            try:
                # Like a browser (room.js): no hurry to give up on an opening handshake; the
                # proxy closes the sockets of a host it takes out; pings only catch the rest.
                async with connect(
                    f"{url}/ws/rooms/{m.slug}/?after={m.last_seq}",
                    additional_headers={"Cookie": m.cookie, "Origin": self.bed.proxy_url},
                    open_timeout=30,
                    ping_interval=5.0,
                    ping_timeout=10.0,
                    close_timeout=1,
                    max_queue=None,
                    compression=None,
                ) as ws:
                    m.ws = ws
                    m.connects += 1
                    backoff = BACKOFF_FIRST_S
                    async for raw in ws:
                        await self.frame(m, ws, json.loads(raw))
            except Exception as exc:  # a dropped connection: reconnect, resume, resend
                self.errors[type(exc).__name__] += 1
            m.ws = None
            m.synced = False
            if self.running:  # room.js's backoff (0.5 s, doubling, at most 10 s), with some jitter
                await asyncio.sleep(backoff * (0.8 + 0.4 * random.random()))
                backoff = min(backoff * 2, BACKOFF_MAX_S)

    async def frame(self, m: Member, ws: Any, frame: dict[str, Any]) -> None:
        now = time.monotonic()
        kind = frame.get("type")
        if kind == "message":
            msg = frame["message"]
            seq = int(msg["seq"])
            if seq <= m.last_seq:
                if now > m.resume_until and m.synced:
                    w = self.window_at(now)
                    if w:
                        w.duplicated += 1
                return
            if seq != m.last_seq + 1:  # a jump: ask again from what we have, drop this one
                w = self.window_at(now)
                if w:
                    w.out_of_order += 1
                if now > m.resume_until:
                    m.resume_until = now + 2.0
                    await ws.send(json.dumps({"type": "resume", "after": m.last_seq}))
                return
            m.last_seq = seq
            if m.last_new:
                m.gaps.append((m.last_new, now))
            m.last_new = now
            cid = msg.get("client_id")
            if cid:
                self.stored_as[cid].add(seq)
        elif kind == "synced":
            if not m.synced:
                m.synced = True
                for cid, (_created, text) in sorted(m.pending.items(), key=lambda kv: kv[1][0]):
                    await ws.send(json.dumps({"type": "send", "client_id": cid, "text": text}))
        elif kind == "ack":
            cid = frame["client_id"]
            if cid in m.pending:
                del m.pending[cid]
                self.acked[cid] = (m.group, int(frame["seq"]), now)
                self.group_acks[m.group].append((now, int(frame["seq"])))
        elif kind == "error":
            cid = frame.get("client_id") or ""
            self.errors[f"error:{frame.get('code')}"] += 1
            if cid in m.pending and frame.get("retry_after") is not None:
                asyncio.get_running_loop().call_later(
                    float(frame["retry_after"]), lambda: asyncio.ensure_future(self.resend(m, cid))
                )

    async def resend(self, m: Member, cid: str) -> None:
        if cid in m.pending and m.ws is not None and m.synced:
            with contextlib.suppress(Exception):  # if it fails, the reconnect resends it
                await m.ws.send(
                    json.dumps({"type": "send", "client_id": cid, "text": m.pending[cid][1]})
                )

    async def sender(self, m: Member) -> None:
        period = 1.0 / self.args.rate
        await asyncio.sleep(random.random() * period)
        while self.running:
            cid = f"k{self.counter}"
            self.counter += 1
            now = time.monotonic()
            text = f"chaos {cid}: how is everyone doing today?"
            m.pending[cid] = (now, text)
            self.created[cid] = now
            if m.ws is not None and m.synced:
                with contextlib.suppress(
                    Exception
                ):  # if it fails, it is resent after the reconnect
                    await m.ws.send(json.dumps({"type": "send", "client_id": cid, "text": text}))
            await asyncio.sleep(period)

    # -- watching ----------------------------------------------------------------------------

    def wrong(self, now: float) -> str:
        """What is not well right now ("" when all is well)."""
        for m in self.members:
            if not m.synced:
                return "a client is not connected"
            if m.pending and min(c for c, _t in m.pending.values()) < now - OVERDUE_S:
                return "a send is not acked"
        for gi, acks in self.group_acks.items():
            due = [seq for (t, seq) in acks if t < now - OVERDUE_S]
            if due:
                top = max(due)
                if any(m.last_seq < top for m in self.by_group[gi]):
                    return "a member is behind"
        return ""

    async def watch(self) -> None:
        while self.running:
            now = time.monotonic()
            for gi, acks in self.group_acks.items():  # keep only what can still be due
                if len(acks) > 200:
                    self.group_acks[gi] = acks[-200:]
            problem = self.wrong(now)
            if problem:
                w = self.window_at(now)
                if w:
                    w.last_bad = now
                    w.note = problem
            await asyncio.sleep(SAMPLE_S)

    # -- faults ------------------------------------------------------------------------------

    def busier_web(self) -> str:
        counts = {}
        for name in self.bed.web_names():
            out = subprocess.run(
                [
                    "ip",
                    "netns",
                    "exec",
                    self.bed.ns(name),
                    "ss",
                    "-Htn",
                    "state",
                    "established",
                    "( sport = :8000 )",
                ],
                capture_output=True,
                text=True,
            ).stdout
            counts[name] = len(out.splitlines())
        return max(counts, key=lambda k: counts[k])

    def inject(self, fault: str) -> str:
        bed = self.bed
        if fault == "kill_web":
            name = self.busier_web()
            bed.kill_web(name)
            time.sleep(1.0)  # the supervisor's restart delay (systemd RestartSec=1)
            bed.start_web(name)
            return name
        if fault == "restart_redis":
            bed.restart_redis()
            return "redis"
        if fault == "restart_postgres":
            bed.restart_postgres()
            return "postgres"
        if fault == "cut_web":
            name = self.busier_web()
            bed.cut(name)
            time.sleep(CUT_SECONDS)
            bed.restore(name)
            return name
        raise ValueError(fault)

    async def run(self) -> list[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        clients = [loop.create_task(self.client(m)) for m in self.members]
        deadline = time.monotonic() + 60
        while not all(m.synced for m in self.members):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"only {sum(m.synced for m in self.members)} of {len(self.members)} connected"
                )
            await asyncio.sleep(0.1)
        log(f"connected {len(self.members)} members through the proxy")
        senders = [loop.create_task(self.sender(m)) for m in self.members if m.sender]
        watcher = loop.create_task(self.watch())
        baseline = Window("baseline", time.monotonic())
        self.windows.append(baseline)
        await asyncio.sleep(self.args.settle)
        baseline.end = time.monotonic()
        for fault in FAULTS:
            w = Window(fault, time.monotonic())
            self.windows.append(w)
            target = await asyncio.to_thread(self.inject, fault)
            log(
                f"{fault} ({target}) done after {time.monotonic() - w.start:.1f}s "
                f"(load average {os.getloadavg()[0]:.1f})"
            )
            await asyncio.sleep(max(0.0, w.start + self.args.window - time.monotonic()))
            w.end = time.monotonic()
            if w.last_bad is not None:
                log(f"  last trouble: {w.note}, {w.last_bad - w.start:.1f}s after the start")
        for t in senders:
            t.cancel()
        # Let everything in flight be acked and delivered.
        deadline = time.monotonic() + self.args.drain
        while time.monotonic() < deadline and self.wrong(time.monotonic() + OVERDUE_S + 1):
            await asyncio.sleep(0.2)
        self.running = False
        watcher.cancel()
        for m in self.members:
            if m.ws is not None:
                await m.ws.close()
        for t in clients:
            t.cancel()
        return self.report()

    def report(self) -> list[dict[str, Any]]:
        out = []
        for w in self.windows:
            if w.fault == "baseline":
                continue
            cids = [c for c, t in self.created.items() if w.start <= t <= w.end]
            acked = [c for c in cids if c in self.acked]
            lost = 0
            for c in acked:
                group, seq, _t = self.acked[c]
                if any(m.last_seq < seq for m in self.by_group[group]):
                    lost += 1
            stored_twice = sum(1 for c in cids if len(self.stored_as.get(c, ())) > 1)
            gap = 0.0
            for m in self.members:
                for a, b in m.gaps:
                    if w.start <= b <= w.end:  # the gap ended in this fault's window
                        gap = max(gap, b - a)
            recovery = 0.0 if w.last_bad is None else w.last_bad - w.start + SAMPLE_S
            out.append(
                {
                    "fault": w.fault,
                    "acked": len(acked),
                    "lost": lost,
                    "duplicated": w.duplicated + stored_twice,
                    "out_of_order": w.out_of_order,
                    "max_gap_s": round(gap, 2),
                    "recovery_s": round(recovery, 2),
                }
            )
            unacked = len(cids) - len(acked)
            log(f"{w.fault}: {out[-1]} (never acked: {unacked})")
        log(f"client errors and reconnects: {dict(self.errors)}")
        return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="the bounded form the test suite runs")
    args = parser.parse_args()
    if args.quick:
        args.groups, args.members, args.senders, args.rate = 4, 5, 2, 1.0
        args.settle, args.window, args.drain = 3.0, 16.0, 15.0
    else:
        args.groups, args.members, args.senders, args.rate = 12, 8, 2, 1.0
        args.settle, args.window, args.drain = 10.0, 30.0, 20.0
    problem = available()
    if problem:
        log(f"cannot build the test bed: {problem}")
        return 2
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the bed still removes itself
    bed = Testbed(web_hosts=2, extra_env={"ALONGSIDE_ROOM_RATE_LIMIT": "100000/10"})
    with bed:
        log(f"test bed {bed.prefix} up in {time.monotonic() - started:.0f}s (logs: {bed.dir})")
        enter(bed.ns("client"))  # from here on this process lives on the bed's client host
        from bench.rooms import prepare

        env = {
            k: v
            for k, v in bed.app_env("client").items()
            if k not in ("PATH", "HOME", "LANG", "LC_ALL")
        }
        people = prepare(args, env)
        results = asyncio.run(Chaos(args, bed, people).run())
    summary = {
        "faults": results,
        "lost": sum(r["lost"] for r in results),
        "duplicated": sum(r["duplicated"] for r in results),
        "max_recovery_s": max((r["recovery_s"] for r in results), default=0.0),
    }
    log(
        f"took {time.monotonic() - started:.0f}s on {os.cpu_count()} cores "
        f"(load average at the end: {os.getloadavg()[0]:.1f})"
    )
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
