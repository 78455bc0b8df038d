"""A multi-host Alongside on one Linux machine, without containers: `python deploy/testbed.py`.

The same topology as deploy/compose.yaml, built from Linux network namespaces (root needed):

    client 10.77.0.2 ──┐
    proxy  10.77.0.3 ──┤  HAProxy :80 → web1, web2 (round robin, TCP health checks every second)
    web1   10.77.0.11 ─┤  `alongside serve --host 0.0.0.0 --port 8000`
    web2   10.77.0.12 ─┼─ a bridge in its own namespace (the "switch")
    worker 10.77.0.20 ─┤  `alongside worker`
    db     10.77.0.30 ─┤  its own PostgreSQL (initdb in a temporary directory, run as `postgres`)
    redis  10.77.0.31 ─┘  its own Redis (append-only file, as in compose)

Every host is a namespace with one veth into the switch namespace; nothing is attached to the
machine's own network, so the bed never reaches (or is reached from) the machine's shared
PostgreSQL and Redis, and all its traffic stays inside namespaces it creates. `down()` stops
every process and removes every namespace and file it made (also after a crash: `Testbed` is a
context manager, and names carry a per-run prefix so two beds never collide).

Faults for bench/chaos.py: `kill_web(n)` (kill -9, then restarted as systemd/compose would),
`restart_redis()`, `restart_postgres()`, `cut(host)` / `restore(host)` (the host's veth goes down
at the switch: its packets go nowhere, its sockets stay open).

Run on its own, it builds the bed, prints the proxy's address, waits for Enter, and removes it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUBNET = "10.77.0"
PORT_WEB = 8000
PORT_PG = 5432
PORT_REDIS = 6379

HOSTS = {  # host -> address on the bed's network
    "client": f"{SUBNET}.2",
    "proxy": f"{SUBNET}.3",
    "web1": f"{SUBNET}.11",
    "web2": f"{SUBNET}.12",
    "worker": f"{SUBNET}.20",
    "db": f"{SUBNET}.30",
    "redis": f"{SUBNET}.31",
}

# What the application services run: the command after `alongside` and the environment variables
# they are given. deploy/compose.yaml and deploy/systemd run the same (tests/deploy checks it).
APP_ENV = [
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALONGSIDE_ENCRYPTION_KEY",
    "ALLOWED_HOSTS",
    "ALONGSIDE_SITE_URL",
    "ALONGSIDE_HTTPS",
    "ALONGSIDE_DATA_DIR",
    "ALONGSIDE_DB_POOL_MAX",
    "EMAIL_URL",
]
APP_SERVICES: dict[str, list[str]] = {
    "migrate": ["alongside", "manage", "migrate", "--noinput"],
    "web1": ["alongside", "serve", "--host", "0.0.0.0", "--port", str(PORT_WEB)],
    "web2": ["alongside", "serve", "--host", "0.0.0.0", "--port", str(PORT_WEB)],
    "worker": ["alongside", "worker"],
}
INFRA_SERVICES = ["postgres", "redis", "proxy"]

CLONE_NEWNET = 0x40000000


def run(*cmd: str, check: bool = True, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(cmd, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def available() -> str | None:
    """None when a bed can be built here, else why not."""
    if os.geteuid() != 0:
        return "the test bed needs root (network namespaces)"
    for tool in ("ip", "haproxy", "redis-server"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if _pg_bin("postgres") is None:
        return "the PostgreSQL server binaries (postgres, initdb) are not installed"
    probe = f"atbprobe{os.getpid() % 10000}"
    if run("ip", "netns", "add", probe, check=False).returncode != 0:
        return "`ip netns add` does not work here"
    run("ip", "netns", "del", probe, check=False)
    return None


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def enter(namespace: str) -> None:
    """Move this thread (and the threads and processes it starts later) into a namespace."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/var/run/netns/{namespace}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns failed")
    finally:
        os.close(fd)


