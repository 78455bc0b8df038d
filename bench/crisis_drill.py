"""Crisis drill: .venv/bin/python bench/crisis_drill.py  (no arguments needed)

Starts Alongside itself and stops it at the end: production mode (`alongside serve` on a fresh
PostgreSQL database, Redis for the channel layer, cache, task queue and live events, plus an
`alongside worker`) when PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer, else the
embedded mode (SQLite, in-process tasks, one process); the first line says which. Production mode
runs two web processes (`--web`): members are spread over both and the moderator is on the
second, so about half the alerts cross processes (core.transport) before they reach the dashboard.

N simulated members (default 40, spread over groups of 8 with a facilitator each) each open their
group's live room and their per-person channel, as the room page does, and post one crisis message
over the WebSocket at a random moment within the window (default 60 s). A simulated on-call
moderator has the safety dashboard open the way the page does: the page loaded, its per-person
channel (/ws/me/) held open; when an alert arrives it fetches the alert list as htmx would and
acknowledges the alert at once (POST, as the button does).

Printed, as p50/p95 (ms):
- notice: post -> the author's private notice (the ack with the crisis notice) on the author's socket;
- alert on dashboard: post -> the alert's frame on the moderator's open connection;
- listed: post -> the dashboard's alert list (fetched on that frame) shows the alert;
- acknowledged: post -> the acknowledgement stored (the POST answered).
Targets: notice < 1 s p95, alert on the dashboard < 2 s p95. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTICE_TARGET_MS = 1000.0
ALERT_TARGET_MS = 2000.0
PER_GROUP = 8

# Messages the inline screen reads as a crisis (the drill measures delivery, not detection).
CRISIS_MESSAGES = (
    "I can't go on. I'm going to end it tonight.",
    "I want to kill myself, I can't take this anymore",
    "I don't want to be alive anymore, I've decided to end my life this weekend",
    "Tonight is the night I end it all. I'm sorry everyone.",
    "I am going to kill myself tonight",
    "I want to die. I can't keep doing this",
)


def log(*args: Any) -> None:
    print(*args, flush=True)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- services ----------------------------------------------------------------------------------


def postgres_answers(url: str) -> bool:
    try:
        import psycopg

        base, _slash, _name = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", connect_timeout=2):
            return True
    except Exception:
        return False


def redis_answers(url: str) -> bool:
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _pg_admin(url: str) -> tuple[Any, str]:
    import psycopg

    base, _slash, name = url.rpartition("/")
    return psycopg.connect(f"{base}/postgres", autocommit=True), name


def fresh_postgres(url: str) -> None:
    conn, name = _pg_admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    from django.db import connections

    connections.close_all()
    conn, name = _pg_admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the world ---------------------------------------------------------------------------------


def prepare(members: int, env: dict[str, str]) -> dict[str, Any]:
    """Migrate; create groups of PER_GROUP members with a facilitator each, and an on-call
    moderator (TOTP enrolled, as staff must be); a signed-in session for everyone."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
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
    n_groups = max(1, -(-members // PER_GROUP))
    Group.objects.bulk_create(
        [
            Group(
                slug=f"drill-{run}-{g}",
                name=f"Drill group {g}",
                purpose="drill",
                focus="depression",
                audience="adults",
                format="online",
                leadership="peer",
                capacity=PER_GROUP + 2,
            )
            for g in range(n_groups)
        ]
    )
    groups = list(Group.objects.filter(slug__startswith=f"drill-{run}-").order_by("pk"))
    Room.objects.bulk_create([Room(group=g) for g in groups])

    def person(email: str, handle: str, **extra: Any) -> Any:
        u = User(email=email, handle=handle, country="GB", **extra)
        u.set_unusable_password()
        return u

    User.objects.bulk_create(
        [person(f"m{i}-{run}@drill.invalid", f"m{i}{run}") for i in range(members)]
        + [person(f"f{g}-{run}@drill.invalid", f"f{g}{run}") for g in range(n_groups)]
        + [person(f"mod-{run}@drill.invalid", f"mod{run}", is_moderator=True, is_on_call=True)]
    )
    by_email = {u.email: u for u in User.objects.filter(email__endswith=f"-{run}@drill.invalid")}
    moderator = by_email[f"mod-{run}@drill.invalid"]
    Authenticator.objects.create(
        user=moderator, type=Authenticator.Type.TOTP, data={"secret": secrets.token_hex(10)}
    )
    memberships, sessions = [], []
    store = SessionStore()
    expire = timezone.now() + timezone.timedelta(days=1)

    def session_for(u: Any) -> str:
        key = secrets.token_hex(16)
        data = store.encode(
            {
                "_auth_user_id": str(u.pk),
                "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
                "_auth_user_hash": u.get_session_auth_hash(),
            }
        )
        sessions.append(Session(session_key=key, session_data=data, expire_date=expire))
        return key

    people = []
    for g, group in enumerate(groups):
        fac = by_email[f"f{g}-{run}@drill.invalid"]
        memberships.append(
            Membership(
                user=fac,
                group=group,
                role=Membership.Role.FACILITATOR,
                status=Membership.Status.ACTIVE,
            )
        )
    for i in range(members):
        u = by_email[f"m{i}-{run}@drill.invalid"]
        group = groups[i // PER_GROUP]
        memberships.append(
            Membership(
                user=u,
                group=group,
                role=Membership.Role.PARTICIPANT,
                status=Membership.Status.ACTIVE,
            )
        )
        people.append(
            {"handle": u.handle, "pk": u.pk, "slug": group.slug, "session": session_for(u)}
        )
    Membership.objects.bulk_create(memberships)
    mod_session = session_for(moderator)
    Session.objects.bulk_create(sessions)
    connection.close()
    return {"members": people, "moderator": {"pk": moderator.pk, "session": mod_session}}


def start(
    cmd: list[str], port: int | None, env: dict[str, str], logfile: Path
) -> subprocess.Popen[bytes]:
    with logfile.open("ab") as err:
        proc = subprocess.Popen(
            cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=err
        )
    if port is None:
        return proc
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited; see {logfile}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


# -- the drill ---------------------------------------------------------------------------------


class Http:
    """The moderator's browser for plain HTTP: cookies (session, CSRF) and no redirects followed."""

    def __init__(self, base: str, session: str) -> None:
        self.base = base
        self.cookies = {"sessionid": session}

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    def _call(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, method=method)
        req.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if method == "POST":
            req.add_header("X-CSRFToken", self.cookies.get("csrftoken", ""))
            req.add_header("Origin", self.base)
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        if path.endswith("/live/"):
            req.add_header("HX-Request", "true")
        opener = urllib.request.build_opener(self._NoRedirect)
        try:
            with opener.open(req, timeout=30) as resp:
                status, text, headers = resp.status, resp.read().decode(), resp.headers
        except urllib.error.HTTPError as exc:
            status, text, headers = exc.code, exc.read().decode(errors="replace"), exc.headers
        for cookie in headers.get_all("Set-Cookie") or []:
            name, _eq, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, text

    async def get(self, path: str) -> tuple[int, str]:
        return await asyncio.to_thread(self._call, "GET", path)

    async def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        return await asyncio.to_thread(self._call, "POST", path, data)


async def run_drill(
    world: dict[str, Any], ports: list[int], window: float, drain: float
) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    port = ports[-1]  # the moderator's web process
    base = f"http://127.0.0.1:{port}"
    origin = {"Origin": base}
    sent: dict[int, float] = {}  # member pk -> when they posted
    noticed: dict[int, float] = {}  # member pk -> when their notice arrived on their socket
    alert_frames: dict[int, float] = {}  # alert id -> when it reached the moderator's connection
    listed: dict[int, float] = {}  # alert id -> when the fetched alert list showed it
    acked: dict[int, float] = {}  # alert id -> when the acknowledgement POST was answered
    errors: list[str] = []

    moderator = Http(base, world["moderator"]["session"])
    status, page = await moderator.get("/safety/")  # the dashboard page: also sets the CSRF cookie
    if status != 200 or "Safety dashboard" not in page:
        raise RuntimeError(f"the moderator could not open the dashboard (HTTP {status})")
    mod_ws = await connect(
        f"ws://127.0.0.1:{port}/ws/me/?lang=en",
        additional_headers={"Cookie": f"sessionid={world['moderator']['session']}", **origin},
    )

    async def handle_alert(alert_id: int) -> None:
        status, html = await moderator.get("/safety/alerts/live/")  # hx-get on "alongside-alerts"
        if status == 200 and f"/safety/alerts/{alert_id}/" in html:
            listed[alert_id] = time.perf_counter()
        status, _ = await moderator.post(f"/safety/alerts/{alert_id}/acknowledge/", {"note": ""})
        if status in (200, 302):
            acked[alert_id] = time.perf_counter()
        else:
            errors.append(f"acknowledge {alert_id}: HTTP {status}")

    ack_tasks: list[asyncio.Task[None]] = []

    async def moderator_listens() -> None:
        async for raw in mod_ws:
            frame = json.loads(raw)
            alert = frame.get("alert") if frame.get("type") == "safety.alert" else None
            if alert and alert.get("change") == "raised" and alert["id"] not in alert_frames:
                alert_frames[alert["id"]] = time.perf_counter()
                ack_tasks.append(asyncio.create_task(handle_alert(alert["id"])))

    listener = asyncio.create_task(moderator_listens())

    sockets: list[Any] = []

    async def member(m: dict[str, Any], port: int, delay: float, text: str) -> None:
        cookie = {"Cookie": f"sessionid={m['session']}", "Origin": f"http://127.0.0.1:{port}"}
        me = await connect(f"ws://127.0.0.1:{port}/ws/me/?lang=en", additional_headers=cookie)
        room = await connect(
            f"ws://127.0.0.1:{port}/ws/rooms/{m['slug']}/", additional_headers=cookie
        )
        sockets.extend([me, room])
        while json.loads(await room.recv()).get("type") != "synced":
            pass
        await asyncio.sleep(delay)
        client_id = secrets.token_hex(8)
        sent[m["pk"]] = time.perf_counter()
        await room.send(json.dumps({"type": "send", "client_id": client_id, "text": text}))
        async for raw in room:
            frame = json.loads(raw)
            if frame.get("type") == "ack" and frame.get("client_id") == client_id:
                if frame.get("notice"):
                    noticed[m["pk"]] = time.perf_counter()
                else:
                    errors.append(f"{m['handle']}: no crisis notice in the ack")
                return
            if frame.get("type") == "error" and frame.get("client_id") == client_id:
                errors.append(f"{m['handle']}: {frame.get('code')} {frame.get('message')}")
                return

    rng = random.Random(11)
    members = world["members"]
    await asyncio.gather(
        *(
            member(m, ports[i % len(ports)], rng.uniform(0, window), rng.choice(CRISIS_MESSAGES))
            for i, m in enumerate(members)
        )
    )
    deadline = time.monotonic() + drain
    while time.monotonic() < deadline and (
        len(alert_frames) < len(members) or len(acked) < len(alert_frames)
    ):
        await asyncio.sleep(0.2)
    await asyncio.gather(*ack_tasks, return_exceptions=True)
    listener.cancel()
    await mod_ws.close()
    for ws in sockets:
        await ws.close()
    return {
        "sent": sent,
        "noticed": noticed,
        "alert_frames": alert_frames,
        "listed": listed,
        "acked": acked,
        "errors": errors,
    }


def alert_members(alert_ids: list[int]) -> dict[int, int]:
    """alert id -> the member it is about (read after the run, so frames carry nothing extra)."""
    from alongside.safety.models import CrisisAlert

    return dict(CrisisAlert.objects.filter(pk__in=alert_ids).values_list("pk", "member_id"))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=40)
    parser.add_argument(
        "--window", type=float, default=60.0, help="seconds over which members post"
    )
    parser.add_argument(
        "--drain", type=float, default=20.0, help="seconds to wait for the last alerts"
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "DRILL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/alongside_crisis_drill"
        ),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/6")
    )
    parser.add_argument(
        "--web", type=int, default=2, help="web processes in production mode (embedded: 1)"
    )
    parser.add_argument(
        "--embedded", action="store_true", help="SQLite and no Redis even if both answer"
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directory (server logs)")
    args = parser.parse_args()

    from cryptography.fernet import Fernet

    data_dir = Path(tempfile.mkdtemp(prefix="alongside-drill-"))
    env = {
        "ALONGSIDE_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_hex(32),
        "ALONGSIDE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALONGSIDE_EMAIL_DIR": str(data_dir / "mail"),  # alert e-mails still go out, to files
    }
    for key in ("DATABASE_URL", "REDIS_URL", "ALONGSIDE_TASK_QUEUE", "ALONGSIDE_TASK_REDIS_URL"):
        os.environ.pop(key, None)
    production = not args.embedded and postgres_answers(args.postgres) and redis_answers(args.redis)
    if production:
        env.update(DATABASE_URL=args.postgres, REDIS_URL=args.redis)
        fresh_postgres(args.postgres)
        mode = (
            f"production: alongside serve ({args.web} web processes; members on all, the moderator "
            "on the last) + alongside worker, PostgreSQL + Redis"
        )
    else:
        why = "--embedded" if args.embedded else "PostgreSQL or Redis not answering"
        mode = f"embedded: alongside serve (1 process), SQLite, in-process tasks ({why})"
    log(f"mode: {mode}")
    procs: list[subprocess.Popen[bytes]] = []
    alongside = str(Path(sys.executable).with_name("alongside"))
    try:
        t0 = time.perf_counter()
        world = prepare(args.members, env)
        log(
            f"{args.members} members (groups of {PER_GROUP}, a facilitator each) and an on-call moderator "
            f"set up in {time.perf_counter() - t0:.1f}s"
        )
        ports = [free_port() for _ in range(args.web if production else 1)]
        for i, port in enumerate(ports):
            procs.append(
                start(
                    [alongside, "serve", "--host", "127.0.0.1", "--port", str(port)],
                    port,
                    env,
                    data_dir / f"server-{i}.log",
                )
            )
        if production:
            procs.append(start([alongside, "worker"], None, env, data_dir / "worker.log"))
        log(f"posting {args.members} crisis messages at random moments over {args.window:.0f}s ...")
        result = asyncio.run(run_drill(world, ports, args.window, args.drain))
        members_of = alert_members(list(result["alert_frames"]))
    finally:
        stop(procs)
        if production:
            drop_postgres(args.postgres)
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            log(f"logs kept in {data_dir}")

    sent = result["sent"]
    notice_ms = [(result["noticed"][pk] - sent[pk]) * 1000 for pk in result["noticed"]]

    def since_post(times: dict[int, float]) -> list[float]:
        return [
            (t - sent[members_of[a]]) * 1000 for a, t in times.items() if members_of.get(a) in sent
        ]

    alert_ms, listed_ms, acked_ms = (
        since_post(result[k]) for k in ("alert_frames", "listed", "acked")
    )
    posts = len(sent)

    def line(name: str, values: list[float], target: float | None = None) -> None:
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        fig = (
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            if p50 is not None and p95 is not None
            else "none arrived"
        )
        verdict = (
            ""
            if target is None or p95 is None
            else (" (target met)" if p95 < target else f" (target {target:.0f} ms NOT met)")
        )
        log(f"  {name:<44} {len(values):>3}/{posts}  {fig}{verdict}")

    log(f"results ({posts} posts):")
    line("post -> author's notice on their socket", notice_ms, NOTICE_TARGET_MS)
    line("post -> alert on the moderator's connection", alert_ms, ALERT_TARGET_MS)
    line("post -> alert listed on the dashboard", listed_ms)
    line("post -> acknowledged", acked_ms)
    for err in result["errors"][:10]:
        log(f"  error: {err}")

    def r(v: float | None) -> float | None:
        return None if v is None else round(v, 1)

    print(
        json.dumps(
            {
                "notice_p50_ms": r(percentile(notice_ms, 0.5)),
                "notice_p95_ms": r(percentile(notice_ms, 0.95)),
                "alert_on_dashboard_p50_ms": r(percentile(alert_ms, 0.5)),
                "alert_on_dashboard_p95_ms": r(percentile(alert_ms, 0.95)),
                "acknowledged_p50_ms": r(percentile(acked_ms, 0.5)),
                "posts": posts,
            }
        ),
        flush=True,
    )
    return 0 if len(notice_ms) == posts and len(alert_ms) == posts else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
