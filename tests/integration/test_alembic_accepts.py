#!/usr/bin/env python3
"""The real Alembic accepts the revisions mig-guard writes, and runs exactly the SQL that
mig-guard says they run.

1. Initial schema: on a copy of fixtures/example-app with its versions/ emptied, the revision
   mig-guard writes for empty -> models is the only revision. `alembic upgrade head --sql`
   must succeed and emit the same statements as `mig-guard diff --format sql` for the same
   change (create_all's order, `schema --format sql`, legitimately differs: it creates every
   enum type first and lists constraints in creation order).
2. A model change: on a copy of the example app with fixtures/example-app-change applied, the
   revision mig-guard writes (down_revision = the app's head) must be accepted by
   `alembic upgrade HEAD:NEW --sql`, emitting the same statements as `mig-guard diff --format
   sql`; and `alembic downgrade NEW:HEAD --sql` must succeed too.

Statements are compared one by one after normalizing whitespace. Alembic runs from
/usr/bin/python3 (Debian's python3-alembic); without it this test fails, it never skips.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

PYTHON = "/usr/bin/python3"
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1795000000", TZ="UTC", NO_COLOR="1",
           DATABASE_URL="postgresql://mig:guard@localhost/mig_guard", PYTHONDONTWRITEBYTECODE="1")
failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
    return cond


def run(cmd, cwd, expect_ok=True):
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)
    if expect_ok and proc.returncode != 0:
        raise SystemExit(f"FAILED: {' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def normalize(stmt):
    return re.sub(r"\s+", " ", stmt).strip().rstrip(";").strip()


def statements(sql_text):
    """Statements of `alembic --sql` or `mig-guard --format sql` output, minus Alembic's own
    bookkeeping (transactions, alembic_version)."""
    out = []
    lines = [l for l in sql_text.splitlines() if not l.strip().startswith("--")]
    for stmt in re.split(r";\s*\n", "\n".join(lines)):
        s = normalize(stmt)
        if not s or s in ("BEGIN", "COMMIT"):
            continue
        if "alembic_version" in s:
            continue
        out.append(s)
    return out


def compare(label, alembic_sql, mig_guard_sql):
    a, m = statements(alembic_sql), statements(mig_guard_sql)
    check(len(a) > 0, f"{label}: alembic emitted no statements")
    if a != m:
        lines = [f"{label}: statements differ (alembic vs mig-guard):"]
        for i in range(max(len(a), len(m))):
            sa_ = a[i] if i < len(a) else "<none>"
            sm = m[i] if i < len(m) else "<none>"
            mark = "  " if sa_ == sm else "!="
            lines.append(f" {mark} alembic:   {sa_}\n    mig-guard: {sm}")
        failures.append("\n".join(lines))
    else:
        print(f"{label}: {len(a)} statements identical")


def head_revision(versions_dir):
    revs, downs = set(), set()
    for path in glob.glob(os.path.join(versions_dir, "*.py")):
        text = open(path, encoding="utf-8").read()
        m = re.search(r"^revision\s*(?::[^=]*)?=\s*['\"]([0-9a-zA-Z_]+)['\"]", text, re.M)
        if m:
            revs.add(m.group(1))
        d = re.search(r"^down_revision\s*(?::[^=]*)?=\s*(.*)$", text, re.M)
        if d:
            downs.update(re.findall(r"['\"]([0-9a-zA-Z_]+)['\"]", d.group(1)))
    heads = sorted(revs - downs)
    if len(heads) != 1:
        raise SystemExit(f"FAILED: expected one head in {versions_dir}, found {heads}")
    return heads[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--fixtures", required=True)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    app = os.path.join(args.fixtures, "example-app")
    change = os.path.join(args.fixtures, "example-app-change")

    probe = subprocess.run([PYTHON, "-c", "import alembic, sqlmodel, sqlalchemy"], capture_output=True, text=True)
    if probe.returncode != 0:
        raise SystemExit("FAILED: Debian's Alembic is not importable from /usr/bin/python3: "
                         "apt-get install python3-alembic python3-sqlmodel python3-sqlalchemy\n" + probe.stderr)

    with tempfile.TemporaryDirectory(prefix="mg-alembic-") as tmp:
        ignore = shutil.ignore_patterns("__pycache__")
        # 1. empty -> models, as the only revision.
        initial = os.path.join(tmp, "initial")
        shutil.copytree(app, initial, ignore=ignore)
        versions = os.path.join(initial, "migrations", "versions")
        for f in glob.glob(os.path.join(versions, "*.py")):
            os.remove(f)
        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        rev = run([binary, "diff", "--from", empty, "--to", initial, "--format", "revision",
                   "--rev-id", "1a2b3c4d5e6f", "-m", "initial schema"], tmp).stdout
        check("import sqlmodel" in rev, "initial revision does not import sqlmodel")
        with open(os.path.join(versions, "1a2b3c4d5e6f_initial_schema.py"), "w") as f:
            f.write(rev)
        up = run([PYTHON, "-m", "alembic", "upgrade", "head", "--sql"], initial)
        compare("initial upgrade", up.stdout,
                run([binary, "diff", "--from", empty, "--to", initial, "--format", "sql"], tmp).stdout)
        down = run([PYTHON, "-m", "alembic", "downgrade", "1a2b3c4d5e6f:base", "--sql"], initial)
        check("DROP TABLE" in down.stdout, "initial downgrade drops no table:\n" + down.stdout)

        # 2. a model change on top of the app's own chain.
        changed = os.path.join(tmp, "changed")
        shutil.copytree(app, changed, ignore=ignore)
        shutil.copytree(change, changed, dirs_exist_ok=True, ignore=ignore)
        versions = os.path.join(changed, "migrations", "versions")
        head = head_revision(versions)
        rev = run([binary, "diff", "--from", app, "--to", changed, "--format", "revision", "--rev-id",
                   "abcdef012345", "--head", head, "-m", "task priority"], tmp).stdout
        check(f"down_revision" in rev and head in rev, "change revision does not follow the head " + head)
        with open(os.path.join(versions, "abcdef012345_task_priority.py"), "w") as f:
            f.write(rev)
        up = run([PYTHON, "-m", "alembic", "upgrade", f"{head}:abcdef012345", "--sql"], changed)
        compare("change upgrade", up.stdout,
                run([binary, "diff", "--from", app, "--to", changed, "--format", "sql"], tmp).stdout)
        down = run([PYTHON, "-m", "alembic", "downgrade", f"abcdef012345:{head}", "--sql"], changed)
        check("ALTER TABLE" in down.stdout, "change downgrade does nothing:\n" + down.stdout)

    if failures:
        print("\n\n".join(failures))
        return 1
    print("alembic accepts mig-guard's revisions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
