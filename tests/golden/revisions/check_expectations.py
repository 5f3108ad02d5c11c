#!/usr/bin/env python3
"""Golden test for `mig-guard lint` over realistic Alembic projects.

Each project under tests/golden/revisions/<project>/ carries its expected findings as
annotations in the revision files themselves (see README.md):

    op.drop_column('users', 'password_md5')  # mg-expect: MG402
    DELETE FROM user_sessions;  -- mg-expect: MG302        (inside a triple-quoted SQL string)

This script runs `mig-guard --format json -C <project> lint`, collects the annotations, and
compares both as multisets of (file, line, code). Every missing and every unexpected finding
is reported with file:line; the exit code is 1 on any difference. It also checks that the
project is read without a crash (exit code 0 or 1, a JSON array on stdout), that the exit code
agrees with the levels of the findings, that each finding's name and level are the ones the
rule catalog (SPEC section 7) gives it, and that no file is reported as a syntax error (MG203)
unless annotated.

Standard library only.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

# SPEC section 7: code -> (name, default level). The projects carry no configuration, so
# every finding must have its rule's default level.
CATALOG = {
    "MG101": ("missing-migration", "error"),
    "MG102": ("unreviewed-revision", "error"),
    "MG103": ("applied-revision-edited", "error"),
    "MG104": ("multiple-heads", "error"),
    "MG105": ("broken-revision-graph", "error"),
    "MG106": ("empty-revision", "error"),
    "MG107": ("irreversible-downgrade", "warning"),
    "MG201": ("missing-import", "error"),
    "MG202": ("opaque-code", "warning"),
    "MG203": ("python-syntax-error", "error"),
    "MG301": ("manual-sql", "error"),
    "MG302": ("destructive-sql", "error"),
    "MG401": ("drop-table", "error"),
    "MG402": ("drop-column", "error"),
    "MG403": ("narrowing-type-change", "error"),
    "MG404": ("enum-value-removed", "error"),
    "MG501": ("rename-table", "warning"),
    "MG502": ("rename-column", "warning"),
    "MG503": ("add-not-null-without-default", "error"),
    "MG504": ("set-not-null", "warning"),
    "MG505": ("add-unique-to-existing", "warning"),
    "MG601": ("index-not-concurrent", "warning"),
    "MG602": ("foreign-key-not-valid", "warning"),
    "MG603": ("column-type-rewrite", "warning"),
    "MG701": ("enum-type-not-created", "error"),
    "MG702": ("enum-type-left-behind", "warning"),
    "MG703": ("unnamed-constraint-drop", "error"),
    "MG704": ("use-alter-foreign-key-dropped", "error"),
}

# Rules of the commit/CI gate rather than of the revision files: they depend on the models,
# the review ledger and git history, none of which these projects have. A project that
# annotates one of these codes opts in to comparing it.
GATE_CODES = {"MG101", "MG102", "MG103"}

# `# mg-expect: MG402` in Python, `-- mg-expect: MG302` inside SQL strings.
ANNOTATION = re.compile(r"(?:#|--)\s*mg-expect:\s*([A-Za-z0-9 ,]+)")
CODE = re.compile(r"^MG\d{3}$")

Key = collections.namedtuple("Key", "file line code")


def collect_expectations(project, problems):
    """All annotations of the project's .py files: a Counter of Key, plus source lines."""
    expected = collections.Counter()
    sources = {}
    for root, dirs, files in os.walk(project):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", ".git"))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, project).replace(os.sep, "/")
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            sources[rel] = lines
            for number, text in enumerate(lines, start=1):
                for match in ANNOTATION.finditer(text):
                    for code in (c.strip() for c in match.group(1).split(",")):
                        if not CODE.match(code) or code not in CATALOG:
                            problems.append(f"{rel}:{number}: bad annotation '{code}' (not a rule of SPEC section 7)")
                            continue
                        expected[Key(rel, number, code)] += 1
    return expected, sources


def normalize_file(project, file):
    if os.path.isabs(file):
        file = os.path.relpath(file, project)
    file = file.replace(os.sep, "/")
    while file.startswith("./"):
        file = file[2:]
    return file


