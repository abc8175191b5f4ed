#!/usr/bin/env bash
# The whole test run against a real PostgreSQL 15, a real Redis, a real SMTP server (aiosmtpd,
# scripts/smtp_sink.py: EMAIL_URL, and SMTP_SINK_DIR where what it accepted is) and a real ClamAV
# clamd (with only the project's test signatures, tests/clamav/), and a real OpenID Connect
# provider shaped like NHSmail's Entra ID (scripts/oidc-test-provider.mjs), all throwaway: started here on free ports under a temp dir, always stopped and
# removed on exit. Exits with the true status (pytest's "no tests" is a failure).
#   PYTEST_ARGS="-x tests/roles" make test   passes arguments to pytest (one process)
#   PYTEST_WORKERS=4 make test                the whole suite on 4 pytest-xdist workers
# Without PYTEST_ARGS the whole suite runs on pytest-xdist workers, one per core (at most 4;
# PYTEST_WORKERS overrides, 0 = one process), each with its own test database and Redis
# databases (ccpl/settings/test.py). See docs/testing.md.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

bash scripts/setup-system.sh test
bash scripts/setup-app.sh

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL 15 binaries not found in $PG_BIN"
command -v redis-server >/dev/null 2>&1 || die "redis-server not found"
CLAMD_BIN="${CLAMD_BIN:-/usr/sbin/clamd}"
[ -x "$CLAMD_BIN" ] || die "clamd not found at $CLAMD_BIN (Debian package clamav-daemon)"

# PostgreSQL refuses to run as root: as root run it as the postgres user,
# otherwise as ourselves. clamd likewise runs as the clamav user.
if [ "$(id -u)" -eq 0 ]; then
  PG_USER=postgres
  as_pg() { runuser -u postgres -- "$@"; }
  CLAM_USER=clamav
  as_clam() { runuser -u clamav -- "$@"; }
else
  PG_USER="$(id -un)"
  as_pg() { "$@"; }
  CLAM_USER="$(id -un)"
  as_clam() { "$@"; }
fi

TMP_PREFIX="${TMPDIR:-/tmp}/ccpl-test."

