"""End-to-end tests of model discovery (issue: one model loader, discovery as Alembic sees it).

Every command reads the models through the same loader: on one fixture, with no configuration,
`schema`, `status`, `diff`, `generate`, `check`, `ci`, `review` and `verify` must all see the
same tables and columns, those Alembic would see from env.py. The fixtures are in
fixtures/layouts/ (a backend/ layout with mixins across packages and Python 3.14 syntax in an
unrelated module; a src/ layout with SQLAlchemy 2.0).

Run by ctest with MG_BINARY and MG_SOURCE_DIR set; /usr/bin/python3, standard library only.
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from harness import check_sanitizers
from harness import skip_missing_dependency
from test_gate import BINARY, SOURCE, git_env

LAYOUTS = SOURCE / "fixtures" / "layouts"


class Project:
    """A fixture committed to a fresh git repository; commands run from the repository's root."""

    def __init__(self, test, fixture):
        self.test = test
        self.tmp = Path(tempfile.mkdtemp(prefix="mg-discovery-"))
        test.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        (self.tmp / "home").mkdir()
        self.env = git_env(self.tmp / "home")
        self.path = self.tmp / "repo"
        shutil.copytree(LAYOUTS / fixture, self.path, ignore=shutil.ignore_patterns("__pycache__"))
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Ada Lovelace")
        self.git("config", "user.email", "ada@example.com")
        self.commit_all("project")

    def git(self, *args):
        r = subprocess.run(["git", *args], cwd=self.path, env=self.env, capture_output=True, text=True)
        if r.returncode != 0:
            self.test.fail(f"git {' '.join(args)} failed:\n{r.stdout}\n{r.stderr}")
        return r

    def commit_all(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message)

    def mg(self, *args, expect=None):
        r = subprocess.run([BINARY, "--color", "never", *args], cwd=self.path, env=self.env, capture_output=True,
                           text=True, timeout=300)
        if expect is not None:
            self.test.assertEqual(r.returncode, expect, f"mig-guard {' '.join(args)}:\n{r.stdout}\n{r.stderr}")
        return check_sanitizers(self.test, r, args)

    def write(self, rel, text):
        (self.path / rel).write_text(text)

    def new_files(self):
        r = self.git("ls-files", "--others", "--exclude-standard")
        return [line for line in r.stdout.splitlines() if line]


def schema_columns(result):
    """{table: [columns]} from `schema --format json`."""
    data = json.loads(result.stdout)
    return {t["name"]: [c["name"] for c in t["columns"]] for t in data["tables"]}


def revision_columns(text):
    """{table: [columns]} of the op.create_table calls in a revision's upgrade()."""
    upgrade = text.split("def downgrade", 1)[0]
    out = {}
    for m in re.finditer(r"op\.create_table\(\s*'([^']+)',(.*?)\n    \)", upgrade, re.S):
        out[m.group(1)] = re.findall(r"sa\.Column\('([^']+)'", m.group(2))
    return out


def added_columns(text):
    """[(table, column)] of the op.add_column calls in a revision's upgrade()."""
    upgrade = text.split("def downgrade", 1)[0]
    return sorted(re.findall(r"op\.add_column\('([^']+)', sa\.Column\('([^']+)'", upgrade))


