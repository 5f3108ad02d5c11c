#!/usr/bin/env python3
"""mig-guard against Alembic, in one run, on the same generated projects and the same PostgreSQL.

  bench_vs_alembic.py [--binary build/mig-guard] [--runs 5] [--full] [--sizes 10:10,50:125]
                      [--plot FILE.png] [--json FILE] [--python /usr/bin/python3]

For each size (model classes : revisions; default 10:10, 50:125, 200:500, and with --full also
1000:2000) it generates a SQLModel project whose history is one git commit per revision
(bench/common/benchkit.py), adopts it with `mig-guard review --baseline`, and measures whole
processes (wall-clock median of --runs after one untimed warm-up run; peak RSS from wait4):

  apply the chain   `mig-guard apply --database-url URL`  vs  `python3 -m alembic upgrade head`,
                    each into a fresh database; both must exit 0 and leave the same head, tables,
                    columns, indexes and foreign keys.
  detect drift      a model column is staged with no revision; the database is at head.
                    `mig-guard check` (static path: writes the missing revision, exits 1; the file
                    is removed after each run) and `mig-guard ci --base main --head feature --no-db`
                    (the same change committed on a branch; prints the revision, never writes) vs
                    `alembic check` when the installed Alembic has it, else
                    `alembic revision --autogenerate` (the file is removed after each run). Each
                    tool's revision must consist of exactly the add_column of the staged column.
  ci with verification (at the size with 500 revisions): the branch also carries the reviewed
                    revision; `mig-guard ci --base main --head feature-ok` verifies it in its own
                    ephemeral PostgreSQL (SPEC 11: <= 10 s).

It prints a table of medians, peak RSS and ratios, and writes a PNG of time against project size
(matplotlib: `apt-get install python3-matplotlib`; without it the table is still printed).
The benchmark's own PostgreSQL (initdb + pg_ctl, Unix socket in a temporary directory, fsync off)
is stopped and its directory removed on every exit path.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "common"))
import benchkit  # noqa: E402
from benchkit import Cluster, Project, Series, git_env, measure, run  # noqa: E402

QUICK = [(10, 10), (50, 125), (200, 500)]
FULL = [(1000, 2000)]
DRIFT_COLUMN = "bench_drift"
CI_VERIFY_REVISIONS = 500


def upgrade_ops(text):
    """The op.* calls of a revision's upgrade()."""
    body = text.split("def upgrade", 1)[-1].split("def downgrade", 1)[0]
    return re.findall(r"\bop\.(\w+)\(", body)


def expect(result, what, codes):
    if result.code not in codes:
        sys.exit(f"{what}: exit code {result.code}, expected {' or '.join(map(str, codes))}\n"
                 f"--- stdout\n{result.out[-4000:]}\n--- stderr\n{result.err[-4000:]}")


def check_drift_revision(text, who):
    ops = upgrade_ops(text)
    if ops != ["add_column"] or DRIFT_COLUMN not in text:
        sys.exit(f"{who}: the revision for the staged column should be one add_column of {DRIFT_COLUMN}, "
                 f"found ops {ops}:\n{text}")


