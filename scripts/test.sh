#!/usr/bin/env bash
# Runs the whole suite on SpatiaLite and on PostgreSQL/PostGIS, prints both summaries and
# fails when either fails. `scripts/test.sh sqlite|postgis [pytest args]` runs one.
set -uo pipefail
cd "$(dirname "$0")/.."

only=""
case "${1:-}" in sqlite|postgis) only=$1; shift ;; esac

mkdir -p var
# A test database of this checkout's own, so that checkouts side by side on one server
# do not trample each other's.
checkout=$(basename "$PWD" | tr -c 'a-zA-Z0-9_\n' '_' | tr 'A-Z' 'a-z')
export TEST_DATABASE_NAME=${TEST_DATABASE_NAME:-test_portal_${checkout}}
PG_URL=${PG_DATABASE_URL:-postgis://root@127.0.0.1:5432/postgres}
# DEBUG on for the dev defaults (no SECRET_KEY needed); pytest-django runs tests with
# DEBUG=False regardless.
export DEBUG=${DEBUG:-true}

declare -A rc summary
run_suite() {
  local name=$1 url=$2; shift 2
  local log="var/test-$name.log"
  printf '\n\033[1m==> Test suite on %s\033[0m\n' "$name"
  DATABASE_URL=$url .venv/bin/pytest -p no:cacheprovider -n "${TEST_WORKERS:-2}" "$@" 2>&1 | tee "$log"
  rc[$name]=${PIPESTATUS[0]}
  summary[$name]=$(grep -E '(passed|failed|error|no tests ran).* in [0-9.]+s' "$log" | tail -n 1)
}

[ "$only" != postgis ] && run_suite sqlite "spatialite:///:memory:" "$@"
[ "$only" != sqlite ] && run_suite postgis "$PG_URL" "$@"

printf '\n\033[1m==> Summary\033[0m\n'
status=0
for name in sqlite postgis; do
  [ -n "${rc[$name]+x}" ] || continue
  printf '%-8s %s (exit %s)\n' "$name" "${summary[$name]:-no summary}" "${rc[$name]}"
  [ "${rc[$name]}" = 0 ] || status=1
done
exit $status