def run_lint(binary, project, problems):
    """Runs the linter; returns the list of findings, or None when the run itself failed."""
    command = [binary, "--format", "json", "-C", project, "lint"]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        problems.append(f"`{' '.join(command)}` did not finish within 120 s")
        return None
    if proc.returncode not in (0, 1):
        problems.append(f"`{' '.join(command)}` exited with {proc.returncode} (only 0 or 1 is a successful read)\n"
                        f"stderr:\n{proc.stderr.rstrip()}")
        return None
    try:
        findings = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        problems.append(f"stdout of `{' '.join(command)}` is not JSON ({e})\nstdout:\n{proc.stdout[:2000]}")
        return None
    if not isinstance(findings, list):
        problems.append("the JSON output is not an array of findings")
        return None
    has_error = False
    for i, f in enumerate(findings):
        if not isinstance(f, dict):
            problems.append(f"finding #{i} is not an object: {f!r}")
            return None
        for field, kind in (("code", str), ("level", str), ("file", str), ("line", int)):
            if not isinstance(f.get(field), kind) or isinstance(f.get(field), bool):
                problems.append(f"finding #{i} has no {kind.__name__} '{field}': {json.dumps(f)}")
                return None
        has_error = has_error or f["level"] == "error"
    if has_error and proc.returncode != 1:
        problems.append(f"findings at error level, but the exit code is {proc.returncode} (expected 1)")
    if not has_error and proc.returncode != 0:
        problems.append(f"no finding at error level, but the exit code is {proc.returncode} (expected 0)")
    return findings


def describe(finding):
    where = f"{finding['file']}:{finding['line']}"
    if finding.get("column"):
        where += f":{finding['column']}"
    return f"{where}: {finding['code']} {finding.get('name', '')}: {finding.get('message', '')}".rstrip()


def check_project(binary, project):
    project = os.path.abspath(project)
    label = os.path.basename(project)
    problems = []
    expected, sources = collect_expectations(project, problems)
    findings = run_lint(binary, project, problems)
    if findings is None:
        return label, problems, 0

    annotated_codes = {k.code for k in expected}
    actual = collections.Counter()
    by_key = collections.defaultdict(list)
    for f in findings:
        code = f["code"]
        if code in GATE_CODES and code not in annotated_codes:
            continue
        key = Key(normalize_file(project, f["file"]), f["line"], code)
        f = dict(f, file=key.file)
        actual[key] += 1
        by_key[key].append(f)
        if code not in CATALOG:
            problems.append(f"unknown rule code: {describe(f)}")
            continue
        name, level = CATALOG[code]
        if f.get("name") != name:
            problems.append(f"wrong rule name '{f.get('name')}' (expected '{name}'): {describe(f)}")
        if f["level"] != level:
            problems.append(f"wrong level '{f['level']}' (default of {code} is '{level}'): {describe(f)}")
        if f["line"] < 1:
            problems.append(f"finding without a line: {describe(f)}")
        if code == "MG203" and expected[key] == 0:
            problems.append(f"a revision file was reported as not parsing (MG203): {describe(f)}")

    def source_line(key):
        lines = sources.get(key.file)
        if lines and 1 <= key.line <= len(lines):
            return lines[key.line - 1].strip()
        return "(no such line)"

    for key in sorted(expected - actual):
        n = (expected - actual)[key]
        problems.append(f"missing {key.code} at {key.file}:{key.line}" + (f" (x{n})" if n > 1 else "") +
                        f"\n    {source_line(key)}")
    extra = actual - expected
    for key in sorted(extra):
        for f in by_key[key][-extra[key]:]:
            problems.append(f"unexpected {describe(f)}\n    {source_line(key)}")
    return label, problems, sum(expected.values())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the mig-guard executable")
    parser.add_argument("--project", action="append", required=True,
                        help="an Alembic project directory (alembic.ini at its root); repeatable")
    args = parser.parse_args()

    failed = False
    for project in args.project:
        label, problems, count = check_project(args.binary, project)
        if problems:
            failed = True
            print(f"FAIL {label}: {len(problems)} problem(s)")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"ok   {label}: {count} expected finding(s) reported exactly")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
