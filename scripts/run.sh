#!/usr/bin/env bash
# Migrates, loads the real case into an empty database, and serves the portal.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8000}
manage() { .venv/bin/python manage.py "$@"; }

manage migrate --noinput -v 0
manage load_case --if-empty
# Demo boundaries (not part of the case) shipped in seed/data/ (see its README), imported only
# where none are loaded yet; import_boundaries says what it did or that it skipped.
echo "Boundaries: the demo files of seed/data/ where a municipality or county has none."
manage import_boundaries seed/data/jamtland_municipalities.geojson --if-missing
manage import_boundaries seed/data/swedish_regions.geojson --level county \
  --skip-unknown --if-missing
manage demo_accounts

cat <<MSG

  The planning portal is served at  http://127.0.0.1:${PORT}/
  Admin:                            http://127.0.0.1:${PORT}/admin/
  Health:                           http://127.0.0.1:${PORT}/healthz
  Database: $(manage shell -v 0 -c "from django.db import connection as c; print(c.vendor, c.settings_dict['NAME'])" 2>/dev/null)
  Log in with one of the demo accounts above (DEBUG only). Stop with Ctrl+C.

MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
