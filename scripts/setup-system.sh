#!/usr/bin/env bash
# Install the Debian packages the app needs, only those missing.
#   scripts/setup-system.sh run   WeasyPrint's libraries and fonts
#   scripts/setup-system.sh test  the above plus PostgreSQL, Redis, Chromium, poppler, docker-compose, ClamAV (clamd),
#                                 and a headless Java runtime for the Nu HTML checker (npm vnu-jar)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

mode="${1:-run}"
case "$mode" in
  run) ensure_debs "${WEASYPRINT_DEBS[@]}" ;;
  test) ensure_debs "${WEASYPRINT_DEBS[@]}" "${TEST_DEBS[@]}" ;;
  *) die "usage: $0 run|test" ;;
esac
