"""End-to-end tests of mig-guard as a new user meets it (issue 16, "works as shipped"): the
layout of fastapi/full-stack-fastapi-template (the project under backend/, git hooks and CI at
the repository's top), global options after the subcommand, the hook's GIT_INDEX_FILE with -C,
the default --base of `ci`, and shallow clones.

Run by ctest with MG_BINARY and MG_SOURCE_DIR set; /usr/bin/python3, standard library only.
"""

import json
import os
import shutil
import subprocess
import tomllib
import unittest
from pathlib import Path
from xml.etree import ElementTree

from harness import check_sanitizers, skip_missing_dependency
from test_gate import BINARY, CHANGE, SOURCE, example_repo, hooks_repository


def snapshot(root):
    """Every file below root outside .git, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.relative_to(root).parts}


class BackendLayoutTest(unittest.TestCase):
    """The project in backend/, mig-guard run at the repository's top."""

    def test_init_twice_at_the_top_changes_nothing_the_second_time(self):
        repo = example_repo(self, subdir="backend")
        first = repo.mg("init", cwd=repo.path)
        self.assertEqual(first.returncode, 0, first.stdout + first.stderr)
        self.assertIn("added [tool.mig-guard] to backend/pyproject.toml", first.stdout)
        files = snapshot(repo.path)
        hook = (repo.path / ".git" / "hooks" / "pre-commit").read_bytes()
        git_config = (repo.path / ".git" / "config").read_bytes()
        second = repo.mg("init", cwd=repo.path)
        self.assertEqual(second.returncode, 0, second.stdout + second.stderr)
        self.assertIn("left as is", second.stdout)
        self.assertEqual(snapshot(repo.path), files)
        self.assertEqual((repo.path / ".git" / "hooks" / "pre-commit").read_bytes(), hook)
        self.assertEqual((repo.path / ".git" / "config").read_bytes(), git_config)
        pyproject = tomllib.loads((repo.project / "pyproject.toml").read_text())
        self.assertIn("mig-guard", pyproject["tool"])
        # Every command still reads the file.
        status = repo.mg("status", cwd=repo.path)
        self.assertEqual(status.returncode, 0, status.stdout + status.stderr)

    def test_init_never_adds_a_second_table(self):
        # [tool.mig-guard.rules] alone defines [tool.mig-guard]: a header appended after it
        # would be a second definition of the table.
        repo = example_repo(self, subdir="backend")
        text = (repo.project / "pyproject.toml").read_text() + "\n[tool.mig-guard.rules]\nMG402 = \"warning\"\n"
        repo.write("pyproject.toml", text)
        r = repo.mg("init", cwd=repo.path)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(repo.read("pyproject.toml"), text)
        tomllib.loads(repo.read("pyproject.toml"))

    def test_init_refuses_an_unparseable_pyproject(self):
        repo = example_repo(self, subdir="backend")
        text = (repo.project / "pyproject.toml").read_text() + "\n[tool\n"
        repo.write("pyproject.toml", text)
        r = repo.mg("init", cwd=repo.path)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("backend/pyproject.toml:", r.stderr)
        self.assertEqual(repo.read("pyproject.toml"), text)

    def test_config_show_at_the_top_reads_backend_pyproject(self):
        repo = example_repo(self, subdir="backend")
        repo.write("pyproject.toml", repo.read("pyproject.toml") + "\n[tool.mig-guard]\nbase = \"develop\"\n")
        r = repo.mg("config", "--show", cwd=repo.path)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("# configuration file:   backend/pyproject.toml", r.stdout)
        self.assertRegex(r.stdout, r'base = "develop"  # backend/pyproject.toml:\d+:1')


