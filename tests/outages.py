"""Real services that outage tests start, stop and restart themselves: a Redis broker, an
SMTP relay (``scripts/smtp_sink.py``), a PostgreSQL 15 cluster and a Celery worker, each
in its own process on a free port under a temp directory, never the test run's shared ones
(other tests use those). Stopped by the fixtures that start them."""

from __future__ import annotations

import mailbox
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(check, *, timeout: float = 20, every: float = 0.05, what: str = "it"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"Gave up waiting for {what} after {timeout}s")


def stop_process(process: subprocess.Popen | None, sig=signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


class Redis:
    """A throwaway redis-server (a broker that tests may stop and start again)."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: listening(self.port), what="Redis")
        return self

    def stop(self) -> None:
        stop_process(self.process)
        wait_for(lambda: not listening(self.port), what="Redis to stop")


class SmtpRelay:
    """A real SMTP server (aiosmtpd) storing what it accepts in a Maildir."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.maildir = workdir / "mail"
        self.process = None

    def start(self) -> SmtpRelay:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "smtp_sink.py"), "--port", str(self.port),
             "--maildir", str(self.maildir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: listening(self.port), what="the SMTP relay")
        return self

    def stop(self) -> None:
        stop_process(self.process)
        wait_for(lambda: not listening(self.port), what="the SMTP relay to stop")

    def messages(self) -> list:
        """Every message the relay accepted, as delivered."""
        return delivered(self.maildir)


def delivered(maildir: Path | str) -> list:
    if not Path(maildir, "new").exists():
        return []
    return list(mailbox.Maildir(str(maildir), create=False))


@contextmanager
def broker(url: str):
    """Point the Celery app (which publishes the outbox) at ``url`` for the block."""
    from ccpl.celery import app

    previous = app.conf.broker_write_url, app.conf.task_always_eager

    def reset(to):
        # broker_write_url: the test command's CELERY_BROKER_URL outranks broker_url.
        app.conf.broker_write_url = to
        app._pool = None
        app.amqp._producer_pool = None

    reset(url)
    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        reset(previous[0])
        app.conf.task_always_eager = previous[1]


def as_pg(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: as root run it as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return list(command)


class Postgres:
    """A throwaway PostgreSQL 15 cluster that a test may restart under load."""

    def __init__(self):
        self.port = free_port()
        # Not under pytest's tmp_path: its folders are private to root, and the server runs
        # as the postgres user.
        self.dir = Path(tempfile.mkdtemp(prefix="ccpl-outage-pg."))
        self.data = self.dir / "data"

    def _pg_ctl(self, *args: str) -> None:
        subprocess.run(
            as_pg(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"),
                  *args),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def init(self) -> Postgres:
        os.chmod(self.dir, 0o755)
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres", str(self.dir)], check=True)
        subprocess.run(
            as_pg(str(PG_BIN / "initdb"), "-D", str(self.data), "--auth=trust", "-U",
                  "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        return self

    def start(self) -> None:
        self._pg_ctl(
            "-w", "-t", "30", "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off",
            "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._pg_ctl("-m", mode, "-w", "-t", "30", "stop")

    def remove(self) -> None:
        """Stop it (if running) and delete its files."""
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"


def own_process_environ() -> dict:
    """This process's environment for a service of the test's own, without the pytest-xdist
    worker name: with it, the test settings would move the broker and cache to this worker's
    Redis databases (ccpl.settings.redis_per_worker) instead of the addresses the test gives."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}


def celery_worker(env: dict, *, log: Path) -> subprocess.Popen:
    """A real Celery worker (``celery -A ccpl worker --pool=solo``) in its own process."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), "-A", "ccpl", "worker",
             "--pool=solo", "--concurrency=1", "--loglevel=INFO", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            cwd=ROOT,
            env={**own_process_environ(), **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


class RelayCutOffAfter:
    """An e-mail backend (Django's in-memory one) whose relay goes away after ``limit``
    messages, as a real relay might part-way through a batch: set ``limit`` first."""

    limit = 0

    def __new__(cls, *args, **kwargs):
        import smtplib

        from django.core.mail.backends.locmem import EmailBackend

        class Backend(EmailBackend):
            def send_messages(self, messages):
                from django.core import mail

                if len(mail.outbox) >= cls.limit:
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
                return super().send_messages(messages)

        return Backend(*args, **kwargs)
