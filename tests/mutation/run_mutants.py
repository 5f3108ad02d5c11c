#!/usr/bin/env python3
"""A small mutation check: plants realistic bugs in a copy of the source tree, one at a time, and
asserts that the tests meant to catch each one fail. Run by hand (README, Development), not in
.ci/run: each mutant is a rebuild.

  tests/mutation/run_mutants.py                      every mutant
  tests/mutation/run_mutants.py --only gate-accepts-unreviewed
  tests/mutation/run_mutants.py --list

The copy (git's tracked and untracked, not ignored, files of the working tree) and its build go
to a scratch directory (--scratch, default a new one under $TMPDIR, removed afterwards unless
--keep). For each mutant: build its targets and run its tests unmutated (they must pass, or the
mutant proves nothing), plant the bug, build and run again (they must fail), restore the file.
A mutant whose site is no longer in the source is an error: update the mutant with the code.

Exit 0 when every mutant was caught; 1 when one survived or could not be checked.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Mutant:
    name: str
    bug: str
    file: str
    old: str
    new: str
    targets: tuple
    tests: str  # ctest -R regular expression


MUTANTS = [
    Mutant("none-first-union-not-null",
           "`None | X` read as NOT NULL: only `X | None` marks a column optional",
           "src/models/extract.cpp",
           "if (l_none) { optional = true; return strip_annotation(m, r, optional, depth + 1); }",
           "if (l_none) { return strip_annotation(m, r, optional, depth + 1); }",
           ("models_tests",), r"^(SQLModel|Mapped)\."),
    Mutant("writer-forgets-import-sqlmodel",
           "the revision writer drops `import sqlmodel` for sqlmodel.sql.sqltypes columns",
           "src/alembic/writer.cpp",
           "if (imp != detail::k_import_op && imp != detail::k_import_sa) m_imports.insert(imp);",
           "if (imp != detail::k_import_op && imp != detail::k_import_sa && imp != \"import sqlmodel\")\n"
           "                m_imports.insert(imp);",
           ("test_alembic_writer", "test_alembic_reader", "mig-guard"), r"^alembic/|^golden/models/"),
    Mutant("gate-accepts-unreviewed",
           "the gate lets an added revision without a ledger entry through (no MG102)",
           "src/gate/gate.cpp",
           "if (state == ledger::ReviewState::unreviewed) {",
           "if (state == ledger::ReviewState::unreviewed && false) {",
           ("test_gate",), r"^gate/"),
    Mutant("sql-finding-on-the-execute-line",
           "a finding in op.execute SQL points at the op.execute line, not at its statement",
           "src/lint/helpers.cpp",
           "return {ctx.file.path, pos.line, pos.column};",
           "return {ctx.file.path, op.location.line, pos.column};",
           ("test_lint", "mig-guard"), r"^lint/|^golden/rules/MG30"),
]


def log(msg):
    print(f"==> {msg}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)


def copy_tree(dest):
    files = run(["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], check=True)
    for rel in filter(None, files.stdout.split("\0")):
        src = ROOT / rel
        if not src.is_file():  # deleted in the working tree
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest / rel)


class Checker:
    def __init__(self, src, build, jobs):
        self.src, self.build, self.jobs = src, build, jobs
        # An exported MG_UPDATE_GOLDENS would rewrite the goldens and let every mutant pass.
        self.env = {k: v for k, v in os.environ.items() if k != "MG_UPDATE_GOLDENS"}

    def configure(self):
        log(f"configuring {self.build}")
        r = run(["cmake", "-S", self.src, "-B", self.build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], env=self.env)
        if r.returncode != 0:
            sys.exit(f"run_mutants.py: cmake failed:\n{r.stdout}\n{r.stderr}")

    def build_targets(self, targets):
        r = run(["cmake", "--build", self.build, "-j", str(self.jobs), "--target", *targets], env=self.env)
        return r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]

    def tests_pass(self, regex):
        # Tests of targets not built are placeholders named <target>_NOT_BUILT: left out.
        r = run(["ctest", "--test-dir", self.build, "-R", regex, "-E", "_NOT_BUILT", "-j", str(self.jobs),
                 "--timeout", "600", "--no-tests=error"], env=self.env)
        failed = [line.strip() for line in r.stdout.splitlines() if "(Failed)" in line or "(Timeout)" in line]
        summary = next((line for line in r.stdout.splitlines() if "tests passed" in line), "")
        return r.returncode == 0, summary, failed

    def check(self, m):
        """'caught', or why the mutant could not be checked or survived."""
        path = self.src / m.file
        original = path.read_text()
        if original.count(m.old) != 1:
            return f"ERROR: the site is not (or not once) in {m.file}; update the mutant"
        ok, out = self.build_targets(m.targets)
        if not ok:
            return f"ERROR: the unmutated tree does not build:\n{out}"
        ok, summary, failed = self.tests_pass(m.tests)
        if not ok:
            return f"ERROR: the tests fail without the bug ({summary}): {failed}"
        log(f"{m.name}: unmutated {summary}")
        path.write_text(original.replace(m.old, m.new))
        try:
            ok, out = self.build_targets(m.targets)
            if not ok:
                return f"ERROR: the mutant does not compile (fix the mutant):\n{out}"
            ok, summary, failed = self.tests_pass(m.tests)
        finally:
            path.write_text(original)
        if ok:
            return f"SURVIVED: the tests ({m.tests}) pass with the bug: {summary}"
        log(f"{m.name}: mutated {summary}; failing: {', '.join(failed[:5])}{' ...' if len(failed) > 5 else ''}")
        return "caught"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", help="run only this mutant (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--scratch", help="work here (kept) instead of a new temporary directory")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--jobs", type=int, default=min(os.cpu_count() or 2, 4))
    args = ap.parse_args()
    if args.list:
        for m in MUTANTS:
            print(f"{m.name:34} {m.bug}")
        return 0
    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    unknown = set(args.only or []) - {m.name for m in MUTANTS}
    if unknown:
        sys.exit(f"run_mutants.py: no mutant named {', '.join(sorted(unknown))} (see --list)")
    scratch = Path(args.scratch) if args.scratch else Path(tempfile.mkdtemp(prefix="mig-guard-mutants."))
    keep = args.keep or bool(args.scratch)
    src, build = scratch / "src", scratch / "build"
    try:
        if not src.exists():
            log(f"copying the source tree to {src}")
            copy_tree(src)
        checker = Checker(src, build, args.jobs)
        checker.configure()
        results = []
        for m in chosen:
            start = time.time()
            log(f"{m.name}: {m.bug}")
            results.append((m, checker.check(m), time.time() - start))
        print()
        for m, verdict, seconds in results:
            print(f"{m.name:34} {verdict.splitlines()[0]} ({seconds:.0f} s)")
            if verdict != "caught":
                print("\n".join("    " + line for line in verdict.splitlines()[1:]))
        return 0 if all(v == "caught" for _, v, _ in results) else 1
    finally:
        if keep:
            log(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
