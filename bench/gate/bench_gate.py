#!/usr/bin/env python3
"""Budgets of the gate (SPEC section 11), measured on generated git repositories:

  check, nothing relevant changed, 10,000-file repository      <= 15 ms
  check, static path, 200 model classes and 500 revisions       <= 150 ms, <= 64 MB RSS
  verify (PostgreSQL), the same 500 revisions, every round trip  <= 10 s
  ci --base, the same project with the change committed: the
    static gate plus the whole chain in PostgreSQL                <= 10 s

  bench_gate.py --binary build/mig-guard [--runs 11] [--models 200] [--revisions 500] [--no-db]

Wall-clock medians of whole processes; peak RSS from wait4(). The project is SQLModel models
(every table with an indexed name and added columns) and the Alembic chain that builds them,
all reviewed; the change under test adds a column to one model with its reviewed revision.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "common"))
from benchkit import ENV_PY, MAKO, REVISION  # noqa: E402  (env.py, the revision file and script.py.mako of every benchmark project)


ALEMBIC_INI = """[alembic]
script_location = migrations
"""


def rev_id(i):
    return f"{i:012x}"


class Project:
    """Models and the revision chain that builds them, kept in step."""

    def __init__(self, models, revisions):
        self.models = models
        self.extra = {m: [] for m in range(models)}  # model -> added columns
        self.revisions = []  # (id, message, upgrade, downgrade)
        for m in range(models):
            self.add_revision(f"create t{m}", self.create_table(m), f"    op.drop_index(op.f('ix_t{m}_name'), table_name='t{m}')\n    op.drop_table('t{m}')")
        i = 0
        while len(self.revisions) < revisions:
            m = i % models
            self.add_column(m)
            i += 1

    @staticmethod
    def create_table(m):
        return (f"    op.create_table('t{m}',\n"
                "    sa.Column('id', sa.Integer(), nullable=False),\n"
                "    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),\n"
                "    sa.PrimaryKeyConstraint('id')\n    )\n"
                f"    op.create_index(op.f('ix_t{m}_name'), 't{m}', ['name'], unique=False)")

    def add_revision(self, message, up, down):
        self.revisions.append((rev_id(len(self.revisions) + 1), message, up, down))

    def add_column(self, m):
        col = f"c{len(self.extra[m])}"
        self.extra[m].append(col)
        self.add_revision(f"add {col} to t{m}",
                          f"    op.add_column('t{m}', sa.Column('{col}', sqlmodel.sql.sqltypes.AutoString(), nullable=True))",
                          f"    op.drop_column('t{m}', '{col}')")

    def model_source(self, lo, hi):
        lines = ["from typing import Optional\n", "from sqlmodel import Field, SQLModel\n\n"]
        for m in range(lo, hi):
            lines.append(f"\nclass T{m}(SQLModel, table=True):\n")
            lines.append("    id: Optional[int] = Field(default=None, primary_key=True)\n")
            lines.append("    name: str = Field(max_length=100, index=True)\n")
            for col in self.extra[m]:
                lines.append(f"    {col}: Optional[str] = None\n")
        return "".join(lines)

    def write(self, root: Path):
        (root / "migrations" / "versions").mkdir(parents=True, exist_ok=True)
        (root / "app" / "models").mkdir(parents=True, exist_ok=True)
        (root / "alembic.ini").write_text(ALEMBIC_INI)
        (root / "migrations" / "script.py.mako").write_text(MAKO)
        # A working env.py: mig-guard finds the models through its imports, as Alembic does.
        (root / "migrations" / "env.py").write_text(ENV_PY)
        (root / "pyproject.toml").write_text('[project]\nname = "bench"\ndependencies = ["sqlmodel==0.0.8", "sqlalchemy>=1.4,<1.5"]\n')
        (root / "app" / "__init__.py").write_text("")
        per_file = 20
        (root / "app" / "models" / "__init__.py").write_text(
            "".join(f"from .m{lo // per_file} import *  # noqa: F401,F403\n" for lo in range(0, self.models, per_file)))
        for lo in range(0, self.models, per_file):
            (root / "app" / "models" / f"m{lo // per_file}.py").write_text(self.model_source(lo, min(lo + per_file, self.models)))
        for n, (rid, message, up, down) in enumerate(self.revisions):
            down_id = self.revisions[n - 1][0] if n else None
            text = REVISION.format(message=message, rev=rid, down=down_id or "", down_repr=repr(down_id), upgrade=up,
                                   downgrade=down)
            slug = message.replace(" ", "_")
            (root / "migrations" / "versions" / f"{rid}_{slug}.py").write_text(text)


def run(cmd, cwd, env, check=True):
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


def timed(cmd, cwd, env, runs, expect=0):
    """Median wall time (s) and peak RSS (MB) of `runs` runs of cmd."""
    # The steady state, not the kernel writing back the files the case just created, nor the
    # first run's cold caches: flush, then one untimed run.
    os.sync()
    subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times, peak = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - start
        out, err = p.stdout.read().decode(), p.stderr.read().decode()
        p.stdout.close()
        p.stderr.close()
        code = os.waitstatus_to_exitcode(status)
        if code != expect:
            sys.exit(f"{' '.join(map(str, cmd))} exited {code}, expected {expect}:\n{out}\n{err}")
        times.append(elapsed)
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(times), peak


def git_env(home):
    env = dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="b@example.com",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="b@example.com")
    return env


def init_repo(path, env):
    path.mkdir(parents=True, exist_ok=True)
    run(["git", "init", "-q", "-b", "main"], path, env)
    run(["git", "config", "user.name", "Bench"], path, env)
    run(["git", "config", "user.email", "b@example.com"], path, env)
    # A commit of 10,000 new files triggers `git gc --auto`, which by default packs in the
    # background, during the timed runs; wait for it instead, so the repository is packed like a
    # real one and the figures are mig-guard's.
    run(["git", "config", "gc.autoDetach", "false"], path, env)


def report(rows, overhead_ms):
    print(f"\nProcess start from Python (median for /bin/true, subtracted from the ms rows): {overhead_ms:.1f} ms")
    print(f"\n{'case':<62} {'measured':>12} {'budget':>10}  ok")
    for name, value, budget, unit in rows:
        ok = "yes" if value <= budget else "NO"
        print(f"{name:<62} {value:>9.1f} {unit:<2} {budget:>7} {unit:<2} {ok}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", required=True)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--models", type=int, default=200)
    ap.add_argument("--revisions", type=int, default=500)
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--no-db", action="store_true", help="skip the PostgreSQL case")
    args = ap.parse_args()
    binary = str(Path(args.binary).resolve())
    tmp = Path(tempfile.mkdtemp(prefix="mg-bench-gate-"))
    rows = []
    # What spawning any process costs here, so that the figures are mig-guard's own.
    overhead, _ = timed(["/bin/true"], tmp, dict(os.environ), max(args.runs, 21))
    try:
        env = git_env(tmp)
        # 1. Nothing relevant changed in a 10,000-file repository.
        big = tmp / "big"
        init_repo(big, env)
        Project(10, 20).write(big)
        for i in range(args.files):
            d = big / "web" / f"d{i // 100}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"f{i}.js").write_text(f"export const v{i} = {i};\n")
        run([binary, "review", "--baseline"], big, env)
        run(["git", "add", "-A"], big, env)
        run(["git", "commit", "-q", "-m", "big"], big, env)
        (big / "web" / "d0" / "f0.js").write_text("export const v0 = -1;\n")
        run(["git", "add", "-A"], big, env)
        ms, _ = timed([binary, "check"], big, env, args.runs)
        rows.append((f"check, nothing relevant changed, {args.files:,} files", (ms - overhead) * 1000, 15, "ms"))

        # 2. The static path: models and revisions changed, everything reviewed.
        proj = tmp / "proj"
        init_repo(proj, env)
        project = Project(args.models, args.revisions)
        project.write(proj)
        run([binary, "review", "--baseline"], proj, env)
        run(["git", "add", "-A"], proj, env)
        run(["git", "commit", "-q", "-m", "project"], proj, env)
        project.add_column(0)
        project.write(proj)
        run(["git", "add", "-A"], proj, env)
        run([binary, "review", "--approve"], proj, env)
        run(["git", "add", "-A"], proj, env)
        ms, rss = timed([binary, "check"], proj, env, args.runs)
        label = f"{args.models} models, {len(project.revisions)} revisions"
        rows.append((f"check, static path, {label}", (ms - overhead) * 1000, 150, "ms"))
        rows.append((f"check, static path, {label}: peak RSS", rss, 64, "MB"))

        # 3. Verification in PostgreSQL.
        if not args.no_db:
            db_runs = max(1, min(args.runs, 3))
            s, _ = timed([binary, "verify"], proj, env, db_runs)
            rows.append((f"verify in PostgreSQL, {len(project.revisions)} revisions with round trips", s, 10, "s"))

            # 4. The CI gate: the change committed on top of a base branch; ci reads both from
            # git objects, runs the static gate and verifies the chain in PostgreSQL (the whole
            # chain against the models, the added revision's round trip).
            run(["git", "branch", "bench-base"], proj, env)
            run(["git", "commit", "-q", "-m", "change"], proj, env)
            s, _ = timed([binary, "ci", "--base", "bench-base"], proj, env, db_runs)
            rows.append((f"ci --base with verification in PostgreSQL, {len(project.revisions)} revisions", s, 10, "s"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report(rows, overhead * 1000)


if __name__ == "__main__":
    main()