def app_environment(proxy_url: str) -> dict[str, str]:
    """The environment the bed gives its application services (one per host adds its data dir)."""
    from cryptography.fernet import Fernet

    return {
        "DATABASE_URL": f"postgres://alongside@{HOSTS['db']}:{PORT_PG}/alongside",
        "REDIS_URL": f"redis://{HOSTS['redis']}:{PORT_REDIS}/0",
        "SECRET_KEY": secrets.token_hex(32),
        "ALONGSIDE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": f"{HOSTS['proxy']},localhost",
        "ALONGSIDE_SITE_URL": proxy_url,
        "ALONGSIDE_HTTPS": "false",  # compose: Caddy terminates TLS; the bed speaks plain HTTP
        "ALONGSIDE_DATA_DIR": "",  # per host: Testbed.app_env
        "ALONGSIDE_DB_POOL_MAX": "10",
        "EMAIL_URL": "consolemail://",
    }


@dataclass
class Testbed:
    web_hosts: int = 2
    extra_env: dict[str, str] = field(default_factory=dict)
    worker: bool = True
    prefix: str = field(default_factory=lambda: f"a{secrets.token_hex(2)}")
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    keep_logs: bool = field(
        default_factory=lambda: bool(os.environ.get("ALONGSIDE_TESTBED_KEEP_LOGS"))
    )

    def __post_init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix=f"alongside-testbed-{self.prefix}-"))
        self.dir.chmod(0o755)
        self.namespaces: list[str] = []
        self.venv_bin = Path(sys.executable).parent

        self.proxy_url = f"http://{HOSTS['proxy']}"
        self.env = app_environment(self.proxy_url)

    # -- names -------------------------------------------------------------------------------

    def ns(self, host: str) -> str:
        return f"{self.prefix}-{host}"

    def veth(self, host: str) -> str:  # the switch's end of the host's cable (<= 15 characters)
        return f"{self.prefix}s{host[:6]}"

    @property
    def switch(self) -> str:
        return f"{self.prefix}-switch"

    def web_names(self) -> list[str]:
        return [f"web{i + 1}" for i in range(self.web_hosts)]

    # -- building ----------------------------------------------------------------------------

    def __enter__(self) -> Testbed:
        try:
            self.up()
        except BaseException:
            self.down()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.down(keep=self.keep_logs)

    def up(self) -> None:
        self.network()
        self.start_postgres()
        self.create_database()
        self.start_redis()
        self.app("migrate", wait=True)
        for name in self.web_names():
            self.start_web(name)
        if self.worker:
            self.app("worker")
        self.start_proxy()

    def network(self) -> None:
        run("ip", "netns", "add", self.switch)
        self.namespaces.append(self.switch)
        run("ip", "-n", self.switch, "link", "add", "br0", "type", "bridge")
        run("ip", "-n", self.switch, "link", "set", "br0", "up")
        run("ip", "-n", self.switch, "link", "set", "lo", "up")
        hosts = ["client", "proxy", *self.web_names(), "worker", "db", "redis"]
        for host in hosts:
            ns = self.ns(host)
            run("ip", "netns", "add", ns)
            self.namespaces.append(ns)
            run(
                "ip",
                "link",
                "add",
                "eth0",
                "netns",
                ns,
                "type",
                "veth",
                "peer",
                "name",
                self.veth(host),
                "netns",
                self.switch,
            )
            run("ip", "-n", self.switch, "link", "set", self.veth(host), "master", "br0", "up")
            run("ip", "-n", ns, "addr", "add", f"{HOSTS[host]}/24", "dev", "eth0")
            run("ip", "-n", ns, "link", "set", "eth0", "up")
            run("ip", "-n", ns, "link", "set", "lo", "up")

    def spawn(
        self,
        key: str,
        host: str,
        cmd: list[str],
        env: dict[str, str] | None = None,
        user: str | None = None,
    ) -> subprocess.Popen[bytes]:
        full = ["ip", "netns", "exec", self.ns(host)]
        if user:
            full += ["runuser", "-u", user, "--"]
        log = (self.dir / f"{key}.log").open("ab")
        proc = subprocess.Popen(
            full + cmd,
            env=env or dict(os.environ),
            stdout=log,
            stderr=log,
            start_new_session=True,
            cwd=self.dir,
        )
        log.close()
        self.procs[key] = proc
        return proc

    def log_tail(self, key: str, lines: int = 20) -> str:
        path = self.dir / f"{key}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def start_postgres(self) -> None:
        data = self.dir / "pgdata"
        if not data.exists():
            data.mkdir(mode=0o700)
            shutil.chown(data, "postgres", "postgres")
            initdb = _pg_bin("initdb")
            assert initdb
            run(
                "runuser",
                "-u",
                "postgres",
                "--",
                initdb,
                "-D",
                str(data),
                "-U",
                "alongside",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            )
            with (data / "pg_hba.conf").open("a") as hba:
                hba.write(
                    f"host all all {SUBNET}.0/24 trust\n"
                )  # only the bed's own namespaces reach it
        postgres = _pg_bin("postgres")
        assert postgres
        self.spawn(
            "postgres",
            "db",
            [
                postgres,
                "-D",
                str(data),
                "-c",
                f"listen_addresses={HOSTS['db']}",
                "-c",
                f"port={PORT_PG}",
                "-c",
                f"unix_socket_directories={data}",
                "-c",
                "max_connections=200",
                "-c",
                "fsync=on",
            ],
            user="postgres",
        )
        self.wait_tcp("db", PORT_PG, "postgres")

    def create_database(self) -> None:
        createdb = _pg_bin("createdb")
        assert createdb
        run(
            "ip",
            "netns",
            "exec",
            self.ns("db"),
            "runuser",
            "-u",
            "postgres",
            "--",
            createdb,
            "-h",
            HOSTS["db"],
            "-p",
            str(PORT_PG),
            "-U",
            "alongside",
            "alongside",
        )

    def stop_postgres(self) -> None:
        self.stop("postgres", signal.SIGINT)  # PostgreSQL's "fast" shutdown

    def restart_postgres(self) -> None:
        self.stop_postgres()
        self.start_postgres()

    def start_redis(self) -> None:
        data = self.dir / "redis"
        data.mkdir(exist_ok=True)
        self.spawn(
            "redis",
            "redis",
            [
                "redis-server",
                "--bind",
                HOSTS["redis"],
                "--port",
                str(PORT_REDIS),
                "--protected-mode",
                "no",
                "--appendonly",
                "yes",
                "--save",
                "",
                "--dir",
                str(data),
            ],
        )
        self.wait_tcp("redis", PORT_REDIS, "redis")

    def restart_redis(self) -> None:
        self.stop("redis", signal.SIGTERM)
        self.start_redis()

    def app_env(self, host: str) -> dict[str, str]:
        data = self.dir / host
        data.mkdir(exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}
        env.update(self.env)
        env["ALONGSIDE_DATA_DIR"] = str(data)
        env.update(self.extra_env)
        return env

    def app(self, service: str, wait: bool = False) -> subprocess.Popen[bytes]:
        cmd = APP_SERVICES[service]
        host = "worker" if service in ("migrate", "worker") else service
        proc = self.spawn(
            service, host, [str(self.venv_bin / cmd[0]), *cmd[1:]], self.app_env(host)
        )
        if wait and proc.wait(timeout=300) != 0:
            raise RuntimeError(f"{service} failed:\n{self.log_tail(service)}")
        return proc

    def start_web(self, name: str) -> None:
        self.app(name)
        self.wait_http(name)

    def kill_web(self, name: str) -> None:
        """kill -9 the web host's server process."""
        proc = self.procs[name]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    def start_proxy(self) -> None:
        cfg = self.dir / "haproxy.cfg"
        servers = "\n".join(
            f"    server {name} {HOSTS[name]}:{PORT_WEB} check" for name in self.web_names()
        )
        cfg.write_text(HAPROXY_CFG.format(bind=HOSTS["proxy"], servers=servers, state=self.dir))
        self.spawn("proxy", "proxy", ["haproxy", "-W", "-db", "-f", str(cfg)])
        self.wait_tcp("proxy", 80, "proxy")

    def cut(self, host: str) -> None:
        run("ip", "-n", self.switch, "link", "set", self.veth(host), "down")

    def restore(self, host: str) -> None:
        run("ip", "-n", self.switch, "link", "set", self.veth(host), "up")

    # -- waiting -----------------------------------------------------------------------------

    def wait_tcp(self, host: str, port: int, key: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        probe = (
            f"import socket,sys\ntry:\n socket.create_connection(('{HOSTS[host]}',{port}),1).close()\n"
            "except OSError: sys.exit(1)"
        )
        while time.monotonic() < deadline:
            proc = self.procs.get(key)
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{key} exited:\n{self.log_tail(key)}")
            if (
                run(
                    "ip",
                    "netns",
                    "exec",
                    self.ns("client"),
                    sys.executable,
                    "-c",
                    probe,
                    check=False,
                ).returncode
                == 0
            ):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{key} did not start:\n{self.log_tail(key)}")

    def wait_http(self, name: str, timeout: float = 120) -> None:
        """The web host answers HTTP (any status: /healthz says 503 until the worker's first heartbeat)."""
        probe = (
            "import sys, urllib.request, urllib.error\ntry:\n"
            f" urllib.request.urlopen(urllib.request.Request('http://{HOSTS[name]}:{PORT_WEB}/healthz', "
            f"headers={{'Host': '{HOSTS['proxy']}'}}), timeout=2)\n"
            "except urllib.error.HTTPError: pass\nexcept OSError: sys.exit(1)"
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.procs[name].poll() is not None:
                raise RuntimeError(f"{name} exited:\n{self.log_tail(name)}")
            if (
                run(
                    "ip",
                    "netns",
                    "exec",
                    self.ns("client"),
                    sys.executable,
                    "-c",
                    probe,
                    check=False,
                ).returncode
                == 0
            ):
                return
            time.sleep(0.3)
        raise RuntimeError(f"{name} did not start:\n{self.log_tail(name)}")

    # -- removing ----------------------------------------------------------------------------

    def stop(self, key: str, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        proc = self.procs.pop(key, None)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def down(self, keep: bool = False) -> None:
        for key in [k for k in self.procs if k not in ("postgres", "redis")]:
            self.stop(key, timeout=10)
        self.stop("redis", timeout=10)
        self.stop("postgres", signal.SIGINT, timeout=20)
        for ns in reversed(self.namespaces):
            # Any process still inside (it should not be) goes with its namespace.
            pids = subprocess.run(
                ["ip", "netns", "pids", ns], capture_output=True, text=True
            ).stdout.split()
            for pid in pids:
                if pid == str(os.getpid()):
                    continue  # this process itself (bench/chaos.py lives on the client host)
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid), signal.SIGKILL)
            run("ip", "netns", "del", ns, check=False)
        self.namespaces.clear()
        if keep:  # the logs only (ALONGSIDE_TESTBED_KEEP_LOGS=1)
            shutil.rmtree(self.dir / "pgdata", ignore_errors=True)
            shutil.rmtree(self.dir / "redis", ignore_errors=True)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


HAPROXY_CFG = """\
global
    maxconn 8000
    log stderr format short local0 warning

defaults
    mode http
    log global
    option redispatch
    retries 3
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    timeout http-request 10s

frontend alongside
    bind {bind}:80
    default_backend web

backend web
    balance leastconn
    # TCP checks (is the process there?), not /healthz (it reports the shared database, Redis
    # and worker, so it would take every host out at once). A web host that stops answering is
    # taken out within ~2 s and its open sockets are closed,
    # so clients reconnect (and resume by sequence number) on the other host.
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
{servers}
"""


def main() -> int:
    problem = available()
    if problem:
        print(f"cannot build the test bed: {problem}", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: the bed still removes itself
    with Testbed() as bed:
        print(
            f"test bed {bed.prefix} is up; proxy at {bed.proxy_url} "
            f"(reach it with: ip netns exec {bed.ns('client')} curl {bed.proxy_url}/healthz)"
        )
        print(f"logs in {bed.dir}; press Enter to remove it")
        with contextlib.suppress(EOFError, KeyboardInterrupt):
            input()
    return 0


if __name__ == "__main__":
    sys.exit(main())
