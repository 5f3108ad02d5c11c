"""End-to-end tests of the gate: the real mig-guard binary on real git repositories built from
fixtures/example-app in temporary directories (issue: the Git-aware gate).

Run by ctest with MG_BINARY and MG_SOURCE_DIR set; /usr/bin/python3, standard library only (plus
Debian's `pre-commit` and `alembic` where a test says so).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

from harness import check_sanitizers, skip_missing_dependency

BINARY = os.environ.get("MG_BINARY", "mig-guard")
SOURCE = Path(os.environ.get("MG_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXAMPLE = SOURCE / "fixtures" / "example-app"
CHANGE = SOURCE / "fixtures" / "example-app-change"
HEAD_REVISION = "e5131e7e12c5"


def git_env(home):
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Ada Lovelace",
        GIT_AUTHOR_EMAIL="ada@example.com",
        GIT_COMMITTER_NAME="Ada Lovelace",
        GIT_COMMITTER_EMAIL="ada@example.com",
        SOURCE_DATE_EPOCH="1795000000",
        NO_COLOR="1",
        # mig-guard on PATH, as the hook and the ledger's merge driver expect it.
        PATH=f"{Path(BINARY).resolve().parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


class Repo:
    """A git repository in a temporary directory, with the example project committed."""

    def __init__(self, test, subdir=""):
        self.test = test
        self.tmp = Path(tempfile.mkdtemp(prefix="mg-e2e-"))
        test.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.home = self.tmp / "home"
        self.home.mkdir()
        self.path = self.tmp / "repo"
        self.project = self.path / subdir if subdir else self.path
        self.env = git_env(self.home)
        self.path.mkdir()
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Ada Lovelace")
        self.git("config", "user.email", "ada@example.com")
        self.git("config", "commit.gpgsign", "false")

    def copy_example(self):
        shutil.copytree(EXAMPLE, self.project, dirs_exist_ok=True)
        for junk in self.project.rglob("__pycache__"):
            shutil.rmtree(junk)

    def git(self, *args, check=True, cwd=None):
        r = subprocess.run(["git", *args], cwd=cwd or self.path, env=self.env, capture_output=True, text=True)
        if check and r.returncode != 0:
            self.test.fail(f"git {' '.join(args)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        return r

    def commit_all(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "--no-verify", "-m", message)

    def mg(self, *args, cwd=None, input=None):
        r = subprocess.run([BINARY, "--color", "never", *args], cwd=cwd or self.project, env=self.env,
                           capture_output=True, text=True, input=input, timeout=120)
        return check_sanitizers(self.test, r, args)

    def write(self, rel, text):
        p = self.project / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)

    def read(self, rel):
        return (self.project / rel).read_text()

    def versions(self):
        return sorted(p.name for p in (self.project / "migrations" / "versions").glob("*.py"))

    def change_models(self):
        shutil.copy(CHANGE / "app" / "models" / "task.py", self.project / "app" / "models" / "task.py")


def example_repo(test, subdir="", baseline=True):
    """The example project committed, with its three revisions recorded in the ledger."""
    repo = Repo(test, subdir)
    repo.copy_example()
    if baseline:
        r = repo.mg("review", "--baseline")
        test.assertEqual(r.returncode, 0, r.stdout + r.stderr)
    repo.commit_all("example project")
    return repo


def hooks_repository(repo):
    """A git repository holding mig-guard's .pre-commit-hooks.yaml, as pre-commit clones it: (path, commit)."""
    hooks_repo = repo.tmp / "hooks-repo"
    hooks_repo.mkdir()
    shutil.copy(SOURCE / ".pre-commit-hooks.yaml", hooks_repo / ".pre-commit-hooks.yaml")
    repo.git("init", "-q", "-b", "main", cwd=hooks_repo)
    repo.git("add", "-A", cwd=hooks_repo)
    repo.git("commit", "-q", "-m", "hooks", cwd=hooks_repo)
    return hooks_repo, repo.git("rev-parse", "HEAD", cwd=hooks_repo).stdout.strip()


def codes(result):
    """Rule codes of a --format json run, sorted."""
    data = json.loads(result.stdout)
    findings = data["findings"] if isinstance(data, dict) else data
    return sorted(f["code"] for f in findings)