class GlobalOptionsTest(unittest.TestCase):
    """-C, --config, --format, --color, -q and -v before or after the subcommand."""

    def test_format_after_the_subcommand(self):
        repo = example_repo(self)
        repo.git("checkout", "-q", "-b", "feature")
        repo.change_models()
        repo.commit_all("models only")
        after = repo.mg("ci", "--base", "main", "--format", "github", "--no-db")
        before = repo.mg("--format", "github", "ci", "--base", "main", "--no-db")
        self.assertEqual(after.returncode, 1, after.stdout + after.stderr)
        self.assertIn("::error", after.stdout)
        self.assertIn("MG101", after.stdout)
        self.assertEqual(after.stdout, before.stdout)

    def test_config_and_quiet_after_the_subcommand(self):
        repo = example_repo(self, subdir="backend")
        repo.write("pyproject.toml", repo.read("pyproject.toml") + "\n[tool.mig-guard]\nbase = \"develop\"\n")
        r = repo.mg("config", "--show", "--config", "backend/pyproject.toml", cwd=repo.path)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("# configuration file:   backend/pyproject.toml", r.stdout)
        bad = repo.mg("check", "--config", "backend/no-such.toml", cwd=repo.path)
        self.assertEqual(bad.returncode, 2, bad.stdout + bad.stderr)
        self.assertIn("no-such.toml", bad.stderr)
        quiet = repo.mg("status", "-q", cwd=repo.path)
        self.assertEqual(quiet.returncode, 0, quiet.stdout + quiet.stderr)
        self.assertEqual(quiet.stderr, "")
        moved = repo.mg("status", "-C", "backend", cwd=repo.path)
        self.assertEqual(moved.returncode, 0, moved.stdout + moved.stderr)

    def test_a_subcommand_format_of_its_own_still_wins(self):
        repo = example_repo(self)
        r = repo.mg("schema", "--format", "sql")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("CREATE TABLE", r.stdout)


class HookTest(unittest.TestCase):
    """The hook's environment: git runs it at the top with GIT_INDEX_FILE relative to it."""

    def test_relative_git_index_file_with_C(self):
        repo = example_repo(self, subdir="backend")
        repo.change_models()
        repo.git("add", "-A")
        env = dict(repo.env, GIT_INDEX_FILE=".git/index")
        r = check_sanitizers(self, subprocess.run([BINARY, "--color", "never", "-C", "backend", "check"],
                                                  cwd=repo.path, env=env, capture_output=True, text=True),
                             ["-C", "backend", "check"])
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("MG101", r.stdout + r.stderr)
        self.assertNotIn("no Alembic project", r.stderr)

    def commit(self, repo, *args):
        r = subprocess.run(["git", "commit", "-q", *args, "-m", "models only"], cwd=repo.path, env=repo.env,
                           capture_output=True, text=True)
        check_sanitizers(self, r, ["(pre-commit hook)"])
        return r

    def test_git_commit_runs_the_installed_hook_at_the_top(self):
        repo = example_repo(self, subdir="backend")
        r = repo.mg("init", cwd=repo.path)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        repo.commit_all("adopt mig-guard")
        repo.change_models()
        repo.git("add", "-A")
        blocked = self.commit(repo)
        self.assertNotEqual(blocked.returncode, 0, blocked.stdout + blocked.stderr)
        self.assertIn("MG101", blocked.stdout + blocked.stderr)
        self.assertNotIn("no Alembic project", blocked.stderr)

    def test_git_commit_a_runs_a_hook_with_C(self):
        repo = example_repo(self, subdir="backend")
        hook = repo.path / ".git" / "hooks" / "pre-commit"
        hook.write_text("#!/bin/sh\nexec mig-guard -C backend check\n")
        hook.chmod(0o755)
        repo.change_models()
        # -a: git gives the hook an index of its own (GIT_INDEX_FILE), not .git/index.
        blocked = self.commit(repo, "-a")
        self.assertNotEqual(blocked.returncode, 0, blocked.stdout + blocked.stderr)
        self.assertIn("MG101", blocked.stdout + blocked.stderr)
        self.assertNotIn("no Alembic project", blocked.stderr)


