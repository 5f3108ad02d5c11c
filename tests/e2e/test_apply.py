"""End-to-end tests of `mig-guard apply` (SPEC section 9) against a real PostgreSQL that the
tests start themselves (initdb + pg_ctl as the unprivileged `postgres` user, Unix socket in a
temporary directory, plus a loopback port for the password tests), on reviewed copies of
fixtures/example-app inside temporary git repositories. Alembic (Debian's python3-alembic) is
run on the same databases to check that both tools agree.
"""

import hashlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import psycopg2

from harness import check_sanitizers

BINARY = os.environ.get("MG_BINARY", "mig-guard")
SOURCE = Path(os.environ.get("MG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXAMPLE = SOURCE / "fixtures" / "example-app"
PYTHON = "/usr/bin/python3"  # Debian's, with SQLAlchemy, SQLModel, Alembic, psycopg2
PG_BIN = Path(os.environ.get("MG_PG_BIN", "/usr/lib/postgresql/15/bin"))

REV1, REV2, REV3 = "59f259b6b8f7", "59a51152ba2e", "e5131e7e12c5"
LOCK_KEY = 0x6D675F61  # mig-guard apply's advisory lock key

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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """A throwaway PostgreSQL cluster: trust on the Unix socket, scram passwords on TCP."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="mg-apply-pg-"))
        os.chmod(self.tmp, 0o755)
        pg = pwd.getpwnam("postgres")
        self.data = self.tmp / "data"
        self.sock = self.tmp / "sock"
        self.sock.mkdir()
        for p in (self.tmp, self.sock):
            os.chown(p, pg.pw_uid, pg.pw_gid)
        self.port = free_port()
        self._as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth-local=trust",
                           "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"])
        self._as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-l", str(self.tmp / "log"),
                           "-o", f"-k {self.sock} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                                 f"-c max_connections=40", "start"])
        with self.connect("postgres") as c:
            c.autocommit = True
            c.cursor().execute("ALTER USER postgres PASSWORD 'right-secret'")

    def _as_postgres(self, cmd):
        subprocess.run(["runuser", "-u", "postgres", "--", *cmd], check=True, capture_output=True, cwd=self.tmp)

    def stop(self):
        try:
            self._as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def connect(self, db):
        c = psycopg2.connect(host=str(self.sock), port=self.port, user="postgres", dbname=db)
        return c

    def url(self, db):
        # The same URL works for libpq (mig-guard) and SQLAlchemy (the project's env.py).
        return f"postgresql://postgres@/{db}?host={self.sock}&port={self.port}"

    def create_database(self, name):
        c = self.connect("postgres")
        c.autocommit = True
        c.cursor().execute(f'CREATE DATABASE "{name}"')
        c.close()
        return name

    def query(self, db, sql, *params):
        c = self.connect(db)
        try:
            cur = c.cursor()
            cur.execute(sql, params)
            rows = cur.fetchall() if cur.description else []
            c.commit()
            return rows
        finally:
            c.close()


SERVER = None


def setUpModule():
    global SERVER
    SERVER = PgServer()


def tearDownModule():
    if SERVER:
        SERVER.stop()


class Project:
    """A copy of the example app in a git repository of its own, reviewed with --baseline."""

    counter = 0

    def __init__(self, test, baseline=True):
        self.test = test
        self.tmp = Path(tempfile.mkdtemp(prefix="mg-apply-"))
        test.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.path = self.tmp / "app"
        shutil.copytree(EXAMPLE, self.path)
        home = self.tmp / "home"
        home.mkdir()
        self.env = dict(os.environ, NO_COLOR="1", TMPDIR=str(self.tmp), HOME=str(home), USER="deployer")
        self.env.pop("DATABASE_URL", None)
        for cmd in (["init", "-q"], ["config", "user.name", "Ada Lovelace"], ["config", "user.email", "ada@example.com"]):
            subprocess.run(["git", *cmd], cwd=self.path, check=True, env=self.env, capture_output=True)
        if baseline:
            r = self.mg("review", "--baseline")
            assert r.returncode == 0, r.stdout + r.stderr
        Project.counter += 1
        self.db = SERVER.create_database(f"apply_{os.getpid()}_{Project.counter}_{int(time.time() * 1000) % 100000}")
        self.url = SERVER.url(self.db)

    def mg(self, *args, timeout=300):
        r = subprocess.run([BINARY, "--color", "never", *args], cwd=self.path, env=self.env, capture_output=True,
                           text=True, timeout=timeout)
        return check_sanitizers(self.test, r, args)

    def apply(self, *args, timeout=300):
        return self.mg("apply", "--database-url", self.url, *args, timeout=timeout)

    def popen_apply(self, *args):
        return subprocess.Popen([BINARY, "--color", "never", "apply", "--database-url", self.url, *args], cwd=self.path,
                                env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def alembic(self, *args, db=None):
        env = dict(self.env, DATABASE_URL=SERVER.url(db or self.db))
        return subprocess.run([PYTHON, "-m", "alembic", *args], cwd=self.path, env=env, capture_output=True, text=True,
                              timeout=120)

    def add_revision(self, rev, down, upgrade, downgrade="    pass", message="hand written"):
        text = REVISION.format(message=message, rev=rev, down=down, upgrade=upgrade, downgrade=downgrade)
        path = self.path / "migrations" / "versions" / f"{rev}_{message.replace(' ', '_')}.py"
        path.write_text(text)
        return path

    def review(self, rev, *ack):
        args = ["review", rev, "--approve"]
        for code in ack:
            args += ["--ack", code]
        r = self.mg(*args)
        assert r.returncode == 0, r.stdout + r.stderr
        return r

    def q(self, sql, *params):
        return SERVER.query(self.db, sql, *params)

    def versions(self):
        return sorted(r[0] for r in self.q("SELECT version_num FROM alembic_version"))

    def history(self):
        return [r[0] for r in self.q("SELECT revision FROM mig_guard.history ORDER BY id")]

    def columns(self, table):
        return [r[0] for r in self.q("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                                     "ORDER BY ordinal_position", table)]


def schema_dump(db):
    out = subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_dump"), "--schema-only", "--no-owner",
                          "-h", str(SERVER.sock), "-p", str(SERVER.port), "-N", "mig_guard", db],
                         capture_output=True, text=True, check=True).stdout
    # \restrict lines carry a random key (pg_dump 15.14+).
    return "\n".join(line for line in out.splitlines()
                     if line.strip() and not line.startswith(("--", "\\restrict", "\\unrestrict")))


class ApplyTest(unittest.TestCase):
    def test_example_chain_matches_alembic_and_alembic_current_agrees(self):
        p = Project(self)
        r = p.apply()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("3 revision(s) applied", r.stderr)
        self.assertEqual(p.versions(), [REV3])
        self.assertEqual(p.history(), [REV1, REV2, REV3])
        row = p.q("SELECT sha256, applied_by, reviewed_by, execution_ms FROM mig_guard.history WHERE revision = %s",
                  REV3)[0]
        path = next((p.path / "migrations" / "versions").glob(REV3 + "_*.py"))
        self.assertEqual(row[0], hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest())
        self.assertEqual(row[1], "postgres (Ada Lovelace <ada@example.com>)")
        self.assertEqual(row[2], "Ada Lovelace <ada@example.com>")
        self.assertGreaterEqual(row[3], 0)
        # The version table is Alembic's own.
        self.assertEqual(p.q("SELECT conname FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass"),
                         [("alembic_version_pkc",)])
        self.assertEqual(p.q("SELECT format_type(atttypid, atttypmod), attnotnull FROM pg_attribute "
                             "WHERE attrelid = 'alembic_version'::regclass AND attname = 'version_num'"),
                         [("character varying(32)", True)])
        current = p.alembic("current")
        self.assertEqual(current.returncode, 0, current.stderr)
        self.assertIn(REV3 + " (head)", current.stdout)
        # The same schema as Alembic's own upgrade produces.
        other = SERVER.create_database(p.db + "_alembic")
        up = p.alembic("upgrade", "head", db=other)
        self.assertEqual(up.returncode, 0, up.stderr)
        self.assertEqual(schema_dump(p.db), schema_dump(other))
        # Again: nothing to do.
        again = p.apply()
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("nothing to apply", again.stderr)
        self.assertEqual(p.history(), [REV1, REV2, REV3])

    def test_autogenerate_after_apply_proposes_nothing(self):
        # mig-guard's bookkeeping is in its own schema, which Alembic's autogenerate (the
        # default schema only) never compares with the models: no drop_table of it.
        p = Project(self)
        r = p.apply()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(p.q("SELECT to_regclass('public.mig_guard_history') IS NULL, "
                             "to_regclass('mig_guard.history') IS NOT NULL"), [(True, True)])
        versions = p.path / "migrations" / "versions"
        before = set(versions.iterdir())
        gen = p.alembic("revision", "--autogenerate", "-m", "check")
        self.assertEqual(gen.returncode, 0, gen.stdout + gen.stderr)
        written = set(versions.iterdir()) - before
        self.assertEqual(len(written), 1, gen.stdout + gen.stderr)
        text = written.pop().read_text()
        self.assertNotIn("mig_guard", text)
        upgrade = text.split("def upgrade()", 1)[1].split("def downgrade()", 1)[0]
        body = [line.strip() for line in upgrade.splitlines()[1:] if line.strip() and not line.strip().startswith("#")]
        self.assertEqual(body, ["pass"], text)

    def test_history_of_an_earlier_version_is_moved_with_its_rows(self):
        p = Project(self)
        r = p.apply("--to", REV1)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # As an earlier mig-guard left it: the history in the default schema.
        p.q("ALTER TABLE mig_guard.history SET SCHEMA public")
        p.q("ALTER TABLE public.history RENAME TO mig_guard_history")
        p.q("DROP SCHEMA mig_guard")
        p.q("UPDATE mig_guard_history SET applied_by = 'earlier'")
        # Read (not moved) by --dry-run, which changes nothing.
        dry = p.apply("--dry-run")
        self.assertEqual(dry.returncode, 0, dry.stdout + dry.stderr)
        self.assertIn("2 revision(s) to apply", dry.stdout)
        self.assertEqual(p.q("SELECT to_regclass('public.mig_guard_history') IS NOT NULL"), [(True,)])
        sql = p.apply("--sql")
        self.assertIn("ALTER TABLE public.mig_guard_history SET SCHEMA mig_guard;", sql.stdout)
        r = p.apply()
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("2 revision(s) applied", r.stderr)
        self.assertEqual(p.q("SELECT to_regclass('public.mig_guard_history') IS NULL"), [(True,)])
        self.assertEqual(p.q("SELECT revision, applied_by FROM mig_guard.history ORDER BY id"),
                         [(REV1, "earlier"), (REV2, "postgres (Ada Lovelace <ada@example.com>)"),
                          (REV3, "postgres (Ada Lovelace <ada@example.com>)")])
        # The moved history still guards the applied revisions (MG103).
        first = next((p.path / "migrations" / "versions").glob(REV1 + "_*.py"))
        first.write_text(first.read_text() + "\n# edited\n")
        p.mg("review", REV1, "--approve")
        edited = p.apply()
        self.assertEqual(edited.returncode, 1, edited.stdout + edited.stderr)
        self.assertIn("MG103", edited.stderr)

    def test_alembic_continues_where_mig_guard_stopped(self):
        p = Project(self)
        r = p.apply("--to", REV1)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(p.versions(), [REV1])
        self.assertEqual(p.columns("task"), [])
        up = p.alembic("upgrade", "head")
        self.assertEqual(up.returncode, 0, up.stderr)
        self.assertIn(REV3 + " (head)", p.alembic("current").stdout)

    def test_mig_guard_continues_where_alembic_stopped(self):
        p = Project(self)
        up = p.alembic("upgrade", REV1)
        self.assertEqual(up.returncode, 0, up.stderr)
        r = p.apply()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("2 revision(s) applied", r.stderr)
        self.assertEqual(p.history(), [REV2, REV3])
        self.assertIn("archived_at", p.columns("project"))
        self.assertIn(REV3 + " (head)", p.alembic("current").stdout)

    def test_two_applies_at_once_apply_each_revision_once(self):
        p = Project(self)
        p.add_revision("a1b2c3d4e5f6", REV3, '    op.add_column("task", sa.Column("slow", sa.Integer(), nullable=True))\n'
                                             '    op.execute("SELECT pg_sleep(2)")', message="slow")
        p.review("a1b2c3d4e5f6", "MG301")
        first, second = p.popen_apply(), p.popen_apply()
        outs = [proc.communicate(timeout=120) for proc in (first, second)]
        for _, stderr in outs:
            check_sanitizers(self, stderr, ["apply"])
        codes = [first.returncode, second.returncode]
        self.assertEqual(codes, [0, 0], outs)
        errs = [e for _, e in outs]
        self.assertEqual(sum("4 revision(s) applied" in e for e in errs), 1, errs)
        self.assertEqual(sum("nothing to apply" in e for e in errs), 1, errs)
        self.assertTrue(any("waiting up to" in e and "mig-guard apply" in e for e in errs), errs)
        self.assertEqual(p.history(), [REV1, REV2, REV3, "a1b2c3d4e5f6"])
        self.assertEqual(p.versions(), ["a1b2c3d4e5f6"])

    def test_failing_revision_is_rolled_back_and_reported_at_its_op(self):
        p = Project(self)
        path = p.add_revision("b1b2c3d4e5f6", REV3,
                              '    op.add_column("task", sa.Column("half", sa.Integer(), nullable=True))\n'
                              '    op.execute("SELECT 1 / 0")', message="fails")
        p.review("b1b2c3d4e5f6", "MG301")
        r = p.apply()
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        line = path.read_text().splitlines().index('    op.execute("SELECT 1 / 0")') + 1
        self.assertRegex(r.stderr, rf"migrations/versions/b1b2c3d4e5f6_fails\.py:{line}:\d+: error: revision b1b2c3d4e5f6 "
                                   r"failed and was rolled back: division by zero")
        self.assertIn("statement: SELECT 1 / 0", r.stderr)
        self.assertIn("3 revision(s) applied before it stay applied", r.stderr)
        self.assertNotIn("half", p.columns("task"))
        self.assertEqual(p.versions(), [REV3])
        self.assertEqual(p.history(), [REV1, REV2, REV3])

    def test_single_transaction_rolls_back_everything(self):
        p = Project(self)
        p.add_revision("b1b2c3d4e5f6", REV3, '    op.execute("SELECT 1 / 0")', message="fails")
        p.review("b1b2c3d4e5f6", "MG301")
        r = p.apply("--single-transaction")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("division by zero", r.stderr)
        self.assertEqual(p.q("SELECT to_regclass('task') IS NULL"), [(True,)])
        self.assertEqual(p.versions(), [])
        self.assertEqual(p.history(), [])

    def test_sigkill_during_a_revision_leaves_the_previous_revision(self):
        p = Project(self)
        p.add_revision("c1b2c3d4e5f6", REV3, '    op.add_column("task", sa.Column("killed", sa.Integer(), nullable=True))\n'
                                             '    op.execute("SELECT pg_sleep(5)")', message="sleeps")
        p.review("c1b2c3d4e5f6", "MG301")
        proc = p.popen_apply()
        deadline = time.time() + 60
        while time.time() < deadline:
            if p.q("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%%' AND datname = %s", p.db):
                break
            time.sleep(0.05)
        else:
            proc.kill()
            self.fail("the sleeping revision never started: " + proc.communicate()[1])
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        # The server notices the dead client once the sleep ends, and rolls back.
        deadline = time.time() + 30
        while p.q("SELECT 1 FROM pg_stat_activity WHERE application_name = 'mig-guard apply' AND datname = %s", p.db):
            self.assertLess(time.time(), deadline)
            time.sleep(0.1)
        self.assertEqual(p.versions(), [REV3])
        self.assertEqual(p.history(), [REV1, REV2, REV3])
        self.assertNotIn("killed", p.columns("task"))
        self.assertEqual(p.q("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), [(0,)])

    def test_revision_edited_after_apply_is_mg103_with_both_checksums(self):
        p = Project(self)
        self.assertEqual(p.apply().returncode, 0)
        path = next((p.path / "migrations" / "versions").glob(REV2 + "_*.py"))
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        path.write_text(path.read_text().replace("def downgrade", "# edited after release\n\ndef downgrade"))
        after = hashlib.sha256(path.read_bytes()).hexdigest()
        # Not re-reviewed: the gate refuses before connecting.
        r = p.apply()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("MG102 revision " + REV2 + " changed after Ada Lovelace", r.stderr)
        # Re-reviewed: the database's history still knows what was applied.
        p.review(REV2)
        r = p.apply()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("MG103 revision " + REV2 + " was edited after it was applied", r.stderr)
        self.assertIn(before, r.stderr)
        self.assertIn(after, r.stderr)
        self.assertRegex(r.stderr, rf"migrations/versions/{REV2}_add_task_table\.py:\d+:\d+: error: MG103")

    def test_unreviewed_revisions_are_refused_before_connecting(self):
        p = Project(self)
        p.add_revision("d1b2c3d4e5f6", REV3, '    op.add_column("task", sa.Column("x", sa.Integer(), nullable=True))',
                       message="unreviewed one")
        p.add_revision("d2b2c3d4e5f6", "d1b2c3d4e5f6", '    op.drop_column("task", "due_date")', message="dropper")
        # Reviewed, but the acknowledgement of MG402 is gone from the ledger (a stale ledger).
        p.review("d2b2c3d4e5f6", "MG402")
        ledger = p.path / "migrations" / "mig-guard.lock"
        text = ledger.read_text()
        self.assertIn('acknowledged = ["MG402"]', text)
        ledger.write_text(text.replace('acknowledged = ["MG402"]', "acknowledged = []"))
        # A database that cannot be reached: the gate answers first.
        r = p.mg("apply", "--database-url", f"postgresql://nobody@127.0.0.1:{free_port()}/x")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("MG102 revision d1b2c3d4e5f6 has not been reviewed", r.stderr)
        self.assertRegex(r.stderr, r"d2b2c3d4e5f6_dropper\.py:\d+:\d+: error: MG402")
        self.assertIn("nothing applied", r.stderr)

    def test_several_heads_need_to(self):
        p = Project(self)
        p.add_revision("e1b2c3d4e5f6", REV3, '    op.add_column("task", sa.Column("x", sa.Integer(), nullable=True))',
                       message="one")
        p.add_revision("e2b2c3d4e5f6", REV3, '    op.add_column("task", sa.Column("y", sa.Integer(), nullable=True))',
                       message="two")
        p.review("e1b2c3d4e5f6", "MG104")
        p.review("e2b2c3d4e5f6", "MG104")
        r = p.apply()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("2 heads: e1b2c3d4e5f6, e2b2c3d4e5f6", r.stderr)
        r = p.apply("--to", "e2b2")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(p.versions(), ["e2b2c3d4e5f6"])
        # The other branch: a second row, as Alembic keeps two heads.
        r = p.apply("--to", "e1b2c3d4e5f6")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(p.versions(), ["e1b2c3d4e5f6", "e2b2c3d4e5f6"])
        # A merge revision deletes one row and updates the other, as Alembic does.
        p.add_revision("f1b2c3d4e5f6", "('e1b2c3d4e5f6', 'e2b2c3d4e5f6')", "    pass", message="merge")
        path = p.path / "migrations" / "versions" / "f1b2c3d4e5f6_merge.py"
        path.write_text(path.read_text().replace("down_revision = '('e1b2c3d4e5f6', 'e2b2c3d4e5f6')'",
                                                 "down_revision = ('e1b2c3d4e5f6', 'e2b2c3d4e5f6')"))
        p.review("f1b2c3d4e5f6", "MG106")
        r = p.apply()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(p.versions(), ["f1b2c3d4e5f6"])
        current = p.alembic("current")
        self.assertIn("f1b2c3d4e5f6 (head)", current.stdout, current.stderr)

    def test_concurrent_index_runs_outside_the_transaction_block(self):
        p = Project(self)
        p.add_revision("cc11c3d4e5f6", REV3,
                       '    op.execute("CREATE INDEX CONCURRENTLY ix_task_title ON task (title)")',
                       message="concurrent index")
        p.review("cc11c3d4e5f6", "MG301")
        self.assertEqual(p.apply("--to", REV3).returncode, 0)
        sql = p.apply("--sql").stdout
        self.assertRegex(sql, r"COMMIT;\n\nCREATE INDEX CONCURRENTLY ix_task_title ON task \(title\);\n\nBEGIN;")
        r = p.apply()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(p.q("SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_task_title'::regclass"), [(True,)])
        self.assertEqual(p.versions(), ["cc11c3d4e5f6"])
        self.assertEqual(p.history()[-1], "cc11c3d4e5f6")

    def test_database_ahead_of_the_repository(self):
        p = Project(self)
        self.assertEqual(p.apply().returncode, 0)
        p.q("UPDATE alembic_version SET version_num = 'ffffeeeedddd'")
        r = p.apply()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("the database is at revision ffffeeeedddd, which this repository does not know", r.stderr)
        s = p.mg("status", "--database-url", p.url)
        self.assertIn("? ffffeeeedddd", s.stdout)

    def test_wrong_password_is_exit_3_without_the_password(self):
        p = Project(self)
        r = p.mg("apply", "--database-url", f"postgresql://postgres:wrong-pass-xyz@127.0.0.1:{SERVER.port}/{p.db}")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("password", r.stderr.lower())
        self.assertNotIn("wrong-pass-xyz", r.stdout + r.stderr)
        ok = p.mg("apply", "--database-url", f"postgresql://postgres:right-secret@127.0.0.1:{SERVER.port}/{p.db}")
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertNotIn("right-secret", ok.stdout + ok.stderr)

    def test_unreachable_host_is_exit_3(self):
        p = Project(self)
        r = p.mg("apply", "--database-url", f"postgresql://postgres@127.0.0.1:{free_port()}/x?connect_timeout=3")
        self.assertEqual(r.returncode, 3, r.stderr)

    def test_dry_run_and_sql_change_nothing(self):
        p = Project(self)
        self.assertEqual(p.apply("--to", REV1).returncode, 0)
        r = p.apply("--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"is at {REV1}", r.stdout)
        self.assertIn("would apply " + REV2, r.stdout)
        self.assertIn("would apply " + REV3, r.stdout)
        self.assertNotIn("would apply " + REV1, r.stdout)
        r = p.apply("--sql")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("CREATE TABLE task", r.stdout)
        self.assertIn(f"UPDATE alembic_version SET version_num='{REV2}' WHERE alembic_version.version_num = '{REV1}';",
                      r.stdout)
        self.assertIn("SET LOCAL lock_timeout = 5000;", r.stdout)
        self.assertEqual(p.versions(), [REV1])
        self.assertEqual(p.history(), [REV1])
        # From an empty database, the SQL creates the tables and inserts the base.
        fresh = SERVER.create_database(p.db + "_fresh")
        r = p.mg("apply", "--database-url", SERVER.url(fresh), "--sql", "--lock-timeout", "2s")
        self.assertIn("CREATE TABLE IF NOT EXISTS alembic_version", r.stdout)
        self.assertIn(f"INSERT INTO alembic_version (version_num) VALUES ('{REV1}');", r.stdout)
        self.assertIn("SET LOCAL lock_timeout = 2000;", r.stdout)
        self.assertEqual(SERVER.query(fresh, "SELECT to_regclass('alembic_version') IS NULL"), [(True,)])
        # The printed SQL, run by psql, gives what apply gives.
        run = subprocess.run(["runuser", "-u", "postgres", "--", str(PG_BIN / "psql"), "-v", "ON_ERROR_STOP=1", "-q",
                              "-h", str(SERVER.sock), "-p", str(SERVER.port), "-d", fresh],
                             input=r.stdout, capture_output=True, text=True)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(SERVER.query(fresh, "SELECT version_num FROM alembic_version"), [(REV3,)])

    def test_lock_held_elsewhere_times_out_naming_the_holder(self):
        p = Project(self)
        holder = psycopg2.connect(host=str(SERVER.sock), port=SERVER.port, user="postgres", dbname=p.db,
                                  application_name="release-42")
        self.addCleanup(holder.close)
        holder.autocommit = True
        cur = holder.cursor()
        cur.execute("SELECT pg_advisory_lock(%s), pg_backend_pid()", (LOCK_KEY,))
        pid = cur.fetchone()[1]
        start = time.time()
        r = p.apply("--lock-wait", "1")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertGreaterEqual(time.time() - start, 1.0)
        self.assertIn(f"pid {pid}, application 'release-42'", r.stderr)
        self.assertIn("local socket", r.stderr)
        self.assertEqual(p.q("SELECT to_regclass('task') IS NULL"), [(True,)])

    def test_status_shows_applied_and_pending(self):
        p = Project(self)
        self.assertEqual(p.apply("--to", REV2).returncode, 0)
        s = p.mg("status", "--database-url", p.url)
        self.assertEqual(s.returncode, 0, s.stderr)
        self.assertRegex(s.stdout, rf"{REV1} .*\[applied\]")
        self.assertRegex(s.stdout, rf"{REV2} .*\[applied\]")
        self.assertRegex(s.stdout, rf"{REV3} .*\[pending\]")
        self.assertIn(f"Database: at {REV2}; 2 applied, 1 pending", s.stdout)

    def test_opaque_revision_needs_the_alembic_runner(self):
        p = Project(self)
        p.add_revision("a9b2c3d4e5f6", REV3,
                       '    for name in ("alpha", "beta"):\n'
                       '        op.add_column("project", sa.Column(name, sa.Integer(), nullable=True))',
                       message="loop")
        p.add_revision("a8b2c3d4e5f6", "a9b2c3d4e5f6",
                       '    op.add_column("task", sa.Column("after_loop", sa.Integer(), nullable=True))',
                       message="after")
        p.review("a9b2c3d4e5f6")
        p.review("a8b2c3d4e5f6")
        r = p.apply()
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("revision a9b2c3d4e5f6 has code mig-guard cannot run", r.stderr)
        self.assertIn("--runner alembic", r.stderr)
        self.assertEqual(p.q("SELECT to_regclass('task') IS NULL"), [(True,)])
        r = p.apply("--runner", "alembic", "--python", PYTHON)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("alpha", p.columns("project"))
        self.assertIn("beta", p.columns("project"))
        self.assertIn("after_loop", p.columns("task"))
        self.assertEqual(p.versions(), ["a8b2c3d4e5f6"])
        self.assertEqual(p.history(), [REV1, REV2, REV3, "a9b2c3d4e5f6", "a8b2c3d4e5f6"])
        self.assertIn("a8b2c3d4e5f6 (head)", p.alembic("current").stdout)


if __name__ == "__main__":
    unittest.main()
