#!/usr/bin/env bash
# The one test command (`npm test`): format, lint, types, migration drift,
# unit + database tests, a production build and the end-to-end suite in
# Chromium, on SQLite and, when TEST_DATABASE_URL names a PostgreSQL server,
# again on PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

passed=0
failed=0
failures=()
# Each step's output is also kept in test-logs/, so the summary at the
# end (the part a CI log's tail shows) can repeat why a step failed.
logs="test-logs"
rm -rf "$logs" && mkdir -p "$logs"
step() {
  local name="$1"
  shift
  echo
  echo "▶ ${name}"
  local start=$SECONDS
  local log="${logs}/$(printf '%02d' $((passed + failed + 1))).log"
  if "$@" 2>&1 | tee "$log"; then
    passed=$((passed + 1))
    echo "✓ ${name} ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failures+=("${name}|${log}")
    echo "✗ ${name} ($((SECONDS - start)) s)"
  fi
}
# The lines of a failed step's log that say what failed (test runners' failure
# markers and a few lines after each), colours stripped, at most 60 lines.
why() {
  sed 's/\x1b\[[0-9;]*m//g' "$1" |
    grep -E -A10 '(FAIL |✘|^\s+[0-9]+\) |AssertionError|Error:|error TS|✗|\[warn\]|^\s+[0-9]+:[0-9]+\s+error)' |
    grep -v '^\[WebServer\]' | head -60
}

if [ ! -d node_modules ]; then
  echo "▶ Installing dependencies (npm install)"
  npm install --no-audit --no-fund || exit 1
fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "▶ Installing Debian's Chromium for the end-to-end tests"
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || exit 1
  else
    echo "✗ Chromium not found at ${CHROMIUM_PATH:-/usr/bin/chromium}: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi

pg="${TEST_DATABASE_URL:-}"
if [[ -n "$pg" && ! "$pg" =~ ^postgres ]]; then
  echo "✗ TEST_DATABASE_URL must be a postgresql:// URL" >&2
  exit 1
fi
# Separate databases on that server for each suite (created when missing).
pg_db() { node -e 'const u=new URL(process.argv[1]); u.pathname="/"+process.argv[2]; console.log(u.toString())' "$pg" "$1"; }

step "Format (prettier --check)" npx prettier --check --log-level warn .
step "Lint (eslint)" npx eslint --max-warnings=0 .
step "Layers (lib/ import order, no folder cycle)" npx tsx scripts/lib-graph.ts --check
step "Types (tsc --noEmit)" npx tsc --noEmit
step "Migrations match the schema" npx tsx scripts/db-check.ts
step "Unit + database tests on SQLite (vitest: unit in parallel, then db serially)" npx vitest run
if [ -n "$pg" ]; then
  # Unit tests (*.test.ts) have no database: only the db project runs again.
  step "Database tests on PostgreSQL (vitest --project db)" env VITEST_PG_URL="$pg" npx vitest run --project db
else
  echo
  echo "- PostgreSQL tests SKIPPED: set TEST_DATABASE_URL=postgresql://user:pass@127.0.0.1:5432/postgres to run them (.ci/run does)."
fi
step "Production build (next build)" npx next build
step "End-to-end tests on SQLite (playwright, Chromium)" npx playwright test
# The fault suite: its own server and database, so what it sends cannot disturb
# the other specs. Fuzz + access matrix + accessibility discover the routes,
# pages and actions at run time (lib/server/action-permissions.db.test.ts and
# lib/destinations/downstream-faults.db.test.ts run with the database tests above).
step "Fault suite on SQLite: fuzz, access matrix, accessibility (playwright)" env E2E_FAULTS=1 npx playwright test --project=faults
step "Fault suite on SQLite: crash (SIGKILL mid-burst of 5,000 signed events)" npx tsx scripts/crash-test.ts
if [ -n "$pg" ]; then
  step "End-to-end tests on PostgreSQL (playwright, Chromium)" env E2E_DATABASE_URL="$(pg_db baton_e2e)" npx playwright test
  step "Fault suite on PostgreSQL: fuzz, access matrix, accessibility (playwright)" env E2E_FAULTS=1 E2E_DATABASE_URL="$(pg_db baton_e2e_faults)" npx playwright test --project=faults
  step "Fault suite on PostgreSQL: crash (SIGKILL mid-burst of 5,000 signed events)" env CRASH_DATABASE_URL="$(pg_db baton_crash)" npx tsx scripts/crash-test.ts
fi

echo
if [ "$failed" -gt 0 ]; then
  for f in "${failures[@]}"; do
    echo "━━ why it failed: ${f%%|*} (full output: ${f##*|})"
    why "${f##*|}"
    echo
  done
  for f in "${failures[@]}"; do echo "✗ failed: ${f%%|*}"; done
fi
echo "test steps: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
