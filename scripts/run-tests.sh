#!/usr/bin/env bash
# The whole suite: once on SQLite, once on PostgreSQL. In CI (CI=true) PostgreSQL, Redis and Chromium are
# required; elsewhere the parts whose server or browser is missing are skipped, and this says so.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL=${PORTAL_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
REDIS_URL=${PORTAL_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
REDIS_URL_PG=${PORTAL_TEST_REDIS_URL_PG:-redis://127.0.0.1:6379/14}
in_ci=false
case "${CI:-}" in true|1|yes) in_ci=true ;; esac

reachable() { # host port
  "$PY" - "$1" "$2" <<'PYEOF'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2).close()
except OSError:
    sys.exit(1)
PYEOF
}

export PORTAL_TEST_REQUIRE_ALL=$in_ci
# Test databases and data folders on a RAM disk where there is one: a commit needs no disk flush there.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
if reachable 127.0.0.1 6379; then
  export PORTAL_TEST_REDIS_URL=$REDIS_URL
elif $in_ci; then
  echo "CI: Redis is not reachable on 127.0.0.1:6379" >&2; exit 1
else
  echo "NOTE: Redis not reachable: its tests are skipped."
fi
if ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
  if $in_ci; then echo "CI: chromium is not installed" >&2; exit 1; fi
  echo "NOTE: Chromium not installed (apt-get install chromium): browser tests are skipped."
fi

# axe-core for the accessibility suite: an npm package for the tests only (tests/browser/package.json).
AXE_DIR=tests/browser
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ] \
   || [ "$AXE_DIR/package-lock.json" -nt "$AXE_DIR/node_modules/.package-lock.json" ]; then
  if command -v npm >/dev/null; then
    (cd "$AXE_DIR" && npm ci --no-audit --no-fund --loglevel=error) \
      || { if $in_ci; then echo "CI: npm ci in $AXE_DIR failed" >&2; exit 1; fi; echo "NOTE: npm ci failed: the accessibility suite is skipped."; }
  elif $in_ci; then
    echo "CI: npm is not installed (apt-get install npm): the accessibility suite needs axe-core" >&2; exit 1
  else
    echo "NOTE: npm not installed (apt-get install npm): the accessibility suite is skipped."
  fi
fi

# The two passes run side by side (each its own data folder, database and Redis database): on the 2-core CI
# machine that takes about two thirds of running them one after the other. SQLite reports as it goes;
# PostgreSQL's report follows it. PARALLEL=0 runs them one after the other.
pg_host_port=$(echo "$PG_URL" | sed -E 's#^[a-z]+://([^@]*@)?([^:/]+):?([0-9]*)/.*#\2 \3#')
pg_log=$(mktemp -t portal-pg-tests.XXXXXX)
pg_pid=""
pg_status=0
run_pg() {
  if [ -n "${PORTAL_TEST_REDIS_URL:-}" ]; then
    PORTAL_TEST_DATABASE_URL=$PG_URL PORTAL_TEST_REDIS_URL=$REDIS_URL_PG "$PY" -m pytest "$@"
  else
    PORTAL_TEST_DATABASE_URL=$PG_URL "$PY" -m pytest "$@"
  fi
}
if reachable ${pg_host_port% *} ${pg_host_port#* }; then
  if [ "${PARALLEL:-1}" = 1 ]; then
    run_pg "$@" >"$pg_log" 2>&1 &
    pg_pid=$!
  fi
elif $in_ci; then
  echo "CI: PostgreSQL is not reachable at $PG_URL" >&2; pg_status=1
else
  echo "NOTE: PostgreSQL not reachable at $PG_URL: the PostgreSQL pass is skipped."
fi

status=0
echo "=== Test suite on SQLite ==="
"$PY" -m pytest "$@" || status=$?

if [ -n "$pg_pid" ]; then
  wait "$pg_pid" || pg_status=$?
  echo "=== Test suite on PostgreSQL (ran beside SQLite) ==="
  cat "$pg_log"
elif [ "$pg_status" = 0 ] && reachable ${pg_host_port% *} ${pg_host_port#* }; then
  echo "=== Test suite on PostgreSQL ==="
  run_pg "$@" || pg_status=$?
fi
rm -f "$pg_log"
[ "$pg_status" = 0 ] || status=$pg_status
exit $status