class CiBaseTest(unittest.TestCase):
    """ci's default --base, and merge bases in shallow clones (what CI checkouts are)."""

    def test_default_base_is_the_remotes_head(self):
        repo = example_repo(self)
        repo.git("branch", "-q", "-m", "main", "master")
        clone = repo.tmp / "clone"
        repo.git("clone", "-q", f"file://{repo.path}", str(clone))
        repo.git("checkout", "-q", "-b", "feature", cwd=clone)
        shutil.copy(CHANGE / "app" / "models" / "task.py", clone / "app" / "models" / "task.py")
        repo.git("commit", "-q", "--no-verify", "-am", "models only", cwd=clone)
        shown = repo.mg("config", "--show", cwd=clone)
        self.assertIn('base = "origin/master"  # default', shown.stdout)
        r = repo.mg("ci", "--no-db", cwd=clone)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("MG101", r.stdout + r.stderr)
        self.assertIn("merge base with origin/master", r.stderr)

    def test_configured_base_wins(self):
        repo = example_repo(self)
        repo.write("pyproject.toml", repo.read("pyproject.toml") + "\n[tool.mig-guard]\nbase = \"nowhere\"\n")
        repo.commit_all("configured")
        r = repo.mg("ci", "--no-db")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("'nowhere'", r.stderr)

    def test_depth_two_clone_and_base_head_1(self):
        repo = example_repo(self)
        repo.change_models()
        repo.commit_all("models only")
        clone = repo.tmp / "clone"
        repo.git("clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone))
        expected = repo.git("merge-base", "HEAD~1", "HEAD", cwd=clone).stdout.strip()
        r = repo.mg("ci", "--base", "HEAD~1", "--no-db", cwd=clone)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("MG101", r.stdout + r.stderr)
        self.assertIn(f"merge base with HEAD~1 ({expected[:7]})", r.stderr)


if __name__ == "__main__":
    unittest.main()


class DiffRevisionsTest(unittest.TestCase):
    """`diff` as the spec has it: git revisions, --index, --worktree, and paths."""

    def test_diff_between_revisions_the_index_and_the_working_tree(self):
        repo = example_repo(self)
        shutil.copy(CHANGE / "app" / "models" / "task.py", repo.project / "app" / "models" / "task.py")
        expected = "add_column task.description VARCHAR\nadd_column task.priority INTEGER NOT NULL DEFAULT '0'\n"
        # Default: HEAD to the working tree.
        r = repo.mg("diff")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, expected)
        # Not staged yet: the index has HEAD's models.
        r = repo.mg("diff", "--index")
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        self.assertIn("no schema changes", r.stderr)
        repo.git("add", "-A")
        r = repo.mg("diff", "--from", "HEAD", "--index", "--format", "sql")
        self.assertIn("ALTER TABLE task ADD COLUMN description VARCHAR;", r.stdout)
        repo.commit_all("change")
        r = repo.mg("diff", "--from", "HEAD~1", "--to", "HEAD")
        self.assertEqual(r.stdout, expected)
        # Reversed: drops, in the order Alembic autogenerate lists them.
        r = repo.mg("diff", "--from", "HEAD", "--to", "HEAD~1")
        self.assertEqual(r.stdout, "drop_column task.description\ndrop_column task.priority\n")
        # A path that exists wins over a revision of the same name; neither is a usage error.
        r = repo.mg("diff", "--from", "nosuchref")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("nosuchref", r.stderr)
        self.assertIn("help:", r.stderr)
        r = repo.mg("diff", "--to", "HEAD", "--index")
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)


