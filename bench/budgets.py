#!/usr/bin/env python3
"""Every budget of SPEC section 11 (and the budgets that issues added), measured in one run by the
existing benchmarks, in one table: case, figure, budget, met or MISSED.

  bench/budgets.py [--build build] [--runs 7] [--compare-sizes 200:500] [--plot FILE.png]

Runs, one after the other (their own output is printed as they finish):
  bench/gate/bench_gate.py          check with nothing relevant changed (10,000 files); check on the
                                    static path (200 models, 500 revisions) and its peak RSS; verify
  build/bench/pg/bench_pg_server    ephemeral PostgreSQL ready, warm template and cold
  bench/compare/bench_vs_alembic.py mig-guard against Alembic on the same project and database;
                                    ci with full PostgreSQL verification of 500 revisions
  bench/lint/bench_lint.py          lint over 2,000 revisions (issue 3)
  bench/apply/bench_apply.py        apply 500 revisions (SPEC 9)

Exit code: 0 every budget met, 1 a budget missed, 3 a benchmark failed or its figure could not be read.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


class Table:
    def __init__(self):
        self.rows = []  # (case, figure text, budget text, status, source)

    def add(self, case, value, budget, unit, source, at_least=False, fmt="{:.1f}"):
        if value is None:
            self.rows.append((case, "not measured", f"{'>=' if at_least else '<='} {budget:g} {unit}", "ERROR", source))
            return
        met = value >= budget if at_least else value <= budget
        self.rows.append((case, f"{fmt.format(value)} {unit}", f"{'>=' if at_least else '<='} {budget:g} {unit}",
                          "met" if met else "MISSED", source))

    def print(self):
        widths = [max(len(str(r[i])) for r in self.rows + [("case", "figure", "budget", "status", "measured by")])
                  for i in range(5)]
        header = ("case", "figure", "budget", "status", "measured by")

        def line(r):
            return "| " + " | ".join(str(c).ljust(w) if i in (0, 4) else str(c).rjust(w)
                                     for i, (c, w) in enumerate(zip(r, widths))) + " |"
        print(line(header))
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for r in self.rows:
            print(line(r))


def run_bench(name, cmd, failures):
    print(f"\n==> {name}: {' '.join(map(str, cmd))}", flush=True)
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    print(r.stdout.rstrip())
    if r.returncode != 0:
        print(r.stderr.rstrip()[-3000:])
    # A benchmark may exit 1 for a missed budget (bench_apply does); its figures still count.
    if r.returncode not in (0, 1) or not r.stdout.strip():
        failures.append(f"{name} exited {r.returncode}")
    return r.stdout


def find(pattern, text, flags=0):
    m = re.search(pattern, text, flags)
    return float(m.group(1).replace(",", "")) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--build", default="build", help="build directory (mig-guard, bench/pg/bench_pg_server)")
    ap.add_argument("--binary", help="mig-guard binary (default: BUILD/mig-guard)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--compare-sizes", default="200:500", help="sizes of the Alembic comparison (models:revisions,...)")
    ap.add_argument("--plot", help="PNG of the Alembic comparison (default: none)")
    ap.add_argument("--python", default="/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable,
                    help="the interpreter with Alembic, SQLModel and psycopg2 (for the comparison)")
    args = ap.parse_args()
    build = Path(args.build).resolve()
    binary = Path(args.binary).resolve() if args.binary else build / "mig-guard"
    pg_bench = build / "bench" / "pg" / "bench_pg_server"
    for path in (binary, pg_bench):
        if not os.access(path, os.X_OK):
            sys.exit(f"{path}: not built (cmake --build {build} --target mig-guard bench_pg_server)")
    py = sys.executable
    failures = []
    table = Table()
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")

    # SPEC 11: the gate.
    out = run_bench("gate", [py, HERE / "gate" / "bench_gate.py", "--binary", binary, "--runs", args.runs], failures)
    # bench_gate.py prints "<case> <figure> <unit> <budget> <unit> yes|NO"; its own case names are kept.
    gate = {m.group(1).strip(): float(m.group(2))
            for m in re.finditer(r"^(\S.*?)\s+([\d.]+) (?:ms|MB|s)\s+[\d.]+ (?:ms|MB|s)\s+\S+\s*$", out, re.M)}

    def gate_row(pattern, fallback, budget, unit, fmt="{:.1f}"):
        name = next((n for n in gate if re.search(pattern, n)), None)
        table.add(name or fallback, gate.get(name), budget, unit, "bench_gate.py", fmt=fmt)

    gate_row(r"nothing relevant", "check, nothing relevant changed, 10,000 files", 15, "ms")
    gate_row(r"static path(?!.*RSS)", "check, static path, 200 models, 500 revisions", 150, "ms")
    gate_row(r"static path.*RSS", "check, static path, 200 models, 500 revisions: peak RSS", 64, "MB")

    # SPEC 11: the ephemeral server.
    out = run_bench("pg", [pg_bench, max(3, args.runs // 2)], failures)
    cold, warm = find(r"cold.*?:\s*([\d.]+) ms", out), find(r"warm.*?:\s*([\d.]+) ms", out)
    table.add("local ephemeral PostgreSQL ready, warm template", warm / 1000 if warm is not None else None, 0.4, "s",
              "bench_pg_server", fmt="{:.2f}")
    table.add("local ephemeral PostgreSQL ready, cold", cold / 1000 if cold is not None else None, 1.5, "s",
              "bench_pg_server", fmt="{:.2f}")

    # SPEC 11: ci with verification, and against Alembic.
    with tempfile.TemporaryDirectory(prefix="mg-budgets-") as tmp:
        figures = Path(tmp) / "compare.json"
        cmd = [py, HERE / "compare" / "bench_vs_alembic.py", "--binary", binary, "--runs", max(3, args.runs // 2),
               "--sizes", args.compare_sizes, "--json", figures, "--python", args.python]
        cmd += ["--plot", args.plot] if args.plot else ["--no-plot"]
        run_bench("mig-guard vs Alembic", cmd, failures)
        data = json.loads(figures.read_text()) if figures.exists() else {"sizes": []}
    sizes = data["sizes"]
    ci500 = next((s for s in sizes if "ci_verify" in s), None)
    table.add(f"ci with full PostgreSQL verification, {ci500['revisions'] if ci500 else 500} revisions",
              ci500["ci_verify"]["s"] if ci500 else None, 10, "s", "bench_vs_alembic.py", fmt="{:.2f}")
    target = next((s for s in sizes if (s["models"], s["revisions"]) == (200, 500)), sizes[-1] if sizes else None)
    if target:
        label = f"{target['models']} models, {target['revisions']} revisions"
        alembic = target["alembic_drift"]
        c = target["check"]
        table.add(f"against Alembic: `{alembic}` / `mig-guard check`, static path, {label}",
                  c["alembic_s"] / c["mig_guard_s"], 20, "x", "bench_vs_alembic.py", at_least=True)
        table.add(f"against Alembic: `{alembic}` / `mig-guard ci --no-db`, {label}",
                  target["ci"]["alembic_s"] / target["ci"]["mig_guard_s"], 20, "x", "bench_vs_alembic.py", at_least=True)
        table.add(f"check, static path, drift found and revision written, {label} (whole process)",
                  c["mig_guard_s"] * 1000, 150, "ms", "bench_vs_alembic.py")
        table.add(f"check, static path, drift found and revision written, {label}: peak RSS",
                  c["mig_guard_rss_mb"], 64, "MB", "bench_vs_alembic.py")
    else:
        table.add("against Alembic, static path", None, 20, "x", "bench_vs_alembic.py", at_least=True)

    # Budgets from issues and SPEC 9.
    out = run_bench("lint", [py, HERE / "lint" / "bench_lint.py", "--binary", binary, "--runs", args.runs], failures)
    table.add("lint, 2,000 revisions (issue 3)", find(r"median (\d+) ms", out), 200, "ms", "bench_lint.py", fmt="{:.0f}")
    out = run_bench("apply", [py, HERE / "apply" / "bench_apply.py", "--binary", binary, "--runs", 3], failures)
    table.add("apply, 500 revisions, one transaction each (SPEC 9)", find(r"median ([\d.]+) s", out), 10, "s",
              "bench_apply.py", fmt="{:.2f}")
    # bench_gate's verify case: what `ci` runs in PostgreSQL, with a round trip for every revision.
    gate_row(r"verify", "verify in PostgreSQL, 500 revisions with round trips", 10, "s", fmt="{:.2f}")

    print(f"\n== Budgets (SPEC section 11 and issues); load average at the end: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    table.print()
    if failures:
        print("\nbenchmarks that failed: " + "; ".join(failures))
    statuses = {r[3] for r in table.rows}
    if failures or "ERROR" in statuses:
        return 3
    return 1 if "MISSED" in statuses else 0


if __name__ == "__main__":
    sys.exit(main())
