#!/usr/bin/env bash
# The embedded default: SQLite, a Celery worker (with beat) on the filesystem
# broker under var/celery/, demo data, and the web app on http://127.0.0.1:$PORT.
# Ctrl-C stops both. Safe to run again.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

bash scripts/setup-system.sh run
bash scripts/setup-app.sh

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-ccpl.settings.local}"
export PYTHONUNBUFFERED=1
var_dir="${CCPL_VAR_DIR:-$ROOT_DIR/var}"
mkdir -p "$var_dir/log" "$var_dir/run"

say "Migrating the database ($DJANGO_SETTINGS_MODULE)"
"$PY" manage.py migrate --noinput
say "Loading demo data (idempotent)"
"$PY" manage.py load_demo

if port_in_use "$PORT"; then
  die "port $PORT on 127.0.0.1 is taken; run with another port, e.g. make run PORT=8001"
fi

# A worker left behind by an earlier run that was killed hard.
pidfile="$var_dir/run/celery-worker.pid"
if [ -f "$pidfile" ]; then
  old_pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [ -n "$old_pid" ] && kill -0 "$old_pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$old_pid/cmdline" 2>/dev/null | grep -q 'celery'; then
    say "Stopping a Celery worker left from an earlier run (pid $old_pid)"
    kill -TERM "$old_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$old_pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
fi

worker_pid=""
stop_worker() {
  trap - EXIT INT TERM
  if [ -n "$worker_pid" ] && kill -0 "$worker_pid" 2>/dev/null; then
    say "Stopping the Celery worker (pid $worker_pid)"
    kill -TERM "$worker_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$worker_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$worker_pid" 2>/dev/null || true
    wait "$worker_pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}
trap 'rc=$?; stop_worker; exit $rc' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

worker_log="$var_dir/log/celery-worker.log"
say "Starting a Celery worker with embedded beat (log: $worker_log)"
"$VENV/bin/celery" -A ccpl worker -B --loglevel=INFO --concurrency=1 \
  --pidfile="$pidfile" --schedule="$var_dir/celerybeat-schedule" >>"$worker_log" 2>&1 &
worker_pid=$!

say "Starting the web app on http://$HOST:$PORT/ (Ctrl-C stops it and the worker)"
say "Demo accounts: staff, exec, leader, panel, board, admin; password: demo-password"
"$PY" manage.py runserver "$HOST:$PORT"
