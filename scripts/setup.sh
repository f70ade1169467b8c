#!/usr/bin/env bash
# Sets up everything the portal needs on a Debian/Ubuntu machine, idempotently:
#   scripts/setup.sh          system packages for running, .venv, Python packages, translations
#   scripts/setup.sh --test   the same plus what the test suite needs (Chromium, PostGIS, a
#                             running PostgreSQL)
# A second run with nothing changed does no installing and takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "installing system packages needs root or sudo"
  SUDO="sudo"
fi

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

apt_install() {
  local missing
  missing=$(missing_packages "$@")
  [ -z "$missing" ] && return 0
  say "Installing system packages: $(echo $missing)"
  export DEBIAN_FRONTEND=noninteractive
  # Try without refreshing the package lists first: it is much faster when they are current.
  # shellcheck disable=SC2086
  if ! $SUDO apt-get install -y --no-install-recommends $missing; then
    $SUDO apt-get update
    # shellcheck disable=SC2086
    $SUDO apt-get install -y --no-install-recommends $missing
  fi
}

# --- system packages -------------------------------------------------------------------
# gdal-bin pulls libgdal (GeoDjango's GDAL); libsqlite3-mod-spatialite is the SpatiaLite
# extension; gettext compiles the translations; python3-venv gives Debian's Python its venv.
apt_install gdal-bin libsqlite3-mod-spatialite gettext python3-venv ca-certificates

pg_major() {
  # The major version of the installed PostgreSQL server (the newest, if several).
  ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1
}

if [ "$want_test" = 1 ]; then
  apt_install chromium fonts-dejavu-core
  major=$(pg_major)
  if [ -z "$major" ]; then
    apt_install postgresql
    major=$(pg_major)
  fi
  [ -n "$major" ] || die "no PostgreSQL server could be installed"
  apt_install "postgresql-$major-postgis-3"
  if ! pg_isready -q -h 127.0.0.1 -p "${PGPORT:-5432}"; then
    say "Starting PostgreSQL $major"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$major" main start || true
    for _ in $(seq 1 30); do
      pg_isready -q -h 127.0.0.1 -p "${PGPORT:-5432}" && break
      sleep 1
    done
    pg_isready -q -h 127.0.0.1 -p "${PGPORT:-5432}" || die "PostgreSQL $major did not start"
  fi
fi

# --- Python ------------------------------------------------------------------------------
# GeoDjango on SpatiaLite needs an interpreter whose sqlite3 module can load extensions.
# pyenv builds usually cannot (no enable_load_extension); Debian's /usr/bin/python3 can.
can_load_extensions() {
  "$1" - <<'PY' >/dev/null 2>&1
import sqlite3, sys, venv  # noqa: F401
assert sys.version_info >= (3, 10)
sqlite3.connect(":memory:").enable_load_extension(True)
PY
}

pick_python() {
  local candidate
  for candidate in ${PYTHON:-} /usr/bin/python3 /usr/bin/python3.13 /usr/bin/python3.12 \
      /usr/bin/python3.11 /usr/bin/python3.10 "$(command -v python3 || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if can_load_extensions "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ -x .venv/bin/python ] && ! can_load_extensions .venv/bin/python; then
  say "The existing .venv cannot load SQLite extensions; recreating it"
  rm -rf .venv
fi

if [ ! -x .venv/bin/python ]; then
  python=$(pick_python) || die "no Python (>= 3.10) here can load SQLite extensions, so \
SpatiaLite cannot work. Install Debian's python3 and python3-venv (apt-get install python3 \
python3-venv), or point PYTHON at an interpreter built with --enable-loadable-sqlite-extensions."
  say "Creating .venv with $python ($("$python" --version))"
  "$python" -m venv .venv
  rm -f .venv/.installed
fi

if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ] \
    || [ constraints.txt -nt .venv/.installed ]; then
  say "Installing Python packages (pinned in pyproject.toml and constraints.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c constraints.txt -e ".[dev]"
  touch .venv/.installed
fi

# --- directories -------------------------------------------------------------------------
# The default SQLite database (var/portal.sqlite3) and STATIC_ROOT (var/static, which
# WhiteNoise looks for at start-up): made here, since importing the settings creates nothing.
mkdir -p var/static

# --- translations ------------------------------------------------------------------------
# The project's locale/ and each app's <app>/locale/ (not .venv's packages).
stale=0
for po in $(find . -path ./.venv -prune -o -path '*/locale/*' -name '*.po' -print); do
  [ "${po%.po}.mo" -nt "$po" ] || stale=1
done
if [ "$stale" = 1 ]; then
  say "Compiling translations"
  .venv/bin/python manage.py compilemessages --ignore=.venv -v 0
fi