class CheckTest(unittest.TestCase):
    def test_nothing_relevant_changed_exits_zero_silently(self):
        repo = example_repo(self)
        repo.write("README.md", "changed\n")
        repo.git("add", "README.md")
        r = repo.mg("check")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.stderr, "")

    def test_model_change_without_revision_fails_and_writes_the_revision(self):
        repo = example_repo(self)
        before = repo.versions()
        repo.change_models()
        repo.git("add", "-A")
        r = repo.mg("check")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("MG101", r.stdout)
        new = sorted(set(repo.versions()) - set(before))
        self.assertEqual(len(new), 1, repo.versions())
        text = repo.read(f"migrations/versions/{new[0]}")
        self.assertIn(f"down_revision = '{HEAD_REVISION}'", text.replace('"', "'"))
        self.assertIn("op.add_column('task', sa.Column('description'", text)
        self.assertIn("op.add_column('task', sa.Column('priority', sa.Integer(), server_default='0', nullable=False))",
                      text)
        self.assertIn("op.drop_column('task', 'priority')", text)
        # It names the file and the next step.
        self.assertIn(new[0], r.stdout + r.stderr)
        self.assertIn("mig-guard review", r.stdout + r.stderr)
        # Running again does not write a second file: the first one is waiting to be staged.
        r2 = repo.mg("check")
        self.assertEqual(r2.returncode, 1)
        self.assertEqual(repo.versions(), sorted(before + new))
        self.assertIn("is not staged", r2.stdout)

    def test_the_written_revision_is_accepted_by_alembic(self):
        if shutil.which("/usr/bin/python3") is None:
            skip_missing_dependency(self, "/usr/bin/python3 missing")
        r = subprocess.run(["/usr/bin/python3", "-c", "import alembic, sqlmodel"], capture_output=True)
        if r.returncode != 0:
            skip_missing_dependency(self, "Debian's python3-alembic / python3-sqlmodel are not installed")
        repo = example_repo(self)
        repo.change_models()
        repo.git("add", "-A")
        repo.mg("check")
        out = subprocess.run(["/usr/bin/python3", "-m", "alembic", "upgrade", "head", "--sql"], cwd=repo.project,
                             env=repo.env, capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("ALTER TABLE task ADD COLUMN priority INTEGER DEFAULT '0' NOT NULL", out.stdout)

    def test_after_review_and_staging_the_commit_passes(self):
        repo = example_repo(self)
        repo.change_models()
        repo.git("add", "-A")
        self.assertEqual(repo.mg("check").returncode, 1)
        # Staged but unreviewed: MG102.
        repo.git("add", "-A")
        r = repo.mg("--format", "json", "check")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(codes(r), ["MG102"])
        r = repo.mg("review", "--approve")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Ada Lovelace <ada@example.com>", repo.read("migrations/mig-guard.lock"))
        # Not staged yet: the index's ledger lacks the entry.
        self.assertEqual(repo.mg("check").returncode, 1)
        repo.git("add", "-A")
        r = repo.mg("check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        repo.commit_all("add priority")
        self.assertEqual(repo.mg("check").returncode, 0)

    def test_editing_a_reviewed_revision_voids_the_review(self):
        repo = example_repo(self)
        repo.change_models()
        repo.git("add", "-A")
        repo.mg("check")
        repo.git("add", "-A")
        self.assertEqual(repo.mg("review", "--approve").returncode, 0)
        new = [v for v in repo.versions() if not v.startswith(("59", "e5"))][0]
        path = f"migrations/versions/{new}"
        repo.write(path, repo.read(path).replace("# ### commands auto generated", "# edited\n    # ### commands auto generated", 1))
        repo.git("add", "-A")
        r = repo.mg("check")
        self.assertEqual(r.returncode, 1)
        self.assertIn("MG102", r.stdout)
        self.assertIn("changed after Ada Lovelace <ada@example.com> reviewed it", r.stdout)

    def test_hand_edit_to_a_committed_revision_is_mg103(self):
        repo = example_repo(self)
        path = "migrations/versions/59a51152ba2e_add_task_table.py"
        repo.write(path, repo.read(path).replace("length=200", "length=300"))
        repo.git("add", "-A")
        r = repo.mg("--format", "json", "check")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("MG103", codes(r))
        # Deleting one is MG103 too.
        repo.git("checkout", "--", ".")
        repo.git("reset", "-q")
        repo.git("checkout", "--", ".")
        repo.git("rm", "-q", path)
        r = repo.mg("--format", "json", "check")
        self.assertEqual(r.returncode, 1)
        self.assertIn("MG103", codes(r))

    def test_drop_column_fails_until_acknowledged(self):
        repo = example_repo(self)
        task = repo.read("app/models/task.py")
        repo.write("app/models/task.py", task.replace("    due_date: Optional[date] = None\n", ""))
        repo.git("add", "-A")
        self.assertEqual(repo.mg("check").returncode, 1)
        repo.git("add", "-A")
        r = repo.mg("review", "--approve")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("--ack MG402", r.stdout)
        repo.git("add", "-A")
        r = repo.mg("--format", "json", "check")
        self.assertEqual(r.returncode, 1)
        self.assertIn("MG402", codes(r))
        self.assertIn("MG102", codes(r))
        r = repo.mg("review", "--approve", "--ack", "MG402")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn('acknowledged = ["MG402"]', repo.read("migrations/mig-guard.lock"))
        repo.git("add", "-A")
        r = repo.mg("check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("acknowledged by Ada Lovelace", r.stdout)

    def test_two_branches_adding_revisions_give_mg104_after_merging(self):
        repo = example_repo(self)
        # init registers the ledger's merge driver, so the two branches' entries merge by id even
        # when they land in the same place of the sorted file.
        self.assertEqual(repo.mg("init", "--no-hook").returncode, 0)
        self.assertIn("migrations/mig-guard.lock merge=mig-guard-ledger", (repo.path / ".gitattributes").read_text())
        self.assertIn("mig-guard merge-ledger", repo.git("config", "merge.mig-guard-ledger.driver").stdout)
        repo.commit_all("adopt mig-guard")
        repo.git("checkout", "-q", "-b", "feature-a")
        repo.change_models()
        repo.git("add", "-A")
        repo.mg("check", "-m", "add priority")
        repo.git("add", "-A")
        repo.mg("review", "--approve")
        repo.commit_all("feature a")
        repo.git("checkout", "-q", "main")
        repo.git("checkout", "-q", "-b", "feature-b")
        user = repo.read("app/models/user.py")
        self.assertIn("class User", user)
        repo.write("app/models/user.py", user.rstrip("\n") + "\n    nickname: Optional[str] = None\n"
                   if "Optional" in user else user)
        repo.git("add", "-A")
        first = repo.mg("check", "-m", "add nickname")
        self.assertEqual(first.returncode, 1, first.stdout + first.stderr)
        repo.git("add", "-A")
        self.assertEqual(repo.mg("review", "--approve").returncode, 0)
        repo.commit_all("feature b")
        repo.git("checkout", "-q", "main")
        repo.git("merge", "-q", "--no-edit", "feature-a")
        merged = repo.git("merge", "-q", "--no-edit", "feature-b", check=False)
        self.assertEqual(merged.returncode, 0, "the ledger and the models merge without conflicts:\n" + merged.stdout)
        r = repo.mg("--format", "json", "ci", "--base", "main~2", "--no-db")
        self.assertTrue(r.stdout, r.stderr)
        self.assertIn("MG104", codes(r))
        self.assertEqual(r.returncode, 1)

    def test_ci_reports_the_same_as_check(self):
        repo = example_repo(self)
        repo.git("checkout", "-q", "-b", "feature")
        task = repo.read("app/models/task.py")
        repo.write("app/models/task.py", task.replace("    due_date: Optional[date] = None\n", ""))
        repo.git("add", "-A")
        repo.mg("check")
        repo.git("add", "-A")
        check = repo.mg("--format", "json", "check")
        repo.commit_all("drop due_date")
        ci = repo.mg("--format", "json", "ci", "--base", "main", "--no-db")
        self.assertEqual(check.returncode, 1)
        self.assertEqual(ci.returncode, 1)
        self.assertEqual(codes(check), codes(ci))
        self.assertEqual(json.loads(check.stdout), json.loads(ci.stdout))

    def test_ci_prints_the_missing_revision_and_writes_nothing(self):
        repo = example_repo(self)
        repo.git("checkout", "-q", "-b", "feature")
        repo.change_models()
        repo.commit_all("models only")
        before = repo.versions()
        r = repo.mg("ci", "--base", "main", "--no-db")
        self.assertEqual(r.returncode, 1)
        self.assertIn("MG101", r.stdout)
        self.assertIn("op.add_column('task'", r.stdout)
        self.assertEqual(repo.versions(), before)
        self.assertEqual(repo.git("status", "--porcelain").stdout, "")

    def test_worktree_mode_reads_unstaged_files(self):
        repo = example_repo(self)
        repo.change_models()
        self.assertEqual(repo.mg("check").returncode, 0, "nothing staged: nothing to check")
        r = repo.mg("check", "--worktree")
        self.assertEqual(r.returncode, 1)
        self.assertIn("MG101", r.stdout)

    def test_project_in_a_subdirectory(self):
        repo = example_repo(self, subdir="backend")
        repo.change_models()
        repo.git("add", "-A")
        r = repo.mg("--format", "json", "check", cwd=repo.path)
        self.assertEqual(r.returncode, 1, r.stderr)
        data = json.loads(r.stdout)
        findings = data["findings"] if isinstance(data, dict) else data
        self.assertTrue(any(f["code"] == "MG101" for f in findings))
        self.assertTrue(all(f["file"].startswith("backend/") for f in findings if "file" in f), findings)
        self.assertEqual(len(list((repo.project / "migrations" / "versions").glob("*.py"))), 4)

    def test_fresh_repository_without_commits(self):
        repo = Repo(self)
        repo.copy_example()
        repo.git("add", "-A")
        r = repo.mg("--format", "json", "check")
        # Every revision is new and unreviewed; nothing crashes.
        self.assertEqual(r.returncode, 1, r.stderr)
        errors = {f["code"] for f in json.loads(r.stdout) if f["level"] == "error"}
        self.assertEqual(errors, {"MG102"})
        self.assertEqual(repo.mg("review", "--approve").returncode, 0)
        repo.git("add", "-A")
        r = repo.mg("check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


class ReviewAndStatusTest(unittest.TestCase):
    def test_status_marks_reviews_and_drift(self):
        repo = example_repo(self)
        r = repo.mg("status")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("✓ e5131e7e12c5 (head)", r.stdout)
        self.assertIn("Models: in sync", r.stdout)
        repo.change_models()
        r = repo.mg("--format", "json", "status")
        data = json.loads(r.stdout)
        self.assertEqual(data["heads"], [HEAD_REVISION])
        self.assertEqual(data["unreviewed"], 0)
        self.assertEqual(len(data["drift"]), 2)

    def test_corrupt_ledger_is_an_error_with_its_location(self):
        repo = example_repo(self)
        ledger = repo.project / "migrations" / "mig-guard.lock"
        ledger.write_text(ledger.read_text().replace("sha256 = \"", "sha256 = \"zz", 1))
        repo.git("add", "-A")
        r = repo.mg("check")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertRegex(r.stderr, r"migrations/mig-guard\.lock:\d+:\d+")
        # The broken ledger is staged: the suggested command must restore the committed one, in
        # the index too (`git checkout -- FILE` would bring back the staged bytes).
        hint = re.search(r"\((git checkout [^)]*)\)", r.stderr)
        self.assertIsNotNone(hint, r.stderr)
        repo.git(*hint.group(1).split()[1:], cwd=repo.path)
        r = repo.mg("check")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_generate_writes_once_and_never_overwrites(self):
        repo = example_repo(self)
        r = repo.mg("generate", "-m", "nothing", "--no-db")
        self.assertEqual(r.returncode, 0)
        self.assertIn("No changes in schema detected", r.stdout)
        repo.change_models()
        r = repo.mg("generate", "-m", "add priority", "--rev-id", "aaaabbbbcccc", "--no-db", "--sql")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("aaaabbbbcccc_add_priority.py", r.stdout)
        self.assertIn("ALTER TABLE task ADD COLUMN priority INTEGER DEFAULT '0' NOT NULL", r.stdout)
        path = repo.project / "migrations" / "versions" / "aaaabbbbcccc_add_priority.py"
        original = path.read_text()
        # The chain now accounts for the models.
        r = repo.mg("generate", "-m", "again", "--no-db")
        self.assertIn("No changes", r.stdout)
        # Same id and message again (after a model edit): refused, file untouched.
        task = repo.read("app/models/task.py")
        repo.write("app/models/task.py", task.replace("    due_date: Optional[date] = None\n", ""))
        r = repo.mg("generate", "-m", "add priority", "--rev-id", "aaaabbbbcccc", "--no-db")
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(path.read_text(), original)

    def test_review_shows_without_recording_when_not_a_terminal(self):
        repo = example_repo(self)
        repo.change_models()
        repo.git("add", "-A")
        repo.mg("check")
        r = repo.mg("review")
        self.assertEqual(r.returncode, 1)
        self.assertIn("add_column task.priority", r.stdout.replace("add column", "add_column"))
        self.assertIn("Not recorded", r.stdout)


    def test_quiet_review_prints_errors_only(self):
        repo = example_repo(self)
        r = repo.mg("-q", "review")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))
        repo.change_models()
        repo.git("add", "-A")
        repo.mg("check")
        # Shown, not recorded: the failure alone, on stderr.
        r = repo.mg("-q", "review")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertIn("Not recorded: run mig-guard review --approve", r.stderr)
        ledger = repo.project / "migrations" / "mig-guard.lock"
        before = ledger.read_text()
        r = repo.mg("-q", "review", "--approve")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))
        self.assertNotEqual(ledger.read_text(), before)
        # A revision whose errors are not acknowledged: what to run, on stderr.
        versions = repo.project / "migrations" / "versions"
        (versions / "ddddeeeeffff_drop_title.py").write_text(
            '"""drop title\n\nRevision ID: ddddeeeeffff\n"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
            "revision = 'ddddeeeeffff'\n"
            f"down_revision = '{next(p.name[:12] for p in versions.glob('*.py') if 'priority' in p.name)}'\n"
            "branch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n    op.drop_column('task', 'title')\n\n\n"
            "def downgrade():\n    op.add_column('task', sa.Column('title', sa.String(), nullable=True))\n")
        r = repo.mg("-q", "review", "--approve")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertIn("mig-guard review ddddeeeeffff --ack MG402", r.stderr)
        # Without -q the same is shown in full.
        r = repo.mg("review", "--approve")
        self.assertIn("revision ddddeeeeffff", r.stdout)

