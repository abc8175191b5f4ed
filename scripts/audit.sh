#!/usr/bin/env bash
# Supply-chain audit: known vulnerabilities in the pinned Python and npm packages.
# pip-audit asks the Python Packaging Advisory Database (through PyPI's JSON API and
# OSV) and npm audit asks the npm registry's advisory endpoint. Where an advisory
# service cannot be reached this says so plainly and exits non-zero: an audit that
# could not ask anyone is never reported as a pass.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"
bash scripts/setup-app.sh

if [ ! -x "$VENV/bin/pip-audit" ]; then
  say "Installing pip-audit 2.10.1 into $VENV"
  "$PY" -m pip install --quiet "pip-audit==2.10.1" 2>&1 | grep -v "^WARNING: Location" >&2 || true
fi

results=()
status=0

say "pip-audit (Python packages installed in $VENV)"
pip_out="$(mktemp)"
if "$VENV/bin/pip-audit" --progress-spinner off --skip-editable --strict >"$pip_out" 2>&1; then
  results+=("Python: no known vulnerabilities")
else
  rc=$?
  cat "$pip_out" >&2
  if grep -qiE "known vulnerabilit" "$pip_out"; then
    results+=("Python: vulnerabilities found (pip-audit exit $rc)")
    status=1
  elif grep -qiE "could not be audited|connection|resolve|timed out|network|HTTPSConnection|Max retries" "$pip_out"; then
    results+=("Python: NOT AUDITED - the advisory service could not be reached from this machine")
    status=2
  else
    results+=("Python: vulnerabilities found (pip-audit exit $rc)")
    status=1
  fi
fi
rm -f "$pip_out"

say "npm audit (package-lock.json)"
npm_out="$(mktemp)"
if npm audit --audit-level=low >"$npm_out" 2>&1; then
  results+=("npm: no known vulnerabilities")
else
  rc=$?
  cat "$npm_out" >&2
  if grep -qiE "audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|network|EAI_AGAIN|404" "$npm_out"; then
    results+=("npm: NOT AUDITED - the advisory service could not be reached from this machine")
    [ "$status" -eq 1 ] || status=2
  else
    results+=("npm: vulnerabilities found (npm audit exit $rc)")
    status=1
  fi
fi
rm -f "$npm_out"

printf '\nAudit summary:\n' >&2
printf '  %s\n' "${results[@]}" >&2
exit "$status"
