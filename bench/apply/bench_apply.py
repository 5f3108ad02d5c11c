#!/usr/bin/env python3
"""Budget of `mig-guard apply` (SPEC section 9/11): applying 500 small reviewed revisions to a
local PostgreSQL, each in its own transaction with its alembic_version update and history
row, in <= 10 s.

  bench_apply.py --binary build/mig-guard [--revisions 500] [--runs 3] [--single-transaction]

Starts its own throwaway cluster (initdb + pg_ctl as the `postgres` user when run as root; a
Unix socket in a temporary directory; fsync off), generates a chain of revisions (tables
created, then columns and indexes added), reviews it with `mig-guard review --baseline` inside
a temporary git repository, and times whole `apply` processes into fresh databases (median).
"""
import argparse
import os
import pwd
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("MG_PG_BIN", "/usr/lib/postgresql/15/bin"))

REVISION = '''"""{message}

Revision ID: {rev}
Revises: {down}
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '{rev}'
down_revision = {down_repr}
branch_labels = None
depends_on = None


def upgrade():
{upgrade}


def downgrade():
{downgrade}
'''


def generate(root: Path, revisions: int):
    (root / "migrations" / "versions").mkdir(parents=True)
    (root / "app").mkdir()
    (root / "alembic.ini").write_text("[alembic]\nscript_location = migrations\n")
    (root / "migrations" / "env.py").write_text("# not read by mig-guard\n")
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "models.py").write_text("from typing import Optional\n\nfrom sqlmodel import Field, SQLModel\n")
    tables = max(1, revisions // 10)
    prev = None
    for i in range(revisions):
        rid = f"{i + 1:012x}"
        if i < tables:
            msg = f"create t{i}"
            up = (f"    op.create_table('t{i}',\n    sa.Column('id', sa.Integer(), nullable=False),\n"
                  f"    sa.Column('name', sa.String(length=100), nullable=False),\n    sa.PrimaryKeyConstraint('id')\n    )")
            down = f"    op.drop_table('t{i}')"
        else:
            t = i % tables
            msg = f"add c{i} to t{t}"
            up = f"    op.add_column('t{t}', sa.Column('c{i}', sa.String(length=20), nullable=True))"
            if i % 5 == 0:
                up += f"\n    op.create_index('ix_t{t}_c{i}', 't{t}', ['c{i}'])"
            down = f"    op.drop_column('t{t}', 'c{i}')"
        text = REVISION.format(message=msg, rev=rid, down=prev or "", down_repr=repr(prev), upgrade=up, downgrade=down)
        (root / "migrations" / "versions" / f"{rid}_{msg.replace(' ', '_')}.py").write_text(text)
        prev = rid
    return prev


class Cluster:
    def __init__(self, tmp: Path):
        self.tmp = tmp / "pg"
        self.tmp.mkdir()
        self.sock = self.tmp / "sock"
        self.sock.mkdir()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            pg = pwd.getpwnam(self.user)
            for p in (tmp, self.tmp, self.sock):
                os.chown(p, pg.pw_uid, pg.pw_gid)
        self.data = self.tmp / "data"
        self.port = 5400 + os.getpid() % 500
        self.run([PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync"])
        self.run([PG_BIN / "pg_ctl", "-D", self.data, "-w", "-l", self.tmp / "log", "-o",
                  f"-k {self.sock} -p {self.port} -c listen_addresses= -c fsync=off", "start"])

    def run(self, cmd):
        cmd = [str(c) for c in cmd]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, cwd=self.tmp)

    def psql(self, sql):
        self.run([PG_BIN / "psql", "-h", self.sock, "-p", self.port, "-U", "postgres", "-d", "postgres", "-q", "-c", sql])

    def url(self, db):
        return f"postgresql://postgres@/{db}?host={self.sock}&port={self.port}"

    def stop(self):
        self.run([PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "stop"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--revisions", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--single-transaction", action="store_true")
    ap.add_argument("--budget", type=float, default=10.0)
    args = ap.parse_args()
    binary = str(Path(args.binary).resolve())

    tmp = Path(tempfile.mkdtemp(prefix="mg-bench-apply-"))
    os.chmod(tmp, 0o755)
    cluster = None
    try:
        root = tmp / "project"
        root.mkdir()
        head = generate(root, args.revisions)
        env = dict(os.environ, HOME=str(tmp), NO_COLOR="1")
        env.pop("DATABASE_URL", None)
        for cmd in (["git", "init", "-q"], ["git", "config", "user.name", "Bench"],
                    ["git", "config", "user.email", "bench@example.com"], [binary, "review", "--baseline"]):
            r = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"{' '.join(cmd)} failed:\n{r.stdout}{r.stderr}")
        cluster = Cluster(tmp)
        times = []
        for n in range(args.runs):
            db = f"bench{n}"
            cluster.psql(f"CREATE DATABASE {db}")
            cmd = [binary, "-q", "apply", "--database-url", cluster.url(db)]
            if args.single_transaction:
                cmd.append("--single-transaction")
            start = time.perf_counter()
            r = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if r.returncode != 0:
                sys.exit(f"apply failed ({r.returncode}):\n{r.stdout}{r.stderr}")
            times.append(elapsed)
        median = statistics.median(times)
        mode = "one transaction" if args.single_transaction else "one transaction per revision"
        print(f"apply {args.revisions} revisions ({mode}) to head {head}: median {median:.2f} s "
              f"over {len(times)} run(s) (min {min(times):.2f} s, max {max(times):.2f} s); budget {args.budget:.0f} s: "
              f"{'ok' if median <= args.budget else 'OVER'}")
        return 0 if median <= args.budget else 1
    finally:
        if cluster:
            try:
                cluster.stop()
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