class MergeLedgerTest(unittest.TestCase):
    ENTRY = ('[[revision]]\nid = "{id}"\nfile = "versions/{id}_x.py"\nsha256 = "{sha}"\n'
             'reviewed_by = "Ada Lovelace <ada@example.com>"\nreviewed_at = 2026-11-22T10:15:00Z\nacknowledged = []\n\n')

    def ledger(self, *entries):
        text = "# Written by `mig-guard review`. Do not edit by hand.\n\nversion = 1\n\n"
        # Entries are separated by a blank line; the file ends with a single newline.
        return (text + "".join(self.ENTRY.format(id=i, sha=c * 64) for i, c in entries)).rstrip("\n") + "\n"

    def merge(self, base, ours, theirs):
        tmp = Path(tempfile.mkdtemp(prefix="mg-e2e-"))
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
            (tmp / name).write_text(text)
        r = subprocess.run([BINARY, "merge-ledger", tmp / "base", tmp / "ours", tmp / "theirs"], capture_output=True,
                           text=True)
        check_sanitizers(self, r, ["merge-ledger"])
        return r, (tmp / "ours").read_text()

    def test_entries_added_on_both_sides_are_both_kept_in_order(self):
        base = self.ledger(("aaa", "a"))
        r, merged = self.merge(base, self.ledger(("aaa", "a"), ("ccc", "c")), self.ledger(("aaa", "a"), ("bbb", "b")))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(merged, self.ledger(("aaa", "a"), ("bbb", "b"), ("ccc", "c")))

    def test_one_side_removing_an_entry_wins_over_no_change(self):
        base = self.ledger(("aaa", "a"), ("bbb", "b"))
        r, merged = self.merge(base, base, self.ledger(("bbb", "b")))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(merged, self.ledger(("bbb", "b")))

    def test_both_sides_changing_one_review_is_a_conflict(self):
        base = self.ledger(("aaa", "a"))
        r, merged = self.merge(base, self.ledger(("aaa", "b")), self.ledger(("aaa", "c")))
        self.assertEqual(r.returncode, 1)
        self.assertIn("mig-guard review aaa", r.stderr)
        self.assertEqual(merged, self.ledger(("aaa", "b")))