class Bench:
    def __init__(self, args, cluster, tmp):
        self.args, self.cluster, self.tmp = args, cluster, tmp
        self.binary = str(Path(args.binary).resolve())
        self.alembic = [args.python, "-m", "alembic"]
        self.has_check = run([args.python, "-c", "import alembic.command as c; print(hasattr(c, 'check'))"],
                             "/", dict(os.environ)).stdout.strip() == "True"
        self.results = []

    def series(self, cmd, cwd, env, what, codes, after=None):
        """Warm-up runs, then --runs timed runs; `after(result)` checks and cleans up each run."""
        s = Series()
        for i in range(self.args.warmup + self.args.runs):
            r = measure(cmd, cwd, env)
            expect(r, what, codes)
            if after:
                after(r)
            if i >= self.args.warmup:
                s.add(r)
        return s

    def size(self, models, revisions):
        args, cluster = self.args, self.cluster
        root = self.tmp / f"p{models}x{revisions}"
        env = git_env(self.tmp / "home")
        project = Project(models, revisions)
        commits = project.create_repo(root, env)
        run([self.binary, "-q", "review", "--baseline"], root, env)
        run(["git", "add", "-A"], root, env)
        run(["git", "commit", "-q", "-m", "adopt: mig-guard review --baseline"], root, env)
        head = project.head()
        label = f"{models} models, {revisions} revisions"
        print(f"== {label} ({commits + 1} commits)", file=sys.stderr, flush=True)
        row = {"models": models, "revisions": revisions, "commits": commits + 1, "cases": {}}

        # 1. Apply the chain to a fresh database.
        dbs = {"mg": 0, "al": 0}

        def fresh(tool):
            dbs[tool] += 1
            db = f"{tool}_{models}_{dbs[tool]}"
            cluster.create_db(db)
            if dbs[tool] > 1:
                cluster.drop_db(f"{tool}_{models}_{dbs[tool] - 1}")
            return db

        mg_apply, al_apply = Series(), Series()
        for i in range(args.warmup + args.runs):
            mg_db, al_db = fresh("mg"), fresh("al")
            r = measure([self.binary, "-q", "apply", "--database-url", cluster.url(mg_db)], root, env)
            expect(r, "mig-guard apply", [0])
            a = measure(self.alembic + ["upgrade", "head"], root, dict(env, BENCH_DATABASE_URL=cluster.sa_url(al_db)))
            expect(a, "alembic upgrade head", [0])
            got_mg, got_al = cluster.catalog(mg_db), cluster.catalog(al_db)
            if got_mg["head"] != head or got_al["head"] != head:
                sys.exit(f"apply: heads differ from {head}: mig-guard {got_mg['head']!r}, Alembic {got_al['head']!r}")
            for key in got_mg:
                if got_mg[key] != got_al[key]:
                    sys.exit(f"apply: the databases differ in {key}:\nmig-guard:\n{got_mg[key][:3000]}\nAlembic:\n{got_al[key][:3000]}")
            if got_mg["columns"].count("\n") + 1 < models * 4:
                sys.exit(f"apply: too few columns ({got_mg['columns'].count(chr(10)) + 1}) for {models} tables")
            if i >= args.warmup:
                mg_apply.add(r)
                al_apply.add(a)
        row["cases"]["apply"] = (mg_apply, al_apply)
        cluster.drop_db(f"mg_{models}_{dbs['mg']}")
        drift_db = f"al_{models}_{dbs['al']}"  # Alembic's own database, at head

        # 2. Drift: a column staged with no revision, and the same change on a branch.
        m = models // 2
        group = m // benchkit.PER_FILE
        path = root / "app" / "models" / f"m{group}.py"
        path.write_text(project.model_module(group, extra={m: [f"{DRIFT_COLUMN}: Optional[int] = None"]}))
        run(["git", "add", path], root, env)
        tree = run(["git", "write-tree"], root, env).stdout.strip()
        sha = run(["git", "commit-tree", tree, "-p", "main", "-m", f"add {DRIFT_COLUMN}"], root, env).stdout.strip()
        run(["git", "update-ref", "refs/heads/feature", sha], root, env)
        versions = root / "migrations" / "versions"
        status_before = run(["git", "status", "--porcelain"], root, env).stdout
        before = {p.name for p in versions.glob("*.py")}

        def take_new_revision(who):
            new = [p for p in versions.glob("*.py") if p.name not in before]
            if len(new) != 1:
                sys.exit(f"{who}: expected one new revision file, found {[p.name for p in new]}")
            check_drift_revision(new[0].read_text(), who)
            new[0].unlink()
            for pyc in (versions / "__pycache__").glob(new[0].stem + ".*"):
                pyc.unlink()

        mg_check = self.series([self.binary, "check"], root, env, "mig-guard check (drift)", [1],
                               lambda r: take_new_revision("mig-guard check"))

        def ci_printed(r):
            if DRIFT_COLUMN not in r.out + r.err or "add_column" not in r.out + r.err:
                sys.exit(f"mig-guard ci --no-db: the missing revision ({DRIFT_COLUMN}) is not reported:\n{r.out}\n{r.err}")

        mg_ci = self.series([self.binary, "ci", "--base", "main", "--head", "feature", "--no-db"], root, env,
                            "mig-guard ci --no-db (drift)", [1], ci_printed)
        al_env = dict(env, BENCH_DATABASE_URL=cluster.sa_url(drift_db))
        if self.has_check:
            def al_detected(r):
                if DRIFT_COLUMN not in r.out + r.err:
                    sys.exit(f"alembic check did not report {DRIFT_COLUMN}:\n{r.out}\n{r.err}")
            al_drift = self.series(self.alembic + ["check"], root, al_env, "alembic check", [1, 255], al_detected)
            al_name = "alembic check"
        else:
            al_drift = self.series(self.alembic + ["revision", "--autogenerate", "-m", "x"], root, al_env,
                                   "alembic revision --autogenerate", [0],
                                   lambda r: take_new_revision("alembic revision --autogenerate"))
            al_name = "alembic revision --autogenerate"
        if run(["git", "status", "--porcelain"], root, env).stdout != status_before:
            sys.exit("the drift runs left changes in the repository:\n" + run(["git", "status", "--porcelain"], root, env).stdout)
        row["alembic_drift"] = al_name
        row["cases"]["check"] = (mg_check, al_drift)
        row["cases"]["ci"] = (mg_ci, al_drift)
        cluster.drop_db(drift_db)

        # 3. ci with full verification in PostgreSQL (SPEC 11), at the size with 500 revisions.
        if revisions == CI_VERIFY_REVISIONS or args.ci_verify_all:
            run([self.binary, "check"], root, env, check=False)  # writes the revision
            run([self.binary, "-q", "review", "--approve"], root, env)
            run(["git", "add", "-A"], root, env)
            tree = run(["git", "write-tree"], root, env).stdout.strip()
            sha = run(["git", "commit-tree", tree, "-p", "main", "-m", f"add {DRIFT_COLUMN}, reviewed"], root, env).stdout.strip()
            run(["git", "update-ref", "refs/heads/feature-ok", sha], root, env)
            runs, args.runs = args.runs, min(args.runs, 3)
            try:
                row["ci_verify"] = self.series([self.binary, "ci", "--base", "main", "--head", "feature-ok"], root, env,
                                               "mig-guard ci (full verification)", [0])
            finally:
                args.runs = runs
        benchkit.remove_tmp(root)
        self.results.append(row)


