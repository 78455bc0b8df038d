"""Load benchmark for live rooms: .venv/bin/python bench/rooms.py [--postgres [URL]] [--redis [URL]]

Starts Alongside itself (`alongside serve`, embedded SQLite by default; PostgreSQL and/or Redis
with two server processes for the scale-out mode), creates G groups x M members, connects every
member over WebSocket, and has S senders per group post at an open-loop rate that it steps up.
Every message goes the whole way: permission checks, screening, durable storage, ack, fan-out.

Per step it prints accepted msgs/s, deliveries/s, end-to-end latency (send -> each member's
receipt) p50/p95/p99, lost and duplicated. The last line is one JSON object; "sustained" is the
highest step rate with p99 <= 100 ms, nothing lost or duplicated and (nearly) every message accepted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
P99_TARGET_MS = 100.0


def log(*args: Any) -> None:
    print(*args, flush=True)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the server processes have used so far (Linux /proc). CPU per message
    is steadier than latency on a shared, busy machine."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


# -- setting up the world ----------------------------------------------------------------------


def prepare(args: argparse.Namespace, env: dict[str, str]) -> list[list[tuple[str, str]]]:
    """Migrate, create groups and members, and a signed-in session for each member.
    Returns per group a list of (handle, session cookie)."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from alongside.accounts.models import User
    from alongside.groups.models import Group, Membership
    from alongside.rooms.models import Room

    call_command("migrate", interactive=False, verbosity=0)
    run = secrets.token_hex(3)
    groups = Group.objects.bulk_create(
        [
            Group(
                slug=f"bench-{run}-{g}",
                name=f"Bench group {g}",
                purpose="bench",
                focus="wellbeing",
                audience="adults",
                format="online",
                leadership="peer",
                capacity=args.members,
            )
            for g in range(args.groups)
        ]
    )
    groups = list(Group.objects.filter(slug__startswith=f"bench-{run}-").order_by("pk"))
    Room.objects.bulk_create([Room(group=g) for g in groups])
    users = []
    for g in range(args.groups):
        for m in range(args.members):
            u = User(email=f"b{run}g{g}m{m}@bench.invalid", handle=f"g{g}m{m}{run}")
            u.set_unusable_password()
            users.append(u)
    User.objects.bulk_create(users)
    users = list(
        User.objects.filter(email__endswith="@bench.invalid", email__startswith=f"b{run}").order_by(
            "pk"
        )
    )
    by_email = {u.email: u for u in users}
    memberships, sessions, out = [], [], []
    store = SessionStore()
    expire = timezone.now() + timezone.timedelta(days=1)
    for gi, group in enumerate(groups):
        people = []
        for m in range(args.members):
            u = by_email[f"b{run}g{gi}m{m}@bench.invalid"]
            memberships.append(
                Membership(
                    user=u,
                    group=group,
                    role=Membership.Role.PARTICIPANT,
                    status=Membership.Status.ACTIVE,
                )
            )
            key = secrets.token_hex(16)
            data = store.encode(
                {
                    "_auth_user_id": str(u.pk),
                    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                    "_auth_user_hash": u.get_session_auth_hash(),
                }
            )
            sessions.append(Session(session_key=key, session_data=data, expire_date=expire))
            people.append((group.slug, f"sessionid={key}"))
        out.append(people)
    Membership.objects.bulk_create(memberships)
    Session.objects.bulk_create(sessions)
    connection.close()
    return out