class ErrorTest(unittest.TestCase):
    def test_unknown_ref(self):
        repo = example_repo(self)
        r = repo.mg("ci", "--base", "no-such-branch", "--no-db")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("no-such-branch", r.stderr)

    def test_not_a_repository(self):
        tmp = Path(tempfile.mkdtemp(prefix="mg-e2e-"))
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        shutil.copytree(EXAMPLE, tmp / "p")
        r = check_sanitizers(self, subprocess.run([BINARY, "check"], cwd=tmp / "p", capture_output=True, text=True,
                                                  env=git_env(tmp)), ["check"])
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("git", r.stderr)

    def test_shallow_clone_says_how_deep_it_needs_to_be(self):
        repo = example_repo(self)
        repo.git("checkout", "-q", "-b", "feature")
        repo.change_models()
        repo.commit_all("feature")
        repo.git("checkout", "-q", "main")
        repo.write("README.md", "main moves on\n")
        repo.commit_all("main")
        clone = repo.tmp / "clone"
        repo.git("clone", "-q", "--depth", "1", "--no-single-branch", f"file://{repo.path}", str(clone))
        repo.git("checkout", "-q", "feature", cwd=clone)
        r = check_sanitizers(self, subprocess.run([BINARY, "ci", "--base", "origin/main", "--no-db"], cwd=clone,
                                                  env=repo.env, capture_output=True, text=True), ["ci"])
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("fetch", r.stderr)