def template_commands(path, substitutions):
    """The mig-guard commands of a shipped CI template, literally, with the CI's variables filled in."""
    import yaml  # Debian's python3-yaml (pre-commit depends on it)

    data = yaml.safe_load(Path(path).read_text())
    commands = []

    def collect(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("run", "script") and value is not None:
                    for line in (value if isinstance(value, list) else str(value).splitlines()):
                        if line.strip().startswith("mig-guard "):
                            commands.append(line.strip())
                else:
                    collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(data)
    out = []
    for c in commands:
        for k, v in substitutions.items():
            c = c.replace(k, v)
        out.append(c)
    return out


class ShippedTemplatesTest(unittest.TestCase):
    """ci/github-actions.yml, ci/gitlab-ci.yml and .pre-commit-hooks.yaml, run as shipped, on a
    merge request that changes a model without a revision, in a root layout and a backend/ one."""

    def merge_request(self, subdir):
        repo = example_repo(self, subdir=subdir)
        # The CI's checkout: an `origin` whose main is the target branch, a feature branch on top.
        repo.git("remote", "add", "origin", str(repo.path))
        repo.git("fetch", "-q", "origin")
        repo.git("checkout", "-q", "-b", "feature")
        shutil.copy(CHANGE / "app" / "models" / "task.py", repo.project / "app" / "models" / "task.py")
        repo.commit_all("models only")
        return repo

    def run_template(self, repo, command):
        env = dict(repo.env, PATH=f"{Path(BINARY).resolve().parent}:{os.environ['PATH']}")
        r = subprocess.run(["bash", "-c", command], cwd=repo.path, env=env, capture_output=True, text=True, timeout=300)
        check_sanitizers(self, r, [command])
        return r

    def test_github_actions_steps(self):
        for subdir in ("", "backend"):
            with self.subTest(layout=subdir or "root"):
                repo = self.merge_request(subdir)
                commands = template_commands(SOURCE / "ci" / "github-actions.yml", {"${{ github.base_ref }}": "main"})
                self.assertEqual(len(commands), 2, commands)
                sarif_step, annotations_step = commands
                self.assertIn("--format sarif", sarif_step)
                r = self.run_template(repo, sarif_step)
                self.assertEqual(r.returncode, 0, r.stderr)  # `|| true`: the next step fails the job
                sarif = json.loads((repo.path / "mig-guard.sarif").read_text())
                results = sarif["runs"][0]["results"]
                self.assertIn("MG101", [x["ruleId"] for x in results])
                r = self.run_template(repo, annotations_step)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                self.assertRegex(r.stdout, r"::error file=[^,]*app/models/task\.py,line=\d+.*MG101")

    def test_gitlab_job(self):
        for subdir in ("", "backend"):
            with self.subTest(layout=subdir or "root"):
                repo = self.merge_request(subdir)
                commands = template_commands(SOURCE / "ci" / "gitlab-ci.yml",
                                             {"$CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"})
                self.assertEqual(len(commands), 1, commands)
                r = self.run_template(repo, commands[0])
                self.assertEqual(r.returncode, 1, r.stderr)
                junit = ElementTree.parse(repo.path / "mig-guard-junit.xml").getroot()
                failures = [f.get("message", "") + (f.text or "") for f in junit.iter("failure")]
                self.assertTrue(any("MG101" in f for f in failures), failures)

    def test_pre_commit_try_repo(self):
        if shutil.which("pre-commit") is None:
            skip_missing_dependency(self, "Debian's pre-commit is not installed")
        for subdir in ("", "backend"):
            with self.subTest(layout=subdir or "root"):
                repo = example_repo(self, subdir=subdir)
                hooks_repo, _ = hooks_repository(repo)
                shutil.copy(CHANGE / "app" / "models" / "task.py", repo.project / "app" / "models" / "task.py")
                repo.git("add", "-A")
                env = dict(repo.env, PATH=f"{Path(BINARY).resolve().parent}:{os.environ['PATH']}",
                           PRE_COMMIT_HOME=str(repo.tmp / "pre-commit-cache"))
                r = subprocess.run(["pre-commit", "try-repo", str(hooks_repo), "mig-guard"], cwd=repo.path, env=env,
                                   capture_output=True, text=True, timeout=300)
                check_sanitizers(self, r, ["pre-commit", "try-repo"])
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                self.assertIn("MG101", r.stdout)
                # The revision it wrote, reviewed and staged: the hook passes.
                repo.git("add", "-A")
                self.assertEqual(repo.mg("review", "--approve").returncode, 0)
                repo.git("add", "-A")
                r = subprocess.run(["pre-commit", "try-repo", str(hooks_repo), "mig-guard"], cwd=repo.path, env=env,
                                   capture_output=True, text=True, timeout=300)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