def start_server(
    port: int, env: dict[str, str], logfile: Path, profile: str = ""
) -> subprocess.Popen[bytes]:
    alongside = Path(sys.executable).with_name("alongside")
    cmd = [str(alongside), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if profile:  # cProfile the server; read with `python -m pstats PATH`
        # uvicorn re-raises SIGTERM after shutting down: dump the profile in our own handler.
        cmd = [
            sys.executable,
            "-c",
            "import cProfile, os, signal, sys; from alongside.cli import main; "
            "p = cProfile.Profile(); signal.signal(signal.SIGTERM, lambda *a: "
            f"(p.disable(), p.dump_stats({profile!r}), os._exit(0))); "
            f"sys.argv = ['alongside', 'serve', '--port', '{port}']; p.enable(); main()",
        ]
    with logfile.open("ab") as err:
        proc = subprocess.Popen(
            cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=err
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited; see {logfile}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except urllib.error.HTTPError:  # it answers (503 while no `alongside worker` runs): up
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


# -- the load ----------------------------------------------------------------------------------


class Bench:
    def __init__(
        self, args: argparse.Namespace, people: list[list[tuple[str, str]]], addresses: list[str]
    ) -> None:
        self.args = args
        self.people = people
        self.addresses = addresses  # host:port of each server (or of the proxy)
        self.sent_at: dict[str, float] = {}  # client id -> send time
        self.acked: dict[str, int] = {}  # client id -> seq
        self.group_of: dict[str, int] = {}
        self.receipts: dict[str, int] = defaultdict(int)  # client id -> receivers so far
        self.latencies: list[tuple[float, float]] = []  # (send time, latency ms)
        self.ack_latencies: list[float] = []
        self.loop_lag: list[
            float
        ] = []  # how late this client's own loop wakes: is the bench the bottleneck?
        self.duplicates = 0
        self.errors: dict[str, int] = defaultdict(int)
        self.senders: list[tuple[int, Any]] = []
        self.sockets: list[Any] = []
        self.counter = 0
        self.final_lost = 0
        self.final_unacked = 0

    async def connect_all(self) -> None:
        from websockets.asyncio.client import connect

        sem = asyncio.Semaphore(40)
        n = 0

        async def one(gi: int, mi: int, slug: str, cookie: str, address: str) -> None:
            async with sem:
                ws = await connect(
                    f"ws://{address}/ws/rooms/{slug}/?after=0",
                    additional_headers={"Cookie": cookie, "Origin": f"http://{address}"},
                    max_queue=None,
                    compression=None,
                    ping_interval=None,
                )
                # wait for "synced" so no live message is missed by the measurement
                while json.loads(await ws.recv())["type"] != "synced":
                    pass
            self.sockets.append(ws)
            if mi < self.args.senders:
                self.senders.append((gi, ws))
            asyncio.get_running_loop().create_task(self.reader(ws))

        tasks = []
        for gi, people in enumerate(self.people):
            for mi, (slug, cookie) in enumerate(people):
                tasks.append(one(gi, mi, slug, cookie, self.addresses[n % len(self.addresses)]))
                n += 1
        await asyncio.gather(*tasks)

    async def reader(self, ws: Any) -> None:
        seen: set[int] = set()
        loads = json.loads
        perf = time.perf_counter
        try:
            async for raw in ws:
                now = perf()
                frame = loads(raw)
                kind = frame["type"]
                if kind == "message":
                    m = frame["message"]
                    if m["seq"] in seen:
                        self.duplicates += 1
                        continue
                    seen.add(m["seq"])
                    cid = m.get("client_id")
                    sent = self.sent_at.get(cid) if cid else None
                    if sent is not None:
                        self.receipts[cid] += 1
                        self.latencies.append((sent, (now - sent) * 1000))
                elif kind == "ack":
                    self.acked[frame["client_id"]] = frame["seq"]
                    sent = self.sent_at.get(frame["client_id"])
                    if sent is not None:
                        self.ack_latencies.append((now - sent) * 1000)
                elif kind == "error":
                    self.errors[frame.get("code", "?")] += 1
        except Exception as exc:  # a dropped connection is a finding, not a crash
            self.errors[f"closed:{type(exc).__name__}"] += 1

    async def watch_lag(self) -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.01)
            self.loop_lag.append((time.perf_counter() - t - 0.01) * 1000)

    async def step(self, rate: float, seconds: float) -> dict[str, Any]:
        start = time.perf_counter()
        sent_before = self.counter
        lat_before = len(self.latencies)
        ack_before = len(self.ack_latencies)
        lag_before = len(self.loop_lag)
        cpu_before = cpu_seconds(self.args.server_pids)
        due = 0
        senders = self.senders
        while True:
            now = time.perf_counter()
            if now - start >= seconds:
                break
            target = int((now - start) * rate)
            while due < target:  # open loop: send what is due, never wait for acks
                gi, ws = senders[self.counter % len(senders)]
                cid = f"c{self.counter}"
                self.counter += 1
                due += 1
                self.sent_at[cid] = time.perf_counter()
                self.group_of[cid] = gi
                await ws.send(
                    json.dumps(
                        {"type": "send", "client_id": cid, "text": f"bench message {cid} *hello*"}
                    )
                )
            await asyncio.sleep(0.002)
        ids = [f"c{i}" for i in range(sent_before, self.counter)]
        # Let the tail arrive (a slow server shows up as latency, a lost message as missing).
        deadline = time.perf_counter() + self.args.drain
        expected = self.args.members
        while time.perf_counter() < deadline:
            if all(self.receipts.get(c, 0) >= expected for c in ids if c in self.acked) and all(
                c in self.acked for c in ids
            ):
                break
            await asyncio.sleep(0.05)
        cpu = cpu_seconds(self.args.server_pids) - cpu_before
        accepted = [c for c in ids if c in self.acked]
        lost = sum(max(0, expected - self.receipts.get(c, 0)) for c in accepted)
        lats = [lat for (_s, lat) in self.latencies[lat_before:]]
        deliveries = sum(min(expected, self.receipts.get(c, 0)) for c in accepted)
        return {
            "target_msgs_per_s": rate,
            "accepted_msgs_per_s": round(len(accepted) / seconds, 1),
            "deliveries_per_s": round(deliveries / seconds, 1),
            "p50_ms": round(percentile(lats, 0.50), 1),
            "p95_ms": round(percentile(lats, 0.95), 1),
            "p99_ms": round(percentile(lats, 0.99), 1),
            "lost": lost,
            "duplicated": self.duplicates,
            "unacked": len(ids) - len(accepted),
            "ack_p99_ms": round(percentile(self.ack_latencies[ack_before:], 0.99), 1),
            "bench_loop_lag_p99_ms": round(percentile(self.loop_lag[lag_before:], 0.99), 1),
            "errors": dict(self.errors),
            "server_cpu_ms_per_msg": round(cpu * 1000 / len(accepted), 2) if accepted else None,
        }


async def run_load(
    args: argparse.Namespace, people: list[list[tuple[str, str]]], addresses: list[str]
) -> list[dict[str, Any]]:
    bench = Bench(args, people, addresses)
    t0 = time.perf_counter()
    await bench.connect_all()
    log(
        f"connected {len(bench.sockets)} members ({len(bench.senders)} senders) in {time.perf_counter() - t0:.1f}s"
    )
    # Warm up (not measured): every sender posts once, so one-time work (each member's first
    # post check, database connections) doesn't count against the first step.
    for _gi, ws in bench.senders:
        await ws.send(
            json.dumps({"type": "send", "client_id": f"warm-{id(ws)}", "text": "hello everyone"})
        )
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and sum(
        1 for c in bench.acked if c.startswith("warm-")
    ) < len(bench.senders):
        await asyncio.sleep(0.05)
    await asyncio.sleep(1)
    lag = asyncio.get_running_loop().create_task(bench.watch_lag())
    results = []
    overloaded = 0
    for rate in args.steps:
        r = await bench.step(rate, args.step_seconds)
        results.append(r)
        log(
            f"step {rate:>5.0f}/s: accepted {r['accepted_msgs_per_s']:>6.1f} msgs/s, "
            f"{r['deliveries_per_s']:>7.1f} deliveries/s, p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
            f"p99 {r['p99_ms']:.1f} ms, lost {r['lost']}, duplicated {r['duplicated']}, "
            f"unacked {r['unacked']}, errors {r['errors']} (ack p99 {r['ack_p99_ms']} ms, "
            f"bench's own loop lag p99 {r['bench_loop_lag_p99_ms']} ms, server CPU "
            f"{r['server_cpu_ms_per_msg']} ms per message)"
        )
        if r["p99_ms"] > 1000 or r["unacked"] > rate * args.step_seconds * 0.2:
            overloaded += 1
            if overloaded >= 2:
                log("stopping: the server is overloaded")
                break
    lag.cancel()
    # Anything still missing gets a last chance (the resume/gap-fill path); what stays missing is lost.
    accepted = [c for c in bench.acked if c in bench.sent_at]  # not the warm-up ones
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and any(
        bench.receipts.get(c, 0) < args.members for c in accepted
    ):
        await asyncio.sleep(0.1)
    bench.final_lost = sum(max(0, args.members - bench.receipts.get(c, 0)) for c in accepted)
    bench.final_unacked = bench.counter - len(accepted)
    log(
        f"after all steps: {len(accepted)} messages accepted, {bench.final_lost} deliveries never arrived, "
        f"{bench.final_unacked} sends never acked (a real client resends these with the same id)"
    )
    for ws in bench.sockets:
        await ws.close()
    results.append({"final_lost": bench.final_lost})
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--members", type=int, default=12)
    parser.add_argument("--senders", type=int, default=3, help="senders per group")
    parser.add_argument(
        "--steps",
        type=lambda s: [float(x) for x in s.split(",")],
        default=[50.0, 100.0, 200.0, 300.0, 400.0, 500.0, 600.0, 800.0, 1000.0],
    )
    parser.add_argument("--step-seconds", type=float, default=12.0)
    parser.add_argument(
        "--drain", type=float, default=4.0, help="seconds to wait for the tail of each step"
    )
    parser.add_argument(
        "--postgres",
        nargs="?",
        const="postgres://postgres@127.0.0.1:5432/alongside_bench_rooms",
        help="store in PostgreSQL (a fresh database is created at this URL)",
    )
    parser.add_argument(
        "--redis",
        nargs="?",
        const="redis://127.0.0.1:6379/1",
        help="fan out through Redis across --processes server processes",
    )
    parser.add_argument("--processes", type=int, default=2, help="server processes in --redis mode")
    parser.add_argument(
        "--testbed",
        type=int,
        default=0,
        metavar="N",
        help="run on the multi-host test bed (deploy/testbed.py; root) with N web hosts behind "
        "HAProxy, on its own PostgreSQL and Redis; members connect through the proxy",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    parser.add_argument("--profile", default="", help="cProfile the server into this file")
    args = parser.parse_args()
    if args.testbed:
        return _on_testbed(args)

    data_dir = Path(tempfile.mkdtemp(prefix="alongside-bench-"))
    from cryptography.fernet import Fernet

    env = {
        "ALONGSIDE_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_hex(32),
        "ALONGSIDE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALONGSIDE_ROOM_RATE_LIMIT": "100000/10",  # a throughput test, not a test of the limiter
    }
    for key in ("DATABASE_URL", "REDIS_URL"):  # only what the flags say
        os.environ.pop(key, None)
    mode = []
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
        _fresh_postgres(args.postgres)
        mode.append("postgres")
    if args.redis:
        env["REDIS_URL"] = args.redis
        mode.append("redis")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        t0 = time.perf_counter()
        people = prepare(args, env)
        log(
            f"created {args.groups} groups x {args.members} members in {time.perf_counter() - t0:.1f}s "
            f"(mode: {'+'.join(mode) or 'embedded'})"
        )
        import socket

        n = args.processes if args.redis else 1
        ports = []
        for _ in range(n):
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                ports.append(int(s.getsockname()[1]))
        for port in ports:
            procs.append(start_server(port, env, data_dir / "server.log", args.profile))
        args.server_pids = [p.pid for p in procs]
        results = asyncio.run(run_load(args, people, [f"127.0.0.1:{port}" for port in ports]))
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        if args.postgres:
            _drop_postgres(args.postgres)
    final_lost = results.pop()["final_lost"] if results and "final_lost" in results[-1] else 0
    print(json.dumps(_summary(args, results, final_lost, "+".join(mode) or "embedded")), flush=True)
    return 0


def _summary(
    args: argparse.Namespace, results: list[dict[str, Any]], final_lost: int, mode: str
) -> dict[str, Any]:
    good = [
        r
        for r in results
        if r["p99_ms"] <= P99_TARGET_MS
        and r["lost"] == 0
        and r["duplicated"] == 0
        and r["accepted_msgs_per_s"] >= 0.95 * r["target_msgs_per_s"]
    ]
    best = max(good, key=lambda r: r["accepted_msgs_per_s"]) if good else None
    summary = {
        "sustained_msgs_per_s": best["accepted_msgs_per_s"] if best else 0.0,
        "p99_ms": best["p99_ms"] if best else None,
        "lost": final_lost,
        "duplicated": max((r["duplicated"] for r in results), default=0),
        "groups": args.groups,
        "members": args.members,
        "senders_per_group": args.senders,
        "mode": mode,
    }
    return summary


def _on_testbed(args: argparse.Namespace) -> int:
    """The same load through the test bed's proxy: N web hosts, a worker host, PostgreSQL and Redis,
    each in its own network namespace; this process runs on the bed's client host."""
    from deploy.testbed import Testbed, available, enter

    problem = available()
    if problem:
        log(f"cannot build the test bed: {problem}")
        return 2
    bed = Testbed(web_hosts=args.testbed, extra_env={"ALONGSIDE_ROOM_RATE_LIMIT": "100000/10"})
    with bed:
        enter(bed.ns("client"))
        env = {
            k: v
            for k, v in bed.app_env("client").items()
            if k not in ("PATH", "HOME", "LANG", "LC_ALL")
        }
        t0 = time.perf_counter()
        people = prepare(args, env)
        log(
            f"created {args.groups} groups x {args.members} members in {time.perf_counter() - t0:.1f}s "
            f"(test bed: {args.testbed} web host(s) behind HAProxy, PostgreSQL + Redis)"
        )
        args.server_pids = [bed.procs[name].pid for name in bed.web_names()]
        results = asyncio.run(run_load(args, people, [bed.proxy_url.removeprefix("http://")]))
    final_lost = results.pop()["final_lost"] if results and "final_lost" in results[-1] else 0
    print(
        json.dumps(_summary(args, results, final_lost, f"testbed-{args.testbed}-web")), flush=True
    )
    return 0


def _pg_admin(url: str) -> tuple[Any, str]:
    import psycopg

    base, _slash, name = url.rpartition("/")
    conn = psycopg.connect(f"{base}/postgres", autocommit=True)
    return conn, name


def _fresh_postgres(url: str) -> None:
    conn, name = _pg_admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres(url: str) -> None:
    from django.db import connections

    connections.close_all()
    conn, name = _pg_admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # (also for deploy.testbed)
    sys.exit(main())
