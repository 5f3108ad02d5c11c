#!/usr/bin/env bash
# Checks sa_ddl.py itself: its output for PROJECT_DIR must match the hand-checked EXPECTED.sql.
#   check_sa_ddl.sh PROJECT_DIR EXPECTED.sql MG_DDL_COMPARE
set -euo pipefail
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mg-sa-ddl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -r "$1" "$tmp/project"
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 "$(dirname "$0")/sa_ddl.py" "$tmp/project" >"$tmp/out.sql"
exec "$3" --expected-label "$(basename "$2")" --actual-label sa_ddl.py "$2" "$tmp/out.sql"
