#!/usr/bin/env bash
# Create the virtualenv, install the Python package with its dev extras, and
# build the front end. Each step is skipped when its inputs are unchanged.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$ROOT_DIR"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# --- Python -----------------------------------------------------------------
python_bin="${PYTHON:-python3}"
if [ ! -x "$PY" ]; then
  command -v "$python_bin" >/dev/null 2>&1 || die "$python_bin not found (Python 3.11+ is needed)"
  "$python_bin" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "Python 3.11+ is needed; $python_bin is $("$python_bin" --version 2>&1)"
  say "Creating virtualenv $VENV"
  "$python_bin" -m venv "$VENV"
fi

py_stamp="$VENV/.ccpl-install.sha256"
py_hash="$(hash_files pyproject.toml)"
if [ -f "$py_stamp" ] && [ "$(cat "$py_stamp")" = "$py_hash" ]; then
  say "Python packages up to date (pyproject.toml unchanged)"
else
  say "Installing Python packages: pip install -e '.[dev]'"
  "$PY" -m pip install --quiet -e '.[dev]'
  printf '%s\n' "$py_hash" >"$py_stamp"
fi

# --- Front end --------------------------------------------------------------
if [ ! -f package.json ]; then
  warn "no package.json yet: skipping the front-end build"
  exit 0
fi
command -v npm >/dev/null 2>&1 || die "npm not found (Node.js 20 is needed for the front-end build)"

npm_stamp="node_modules/.ccpl-install.sha256"
npm_hash="$(hash_files package.json package-lock.json)"
if [ -d node_modules ] && [ -f "$npm_stamp" ] && [ "$(cat "$npm_stamp")" = "$npm_hash" ]; then
  say "npm packages up to date (package-lock.json unchanged)"
else
  if [ -f package-lock.json ]; then
    say "Installing npm packages: npm ci"
    npm ci --no-audit --no-fund
  else
    say "Installing npm packages: npm install (no package-lock.json)"
    npm install --no-audit --no-fund
  fi
  printf '%s\n' "$npm_hash" >"$npm_stamp"
fi

# The build's inputs: the npm packages plus our own sources under static/ (not its output).
build_stamp="node_modules/.ccpl-build.sha256"
build_hash="$( { printf '%s\n' "$npm_hash"; find static -path static/dist -prune -o -type f -print | LC_ALL=C sort | xargs -r sha256sum; } | sha256sum | cut -d' ' -f1)"
if [ -d static/dist ] && [ -f "$build_stamp" ] && [ "$(cat "$build_stamp")" = "$build_hash" ]; then
  say "Front end up to date (static/dist built from the same inputs)"
else
  say "Building the front end: npm run build"
  npm run build
  [ -d static/dist ] || die "npm run build did not create static/dist"
  printf '%s\n' "$build_hash" >"$build_stamp"
fi