class OneLoaderTest(unittest.TestCase):
    """Each command on the backend/ layout sees the same models."""

    EXPECTED = {
        "user": ["created_at", "updated_at", "id", "email", "full_name"],
        "item": ["created_at", "updated_at", "id", "title", "quantity", "owner_id"],
    }

    def test_every_command_reads_the_same_models(self):
        p = Project(self, "backend-sqlmodel")

        # schema: what env.py reaches, with the mixin's columns; the table nothing imports is
        # left out with a located warning; Python 3.14 syntax in app/api/deps.py blocks nothing.
        r = p.mg("schema", "--format", "json", expect=0)
        self.assertEqual(schema_columns(r), self.EXPECTED)
        self.assertIn("backend/app/models/audit.py:8:1: warning: table `auditlog` is defined here", r.stderr)
        self.assertIn("add `import app.models.audit` to app/models/__init__.py", r.stderr)
        self.assertNotIn("deps.py", r.stderr)

        # status: the same tables as drift (no revision yet).
        r = p.mg("status", expect=0)
        self.assertIn("create_table user (5 columns)", r.stdout)
        self.assertIn("create_table item (6 columns)", r.stdout)
        self.assertNotIn("auditlog", r.stdout)

        # diff from nothing to the models' package: the same tables (a named __init__ is followed
        # through its imports as Python runs it).
        empty = p.tmp / "empty"
        empty.mkdir()
        r = p.mg("diff", "--from", str(empty), "--to", "backend/app/models/__init__.py", "--format", "revision",
                 "--rev-id", "0000000000a1", expect=0)
        self.assertEqual(revision_columns(r.stdout), self.EXPECTED)

        # generate: the first revision, in the versions directory env.py's project has.
        r = p.mg("generate", "--no-db", "-m", "initial tables", expect=0)
        written = p.new_files()
        self.assertEqual(len(written), 1, written)
        self.assertTrue(written[0].startswith("backend/app/alembic/versions/"), written)
        first = (p.path / written[0]).read_text()
        self.assertEqual(revision_columns(first), self.EXPECTED)
        # The fixture's script.py.mako is Alembic's own, without `import sqlmodel`: the writer adds
        # it for the AutoString columns, or the upgrade would die with NameError.
        self.assertNotIn("import sqlmodel", (p.path / "backend/app/alembic/script.py.mako").read_text())
        self.assertIn("sqlmodel.sql.sqltypes.AutoString", first)
        self.assertRegex(first, r"(?m)^import sqlmodel(\.sql\.sqltypes)?$")
        # The real Alembic runs it (offline: the upgrade's Python executes, the SQL is printed).
        try:
            import alembic  # noqa: F401  (Debian's python3-alembic, with python3-sqlmodel)
            import sqlmodel  # noqa: F401
        except ImportError:
            skip_missing_dependency(self, "Debian's python3-alembic or python3-sqlmodel is not installed")
        r = subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head", "--sql"], cwd=p.path / "backend",
                           env=dict(p.env, PYTHONDONTWRITEBYTECODE="1"), capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("CREATE TABLE item", r.stdout)

        # verify: the chain applied in PostgreSQL equals the catalog the models create.
        r = p.mg("verify", expect=0)

        # review shows the ops of the revision; approving it makes status in sync.
        r = p.mg("review", "--approve", "--all", expect=0)
        self.assertIn("create_table item", r.stdout + r.stderr)
        r = p.mg("status", expect=0)
        self.assertIn("Models: in sync with the revisions", r.stdout)
        p.commit_all("initial revision")

        # check: a column added to the mixin in another package reaches both tables, HEAD
        # against the index.
        mixins = p.path / "backend/app/core/mixins.py"
        mixins.write_text(mixins.read_text() + "    deleted_at: Optional[datetime] = Field(default=None)\n")
        p.git("add", "-A")
        r = p.mg("check", expect=1)
        self.assertIn("MG101", r.stdout)
        written = p.new_files()
        self.assertEqual(len(written), 1, written)
        change = (p.path / written[0]).read_text()
        self.assertEqual(added_columns(change), [("item", "deleted_at"), ("user", "deleted_at")])

        # ci on a branch with the same change prints the same revision's ops.
        (p.path / written[0]).unlink()
        p.git("checkout", "-q", "-b", "feature")
        p.commit_all("soft delete")
        r = p.mg("ci", "--base", "main", "--no-db", expect=1)
        self.assertIn("MG101", r.stdout)
        self.assertEqual(added_columns(r.stdout + r.stderr), [("item", "deleted_at"), ("user", "deleted_at")])

    def test_src_layout_with_base_in_its_own_package(self):
        p = Project(self, "src-layout-sa20")
        r = p.mg("schema", "--format", "json", expect=0)
        expected = {
            "customer": ["id", "email", "name", "created_at", "created_by"],
            "order": ["id", "customer_id", "total", "created_at", "created_by"],
            "order_tag": ["order_id", "tag"],
        }
        self.assertEqual(schema_columns(r), expected)
        self.assertEqual(r.stderr, "")
        # The naming convention of the Base's MetaData reaches every constraint.
        sql = p.mg("schema", "--format", "sql", expect=0).stdout
        self.assertIn("CONSTRAINT fk_order_customer_id_customer FOREIGN KEY(customer_id) REFERENCES customer (id) "
                      "ON DELETE CASCADE", sql)
        p.mg("generate", "--no-db", "-m", "initial", expect=0)
        written = p.new_files()
        self.assertEqual(len(written), 1, written)
        self.assertTrue(written[0].startswith("migrations/versions/"), written)
        self.assertEqual(revision_columns((p.path / written[0]).read_text()), expected)
        p.mg("verify", expect=0)

    def test_schema_path_follows_the_imports_of_the_named_files(self):
        # The model file alone names a Base that lives in another package: resolved as Python
        # would from the repository's root, with the package found from its __init__ chain.
        # Importing shop.models.customer runs shop/models/__init__.py first, which imports the
        # order module too: `create_all` after that import creates all three tables.
        p = Project(self, "src-layout-sa20")
        r = p.mg("schema", "--format", "json", "src/shop/models/customer.py", expect=0)
        self.assertEqual(sorted(schema_columns(r)), ["customer", "order", "order_tag"])
        self.assertEqual(schema_columns(r)["customer"], ["id", "email", "name", "created_at", "created_by"])
        # A module outside any package is just itself and what it imports.
        p.write("standalone.py", "from shop.db.base import Base, AuditMixin\n"
                                 "from sqlalchemy.orm import Mapped, mapped_column\n"
                                 "class Note(AuditMixin, Base):\n"
                                 "    __tablename__ = 'note'\n"
                                 "    id: Mapped[int] = mapped_column(primary_key=True)\n")
        r = p.mg("schema", "--format", "json", "standalone.py", expect=0)
        self.assertEqual(schema_columns(r), {"note": ["id", "created_at", "created_by"]})


