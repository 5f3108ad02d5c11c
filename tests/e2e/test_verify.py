"""End-to-end tests of verification in PostgreSQL: the real binary starts its own ephemeral
server (local backend, PostgreSQL 15 from Debian) on copies of fixtures/example-app.
"""

import os
import re
import signal
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from harness import check_sanitizers

BINARY = os.environ.get("MG_BINARY", "mig-guard")
SOURCE = Path(os.environ.get("MG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXAMPLE = SOURCE / "fixtures" / "example-app"

REVISION = '''"""{message}

Revision ID: {rev}
Revises: {down}
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '{rev}'
down_revision = '{down}'
branch_labels = None
depends_on = None


def upgrade():
{upgrade}


def downgrade():
{downgrade}
'''


class Project:
    def __init__(self, test):
        self.test = test
        self.tmp = Path(tempfile.mkdtemp(prefix="mg-verify-"))
        # As root the server runs as an unprivileged user, who must be able to enter it.
        os.chmod(self.tmp, 0o755)
        test.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.path = self.tmp / "app"
        shutil.copytree(EXAMPLE, self.path)
        # The server's directory under our own temporary directory, to find what is left behind.
        self.env = dict(os.environ, NO_COLOR="1", TMPDIR=str(self.tmp), MG_PG_TMPDIR=str(self.tmp))

    def mg(self, *args, env=None, timeout=300):
        r = subprocess.run([BINARY, "--color", "never", *args], cwd=self.path, env=env or self.env,
                           capture_output=True, text=True, timeout=timeout)
        return check_sanitizers(self.test, r, args)

    def git(self, *args):
        r = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True)
        self.test.assertEqual(r.returncode, 0, f"git {' '.join(args)}: {r.stdout}{r.stderr}")
        return r.stdout

    def git_init(self):
        self.env.update(HOME=str(self.tmp), GIT_CONFIG_NOSYSTEM="1", SOURCE_DATE_EPOCH="1795000000")
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Ada Lovelace")
        self.git("config", "user.email", "ada@example.com")
        self.git("config", "commit.gpgsign", "false")
        self.commit("example app")

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def add_revision(self, rev, down, upgrade, downgrade, message="hand written"):
        text = REVISION.format(message=message, rev=rev, down=down, upgrade=upgrade, downgrade=downgrade)
        (self.path / "migrations" / "versions" / f"{rev}_{message.replace(' ', '_')}.py").write_text(text)

    def edit(self, rel, old, new):
        p = self.path / rel
        text = p.read_text()
        assert old in text, (rel, old)
        p.write_text(text.replace(old, new, 1))


class VerifyTest(unittest.TestCase):
    def test_example_chain_verifies(self):
        p = Project(self)
        r = p.mg("verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("3 revision(s) applied, 3 upgrade/downgrade round trip(s)", r.stderr)
        self.assertIn(": ok", r.stderr)

    def test_every_disagreement_between_models_and_migrations_is_reported(self):
        p = Project(self)
        # A table only in the models; a type that differs; a default only in the models.
        p.edit("app/models/project.py", "class Project(", "class Label(TimestampMixin, table=True):\n"
               "    text: str\n\n\nclass Project(")
        p.edit("app/models/task.py", "title: str = Field(max_length=200)", "title: str = Field(max_length=250)")
        p.edit("app/models/task.py", "due_date: Optional[date] = None",
               "due_date: Optional[date] = Field(default=None, sa_column_kwargs={'server_default': '2026-01-01'})")
        # NOT NULL only in the migrations.
        p.add_revision("0000000000aa", "e5131e7e12c5",
                       "    op.alter_column('task', 'assignee_id', existing_type=sa.Integer(), nullable=False)",
                       "    op.alter_column('task', 'assignee_id', existing_type=sa.Integer(), nullable=True)")
        r = p.mg("verify", "--no-round-trips")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        out = r.stderr
        self.assertIn("differs from the models", out)
        self.assertRegex(out, r"table label")
        self.assertRegex(out, r"column task\.title")
        self.assertRegex(out, r"character varying\(200\).*character varying\(250\)|250.*200")
        self.assertRegex(out, r"column task\.assignee_id")
        self.assertRegex(out, r"column task\.due_date")

    def test_failing_statement_is_mapped_to_the_op(self):
        p = Project(self)
        p.add_revision("0000000000bb", "e5131e7e12c5",
                       "    op.add_column('task', sa.Column('x', sa.Integer(), nullable=True))\n"
                       "    op.execute(\"ALTER TABLE no_such_table ADD COLUMN y integer\")",
                       "    op.drop_column('task', 'x')")
        r = p.mg("verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stderr, r"0000000000bb_hand_written\.py:21:\d+: error: revision 0000000000bb fails")
        self.assertIn('relation "no_such_table" does not exist', r.stderr)
        self.assertIn("ALTER TABLE no_such_table ADD COLUMN y integer", r.stderr)

    def test_downgrade_that_does_not_undo_the_upgrade(self):
        p = Project(self)
        p.add_revision("0000000000cc", "e5131e7e12c5",
                       "    op.add_column('task', sa.Column('extra', sa.Integer(), nullable=True))",
                       "    pass")
        p.edit("app/models/task.py", "due_date: Optional[date] = None", "due_date: Optional[date] = None\n    extra: Optional[int] = None")
        r = p.mg("verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("the downgrade of revision 0000000000cc does not return", r.stderr)
        self.assertRegex(r.stderr, r"column task\.extra")

    def test_failing_op_among_others_is_mapped_to_its_line_and_step(self):
        # No op.execute: the revision's statements go to the server together; the failure
        # must still name the second op, in the downgrade.
        p = Project(self)
        p.add_revision("0000000000dd", "e5131e7e12c5",
                       "    op.add_column('task', sa.Column('x', sa.Integer(), nullable=True))",
                       "    op.drop_column('task', 'x')\n"
                       "    op.create_index('ix_task_nope', 'task', ['no_such_column'])")
        text = next((p.path / "migrations" / "versions").glob("0000000000dd_*.py")).read_text()
        line = text.splitlines().index("    op.create_index('ix_task_nope', 'task', ['no_such_column'])") + 1
        r = p.mg("verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stderr, rf"0000000000dd_hand_written\.py:{line}:\d+: error: revision 0000000000dd fails "
                                   r"in PostgreSQL \(downgrade\)")
        self.assertIn('column "no_such_column" does not exist', r.stderr)
        self.assertIn("CREATE INDEX ix_task_nope ON task (no_such_column)", r.stderr)

    def test_models_that_do_not_create_are_reported_alone(self):
        # The models' database is built while the chain runs; its failure is the report.
        p = Project(self)
        p.edit("app/models/task.py", "due_date: Optional[date] = None",
               "due_date: Optional[date] = Field(default=None, sa_column_kwargs={'server_default': 'not a date'})")
        r = p.mg("verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("error: the models' schema does not create in PostgreSQL", r.stderr)
        self.assertIn('invalid input syntax for type date: "not a date"', r.stderr)
        self.assertIn("CREATE TABLE task", r.stderr)
        self.assertNotIn("differs from the models", r.stderr)
        self.assertIn("0 revision(s) applied", r.stderr)

    def test_round_trip_sees_an_index_dropped_under_another_table_name(self):
        # PostgreSQL's DROP INDEX ignores Alembic's table_name: the index of project goes.
        p = Project(self)
        p.add_revision("0000000000ee", "e5131e7e12c5",
                       "    op.drop_index('ix_project_name', table_name='task')",
                       "    pass")
        r = p.mg("verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("the downgrade of revision 0000000000ee does not return", r.stderr)
        self.assertRegex(r.stderr, r"index ix_project_name")

    def test_what_the_ledger_acknowledged_at_adoption_does_not_fail_later_runs(self):
        # A project adopted with `review --baseline` whose old revision does not downgrade
        # exactly (as full-stack-fastapi-template's): plain verify round-trips only what is not
        # reviewed yet, `--all` audits every revision.
        p = Project(self)
        p.add_revision("0000000000cc", "e5131e7e12c5",
                       "    op.alter_column('task', 'title', existing_type=sa.String(200), type_=sa.String(300))",
                       "    op.alter_column('task', 'title', existing_type=sa.String(300), type_=sa.String(250))")
        p.edit("app/models/task.py", "title: str = Field(max_length=200)", "title: str = Field(max_length=300)")
        p.git_init()
        r = p.mg("review", "--baseline")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        p.commit("adopt mig-guard")
        r = p.mg("verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("4 reviewed revision(s) not round-tripped", r.stderr)
        self.assertIn("4 revision(s) applied, 0 upgrade/downgrade round trip(s)", r.stderr)
        r = p.mg("verify", "--all")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("the downgrade of revision 0000000000cc does not return", r.stderr)
        self.assertIn("4 revision(s) applied, 4 upgrade/downgrade round trip(s)", r.stderr)
        # A revision added since is round-tripped, reviewed or not, until it is on the base.
        p.add_revision("0000000000dd", "0000000000cc",
                       "    op.alter_column('task', 'title', existing_type=sa.String(300), type_=sa.String(400))",
                       "    op.alter_column('task', 'title', existing_type=sa.String(400), type_=sa.String(350))",
                       message="more")
        p.edit("app/models/task.py", "title: str = Field(max_length=300)", "title: str = Field(max_length=400)")
        r = p.mg("verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("the downgrade of revision 0000000000dd does not return", r.stderr)
        self.assertNotIn("0000000000cc does not return", r.stderr)
        self.assertIn("5 revision(s) applied, 1 upgrade/downgrade round trip(s)", r.stderr)
        (p.path / "mig-guard.toml").write_text('base = "main"\n')
        p.git("checkout", "-q", "-b", "feature")
        r = p.mg("-q", "review", "--approve")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        p.commit("more")
        r = p.mg("verify")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("the downgrade of revision 0000000000dd does not return", r.stderr)
        self.assertIn("5 revision(s) applied, 1 upgrade/downgrade round trip(s)", r.stderr)
        # Once on the base, it is settled too.
        p.git("checkout", "-q", "main")
        p.git("merge", "-q", "--ff-only", "feature")
        r = p.mg("verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("5 revision(s) applied, 0 upgrade/downgrade round trip(s)", r.stderr)

    def test_no_backend_is_exit_3_with_the_commands_to_get_one(self):
        p = Project(self)
        (p.path / "mig-guard.toml").write_text('[postgres]\nbackend = "local"\n')
        env = dict(p.env, MG_PG_BIN_DIR=str(p.tmp / "nothing-here"))
        r = p.mg("verify", env=env)
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("apt", r.stderr)

    def test_unreachable_database_url_is_exit_3_without_the_password(self):
        p = Project(self)
        (p.path / "mig-guard.toml").write_text('[postgres]\nbackend = "url"\n')
        env = dict(p.env, DATABASE_URL="postgresql://user:s3cret@127.0.0.1:1/postgres")
        r = p.mg("verify", env=env)
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertNotIn("s3cret", r.stderr)
        self.assertIn("127.0.0.1", r.stderr)

    def test_a_configured_major_that_is_not_the_servers_is_a_warning(self):
        p = Project(self)
        r = p.mg("verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("warning: postgres.version", r.stderr)  # the default names no major
        major = int(re.search(r"PostgreSQL (\d+)", r.stderr).group(1))
        (p.path / "mig-guard.toml").write_text(f'[postgres]\nversion = "{major + 1}"\n')
        r = p.mg("verify")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f'warning: postgres.version = "{major + 1}" (mig-guard.toml:2:1) but the server is PostgreSQL {major}',
                      r.stderr)
        (p.path / "mig-guard.toml").write_text(f'[postgres]\nversion = "{major}"\n')
        r = p.mg("verify")
        self.assertNotIn("warning: postgres.version", r.stderr)

    def test_unusable_client_library_is_exit_3_naming_the_package(self):
        # libpq is loaded on first use (so that `check` starts fast); a broken one must be a clear
        # environment error, and the server started before it must still be removed.
        p = Project(self)
        libdir = p.tmp / "broken-lib"
        libdir.mkdir()
        (libdir / "libpq.so.5").write_text("not a shared library\n")
        before = set(os.listdir(p.tmp))
        env = dict(p.env, LD_LIBRARY_PATH=str(libdir))
        r = p.mg("verify", env=env)
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("libpq.so.5", r.stderr)
        self.assertIn("apt-get install libpq5", r.stderr)
        self.assertEqual(our_postgres(p.tmp), [])
        self.assertEqual(set(os.listdir(p.tmp)) - before, set())
        # The gate itself never needs it.
        r = p.mg("lint", env=env)
        self.assertNotIn("libpq", r.stderr)

    def test_killed_mid_run_leaves_no_server_behind(self):
        p = Project(self)
        # A long chain so that the server is up for a while.
        down = "e5131e7e12c5"
        for i in range(150):
            rev = f"{i + 1:012x}"
            p.add_revision(rev, down, f"    op.add_column('task', sa.Column('k{i}', sa.Integer(), nullable=True))",
                           f"    op.drop_column('task', 'k{i}')", message=f"k{i}")
            down = rev
        for sig in (signal.SIGTERM, signal.SIGINT):
            before = set(os.listdir(p.tmp))
            proc = subprocess.Popen([BINARY, "verify"], cwd=p.path, env=p.env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            # Wait until a postgres of ours runs (its data directory lies under our TMPDIR).
            deadline = time.time() + 30
            while time.time() < deadline and not our_postgres(p.tmp):
                time.sleep(0.02)
            self.assertTrue(our_postgres(p.tmp), "the server never started")
            time.sleep(0.3)
            proc.send_signal(sig)
            _, stderr = proc.communicate(timeout=30)
            check_sanitizers(self, stderr, ["verify"])
            self.assertNotEqual(proc.returncode, 0)
            deadline = time.time() + 10
            while time.time() < deadline and our_postgres(p.tmp):
                time.sleep(0.05)
            self.assertEqual(our_postgres(p.tmp), [], f"server left running after {sig!r}")
            self.assertEqual(set(os.listdir(p.tmp)) - before, set(), f"temporary files left after {sig!r}")


def our_postgres(tmp):
    """PIDs of postgres processes whose command line mentions `tmp`."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "postgres" in cmd and str(tmp) in cmd:
            found.append(int(pid))
    return found


if __name__ == "__main__":
    unittest.main(verbosity=2)
