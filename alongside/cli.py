"""The `alongside` command: demo, serve, worker, manage (and commands other apps register)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django


def _setup(**env: str) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    django.setup()


# The live rooms' writer thread gives the GIL back at every database statement; with Python's
# default 5 ms switch interval a busy event loop made it wait up to 5 ms for the GIL after each
# statement of a write batch (README, Performance). A server process's setting, set here once.
SERVER_SWITCH_INTERVAL = 0.0005


def server_application() -> Any:
    """The ASGI application as `alongside serve` and `alongside demo` run it; uvicorn calls this
    once in each server process (also each of `--workers`)."""
    sys.setswitchinterval(SERVER_SWITCH_INTERVAL)
    from alongside.asgi import application
    from alongside.safety.screening import warm_up

    # Load the screen's models now: otherwise the first message after a start waits for them
    # (0.3-0.8 s on a busy machine), and it may be a cry for help waiting for its crisis notice.
    warm_up()
    return application


def _run_server(host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from alongside.core import periodic

    periodic.start_in_process()  # embedded mode: the periodic jobs run inside the server

    uvicorn.run(
        "alongside.cli:server_application",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level=os.environ.get("LOG_LEVEL", "warning").lower(),
        # Django's LOGGING formats uvicorn's lines too (JSON, with request ids); uvicorn's own
        # access log is off: it would log query strings, and alongside.request logs each request.
        log_config=None,
        access_log=False,
        lifespan="off",
    )


def _demo_secrets(data_dir: Path) -> dict[str, str]:
    """Keys made once per demo data dir, so encrypted demo data stays readable across runs."""
    path = data_dir / "demo-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    from cryptography.fernet import Fernet

    secrets_ = {
        "SECRET_KEY": os.urandom(32).hex(),
        "ALONGSIDE_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }
    path.write_text(json.dumps(secrets_))
    path.chmod(0o600)
    return secrets_


def cmd_demo(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    # Links in the demo's e-mails point at the demo itself.
    os.environ.setdefault("ALONGSIDE_SITE_URL", f"http://127.0.0.1:{args.port}")
    (data_dir / "mail").mkdir(exist_ok=True)
    # Someone trying it out reads the terminal: plain lines, and none for every page fetched.
    os.environ.setdefault("ALONGSIDE_LOG_FORMAT", "text")
    os.environ.setdefault("ALONGSIDE_ACCESS_LOG", "false")
    janus = _start_embedded_janus(data_dir)
    _setup(
        ALONGSIDE_DATA_DIR=str(data_dir),
        ALONGSIDE_DEMO="1",
        ALONGSIDE_EMAIL_DIR=str(data_dir / "mail"),
        ALONGSIDE_HTTP_PROTOCOL="http",
        **_demo_secrets(data_dir),
    )
    from django.core.management import call_command

    from alongside import demo

    call_command("migrate", interactive=False, verbosity=0)
    created = demo.load_demo_data()
    url = f"http://127.0.0.1:{args.port}/"
    print(f"Alongside demo {'created' if created else 'loaded'} in {data_dir}")
    print(f"Open {url}  (groups: {url}groups/)")
    print(f"E-mails (sign-up verification, password reset) are written to {data_dir / 'mail'}")
    print(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
    for role, email, handle in demo.demo_accounts():
        print(f"  {role:<28} {email:<34} handle {handle}")
    print(
        "Two-factor authentication is required for staff in production; the demo leaves it optional."
    )
    sys.stdout.flush()
    if args.no_serve:
        if janus is not None:
            janus.stop()
        return 0
    try:
        _run_server("127.0.0.1", args.port)
    finally:
        if janus is not None:
            janus.stop()
    return 0


def _metrics_dir_for(workers: int) -> None:
    """Several server processes on this host count into one shared directory, so a scrape of
    any of them sums them all (alongside/core/metrics.py). Made fresh for each `serve`."""
    import tempfile

    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if not path and workers > 1:
        path = tempfile.mkdtemp(prefix="alongside-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    if path:
        from alongside.core.metrics_files import prepare

        prepare(path)


def _start_embedded_janus(data_dir: Path) -> Any:
    """Voice and video in the demo: where Janus is installed, start it on loopback (unless
    ALONGSIDE_JANUS_URL points at one already)."""
    if os.environ.get("ALONGSIDE_JANUS_URL"):
        return None
    from alongside.media.janus import JanusError, start_embedded

    try:
        started = start_embedded(data_dir)
    except JanusError as exc:
        print(f"Voice and video are off: {exc}", file=sys.stderr)
        return None
    if started is None:
        print(
            "Voice and video are off: the Janus media server is not installed (apt-get install janus)."
        )
        return None
    janus, env = started
    os.environ.update(env)
    print(f"Voice and video: Janus media server on {env['ALONGSIDE_JANUS_URL']}")
    return janus


def cmd_serve(args: argparse.Namespace) -> int:
    _metrics_dir_for(args.workers)  # before anything imports prometheus_client
    _setup()
    from django.core import checks

    from alongside.checks import production_problems

    problems = production_problems()
    # The system checks' errors too (e.g. the safety second look on without its encoder).
    problems += [f"{e.msg} {e.hint or ''}".strip() for e in checks.run_checks() if e.is_serious()]
    if problems:
        print("Alongside will not start in production mode:", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False)
    _run_server(args.host, args.port, args.workers)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    if args.interval:
        os.environ["ALONGSIDE_PERIODIC_EVERY"] = str(
            args.interval
        )  # also for the scheduler process
    # rq forks a process for each job, and a child must not share its parent's pooled
    # connections (the same sockets): the worker opens a connection per job instead.
    _setup(ALONGSIDE_DB_POOL_MAX="0")
    from django.conf import settings
    from django.core.management import call_command

    from alongside.core import periodic
    from alongside.core.tasks import run_periodic_job

    if settings.TASK_QUEUE != "redis":
        print(
            "The worker needs the Redis queue: set REDIS_URL (or ALONGSIDE_TASK_QUEUE=redis). "
            "Without it, tasks and periodic jobs run inside the web server.",
            file=sys.stderr,
        )
        return 2
    scheduler = None
    if not args.no_scheduler:
        if args.burst:
            for job in periodic.jobs():  # once each, then drain the queue
                run_periodic_job.enqueue(name=job.name)
        else:
            # RQ's cron scheduler (django-rq's rqcron) in its own process: it enqueues each
            # periodic job at its interval (alongside/core/cron.py).
            scheduler = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "alongside",
                    "manage",
                    "rqcron",
                    "alongside.core.cron",
                    "--logging-level",
                    os.environ.get("LOG_LEVEL", "WARNING").upper(),
                ]
            )
    try:
        # worker_ttl: how often an idle worker heartbeats (ttl - 15 s); /healthz reads the heartbeat.
        call_command(
            "rqworker",
            *args.queues,
            job_class="django_tasks_rq.Job",
            burst=args.burst,
            with_scheduler=not args.burst,
            worker_ttl=settings.WORKER_TTL,
        )
    finally:
        if scheduler is not None:
            scheduler.terminate()
            scheduler.wait(timeout=30)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    _setup()
    from alongside.core import backup

    path = Path(args.path) if args.path else Path.cwd() / backup.default_name()
    if path.is_dir():
        path = path / backup.default_name()
    try:
        made = backup.backup(path)
    except backup.BackupError as exc:
        print(f"No backup was made: {exc}", file=sys.stderr)
        return 2
    m = made.manifest
    print(
        f"Backed up the {m['engine']} database to {made.path} ({m['bytes']} bytes), "
        f"described in {backup.manifest_path(made.path).name}."
    )
    print(
        "This file does NOT contain the encryption keys. Without one of the keys below, its journal "
        "entries, questionnaire answers and crisis notes cannot be read by anyone:"
    )
    for fingerprint in m["encryption_key_fingerprints"]:
        print(f"  ALONGSIDE_ENCRYPTION_KEY with fingerprint {fingerprint}")
    if m["encryption_key_is_development_default"]:
        print(
            "  (the development key derived from SECRET_KEY: set ALONGSIDE_ENCRYPTION_KEY for real data)"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    _setup()
    from alongside.core import backup

    try:
        check = backup.restore(Path(args.path), replace=args.replace)
    except backup.BackupError as exc:
        print(f"Nothing was restored: {exc}", file=sys.stderr)
        return 2
    print(f"Restored {args.path}.")
    if not check.ok:
        from django.conf import settings

        needed = backup.needed_fingerprints(Path(args.path))
        print(
            f"The configured ALONGSIDE_ENCRYPTION_KEY reads {check.readable} of {check.checked} kinds of "
            "encrypted values (journal entries, questionnaire answers, crisis and outreach notes): set the "
            "key(s) this backup was made with and run restore again with --replace.",
            file=sys.stderr,
        )
        print(
            "  fingerprints of the keys configured now: "
            + ", ".join(backup.key_fingerprint(k) for k in settings.ENCRYPTION_KEYS),
            file=sys.stderr,
        )
        if needed:
            print(
                "  fingerprints of the keys the backup was made with: " + ", ".join(needed),
                file=sys.stderr,
            )
        return 3
    print(f"The encryption keys read the encrypted values back ({check.checked} kinds checked).")
    print("If this code is newer than the backup, apply its migrations: alongside manage migrate")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alongside manage", *args.rest])
    return 0


# Other apps add commands here: name -> (help, add_arguments, handler).
COMMANDS: dict[
    str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {}


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--data-dir", default=os.environ.get("ALONGSIDE_DATA_DIR", ".alongside-demo"))
    p.add_argument("--no-serve", action="store_true", help="set up the demo and exit")


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=os.environ.get("ALONGSIDE_HOST", "127.0.0.1"))
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    p.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "1")))
    p.add_argument("--migrate", action="store_true", help="apply database migrations first")


def _worker_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "queues", nargs="*", default=["default"], help="queues to work on (default: default)"
    )
    p.add_argument(
        "--burst",
        action="store_true",
        help="run each periodic job once, work until the queue is empty, then exit",
    )
    p.add_argument(
        "--no-scheduler",
        action="store_true",
        help="don't schedule the periodic jobs from this worker (another worker or cron does)",
    )
    p.add_argument(
        "--interval",
        type=float,
        default=None,
        help="run every periodic job this often (seconds) instead of at its own interval",
    )


def _backup_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "path",
        nargs="?",
        default="",
        help="file (or folder) to write; default alongside-<date>-<time>.<pgdump|sqlite3> here",
    )


def _restore_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", help="a file written by `alongside backup`")
    p.add_argument(
        "--replace",
        action="store_true",
        help="overwrite a database that already holds Alongside's tables",
    )


def _manage_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("rest", nargs=argparse.REMAINDER)


COMMANDS["demo"] = ("set up demo data and serve it on 127.0.0.1", _demo_args, cmd_demo)
COMMANDS["serve"] = (
    "serve in production mode (settings from the environment)",
    _serve_args,
    cmd_serve,
)
COMMANDS["worker"] = (
    "run background tasks and periodic jobs from the Redis queue",
    _worker_args,
    cmd_worker,
)
COMMANDS["backup"] = (
    "back up the database (the encryption keys are not in it: README, Backups and keys)",
    _backup_args,
    cmd_backup,
)
COMMANDS["restore"] = (
    "restore a backup into the database DATABASE_URL points at, then check the keys",
    _restore_args,
    cmd_restore,
)
COMMANDS["manage"] = ("run a Django management command", _manage_args, cmd_manage)


def _register_app_commands() -> None:
    # Imported late so `alongside --help` stays fast. Apps never import the CLI: it reads their
    # COMMANDS tables.
    from alongside.safety.cli import COMMANDS as SAFETY_COMMANDS

    COMMANDS.update(SAFETY_COMMANDS)


def main(argv: list[str] | None = None) -> int:
    _register_app_commands()
    parser = argparse.ArgumentParser(
        prog="alongside", description="Alongside peer support platform"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, add_args, handler) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text)
        add_args(p)
        p.set_defaults(handler=handler)
    args = parser.parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
