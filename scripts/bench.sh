#!/usr/bin/env bash
# make bench: the benchmark of docs/benchmarks.md, rerunnable from a fresh clone.
# Starts its own throwaway PostgreSQL 15 and Redis (as scripts/test.sh does), generates scale 1
# and scale 10 (manage.py generate_scale) into two databases, and for each: SQL queries per page
# (Django's test client); requests/s and p95 latency of every page and of the bare view
# (/bench/bare/, only with CCPL_BENCH on) with wrk, 20 connections, against gunicorn (production
# settings, 2 sync workers); at scale 10 also survey submissions/s (50 concurrent respondents,
# 60 s), the annual report and diversity analysis (time, peak memory), and the survey CSV import
# of 20,000 rows and the action-plan import. Writes docs/benchmarks.md (scripts/bench/report.py).
#   BENCH_SCALES="1"  BENCH_SECONDS=10  make bench     a quicker run
#   BENCH_BEFORE=<git ref>   also load every page from that commit's code (its own gunicorn,
#                            same data, the page cache off): the "before" column
# Generated data is kept as a pg_dump in .bench-data/ (BENCH_DATA_DIR), named by a hash of the
# generator and the migrations, so a rerun restores it in seconds instead of regenerating;
# BENCH_REGENERATE=1 ignores it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

# Before anything of ours runs: did other work share the cores? (docs/benchmarks.md says so.)
start_load="$(cut -d' ' -f1 /proc/loadavg)"
bash scripts/setup-system.sh bench
bash scripts/setup-app.sh

SCALES="${BENCH_SCALES:-1 10}"
SECONDS_PER_PAGE="${BENCH_SECONDS:-15}"
SUBMIT_SECONDS="${BENCH_SUBMIT_SECONDS:-60}"
DATA_DIR="${BENCH_DATA_DIR:-$ROOT_DIR/.bench-data}"
BEFORE="${BENCH_BEFORE:-}"
mkdir -p "$DATA_DIR"
data_hash="$(cat demo/scale.py demo/management/commands/generate_scale.py */migrations/*.py 2>/dev/null | sha256sum | cut -c1-16)"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ "$(id -u)" -eq 0 ]; then
  PG_USER=postgres
  as_pg() { runuser -u postgres -- "$@"; }
