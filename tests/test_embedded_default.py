"""The embedded default (`make run`): SQLite in WAL mode, demo data, and a Celery
worker on kombu's filesystem broker — each run for real in subprocesses, in a
temp dir, with the settings `make run` uses."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_USERNAMES = {"staff", "exec", "leader", "panel", "admin"}
# Variables that `make test` exports for PostgreSQL, Redis and clamd; the embedded default must not
# see them.
INHERITED = (
    "DATABASE_URL",
    "CLAMD_URL",
    "CACHE_URL",
    "CELERY_BROKER_URL",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
)


def embedded_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in INHERITED}
    env |= {
        "DJANGO_SETTINGS_MODULE": "ccpl.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CCPL_VAR_DIR": str(tmp_path),
        "CELERY_BROKER_URL": "filesystem://",
        "PYTHONUNBUFFERED": "1",
    }
    return env


def manage(tmp_path: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=embedded_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} exited {result.returncode}\n"
        f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
    )
    return result


def demo_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'django_%'"
                # simple-history's audit tables record every save, even an unchanged one.
                " AND name NOT LIKE '%\\_historical%' ESCAPE '\\'"
            )
        ]
        return {
            table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def test_migrate_and_load_demo_twice_on_sqlite_in_wal_mode(tmp_path):
    db = tmp_path / "db.sqlite3"
    manage(tmp_path, "migrate", "--noinput")
    assert db.exists(), "migrate did not create the SQLite database at DATABASE_URL"

    manage(tmp_path, "load_demo")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        usernames = {row[0] for row in conn.execute("SELECT username FROM auth_user")}
        people = conn.execute("SELECT COUNT(*) FROM ccpl_person").fetchone()[0]
    assert usernames >= DEMO_USERNAMES, f"demo accounts missing: {DEMO_USERNAMES - usernames}"
    assert people > 50, f"only {people} people in the demo ICB"
    first = demo_counts(db)

    manage(tmp_path, "migrate", "--noinput")
    manage(tmp_path, "load_demo")
    second = demo_counts(db)
    # ccpl_datachange records writes (ccpl.pagecache), not data: a re-run's saves add rows to it.
    changed = {
        t: (first[t], second.get(t))
        for t in first
        if first[t] != second.get(t) and t != "ccpl_datachange"
    }
    assert not changed, f"a second load_demo changed row counts (table: before, after): {changed}"


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def test_celery_worker_runs_a_task_from_the_filesystem_broker(tmp_path):
    env = embedded_env(tmp_path)
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ccpl",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # Send from a separate process with the same settings, as the web app would.
        sent = subprocess.run(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "ccpl",
                "call",
                "celery.accumulate",
                "--args=[1, 2]",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert sent.returncode == 0, f"celery call failed:\n{sent.stdout}\n{sent.stderr}"
        task_id = sent.stdout.strip().splitlines()[-1]
        assert re.fullmatch(r"[0-9a-f-]{36}", task_id), (
            f"no task id from celery call: {sent.stdout!r}"
        )

        done = re.compile(rf"Task celery\.accumulate\[{task_id}\] succeeded in [\d.]+s: \(1, 2\)")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if done.search(log_path.read_text()):
                break
            assert worker.poll() is None, f"worker exited early:\n{log_path.read_text()[-4000:]}"
            time.sleep(0.5)
        else:
            pytest.fail(f"the worker did not run the task in 90 s:\n{log_path.read_text()[-4000:]}")
    finally:
        stop(worker)