CASES = [("apply", "apply the chain", "mig-guard apply", "alembic upgrade head"),
         ("check", "detect drift", "mig-guard check", None),
         ("ci", "detect drift", "mig-guard ci --no-db", None)]


def print_table(bench, overhead):
    print()
    print(f"mig-guard vs Alembic: median of {bench.args.runs} run(s) after {bench.args.warmup} warm-up, "
          f"whole processes; peak RSS = max over the runs (wait4). Process spawn: {overhead * 1000:.1f} ms, not subtracted.")
    head = f"| {'models':>6} | {'revisions':>9} | {'case':<15} | {'mig-guard':<22} | {'time':>9} | {'RSS':>7} | " \
           f"{'Alembic':<32} | {'time':>9} | {'RSS':>7} | {'ratio':>7} |"
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|")
    for row in bench.results:
        for key, case, mg_name, al_name in CASES:
            mg, al = row["cases"][key]
            al_name = al_name or row["alembic_drift"]
            print(f"| {row['models']:>6} | {row['revisions']:>9} | {case:<15} | {mg_name:<22} | {fmt_time(mg.median):>9} | "
                  f"{mg.peak:>4.0f} MB | {al_name:<32} | {fmt_time(al.median):>9} | {al.peak:>4.0f} MB | "
                  f"{al.median / mg.median:>6.1f}x |")
    for row in bench.results:
        if "ci_verify" in row:
            s = row["ci_verify"]
            print(f"\nmig-guard ci --base main (full PostgreSQL verification), {row['models']} models, {row['revisions']} "
                  f"revisions: median {s.median:.2f} s over {len(s.times)} run(s), peak RSS {s.peak:.0f} MB (budget 10 s)")


