#!/usr/bin/env python3
"""Golden tests for one model case: drives the real mig-guard binary and compares what a user
sees with the files in <case>/expected/.

  run_golden.py --binary build/mig-guard --case tests/golden/models/01-basic

Outputs checked (each only when it applies):
  expected/schema.json      `mig-guard schema --format json CASE`
  expected/create.sql       `mig-guard schema --format sql CASE`
  expected/diagnostics.txt  what `schema` printed on stderr, and its exit code
  expected/initial.py       the revision written for empty -> models
  expected/change.ops       `diff --from CASE --to CASE/after --format ops`
  expected/change.sql       the same as SQL
  expected/change.py        the same as the revision file

MG_UPDATE_GOLDENS=1 rewrites the expected files instead of comparing; review the diff.
Uses only the standard library, so any python3 runs it.
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

ENV = dict(os.environ, SOURCE_DATE_EPOCH="1795000000", TZ="UTC", NO_COLOR="1")
PIN_FILES = ("requirements.txt", "pyproject.toml", "uv.lock", "poetry.lock", "Pipfile.lock")


errors = []

# The first line of each sanitizer's report (as tests/e2e/harness.py): a run that prints one fails,
# whatever its exit code.
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")


def sanitizer_report(stderr):
    for line in (stderr or "").splitlines():
        if any(marker in line for marker in SANITIZER_REPORTS):
            return line
    return None


def run(binary, args, cwd, must_pass=True):
    """Runs mig-guard; a command that must pass and does not is a test failure (its output
    would otherwise become an empty golden file)."""
    proc = subprocess.run([binary, "--color", "never"] + args, cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=120)
    report = sanitizer_report(proc.stderr)
    if report is not None:
        errors.append(f"mig-guard {' '.join(args)}: sanitizer report: {report}\n{proc.stderr}")
    if proc.returncode != 0 and (must_pass or proc.returncode not in (0, 1)):
        errors.append(f"mig-guard {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def project_copy(src, pins_from, dest):
    """A copy of `src` as a project root, with the pins of `pins_from` (after/ has none)."""
    shutil.copytree(src, dest)
    for name in PIN_FILES:
        if os.path.exists(os.path.join(pins_from, name)) and not os.path.exists(os.path.join(dest, name)):
            shutil.copy(os.path.join(pins_from, name), dest)
    return dest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--case", required=True)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    case = os.path.abspath(args.case)
    update = os.environ.get("MG_UPDATE_GOLDENS") == "1"
    expected_dir = os.path.join(case, "expected")
    outputs = {}

    with tempfile.TemporaryDirectory(prefix="mg-golden-") as tmp:
        # The case without its after/ and expected/ folders, so they are not read as models.
        before = os.path.join(tmp, "before")
        shutil.copytree(case, before, ignore=shutil.ignore_patterns("after", "expected", "CASE.md",
                                                                    "reference.sql", "__pycache__"))
        schema_json = run(binary, ["schema", "--format", "json", "."], before, must_pass=False)
        outputs["diagnostics.txt"] = schema_json.stderr + f"exit code: {schema_json.returncode}\n"
        bad = schema_json.returncode != 0
        if not bad:
            outputs["schema.json"] = schema_json.stdout
            outputs["create.sql"] = run(binary, ["schema", "--format", "sql", "."], before).stdout
            empty = os.path.join(tmp, "empty")
            os.mkdir(empty)
            outputs["initial.py"] = run(binary, ["diff", "--from", empty, "--to", before, "--format", "revision",
                                                 "--rev-id", "0000000000a1", "-m", "initial schema"], tmp).stdout
            if os.path.isdir(os.path.join(case, "after")):
                after = project_copy(os.path.join(case, "after"), case, os.path.join(tmp, "after"))
                common = ["diff", "--from", before, "--to", after]
                outputs["change.ops"] = run(binary, common + ["--format", "ops"], tmp).stdout
                outputs["change.sql"] = run(binary, common + ["--format", "sql"], tmp).stdout
                outputs["change.py"] = run(binary, common + ["--format", "revision", "--rev-id", "0000000000b2",
                                                             "--head", "0000000000a1", "-m", "change"], tmp).stdout

    # Paths in diagnostics are relative to the copy's root: the same as relative to the case.
    failures = []
    if errors:
        update = False
    if update:
        os.makedirs(expected_dir, exist_ok=True)
        for name in os.listdir(expected_dir):
            if name not in outputs:
                os.remove(os.path.join(expected_dir, name))
    for name, actual in sorted(outputs.items()):
        path = os.path.join(expected_dir, name)
        if update:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(actual)
            continue
        if not os.path.exists(path):
            failures.append(f"{name}: no golden file; run with MG_UPDATE_GOLDENS=1 and review the result")
            continue
        with open(path, encoding="utf-8", newline="") as f:
            expected = f.read()
        if expected != actual:
            diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"expected/{name}", f"actual/{name}")
            failures.append("".join(diff))
    if not update and os.path.isdir(expected_dir):
        for name in sorted(os.listdir(expected_dir)):
            if name not in outputs:
                failures.append(f"{name}: golden file no longer produced; rerun with MG_UPDATE_GOLDENS=1")

    if errors:
        print(f"golden case {case}: a command failed; no golden file is written or compared:")
        for e in errors:
            print(e)
        return 1
    if update:
        print(f"updated {len(outputs)} golden files in {expected_dir}")
        return 0
    if failures:
        print(f"golden mismatch in {case}:")
        for f in failures:
            print(f)
        return 1
    print(f"{len(outputs)} outputs match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
