"""Shared pieces of the benchmarks: a generated SQLModel + Alembic project with a real git
history, a throwaway PostgreSQL cluster, and timing of whole processes with their peak RSS.

The generated project is one an Alembic user would recognise: model classes spread over
modules of 20, each with a primary key, an indexed name, a timestamp, a flag and, every fourth
class, a foreign key to an earlier table; the chain first creates each table, then adds columns
of several types (some indexed) one revision at a time, until it has the requested length. Each
revision is its own git commit together with the model change it accounts for. `migrations/env.py`
is a working Alembic environment (target_metadata = SQLModel.metadata, URL from
$BENCH_DATABASE_URL), so that Alembic and mig-guard run on the same repository and database.
"""
import os
import pwd
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("MG_PG_BIN", "/usr/lib/postgresql/15/bin"))
PER_FILE = 20

REVISION = '''"""{message}

Revision ID: {rev}
Revises: {down}
Create Date: 2026-01-01 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


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

MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''

ENV_PY = '''"""Alembic environment of the benchmark project: online migrations only."""
import os
import sys

from alembic import context
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import app.models  # noqa: E402,F401  (registers every table on SQLModel.metadata)

target_metadata = SQLModel.metadata


def run_migrations_online():
    engine = create_engine(os.environ["BENCH_DATABASE_URL"], poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline mode is not used by the benchmark")
run_migrations_online()
'''

ALEMBIC_INI = """[alembic]
script_location = migrations
prepend_sys_path = .
"""

# Types of the columns the chain adds, in turn: (annotation and Field, Alembic column type, indexed)
ADDED = [
    ("Optional[str] = None", "sqlmodel.sql.sqltypes.AutoString()", False),
    ("Optional[int] = None", "sa.Integer()", False),
    ("Optional[float] = Field(default=None, index=True)", "sa.Float()", True),
    ("Optional[str] = Field(default=None, max_length=50)", "sqlmodel.sql.sqltypes.AutoString(length=50)", False),
]


def rev_id(i):
    return f"{i:012x}"


class Project:
    """Models and the revision chain that builds them, kept in step, with one git commit per
    revision (the model change and the revision together)."""

    def __init__(self, models, revisions):
        if revisions < models:
            raise ValueError("at least one revision per model class (each creates a table)")
        self.models = models
        self.parent = {m: (m // 2 if m % 4 == 3 else None) for m in range(models)}
        self.extra = {}  # model -> [(column, kind)], only for created models
        self.revisions = []  # (id, message, upgrade, downgrade, touched model)
        for m in range(models):
            self.extra[m] = []
            self._add(f"create t{m}", self._create_table(m), self._drop_table(m), m)
        i = 0
        while len(self.revisions) < revisions:
            self._add_column((i * 7) % models)
            i += 1

    def _create_table(self, m):
        p = self.parent[m]
        cols = ["    sa.Column('id', sa.Integer(), nullable=False),",
                "    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),",
                "    sa.Column('created_at', sa.DateTime(), nullable=False),",
                "    sa.Column('active', sa.Boolean(), nullable=False),"]
        if p is not None:
            cols.append(f"    sa.Column('t{p}_id', sa.Integer(), nullable=True),")
            cols.append(f"    sa.ForeignKeyConstraint(['t{p}_id'], ['t{p}.id'], ),")
        cols.append("    sa.PrimaryKeyConstraint('id')")
        up = f"    op.create_table('t{m}',\n" + "\n".join(cols) + "\n    )\n"
        up += f"    op.create_index(op.f('ix_t{m}_name'), 't{m}', ['name'], unique=False)"
        if p is not None:
            up += f"\n    op.create_index(op.f('ix_t{m}_t{p}_id'), 't{m}', ['t{p}_id'], unique=False)"
        return up

    def _drop_table(self, m):
        p = self.parent[m]
        down = ""
        if p is not None:
            down += f"    op.drop_index(op.f('ix_t{m}_t{p}_id'), table_name='t{m}')\n"
        return down + f"    op.drop_index(op.f('ix_t{m}_name'), table_name='t{m}')\n    op.drop_table('t{m}')"

    def _add(self, message, up, down, m):
        self.revisions.append((rev_id(len(self.revisions) + 1), message, up, down, m))

    def _add_column(self, m):
        k = len(self.revisions)
        kind = k % len(ADDED)
        col = f"c{k}"
        self.extra[m].append((col, kind))
        _, satype, indexed = ADDED[kind]
        up = f"    op.add_column('t{m}', sa.Column('{col}', {satype}, nullable=True))"
        down = f"    op.drop_column('t{m}', '{col}')"
        if indexed:
            up += f"\n    op.create_index(op.f('ix_t{m}_{col}'), 't{m}', ['{col}'], unique=False)"
            down = f"    op.drop_index(op.f('ix_t{m}_{col}'), table_name='t{m}')\n" + down
        self._add(f"add {col} to t{m}", up, down, m)

    # -- files ----------------------------------------------------------------------------------

    def model_module(self, group, extra=None, upto=None):
        """app/models/m<group>.py as it is when the models created so far are `upto` (default:
        all), with `extra` {model: [source line]} added to the classes."""
        upto = self.extra if upto is None else upto
        lines = ["from datetime import datetime\n", "from typing import Optional\n\n",
                 "from sqlmodel import Field, SQLModel\n\n"]
        for m in range(group * PER_FILE, min((group + 1) * PER_FILE, self.models)):
            if m not in upto:
                continue
            p = self.parent[m]
            lines.append(f"\nclass T{m}(SQLModel, table=True):\n")
            lines.append("    id: Optional[int] = Field(default=None, primary_key=True)\n")
            lines.append("    name: str = Field(max_length=100, index=True)\n")
            lines.append("    created_at: datetime\n")
            lines.append("    active: bool = True\n")
            if p is not None:
                lines.append(f"    t{p}_id: Optional[int] = Field(default=None, foreign_key='t{p}.id', index=True)\n")
            for col, kind in upto[m]:
                lines.append(f"    {col}: {ADDED[kind][0]}\n")
            for line in (extra or {}).get(m, []):
                lines.append(f"    {line}\n")
        return "".join(lines)

    def models_init(self):
        groups = (self.models + PER_FILE - 1) // PER_FILE
        return "".join(f"from .m{g} import *  # noqa: F401,F403\n" for g in range(groups))

    def revision_file(self, n):
        rid, message, up, down, _ = self.revisions[n]
        down_id = self.revisions[n - 1][0] if n else None
        name = f"migrations/versions/{rid}_{message.replace(' ', '_')}.py"
        return name, REVISION.format(message=message, rev=rid, down=down_id or "", down_repr=repr(down_id),
                                     upgrade=up, downgrade=down)

    def head(self):
        return self.revisions[-1][0]

    def create_repo(self, root: Path, env):
        """A git repository whose history is the project growing one revision per commit
        (written with git fast-import), checked out at the head of `main`."""
        root.mkdir(parents=True)
        run(["git", "init", "-q", "-b", "main"], root, env)
        run(["git", "config", "user.name", "Bench"], root, env)
        run(["git", "config", "user.email", "bench@example.com"], root, env)
        stream = bytearray()
        t0 = 1767225600  # 2026-01-01

        def commit(n, message, files):
            stream.extend(b"commit refs/heads/main\n")
            stream.extend(f"mark :{n + 1}\ncommitter Bench <bench@example.com> {t0 + 60 * n} +0000\n".encode())
            msg = message.encode()
            stream.extend(f"data {len(msg)}\n".encode() + msg + b"\n")
            if n:
                stream.extend(f"from :{n}\n".encode())
            for path, text in files:
                data = text.encode()
                stream.extend(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

        commit(0, "project skeleton", [
            ("alembic.ini", ALEMBIC_INI),
            ("pyproject.toml", '[project]\nname = "bench"\ndependencies = ["sqlmodel==0.0.8", "sqlalchemy>=1.4,<1.5", "alembic"]\n'),
            (".gitignore", "__pycache__/\n"),
            ("migrations/env.py", ENV_PY),
            ("migrations/script.py.mako", MAKO),
            ("app/__init__.py", ""),
            ("app/models/__init__.py", self.models_init()),
        ])
        upto = {}
        for n, (_, message, _, _, m) in enumerate(self.revisions):
            if m not in upto:
                upto[m] = []
            elif len(upto[m]) < len(self.extra[m]):
                upto[m] = self.extra[m][:len(upto[m]) + 1]
            path, text = self.revision_file(n)
            commit(n + 1, message, [(f"app/models/m{m // PER_FILE}.py", self.model_module(m // PER_FILE, upto=upto)), (path, text)])
        r = subprocess.run(["git", "fast-import", "--quiet"], cwd=root, env=env, input=bytes(stream), capture_output=True)
        if r.returncode != 0:
            sys.exit(f"git fast-import failed:\n{r.stderr.decode()}")
        run(["git", "reset", "-q", "--hard", "main"], root, env)
        # The tree at the head equals the project as a whole: the history was built in step.
        for g in range((self.models + PER_FILE - 1) // PER_FILE):
            if (root / "app" / "models" / f"m{g}.py").read_text() != self.model_module(g):
                sys.exit(f"internal error: generated history does not end at the project (m{g}.py)")
        return len(self.revisions) + 1


# -- processes ----------------------------------------------------------------------------------

def run(cmd, cwd, env, check=True, input=None):
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, input=input)
    if check and r.returncode != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


def git_env(home):
    return dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1",
                GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
                GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")


class Result:
    def __init__(self, code, out, err, seconds, rss_mb):
        self.code, self.out, self.err, self.seconds, self.rss_mb = code, out, err, seconds, rss_mb


def measure(cmd, cwd, env):
    """One run of cmd: wall time of the whole process, and its peak RSS from wait4()."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        p = subprocess.Popen([str(c) for c in cmd], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:
            _, status, usage = os.wait4(p.pid, 0)
        except BaseException:  # interrupted: the child goes too, before the cluster is stopped
            p.kill()
            p.wait()
            raise
        elapsed = time.perf_counter() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Result(p.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                      elapsed, usage.ru_maxrss / 1024)


class Series:
    """Runs of one case: median time, max peak RSS."""

    def __init__(self):
        self.times, self.rss = [], []

    def add(self, r: Result):
        self.times.append(r.seconds)
        self.rss.append(r.rss_mb)

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def peak(self):
        return max(self.rss)


def spawn_overhead(runs=21):
    """Median wall time of /bin/true spawned the same way: what starting any process costs."""
    return statistics.median(measure(["/bin/true"], "/", dict(os.environ)).seconds for _ in range(runs))


# -- PostgreSQL ---------------------------------------------------------------------------------

class Cluster:
    """A throwaway PostgreSQL: initdb + pg_ctl (as `postgres` when root), Unix socket only in a
    temporary directory, fsync off. stop() is idempotent; use it in finally, and install
    cleanup_on_signals() so that SIGINT/SIGTERM/SIGHUP reach the finally blocks."""

    def __init__(self, tmp: Path):
        self.dir = tmp / "pg"
        self.dir.mkdir()
        self.sock = self.dir / "sock"
        self.sock.mkdir()
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            pg = pwd.getpwnam(self.user)
            for p in (self.dir, self.sock):
                os.chown(p, pg.pw_uid, pg.pw_gid)
        self.data = self.dir / "data"
        self.port = 5432
        self.started = False
        self._as_pg([PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"])
        self.started = True
        try:
            self._as_pg([PG_BIN / "pg_ctl", "-D", self.data, "-w", "-l", self.dir / "log", "-o",
                         f"-k {self.sock} -p {self.port} -c listen_addresses= -c fsync=off "
                         "-c synchronous_commit=off -c full_page_writes=off", "start"])
        except BaseException:
            # Interrupted or failed while starting: the server may still come up after pg_ctl is
            # gone. Wait briefly for its pid file, and stop it.
            deadline = time.monotonic() + 5
            while not (self.data / "postmaster.pid").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            self.stop()
            raise

    def _as_pg(self, cmd, input=None):
        cmd = [str(c) for c in cmd]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=self.dir, input=input)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
        return r.stdout

    def sql(self, sql, db="postgres"):
        """Runs sql with psql; returns the unaligned, tuples-only output."""
        return self._as_pg([PG_BIN / "psql", "-X", "-h", self.sock, "-p", self.port, "-U", "postgres", "-d", db,
                            "-v", "ON_ERROR_STOP=1", "-qAt", "-f", "-"], input=sql)

    def create_db(self, db):
        self.sql(f"DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db}")

    def drop_db(self, db):
        self.sql(f"DROP DATABASE IF EXISTS {db}")

    def url(self, db):
        """libpq URL (mig-guard)."""
        return f"postgresql://postgres@/{db}?host={self.sock}&port={self.port}"

    def sa_url(self, db):
        """SQLAlchemy URL (Alembic, psycopg2)."""
        return f"postgresql+psycopg2://postgres@/{db}?host={self.sock}&port={self.port}"

    def catalog(self, db):
        """What a migration chain built: tables with their columns, types and nullability,
        indexes, foreign keys, and the Alembic head."""
        return {
            "columns": self.sql("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                                "WHERE table_schema = 'public' AND table_name NOT IN ('alembic_version', 'mig_guard_history') "
                                "ORDER BY 1, 2", db),
            "indexes": self.sql("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' "
                                "AND tablename NOT IN ('alembic_version', 'mig_guard_history') ORDER BY 1, 2", db),
            "foreign_keys": self.sql("SELECT conrelid::regclass, confrelid::regclass, pg_get_constraintdef(oid) FROM pg_constraint "
                                     "WHERE contype = 'f' ORDER BY 1, 3", db),
            "head": self.sql("SELECT version_num FROM alembic_version", db).strip(),
        }

    def stop(self):
        if self.started:
            self.started = False
            try:
                self._as_pg([PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"])
            except RuntimeError as e:
                print(f"warning: stopping the benchmark's PostgreSQL: {e}", file=sys.stderr)


def cleanup_on_signals():
    """SIGTERM and SIGHUP raise SystemExit (SIGINT already raises KeyboardInterrupt), so that
    every finally block runs: the cluster is stopped and the temporary directory removed."""
    def handler(signum, _frame):
        raise SystemExit(128 + signum)
    for s in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, handler)


def make_tmp(prefix):
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(tmp, 0o755)  # the server's user must reach its socket directory
    return tmp


def remove_tmp(tmp):
    for attempt in range(3):  # a server or child that is still exiting may recreate a file
        shutil.rmtree(tmp, ignore_errors=True)
        if not os.path.exists(tmp):
            return
        time.sleep(0.5)
    print(f"warning: could not remove {tmp}", file=sys.stderr)