def fmt_time(s):
    if s < 1:
        return f"{s * 1000:.0f} ms"
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def plot(bench, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib import ticker
    except ImportError:
        print(f"\nno plot: matplotlib is missing (Debian: apt-get install python3-matplotlib; "
              f"or pip install matplotlib for {sys.executable})", file=sys.stderr)
        return False
    sizes = [r["models"] for r in bench.results]
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(12, 5))
    lines = [("check", 0, "mig-guard check", "tab:blue", "o-"), ("ci", 0, "mig-guard ci --no-db", "tab:cyan", "s-"),
             ("check", 1, bench.results[0]["alembic_drift"], "tab:red", "o-"),
             ("apply", 0, "mig-guard apply", "tab:green", "^--"), ("apply", 1, "alembic upgrade head", "tab:orange", "^--")]
    for key, side, label, color, style in lines:
        ax_t.plot(sizes, [r["cases"][key][side].median for r in bench.results], style, color=color, label=label)
        ax_m.plot(sizes, [r["cases"][key][side].peak for r in bench.results], style, color=color, label=label)
    ticks = [f"{r['models']}\n{r['revisions']} rev" for r in bench.results]
    for ax, title, ylabel in ((ax_t, "Wall time (median, log scale)", "time"), (ax_m, "Peak RSS (max over runs)", "MB")):
        ax.set_xscale("log")
        ax.set_xticks(sizes)
        ax.set_xticklabels(ticks)
        ax.xaxis.set_minor_locator(ticker.NullLocator())
        ax.set_xlabel("model classes / revisions")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, which="major", alpha=0.3)
    ax_t.set_yscale("log")
    ax_t.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
    ax_t.yaxis.set_minor_locator(ticker.NullLocator())
    ax_t.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v * 1000:g} ms" if v < 1 else f"{v:g} s"))
    ax_m.set_ylim(bottom=0)
    ax_t.legend(fontsize=8)
    fig.suptitle(f"mig-guard vs Alembic ({bench.results[0]['alembic_drift']}), same project and PostgreSQL")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"\nplot: {path}")
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--binary", default="build/mig-guard")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per case (median)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs before them")
    ap.add_argument("--full", action="store_true", help="add 1,000 models / 2,000 revisions")
    ap.add_argument("--sizes", help="models:revisions,... instead of the default set")
    ap.add_argument("--python", default="/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable,
                    help="the interpreter with Alembic, SQLModel and psycopg2")
    ap.add_argument("--plot", default=os.path.join(tempfile.gettempdir(), "mig-guard-vs-alembic.png"))
    ap.add_argument("--no-plot", action="store_true")
    ap.add_argument("--json", help="write the figures here (read by bench/budgets.py)")
    ap.add_argument("--ci-verify-all", action="store_true", help="time `ci` with verification at every size")
    args = ap.parse_args()
    if args.sizes:
        sizes = [tuple(int(x) for x in s.split(":")) for s in args.sizes.split(",")]
    else:
        sizes = QUICK + (FULL if args.full else [])
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"{args.binary}: no mig-guard binary (build it, or pass --binary)")
    probe = subprocess.run([args.python, "-c", "import alembic, sqlmodel, psycopg2; print(alembic.__version__)"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit(f"{args.python} cannot import alembic, sqlmodel and psycopg2 "
                 f"(Debian: apt-get install python3-alembic python3-sqlmodel python3-psycopg2):\n{probe.stderr}")
    alembic_version = probe.stdout.strip()

    benchkit.cleanup_on_signals()
    tmp = benchkit.make_tmp("mg-bench-compare-")
    cluster = None
    try:
        overhead = benchkit.spawn_overhead()
        cluster = Cluster(tmp)
        bench = Bench(args, cluster, tmp)
        for models, revisions in sizes:
            bench.size(models, revisions)
    finally:
        if cluster:
            cluster.stop()
        benchkit.remove_tmp(tmp)

    load = os.getloadavg()
    print(f"\nAlembic {alembic_version} ({args.python}), mig-guard {Path(args.binary).resolve()}; "
          f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs")
    print_table(bench, overhead)
    if not args.no_plot:
        plot(bench, args.plot)
    if args.json:
        out = []
        for row in bench.results:
            item = {k: row[k] for k in ("models", "revisions", "commits", "alembic_drift")}
            for key, (mg, al) in row["cases"].items():
                item[key] = {"mig_guard_s": mg.median, "mig_guard_rss_mb": mg.peak, "alembic_s": al.median,
                             "alembic_rss_mb": al.peak, "mig_guard_runs": mg.times, "alembic_runs": al.times}
            if "ci_verify" in row:
                item["ci_verify"] = {"s": row["ci_verify"].median, "rss_mb": row["ci_verify"].peak,
                                     "runs": row["ci_verify"].times}
            out.append(item)
        Path(args.json).write_text(json.dumps({"spawn_overhead_s": overhead, "alembic": alembic_version,
                                               "runs": args.runs, "sizes": out}, indent=1))


if __name__ == "__main__":
    main()
