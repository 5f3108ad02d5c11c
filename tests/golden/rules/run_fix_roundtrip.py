#!/usr/bin/env python3
"""`mig-guard lint --fix` on the MG201 golden case: the binary inserts the missing import
(atomically: no temporary file is left), lints again, and the file is clean of MG201."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--binary", required=True)
ap.add_argument("--case", required=True)
args = ap.parse_args()
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = migrations\n")
    versions = os.path.join(tmp, "migrations", "versions")
    shutil.copytree(os.path.join(args.case, "versions"), versions)
    before = subprocess.run([args.binary, "--color", "never", "lint"], cwd=tmp, capture_output=True, text=True)
    if " MG201 [" not in before.stdout or before.returncode != 1:
        sys.exit(f"the case must report MG201 before fixing:\n{before.stdout}")
    fixed = subprocess.run([args.binary, "--color", "never", "lint", "--fix"], cwd=tmp, capture_output=True, text=True)
    if " MG201 [" in fixed.stdout or fixed.returncode != 0:
        sys.exit(f"MG201 remains after --fix (exit {fixed.returncode}):\n{fixed.stdout}{fixed.stderr}")
    text = open(os.path.join(versions, "b2_change.py")).read()
    if "import sqlalchemy as sa\nimport sqlmodel\n" not in text:
        sys.exit(f"the import was not inserted after the last import:\n{text}")
    leftovers = [n for n in os.listdir(versions) if not n.endswith(".py")]
    if leftovers:
        sys.exit(f"temporary files left behind: {leftovers}")
    again = subprocess.run([args.binary, "--color", "never", "lint", "--fix"], cwd=tmp, capture_output=True, text=True)
    if open(os.path.join(versions, "b2_change.py")).read() != text:
        sys.exit("a second --fix changed the file again")
print("ok")