class OutsideARepositoryTest(unittest.TestCase):
    def test_schema_path_resolves_imports_from_the_current_directory(self):
        # No git, no pyproject: `python -c "import models.user"` run in this directory would find
        # `base` here, and so does mig-guard.
        tmp = Path(tempfile.mkdtemp(prefix="mg-discovery-"))
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        (tmp / "models").mkdir()
        (tmp / "base.py").write_text("from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n")
        (tmp / "models" / "user.py").write_text(
            "from sqlalchemy.orm import Mapped, mapped_column\nfrom base import Base\n\n"
            "class User(Base):\n    __tablename__ = 'users'\n    id: Mapped[int] = mapped_column(primary_key=True)\n"
            "    name: Mapped[str]\n")
        r = subprocess.run([BINARY, "schema", "--format", "json", "models/user.py"], cwd=tmp, capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(schema_columns(r), {"users": ["id", "name"]})

    def test_lint_of_a_revision_file_with_no_project_around_it(self):
        # File-level rules run on a file linted alone; the graph rules need the project.
        tmp = Path(tempfile.mkdtemp(prefix="mg-discovery-"))
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        (tmp / "a1_drop.py").write_text(
            '"""drop\n\nRevision ID: a1\nRevises: zz\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
            "revision = 'a1'\ndown_revision = 'zz'\nbranch_labels = None\ndepends_on = None\n\n\n"
            "def upgrade():\n    op.drop_column('task', 'title')\n\n\n"
            "def downgrade():\n    op.add_column('task', sa.Column('title', sa.String(), nullable=True))\n")
        r = check_sanitizers(self, subprocess.run([BINARY, "--color", "never", "lint", "a1_drop.py"], cwd=tmp,
                                                  capture_output=True, text=True, timeout=60), ["lint"])
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertRegex(r.stdout, r"a1_drop\.py:16:5: MG402 \[error\]")
        self.assertNotIn("MG105", r.stdout)  # its down_revision is nowhere: a graph finding, not run here
        self.assertNotIn("alembic.ini", r.stderr)
        # Without a file to lint there is nothing to do outside a project.
        r = check_sanitizers(self, subprocess.run([BINARY, "lint"], cwd=tmp, capture_output=True, text=True,
                                                  timeout=60), ["lint"])
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("name revision files to lint them alone", r.stderr)


class DiscoveryErrorsTest(unittest.TestCase):
    def test_models_that_env_py_never_reaches_stop_the_gate_instead_of_dropping_every_table(self):
        p = Project(self, "backend-sqlmodel")
        p.mg("generate", "--no-db", "-m", "initial tables", expect=0)
        p.mg("review", "--approve", "--all", expect=0)
        p.commit_all("initial revision")
        env = p.path / "backend/app/alembic/env.py"
        env.write_text(env.read_text().replace("from app.models import *", "from app.core import mixins"))
        p.git("add", "-A")
        r = p.mg("check", expect=1)
        self.assertIn("no table model is reached from env.py's imports", r.stderr)
        self.assertIn("the models define no table while the revisions create 2", r.stderr)
        self.assertIn("table `user` is defined here", r.stderr)
        self.assertNotIn("All checks passed", r.stdout)
        self.assertEqual(p.new_files(), [], "no revision may be written")
        r = p.mg("generate", "--no-db", "-m", "drop all", expect=1)
        self.assertEqual(p.new_files(), [])

    def test_target_metadata_none_is_an_error_with_its_location(self):
        p = Project(self, "backend-sqlmodel")
        env = p.path / "backend/app/alembic/env.py"
        env.write_text(env.read_text().replace("target_metadata = SQLModel.metadata", "target_metadata = None"))
        r = p.mg("status", expect=0)
        self.assertIn("Models: could not be read completely", r.stdout)
        r = p.mg("schema", expect=1)
        self.assertRegex(r.stderr, r"backend/app/alembic/env.py:\d+:19: error: target_metadata is None")

    def test_an_unresolved_mixin_is_an_error_not_missing_columns(self):
        p = Project(self, "backend-sqlmodel")
        user = p.path / "backend/app/models/user.py"
        user.write_text(user.read_text().replace("from app.core.mixins import", "from app.core.stamps import"))
        r = p.mg("schema", expect=1)
        self.assertIn("backend/app/models/user.py:11:12: error: cannot resolve the base class `TimestampMixin` of model "
                      "`User`, imported from `app.core.stamps`, which is not in the repository", r.stderr)
        r = p.mg("generate", "--no-db", "-m", "x", expect=1)
        self.assertEqual(p.new_files(), [])


if __name__ == "__main__":
    unittest.main()
