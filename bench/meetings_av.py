"""Voice in meetings: how many people can one Janus on this machine carry in one meeting's call?

    .venv/bin/python bench/meetings_av.py

No arguments; starts and stops everything it needs (Janus on loopback with Alongside's generated
configuration, a static page server, headless Chromium) and finishes within 15 minutes.

For N = 4, 8, 12 (and 16 when 12 holds) it creates one VideoRoom exactly as Alongside creates a
meeting's room (alongside.media.janus.room_create_request: private, tokens, recording locked),
and N simulated participants join it with their own tokens.

How participants are simulated: N pages in one headless Chromium with a fake microphone (its
beep), each running the vendored janus.js exactly as the call page does: one publisher (Opus audio,
camera off, as members join) and one multistream subscriber receiving everyone else's audio. To
stay light the received audio is not played (no audio element), so nothing is rendered; RTP is
still received, depacketised and counted by WebRTC.

Measured per N: join time (from creating the Janus session to the publisher's media flowing:
ICE and DTLS done), p50 and p95; audio packet loss over a 10-second window after everyone has
joined (packets lost / (received + lost), over every inbound audio stream of every participant);
Janus's CPU over that window, per participant (% of one core). The largest N with loss under 1%
and every participant joined is "max_participants".

Last line, one JSON object:
{"max_participants", "join_p95_ms", "audio_loss_pct_at_max", "server_cpu_pct_per_participant"}
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alongside.media.janus import (  # noqa: E402
    EmbeddedConfig,
    EmbeddedJanus,
    JanusClient,
    JanusError,
    free_port,
    is_installed,
    room_create_request,
)

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "alongside" / "media" / "static" / "media" / "vendor"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]
SIZES = [4, 8, 12]
WINDOW_S = 10.0
DEADLINE_S = 14 * 60

PAGE = """<!doctype html><meta charset="utf-8"><title>participant</title>
<script src="/adapter.min.js"></script><script src="/janus.js"></script>
<script>
window.bench = {joinedMs: null, error: null, sub: null, pub: null};
function go(server, room, token, id) {
  const t0 = performance.now();
  let privateId = null, sub = null, pub = null, attaching = false;
  const pending = [];
  const seen = new Set();
  Janus.init({debug: false, dependencies: Janus.useDefaultDependencies({adapter: window.adapter}), callback: () => {
    const janus = new Janus({server, success: () => janus.attach({plugin: "janus.plugin.videoroom",
      success: (h) => { pub = h; bench.pub = h;
        h.send({message: {request: "join", ptype: "publisher", room, id, display: "p" + id, token}}); },
      error: (e) => { bench.error = String(e); },
      webrtcState: (on) => { if (on && bench.joinedMs === null) bench.joinedMs = performance.now() - t0; },
      onmessage: (msg, jsep) => {
        if (msg.videoroom === "joined") {
          privateId = msg.private_id;
          pub.createOffer({tracks: [{type: "audio", capture: true, recv: false}],
            success: (j) => pub.send({message: {request: "publish"}, jsep: j}),
            error: (e) => { bench.error = String(e); }});
        }
        if (msg.error) bench.error = msg.error;
        const list = msg.publishers || [];
        const streams = [];
        for (const p of list) for (const s of p.streams || []) {
          const k = p.id + ":" + s.mid;
          if (s.type === "audio" && !seen.has(k)) { seen.add(k); streams.push({feed: p.id, mid: s.mid}); }
        }
        if (streams.length && attaching) pending.push(...streams);
        else if (streams.length) {
          if (!sub) { attaching = true; janus.attach({plugin: "janus.plugin.videoroom",
            success: (h) => { sub = h; bench.sub = h; attaching = false;
              const all = streams.concat(pending.splice(0));
              h.send({message: {request: "join", ptype: "subscriber", room, private_id: privateId, token, streams: all}}); },
            onmessage: (m, js) => { if (js) sub.createAnswer({jsep: js, tracks: [{type: "data"}],
              success: (a) => sub.send({message: {request: "start", room}, jsep: a})}); },
            onremotetrack: () => {}}); }
          else sub.send({message: {request: "subscribe", streams}});
        }
        if (jsep) pub.handleRemoteJsep({jsep});
      }}), error: (e) => { bench.error = String(e); }});
  }});
}
async function audioIn() {
  const pc = bench.sub && bench.sub.webrtcStuff && bench.sub.webrtcStuff.pc;
  const out = {received: 0, lost: 0, streams: 0};
  if (!pc) return out;
  (await pc.getStats()).forEach((r) => {
    if (r.type === "inbound-rtp" && r.kind === "audio") { out.received += r.packetsReceived || 0; out.lost += Math.max(0, r.packetsLost || 0); out.streams += 1; }
  });
  return out;
}
</script>"""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def serve_page(directory: Path) -> tuple[ThreadingHTTPServer, int]:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.html").write_text(PAGE)
    for name in ("janus.js", "adapter.min.js"):
        (directory / name).write_bytes((STATIC / name).read_bytes())
    server = ThreadingHTTPServer(
        ("127.0.0.1", free_port()), partial(_QuietHandler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_size(
    browser: Any, janus: EmbeddedJanus, api: JanusClient, page_url: str, n: int
) -> dict[str, Any]:
    room, secret = secrets.randbits(52) | (1 << 40), secrets.token_urlsafe(16)
    tokens = [secrets.token_urlsafe(24) for _ in range(n)]
    api.videoroom(
        room_create_request(
            room,
            secret=secret,
            admin_key=janus.cfg.admin_key,
            description=f"bench-{n}",
            publishers=max(16, n + 4),
            allowed=tokens,
        )
    )
    # One browser context each: each person has their own browser (and its own 6 connections
    # per host, which janus.js's long poll would otherwise share).
    contexts: list[Any] = []
    pages = []
    try:
        for i in range(n):  # join one after another, as people arrive
            contexts.append(browser.new_context(permissions=["microphone"]))
            pg = contexts[-1].new_page()
            pg.goto(page_url)
            pg.evaluate(
                "([s, r, t, id]) => go(s, r, t, id)", [janus.cfg.url, room, tokens[i], 1000 + i]
            )
            pages.append(pg)
            time.sleep(0.3)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            states = [pg.evaluate("() => ({j: bench.joinedMs, e: bench.error})") for pg in pages]
            if all(s["j"] is not None or s["e"] for s in states):
                break
            time.sleep(0.5)
        joins = [s["j"] for s in states if s["j"] is not None]
        errors = [s["e"] for s in states if s["e"]]
        # Every subscriber has all n-1 audio streams before the window starts.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if all(pg.evaluate("audioIn")["streams"] >= n - 1 for pg in pages):
                break
            time.sleep(0.5)
        time.sleep(2.0)  # let jitter buffers settle
        before = [pg.evaluate("audioIn") for pg in pages]
        cpu0, t0 = cpu_seconds(janus.process.pid), time.monotonic()  # type: ignore[union-attr]
        time.sleep(WINDOW_S)
        cpu1, t1 = cpu_seconds(janus.process.pid), time.monotonic()  # type: ignore[union-attr]
        after = [pg.evaluate("audioIn") for pg in pages]
        received = sum(a["received"] - b["received"] for a, b in zip(after, before, strict=True))
        lost = sum(a["lost"] - b["lost"] for a, b in zip(after, before, strict=True))
        streams = sum(a["streams"] for a in after)
        loss = 100.0 * lost / (received + lost) if received + lost else 100.0
        cpu_pct = 100.0 * (cpu1 - cpu0) / (t1 - t0)
        return {
            "n": n,
            "joined": len(joins),
            "errors": errors[:3],
            "join_p50_ms": round(pct(joins, 0.5)),
            "join_p95_ms": round(pct(joins, 0.95)),
            "audio_streams": streams,
            "expected_streams": n * (n - 1),
            "packets_received": received,
            "audio_loss_pct": round(loss, 3),
            "server_cpu_pct": round(cpu_pct, 1),
            "server_cpu_pct_per_participant": round(cpu_pct / n, 2),
        }
    finally:
        for context in contexts:
            context.close()
        with contextlib.suppress(JanusError):  # the room goes with Janus anyway
            api.videoroom({"request": "destroy", "room": room, "secret": secret})


def main() -> int:
    if not is_installed():
        print("Janus is not installed (apt-get install janus)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    # A stopped bench still stops Janus (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="alongside-av-bench-"))
    server, port = serve_page(work / "www")
    janus = EmbeddedJanus(
        EmbeddedConfig(
            directory=work / "janus", http_port=free_port(), admin_key=secrets.token_urlsafe(16)
        )
    )
    results: list[dict[str, Any]] = []
    try:
        janus.start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
            api = JanusClient(janus.cfg.url)
            sizes = list(SIZES)
            i = 0
            while i < len(sizes) and time.monotonic() - started < DEADLINE_S - 120:
                r = run_size(browser, janus, api, f"http://127.0.0.1:{port}/index.html", sizes[i])
                results.append(r)
                print(
                    f"N={r['n']:2d}: joined {r['joined']}/{r['n']}, join p50 {r['join_p50_ms']} ms "
                    f"p95 {r['join_p95_ms']} ms, audio streams {r['audio_streams']}/{r['expected_streams']}, "
                    f"loss {r['audio_loss_pct']}% of {r['packets_received']} packets, Janus CPU "
                    f"{r['server_cpu_pct']}% ({r['server_cpu_pct_per_participant']}% per participant)"
                    + (f", errors {r['errors']}" if r["errors"] else ""),
                    flush=True,
                )
                ok = r["joined"] == r["n"] and r["audio_loss_pct"] < 1.0
                if i == len(sizes) - 1 and ok and sizes[-1] < 16:
                    sizes.append(sizes[-1] + 4)  # a full group holds: try a bigger one
                i += 1
            browser.close()
    finally:
        server.shutdown()
        janus.stop()
    good = [r for r in results if r["joined"] == r["n"] and r["audio_loss_pct"] < 1.0]
    best = max(good, key=lambda r: r["n"]) if good else (results[0] if results else None)
    print(f"finished in {time.monotonic() - started:.0f} s")
    print(
        json.dumps(
            {
                "max_participants": best["n"] if good and best else 0,
                "join_p95_ms": best["join_p95_ms"] if best else None,
                "audio_loss_pct_at_max": best["audio_loss_pct"] if best else None,
                "server_cpu_pct_per_participant": best["server_cpu_pct_per_participant"]
                if best
                else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