class IntegrationTest(unittest.TestCase):
    def test_git_hook_installed_by_init_blocks_the_commit(self):
        repo = example_repo(self)
        r = repo.mg("init")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        hook = repo.path / ".git" / "hooks" / "pre-commit"
        self.assertTrue(hook.exists())
        self.assertIn("[tool.mig-guard]", repo.read("pyproject.toml"))
        repo.commit_all("adopt mig-guard")
        repo.change_models()
        repo.git("add", "-A")
        env = dict(repo.env, PATH=f"{Path(BINARY).resolve().parent}:{os.environ['PATH']}")
        blocked = subprocess.run(["git", "commit", "-q", "-m", "models only"], cwd=repo.path, env=env,
                                 capture_output=True, text=True)
        check_sanitizers(self, blocked, ["(pre-commit hook)"])
        self.assertNotEqual(blocked.returncode, 0, blocked.stdout + blocked.stderr)
        self.assertIn("MG101", blocked.stdout + blocked.stderr)

    def test_pre_commit_framework_runs_the_hook_and_blocks_the_commit(self):
        if shutil.which("pre-commit") is None:
            skip_missing_dependency(self, "Debian's pre-commit is not installed")
        repo = example_repo(self)
        hooks_repo, rev = hooks_repository(repo)
        repo.write(".pre-commit-config.yaml",
                   f"repos:\n  - repo: {hooks_repo}\n    rev: {rev}\n    hooks:\n      - id: mig-guard\n")
        repo.commit_all("pre-commit config")
        env = dict(repo.env, PATH=f"{Path(BINARY).resolve().parent}:{os.environ['PATH']}",
                   PRE_COMMIT_HOME=str(repo.tmp / "pre-commit-cache"))
        install = subprocess.run(["pre-commit", "install"], cwd=repo.path, env=env, capture_output=True, text=True)
        self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
        repo.change_models()
        repo.git("add", "-A")
        blocked = subprocess.run(["git", "commit", "-q", "-m", "models only"], cwd=repo.path, env=env,
                                 capture_output=True, text=True)
        check_sanitizers(self, blocked, ["(pre-commit hook)"])
        self.assertNotEqual(blocked.returncode, 0, blocked.stdout + blocked.stderr)
        self.assertIn("MG101", blocked.stdout + blocked.stderr)
        self.assertIn("mig-guard", blocked.stdout + blocked.stderr)
        # The revision it wrote, reviewed and staged, lets the commit through.
        repo.git("add", "-A")
        approve = subprocess.run([BINARY, "review", "--approve"], cwd=repo.path, env=env, capture_output=True,
                                 text=True)
        check_sanitizers(self, approve, ["review", "--approve"])
        self.assertEqual(approve.returncode, 0, approve.stdout + approve.stderr)
        repo.git("add", "-A")
        ok = subprocess.run(["git", "commit", "-q", "-m", "models and revision"], cwd=repo.path, env=env,
                            capture_output=True, text=True)
        check_sanitizers(self, ok, ["(pre-commit hook)"])
        self.assertEqual(ok.returncode, 0, ok.stdout + ok.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
