#!/usr/bin/env bash
# One differential test: the DDL that the real SQLAlchemy compiles for a case's models must be
# structurally the same as what mig-guard renders for them.
#
#   run_case.sh MIG_GUARD CASE_DIR MG_DDL_COMPARE              expected: sa_ddl.py (Debian's SQLAlchemy)
#   run_case.sh --reference MIG_GUARD CASE_DIR MG_DDL_COMPARE  expected: CASE_DIR/reference.sql
#   run_case.sh --oracle MIG_GUARD CASE_DIR MG_DDL_COMPARE     reference.sql against sa_ddl.py run by
#                                                              $MG_ORACLE_PYTHON (exit 77, skipped, when unset)
#
# Both sides run on a copy of the case without its after/ and expected/ folders.
set -euo pipefail

mode=differential
if [[ "${1:-}" == "--reference" ]]; then
  mode=reference
  shift
elif [[ "${1:-}" == "--oracle" ]]; then
  # The hand-written reference.sql itself, checked against the current SQLAlchemy/SQLModel: the
  # interpreter named by MG_ORACLE_PYTHON has them (fetched for local use, never committed).
  mode=oracle
  shift
fi
if [[ $# -ne 3 ]]; then
  echo "usage: $0 [--reference] MIG_GUARD CASE_DIR MG_DDL_COMPARE" >&2
  exit 2
fi
mig_guard=$1
case_dir=$(cd "$2" && pwd)
compare=$3
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mg-differential.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -r "$case_dir" "$tmp/case"
rm -rf "$tmp/case/after" "$tmp/case/expected"
export PYTHONDONTWRITEBYTECODE=1 TZ=UTC NO_COLOR=1

# The DDL SQLAlchemy's create_all compiles for the case, with the interpreter $1, into $tmp/expected.sql.
sa_expected() {
  local py=$1
  expected_label="SQLAlchemy $("$py" -c 'import sqlalchemy; print(sqlalchemy.__version__)')"
  if ! "$py" "$here/sa_ddl.py" "$tmp/case" >"$tmp/expected.sql" 2>"$tmp/sa.err"; then
    echo "FAIL: $expected_label could not import the models of $case_dir:" >&2
    cat "$tmp/sa.err" >&2
    exit 1
  fi
}

case $mode in
  differential)
    if ! "$python" -c 'import sqlalchemy, sqlmodel' 2>/dev/null; then
      echo "FAIL: $python cannot import sqlalchemy and sqlmodel, the reference side of this test." >&2
      echo "      Install them: apt-get install python3-sqlalchemy python3-sqlmodel (or run ci/dev deps)" >&2
      exit 1
    fi
    sa_expected "$python"
    ;;
  reference)
    expected_label=reference.sql
    cp "$case_dir/reference.sql" "$tmp/expected.sql"
    ;;
  oracle)
    # The current SQLAlchemy/SQLModel are sources fetched for local use, never committed; CI
    # machines do not have them, and reference/<case> still compares mig-guard with reference.sql.
    if [[ -z "${MG_ORACLE_PYTHON:-}" ]]; then
      echo "SKIPPED: MG_ORACLE_PYTHON is not set: reference.sql of $case_dir is not checked against the current SQLAlchemy/SQLModel" >&2
      exit 77
    fi
    sa_expected "$MG_ORACLE_PYTHON"
    ;;
esac

if [[ $mode == oracle ]]; then
  actual_label=reference.sql
  cp "$case_dir/reference.sql" "$tmp/actual.sql"
else
  actual_label=mig-guard
  status=0
  (cd "$tmp/case" && "$mig_guard" --color never schema --format sql .) >"$tmp/actual.sql" 2>"$tmp/mg.err" || status=$?
  if [[ $status -ne 0 ]]; then
    echo "FAIL: mig-guard schema --format sql exited $status on $case_dir:" >&2
    cat "$tmp/mg.err" >&2
    exit 1
  fi
  if [[ -s "$tmp/mg.err" ]]; then
    echo "mig-guard said on stderr:" >&2
    cat "$tmp/mg.err" >&2
  fi
fi

status=0
"$compare" --expected-label "$expected_label" --actual-label "$actual_label" "$tmp/expected.sql" "$tmp/actual.sql" || status=$?
if [[ $status -ne 0 ]]; then
  echo "--- $expected_label" >&2
  cat "$tmp/expected.sql" >&2
  echo "--- $actual_label" >&2
  cat "$tmp/actual.sql" >&2
  exit 1
fi