# TERM a process and wait (bounded) until it is gone, so that nothing it writes
# on the way out lands in a directory we are about to remove.
stop_pid() {
  local pid="$1" i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# Stop services left by an earlier run whose script is gone (e.g. killed with -9).
for old in "$TMP_PREFIX"*; do
  [ -d "$old" ] || continue
  owner="$(cat "$old/owner.pid" 2>/dev/null || true)"
  if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then
    continue  # another test run is still going
  fi
  say "Cleaning up services left by an earlier run in $old"
  if [ -f "$old/pgdata/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$old/pgdata" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
  fi
  if [ -f "$old/redis.pid" ]; then
    stop_pid "$(cat "$old/redis.pid")"
  fi
  if [ -f "$old/clamav/clamd.pid" ]; then
    stop_pid "$(cat "$old/clamav/clamd.pid")"
  fi
  if [ -f "$old/smtp.pid" ]; then
    stop_pid "$(cat "$old/smtp.pid")"
  fi
  if [ -f "$old/oidc.pid" ]; then
    stop_pid "$(cat "$old/oidc.pid")"
  fi
  rm -rf "$old" 2>/dev/null || true
done

tmp="$(mktemp -d "${TMP_PREFIX}XXXXXX")"
echo $$ >"$tmp/owner.pid"
chmod 755 "$tmp"
pg_started=""
redis_started=""
clamd_started=""
oidc_pid=""
smtp_pid=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  if [ -n "$pg_started" ]; then
    say "Stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$tmp/pgdata" -m fast -w -t 30 stop >/dev/null \
      || as_pg "$PG_BIN/pg_ctl" -D "$tmp/pgdata" -m immediate -w -t 30 stop >/dev/null
  fi
  if [ -n "$redis_started" ] && [ -f "$tmp/redis.pid" ]; then
    say "Stopping Redis"
    stop_pid "$(cat "$tmp/redis.pid")"
  fi
  if [ -n "$smtp_pid" ]; then
    say "Stopping the SMTP sink"
    stop_pid "$smtp_pid"
  fi
  if [ -n "$clamd_started" ] && [ -f "$tmp/clamav/clamd.pid" ]; then
    say "Stopping clamd"
    stop_pid "$(cat "$tmp/clamav/clamd.pid")"
  fi
  if [ -n "$oidc_pid" ]; then
    say "Stopping the OpenID Connect test provider"
    stop_pid "$oidc_pid"
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
# A closed output pipe (make test | head) must not kill us before cleanup.
trap '' PIPE
trap 'exit 130' INT
trap 'exit 143' TERM

# --- PostgreSQL -------------------------------------------------------------
chown "$PG_USER" "$tmp"
pg_port="$(free_port "${PG_PORT:-54329}")"
say "Starting PostgreSQL 15 on 127.0.0.1:$pg_port (data in $tmp/pgdata)"
as_pg "$PG_BIN/initdb" -D "$tmp/pgdata" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log" >&2; die "initdb failed"; }
pg_started=1
as_pg "$PG_BIN/pg_ctl" -D "$tmp/pgdata" -l "$tmp/postgres.log" -w -t 60 \
  -o "-p $pg_port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || { cat "$tmp/postgres.log" >&2; die "PostgreSQL did not start"; }
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres ccpl

# --- Redis ------------------------------------------------------------------
redis_port="$(free_port "${REDIS_PORT:-63799}")"
say "Starting Redis on 127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --databases 64 --save '' --appendonly no \
  --daemonize yes --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" --dir "$tmp"
redis_started=1
for _ in $(seq 1 100); do
  [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = "PONG" ] && break
  sleep 0.1
done
[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = "PONG" ] \
  || { cat "$tmp/redis.log" >&2; die "Redis did not start"; }

# --- ClamAV clamd ------------------------------------------------------------
# No signature download is possible here: clamd loads only tests/clamav/ (the EICAR
# test signature), from a directory of its own under $tmp.
clamd_port="$(free_port "${CLAMD_PORT:-3310}")"
say "Starting clamd on 127.0.0.1:$clamd_port (test signatures only)"
mkdir -p "$tmp/clamav/db" "$tmp/clamav/tmp"
cp tests/clamav/*.ndb "$tmp/clamav/db/"
cat >"$tmp/clamav/clamd.conf" <<CONF
TCPSocket $clamd_port
TCPAddr 127.0.0.1
DatabaseDirectory $tmp/clamav/db
PidFile $tmp/clamav/clamd.pid
LogFile $tmp/clamav/clamd.log
TemporaryDirectory $tmp/clamav/tmp
Foreground no
CONF
chown -R "$CLAM_USER" "$tmp/clamav"
as_clam "$CLAMD_BIN" -c "$tmp/clamav/clamd.conf" || { cat "$tmp/clamav/clamd.log" >&2; die "clamd did not start"; }
clamd_started=1
clamd_ping() {
  python3 - "$clamd_port" <<'PY'
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
        s.sendall(b"zPING\0")
        sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
except OSError:
    sys.exit(1)
PY
}
for _ in $(seq 1 100); do clamd_ping && break; sleep 0.1; done
clamd_ping || { cat "$tmp/clamav/clamd.log" >&2; die "clamd did not answer"; }

# --- OpenID Connect provider (NHSmail single sign-on tests) ------------------
# A real provider (npm oidc-provider, scripts/oidc-test-provider.mjs) shaped like Entra ID:
# issuer http://127.0.0.1:<port>/<tenant>/v2.0, ID tokens with tid and oid.
oidc_port="$(free_port "${OIDC_PORT:-3400}")"
export SSO_ENTRA_TENANT_ID="00000000-0000-4000-8000-00000000c0de"
export SSO_ENTRA_CLIENT_ID="ccpl-test-client"
export SSO_ENTRA_CLIENT_SECRET="test-only-not-secret"
export SSO_OIDC_ISSUER="http://127.0.0.1:$oidc_port/$SSO_ENTRA_TENANT_ID/v2.0"
export SSO_TEST_PROVIDER_URL="http://127.0.0.1:$oidc_port"
say "Starting the OpenID Connect test provider at $SSO_OIDC_ISSUER"
node scripts/oidc-test-provider.mjs "$oidc_port" "$SSO_ENTRA_TENANT_ID" "$SSO_ENTRA_CLIENT_ID" \
  "$SSO_ENTRA_CLIENT_SECRET" >"$tmp/oidc.log" 2>&1 &
oidc_pid=$!
echo "$oidc_pid" >"$tmp/oidc.pid"
for _ in $(seq 1 100); do
  curl -fsS "$SSO_OIDC_ISSUER/.well-known/openid-configuration" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$SSO_OIDC_ISSUER/.well-known/openid-configuration" >/dev/null \
  || { cat "$tmp/oidc.log" >&2; die "the OpenID Connect test provider did not start"; }

# --- SMTP (a real mail relay: aiosmtpd, storing what it accepts in a Maildir) -----
smtp_port="$(free_port "${SMTP_PORT:-2525}")"
say "Starting the SMTP sink on 127.0.0.1:$smtp_port (mail in $tmp/mail)"
"$PY" scripts/smtp_sink.py --port "$smtp_port" --maildir "$tmp/mail" --pidfile "$tmp/smtp.pid" \
  >"$tmp/smtp.log" 2>&1 &
smtp_pid=$!
for _ in $(seq 1 100); do port_in_use "$smtp_port" && break; sleep 0.1; done
port_in_use "$smtp_port" || { cat "$tmp/smtp.log" >&2; die "the SMTP sink did not start"; }

export EMAIL_URL="smtp://127.0.0.1:$smtp_port"
export SMTP_SINK_DIR="$tmp/mail"
export CLAMD_URL="tcp://127.0.0.1:$clamd_port"
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/ccpl"
export CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/0"
export CACHE_URL="redis://127.0.0.1:$redis_port/1"
export DJANGO_SETTINGS_MODULE=ccpl.settings.test
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export PYTHONUNBUFFERED=1
say "DATABASE_URL=$DATABASE_URL CELERY_BROKER_URL=$CELERY_BROKER_URL CACHE_URL=$CACHE_URL CLAMD_URL=$CLAMD_URL EMAIL_URL=$EMAIL_URL"

# --- Checks -----------------------------------------------------------------
failed=()
say "ruff check ."
"$VENV/bin/ruff" check . || failed+=("ruff check")

say "ruff format --check ."
"$VENV/bin/ruff" format --check . || failed+=("ruff format")

say "manage.py makemigrations --check --dry-run"
"$PY" manage.py makemigrations --check --dry-run || failed+=("makemigrations --check")

# The apps' layers and no cycles within an app (.importlinter, docs/architecture.md).
say "lint-imports"
"$VENV/bin/lint-imports" || failed+=("lint-imports")

if [ -z "${PYTEST_ARGS:-}" ]; then
  workers="${PYTEST_WORKERS:-}"
  if [ -z "$workers" ]; then
    workers="$(nproc 2>/dev/null || echo 2)"
    if [ "$workers" -gt 4 ]; then workers=4; fi
  fi
  # Whole files per worker, in collection order (the longest first, tests/conftest.py).
  PYTEST_ARGS="-n $workers --dist loadfile --no-loadscope-reorder"
fi
say "pytest ${PYTEST_ARGS:-}"
pytest_rc=0
# shellcheck disable=SC2086
"$VENV/bin/pytest" ${PYTEST_ARGS:-} || pytest_rc=$?
case "$pytest_rc" in
  0) ;;
  5) failed+=("pytest (no tests were collected)") ;;
  *) failed+=("pytest (exit $pytest_rc)") ;;
esac

if [ "${#failed[@]}" -gt 0 ]; then
  warn "FAILED: ${failed[*]}"
  [ "$pytest_rc" -ne 0 ] && exit "$pytest_rc"
  exit 1
fi
say "All checks passed"