else
  PG_USER="$(id -un)"
  as_pg() { "$@"; }
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/ccpl-bench.XXXXXX")"
chmod 755 "$tmp"
results="$tmp/results"
mkdir -p "$results"
printf '{"load1": %s}\n' "$start_load" >"$results/load-start.json"
gunicorn_pid=""
pg_started=""
cleanup() {
  local rc=$?
  set +e
  [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null
  [ -n "$pg_started" ] && as_pg "$PG_BIN/pg_ctl" -D "$tmp/pgdata" -m fast -w -t 30 stop >/dev/null
  if [ -f "$tmp/redis.pid" ]; then
    local redis_pid
    redis_pid="$(cat "$tmp/redis.pid")"
    kill "$redis_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

chown "$PG_USER" "$tmp"
pg_port="$(free_port "${PG_PORT:-54339}")"
say "Starting PostgreSQL 15 on 127.0.0.1:$pg_port"
as_pg "$PG_BIN/initdb" -D "$tmp/pgdata" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
pg_started=1
as_pg "$PG_BIN/pg_ctl" -D "$tmp/pgdata" -l "$tmp/postgres.log" -w -t 60 \
  -o "-p $pg_port -k $tmp -c listen_addresses=127.0.0.1" start >/dev/null
redis_port="$(free_port "${REDIS_PORT:-63809}")"
say "Starting Redis on 127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$tmp/redis.pid" --logfile "$tmp/redis.log" --dir "$tmp"

web_port="$(free_port "${BENCH_WEB_PORT:-8611}")"
export SECRET_KEY="bench-only-not-secret-bench-only-not-secret-bench-only-0123456789"
export EQUALITY_LINK_KEY="bench-only-equality-link-key-bench-only-equality-link-key-0123456789"
export ALLOWED_HOSTS="127.0.0.1"
export CELERY_BROKER_URL="redis://127.0.0.1:$redis_port/0"
export CACHE_URL="redis://127.0.0.1:$redis_port/1"
export CCPL_VAR_DIR="$tmp/var"
export CCPL_BENCH=1
export UPLOAD_SCAN_REQUIRED=false
# As deployed (production settings and Compose): each worker keeps its connection; the
# before code runs with the same setting, so the columns compare code, not configuration.
export CONN_MAX_AGE=60
export PYTHONUNBUFFERED=1
HOST="127.0.0.1:$web_port"

before_dir=""
if [ -n "$BEFORE" ]; then
  before_dir="$tmp/before"
  mkdir -p "$before_dir"
  say "Code for the before column: $BEFORE ($(git rev-parse --short "$BEFORE"))"
  git archive "$BEFORE" | tar -x -C "$before_dir"
  # Same front-end build (the before commit's templates link the same assets).
  cp -r static/dist "$before_dir/static/dist"
  (cd "$before_dir" && DJANGO_SETTINGS_MODULE=ccpl.settings.production \
    DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" "$PY" manage.py collectstatic --noinput -v0)
  git rev-parse --short "$BEFORE" >"$results/before-ref.txt"
fi

say "Collecting static files"
DJANGO_SETTINGS_MODULE=ccpl.settings.production DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres" \
  "$PY" manage.py collectstatic --noinput -v0

wrk_page() { # label url cookie -> one JSON line in $results/wrk-<scale>.jsonl
  local label="$1" url="$2" cookie="$3" line
  # Gunicorn's sync workers close every connection; saying so up front keeps wrk from waiting.
  local args=(-t 2 -c 20 -d "${SECONDS_PER_PAGE}s" --timeout 30s --latency -s scripts/bench/page.lua -H "X-Forwarded-Proto: https" -H "Connection: close")
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  # Warm up both workers first (imports, template loading, caches): measured, not booted.
  local curl_args=(-s -o /dev/null --max-time 120 -H "X-Forwarded-Proto: https")
  [ -n "$cookie" ] && curl_args+=(-H "Cookie: $cookie")
  for _ in 1 2 3 4; do curl "${curl_args[@]}" "http://$HOST$url" || true; done
  line="$(wrk "${args[@]}" "http://$HOST$url" | tail -1)"
  case "$line" in "{"*) ;; *) line="{}" ;; esac
  printf '{"label": "%s", "url": "%s", "wrk": %s}\n' "$label" "$url" "$line"
}

for scale in $SCALES; do
  db="ccpl_s$scale"
  as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$db"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/$db"
  dump="$DATA_DIR/scale-$scale-$data_hash.dump"
  if [ -f "$dump" ] && [ -f "$dump.json" ] && [ -z "${BENCH_REGENERATE:-}" ]; then
    say "Scale $scale: restoring the data generated earlier ($dump)"
    as_pg pg_restore -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" --no-owner -j 2 "$dump"
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['restored']=True; print(json.dumps(d))" \
      "$dump.json" >"$results/generate-$scale.json"
  else
    say "Scale $scale: migrate and generate"
    DJANGO_SETTINGS_MODULE=ccpl.settings.local "$PY" manage.py migrate -v0
    start=$(date +%s.%N)
    DJANGO_SETTINGS_MODULE=ccpl.settings.local "$PY" manage.py generate_scale --scale "$scale" | tee "$results/generate-$scale.log"
    python3 -c "import datetime; print('{\"seconds\": %.1f, \"on\": \"%s\"}' % ($(date +%s.%N) - $start, datetime.date.today()))" >"$results/generate-$scale.json"
    rm -f "$DATA_DIR"/scale-"$scale"-*.dump "$DATA_DIR"/scale-"$scale"-*.dump.json
    as_pg pg_dump -h 127.0.0.1 -p "$pg_port" -U postgres -Fc -f "$tmp/scale-$scale.dump" "$db"
    mv "$tmp/scale-$scale.dump" "$dump" && cp "$results/generate-$scale.json" "$dump.json"
  fi
  export DJANGO_SETTINGS_MODULE=ccpl.settings.production
  "$PY" manage.py bench queries >"$results/queries-$scale.json"
  "$PY" manage.py bench pages >"$results/pages-$scale.json"
  staff_cookie="$("$PY" manage.py bench session --username staff)"
  exec_cookie="$("$PY" manage.py bench session --username exec)"

  say "Scale $scale: gunicorn (2 sync workers) on $HOST"
  "$VENV/bin/gunicorn" ccpl.wsgi:application --workers 2 --worker-class sync --bind "$HOST" \
    --access-logfile /dev/null --error-logfile "$tmp/gunicorn.log" &
  gunicorn_pid=$!
  for _ in $(seq 1 100); do port_in_use "$web_port" && break; sleep 0.2; done
  : >"$results/wrk-$scale.jsonl"
  wrk_page "bare" "/bench/bare/" "" >>"$results/wrk-$scale.jsonl"
  python3 - "$results/pages-$scale.json" <<'PY' >"$tmp/pages.tsv"
import json, sys
for p in json.load(open(sys.argv[1])):
    print(f"{p['label']}\t{p['url']}\t{p['username'] or ''}")
PY
  while IFS=$'\t' read -r label url user; do
    cookie=""
    [ "$user" = "staff" ] && cookie="$staff_cookie"
    [ "$user" = "exec" ] && cookie="$exec_cookie"
    wrk_page "$label" "$url" "$cookie" >>"$results/wrk-$scale.jsonl"
  done <"$tmp/pages.tsv"

  if [ -n "$before_dir" ]; then
    kill "$gunicorn_pid"; wait "$gunicorn_pid" 2>/dev/null || true; gunicorn_pid=""
    say "Scale $scale: the before code ($BEFORE), page cache off"
    PUBLIC_PAGE_CACHE=False "$VENV/bin/gunicorn" ccpl.wsgi:application --chdir "$before_dir" --workers 2 \
      --worker-class sync --bind "$HOST" --access-logfile /dev/null --error-logfile "$tmp/gunicorn-before.log" &
    gunicorn_pid=$!
    for _ in $(seq 1 100); do port_in_use "$web_port" && break; sleep 0.2; done
    : >"$results/wrk-before-$scale.jsonl"
    while IFS=$'\t' read -r label url user; do
      cookie=""
      [ "$user" = "staff" ] && cookie="$staff_cookie"
      [ "$user" = "exec" ] && cookie="$exec_cookie"
      wrk_page "$label" "$url" "$cookie" >>"$results/wrk-before-$scale.jsonl"
    done <"$tmp/pages.tsv"
    kill "$gunicorn_pid"; wait "$gunicorn_pid" 2>/dev/null || true; gunicorn_pid=""
    "$VENV/bin/gunicorn" ccpl.wsgi:application --workers 2 --worker-class sync --bind "$HOST" \
      --access-logfile /dev/null --error-logfile "$tmp/gunicorn.log" &
    gunicorn_pid=$!
    for _ in $(seq 1 100); do port_in_use "$web_port" && break; sleep 0.2; done
  fi

  if [ "$scale" = "$(echo "$SCALES" | awk '{print $NF}')" ]; then
    say "Scale $scale: survey submissions, 50 respondents for ${SUBMIT_SECONDS}s"
    "$PY" manage.py bench journeys --count "${BENCH_JOURNEYS:-14000}" >"$tmp/secrets.txt"
    before="$("$PY" manage.py bench responses)"
    BENCH_SECRETS="$tmp/secrets.txt" BENCH_HOST="$HOST" BENCH_THREADS=2 \
      wrk -t 2 -c 50 -d "${SUBMIT_SECONDS}s" --timeout 30s --latency -s scripts/bench/submit.lua "http://$HOST/" | tail -1 >"$tmp/submit.json"
    after="$("$PY" manage.py bench responses)"
    python3 - "$tmp/submit.json" "$before" "$after" "$(wc -l <"$tmp/secrets.txt")" <<'PY' >"$results/submit-$scale.json"
import json, sys
run = json.load(open(sys.argv[1]))
stored = json.loads(sys.argv[3])["responses"] - json.loads(sys.argv[2])["responses"]
ack = run["acknowledged"]
# Sent: submissions posted (one per journey, each journey once). Lost: acknowledged but not
# stored. Duplicated: more stored than sent (one link answered twice). Sent but not
# acknowledged (still in flight when wrk stopped, or timed out) may be stored: that is neither.
print(json.dumps(run | {"journeys": int(sys.argv[4]), "stored": stored,
      "lost": max(0, ack - stored), "duplicated": max(0, stored - run["sent"]),
      "unacknowledged": run["sent"] - ack, "per_second": round(ack / run["seconds"], 1)}))
PY
  fi
  kill "$gunicorn_pid"; wait "$gunicorn_pid" 2>/dev/null || true; gunicorn_pid=""

  if [ "$scale" = "$(echo "$SCALES" | awk '{print $NF}')" ]; then
    if [ -n "$before_dir" ] && [ -f "$before_dir/demo/bench.py" ]; then
      for work in annual-report diversity-analysis; do
        say "Scale $scale: $work, the before code"
        (cd "$before_dir" && "$PY" manage.py bench "$work") >"$results/$work-before-$scale.json" \
          || { warn "$work (before) failed"; rm -f "$results/$work-before-$scale.json"; }
      done
    fi
    for work in annual-report diversity-analysis plan-import; do
      say "Scale $scale: $work"
      "$PY" manage.py bench "$work" >"$results/$work-$scale.json" \
        || { warn "$work failed"; rm -f "$results/$work-$scale.json"; }
    done
    say "Scale $scale: survey CSV import of 20,000 rows"
    "$PY" manage.py bench survey-import --count "${BENCH_IMPORT_ROWS:-20000}" >"$results/survey-import-$scale.json" \
      || { warn "survey-import failed"; rm -f "$results/survey-import-$scale.json"; }
  fi
  unset DJANGO_SETTINGS_MODULE
  # After each scale, so that an interrupted run still leaves what it measured.
  "$PY" scripts/bench/report.py "$results" "$SCALES" >docs/benchmarks.md
  rm -rf bench-results && cp -r "$results" bench-results
  say "Wrote docs/benchmarks.md (raw results in bench-results/)"
done
