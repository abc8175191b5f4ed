#!/usr/bin/env bash
# Install the Debian packages the app needs, only those missing.
#   scripts/setup-system.sh run   WeasyPrint's libraries and fonts
#   scripts/setup-system.sh test  the above plus PostgreSQL, Redis, Chromium, poppler, docker-compose, ClamAV (clamd),
#                                 and a headless Java runtime for the Nu HTML checker (npm vnu-jar)
#   scripts/setup-system.sh bench the test set plus wrk (make bench, docs/benchmarks.md)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

mode="${1:-run}"
case "$mode" in
  run) ensure_debs "${WEASYPRINT_DEBS[@]}" ;;
  test) ensure_debs "${WEASYPRINT_DEBS[@]}" "${TEST_DEBS[@]}" ;;
  bench) ensure_debs "${WEASYPRINT_DEBS[@]}" "${TEST_DEBS[@]}" "${BENCH_DEBS[@]}" ;;
  *) die "usage: $0 run|test|bench" ;;
esac
