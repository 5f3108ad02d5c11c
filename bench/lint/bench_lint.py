#!/usr/bin/env python3
"""Budget (issue 3): `mig-guard lint` over 2,000 revision files in <= 200 ms.

Generates an Alembic project whose chain of N revisions looks like real work (tables created,
columns added and altered, indexes, foreign keys, an occasional op.execute), then times
`mig-guard lint` on it: median of several runs, wall clock, the whole process.

  bench_lint.py --binary build/mig-guard [--revisions 2000] [--runs 7]
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time

HEADER = '''"""{message}

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


def revision_body(i):
    table = f"t{i // 4}"
    step = i % 4
    if step == 0:
        up = (f"    op.create_table('{table}',\n"
              "    sa.Column('id', sa.Integer(), nullable=False),\n"
              "    sa.Column('name', sa.String(length=100), nullable=False),\n"
              "    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),\n"
              "    sa.PrimaryKeyConstraint('id')\n    )\n"
              f"    op.create_index(op.f('ix_{table}_name'), '{table}', ['name'], unique=False)")
        down = f"    op.drop_index(op.f('ix_{table}_name'), table_name='{table}')\n    op.drop_table('{table}')"
    elif step == 1:
        up = f"    op.add_column('{table}', sa.Column('note', sa.Text(), nullable=True))"
        down = f"    op.drop_column('{table}', 'note')"
    elif step == 2:
        up = (f"    op.alter_column('{table}', 'name', existing_type=sa.String(length=100), "
              "type_=sa.String(length=200), existing_nullable=False)")
        down = (f"    op.alter_column('{table}', 'name', existing_type=sa.String(length=200), "
                "type_=sa.String(length=100), existing_nullable=False)")
    else:
        prev = f"t{max(0, i // 4 - 1)}"
        up = (f"    op.add_column('{table}', sa.Column('parent_id', sa.Integer(), nullable=True))\n"
              f"    op.create_foreign_key('fk_{table}_parent', '{table}', '{prev}', ['parent_id'], ['id'])\n"
              f"    op.execute(\"UPDATE {table} SET note = 'x' WHERE note IS NULL\")")
        down = (f"    op.drop_constraint('fk_{table}_parent', '{table}', type_='foreignkey')\n"
                f"    op.drop_column('{table}', 'parent_id')")
    return up, down


def generate(root, count):
    versions = os.path.join(root, "migrations", "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = migrations\n")
    with open(os.path.join(root, "migrations", "env.py"), "w") as f:
        f.write("# not run by mig-guard\n")
    with open(os.path.join(root, "migrations", "script.py.mako"), "w") as f:
        f.write('"""${message}"""\n')
    down = None
    total = 0
    for i in range(count):
        rev = f"{i + 1:012x}"
        up, dn = revision_body(i)
        text = HEADER.format(message=f"step {i}", rev=rev, down=down or "", down_repr=repr(down),
                             upgrade=up, downgrade=dn)
        with open(os.path.join(versions, f"{rev}_step_{i}.py"), "w") as f:
            f.write(text)
        total += len(text)
        down = rev
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--revisions", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mg-bench-lint-") as root:
        size = generate(root, args.revisions)
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            proc = subprocess.run([os.path.abspath(args.binary), "--format", "json", "-C", root, "lint"],
                                  capture_output=True, text=True)
            times.append((time.perf_counter() - t0) * 1000)
            if proc.returncode not in (0, 1):
                raise SystemExit(f"mig-guard lint exited {proc.returncode}:\n{proc.stderr}")
        findings = proc.stdout.count('"code"')
        print(f"lint: {args.revisions} revision files ({size // 1024} KiB), median {statistics.median(times):.0f} ms, "
              f"min {min(times):.0f} ms over {args.runs} runs (budget <= 200 ms for 2,000) -> {findings} findings")


if __name__ == "__main__":
    main()
