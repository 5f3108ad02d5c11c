#!/usr/bin/env python3
"""One golden case of a lint rule: tests/golden/rules/<CODE>/<case>/versions/*.py.

The case's revision files are copied into a temporary Alembic project (alembic.ini with
script_location = migrations; the case's pyproject.toml too, when it has one) and
`mig-guard --color never lint` runs there. Its output plus the exit code must equal
`expected.txt`. A case named flagged* must report <CODE>; a case named ok* (a near miss)
must not. MG_UPDATE_GOLDENS=1 rewrites expected.txt instead of comparing.
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--case", required=True)
    args = ap.parse_args()
    case = os.path.abspath(args.case)
    code = os.path.basename(os.path.dirname(case))
    name = os.path.basename(case)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "alembic.ini"), "w") as f:
            f.write("[alembic]\nscript_location = migrations\n")
        shutil.copytree(os.path.join(case, "versions"), os.path.join(tmp, "migrations", "versions"))
        if os.path.exists(os.path.join(case, "pyproject.toml")):
            shutil.copy(os.path.join(case, "pyproject.toml"), tmp)
        proc = subprocess.run([args.binary, "--color", "never", "lint"], cwd=tmp, capture_output=True, text=True)
    actual = proc.stdout + proc.stderr + f"exit: {proc.returncode}\n"

    reported = f" {code} [" in actual
    if name.startswith("flagged") and not reported:
        print(f"{code}/{name}: expected a {code} finding, got none:\n{actual}")
        return 1
    if name.startswith("ok") and reported:
        print(f"{code}/{name}: a near miss must not report {code}:\n{actual}")
        return 1

    expected_path = os.path.join(case, "expected.txt")
    if os.environ.get("MG_UPDATE_GOLDENS") == "1":
        with open(expected_path, "w") as f:
            f.write(actual)
        return 0
    if not os.path.exists(expected_path):
        print(f"{expected_path} is missing; run with MG_UPDATE_GOLDENS=1 and review it")
        return 1
    with open(expected_path) as f:
        expected = f.read()
    if expected != actual:
        sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                   "expected.txt", "actual"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
