#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "fixture.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/git/repository.hpp"

namespace mig_guard::git {
namespace {

using test::Sandbox;

const char* kind_name(ChangeKind k) {
    switch (k) {
        case ChangeKind::added:
            return "A";
        case ChangeKind::modified:
            return "M";
        case ChangeKind::deleted:
            return "D";
        case ChangeKind::renamed:
            return "R";
        case ChangeKind::type_changed:
            return "T";
    }
    return "?";
}

// "A path" / "R old -> new", one a line: failures show the whole list.
std::string show(const std::vector<ChangedPath>& changes) {
    std::ostringstream out;
    for (const ChangedPath& c : changes) {
        out << kind_name(c.kind) << ' ';
        if (c.kind == ChangeKind::renamed) out << c.old_path << " -> ";
        out << c.path << '\n';
    }
    return out.str();
}

// A committed project with models, revisions, and files around them whose names share
// prefixes with the watched paths.
struct Project {
    Sandbox sb;
    std::string first;
    Project() {
        sb.init();
        sb.write(".gitignore", "*.log\n");
        sb.write("app/models/user.py", "class User: ...\n");
        sb.write("app/models/old.py", "class Old: ...\n");
        sb.write("app/models/item.py", "class Item:\n    a = 1\n    b = 2\n    c = 3\n    d = 4\n");
        sb.write("app/models2/x.py", "x\n");
        sb.write("app/models.py", "models module\n");
        sb.write("migrations/versions/001_init.py", "revision = '001'\n");
        sb.write("docs/readme.md", "docs\n");
        first = sb.commit_all("first");
    }
};

TEST(Changed, HeadAgainstIndex) {
    Project p;
    p.sb.write("app/models/user.py", "class User: name: str\n");
    p.sb.write("migrations/versions/002_user_name.py", "revision = '002'\n");
    p.sb.git("add app/models/user.py migrations/versions/002_user_name.py");
    p.sb.git("rm -q app/models/old.py");
    p.sb.write("app/models/item.py", "unstaged change\n");
    p.sb.write("app/models/untracked.py", "untracked\n");

    Repository repo = Repository::discover(p.sb.root());
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index())),
              "D app/models/old.py\n"
              "M app/models/user.py\n"
              "A migrations/versions/002_user_name.py\n");
    // The reverse comparison swaps additions and deletions.
    EXPECT_EQ(show(repo.changed(Version::index(), repo.head())),
              "A app/models/old.py\n"
              "M app/models/user.py\n"
              "D migrations/versions/002_user_name.py\n");
}

TEST(Changed, FilterKeepsOnlyAcceptedPathsAndSkipsOtherChanges) {
    Project p;
    auto python = [](std::string_view path) { return path.ends_with(".py"); };
    Repository repo = Repository::discover(p.sb.root());
    // Only a non-Python file is staged: nothing, with the whole tree watched or a prefix.
    p.sb.write("docs/readme.md", "changed\n");
    p.sb.git("add docs/readme.md");
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {""}, python)), "");
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"app"}, python)), "");
    // A staged Python file is reported, whichever side the filter sees it on.
    p.sb.write("app/models/user.py", "class User: name: str\n");
    p.sb.git("add app/models/user.py");
    p.sb.git("rm -q app/models/old.py");
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {""}, python)),
              "D app/models/old.py\n"
              "M app/models/user.py\n");
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"docs"}, python)), "");
}

TEST(Changed, HeadAgainstWorktreeIncludesUntrackedNotIgnored) {
    Project p;
    p.sb.write("app/models/user.py", "changed on disk\n");
    p.sb.write("app/models/untracked.py", "untracked\n");
    p.sb.write("app/models/newpkg/deep.py", "in an untracked directory\n");
    p.sb.write("app/models/debug.log", "ignored\n");
    p.sb.remove("app/models/old.py");
    p.sb.write("migrations/versions/002.py", "staged, then changed\n");
    p.sb.git("add migrations/versions/002.py");
    p.sb.write("migrations/versions/002.py", "changed again\n");

    Repository repo = Repository::discover(p.sb.root());
    const std::string expected =
        "A app/models/newpkg/deep.py\n"
        "D app/models/old.py\n"
        "A app/models/untracked.py\n"
        "M app/models/user.py\n"
        "A migrations/versions/002.py\n";
    EXPECT_EQ(show(repo.changed(repo.head(), Version::worktree())), expected);
    EXPECT_EQ(show(repo.changed(repo.head(), Version::worktree(), {"app/models", "migrations/versions"})),
              expected);
    EXPECT_EQ(show(repo.changed(Version::worktree(), repo.head(), {"migrations"})),
              "D migrations/versions/002.py\n");
}

TEST(Changed, IndexAgainstWorktree) {
    Project p;
    p.sb.write("app/models/user.py", "staged\n");
    p.sb.git("add app/models/user.py");
    p.sb.write("app/models/item.py", "unstaged\n");
    p.sb.write("app/models/new.py", "untracked\n");
    p.sb.write("app/models/x.log", "ignored\n");

    Repository repo = Repository::discover(p.sb.root());
    EXPECT_EQ(show(repo.changed(Version::index(), Version::worktree())),
              "M app/models/item.py\n"
              "A app/models/new.py\n");
    EXPECT_EQ(show(repo.changed(Version::worktree(), Version::index())),
              "M app/models/item.py\n"
              "D app/models/new.py\n");
    EXPECT_TRUE(repo.changed(Version::index(), Version::index()).empty());
    EXPECT_TRUE(repo.changed(Version::worktree(), Version::worktree()).empty());
}

TEST(Changed, BetweenTwoCommits) {
    Project p;
    p.sb.write("app/models/user.py", "v2\n");
    p.sb.remove("app/models/old.py");
    p.sb.write("migrations/versions/002.py", "r2\n");
    p.sb.write("docs/readme.md", "more docs\n");
    const std::string second = p.sb.commit_all("second");

    Repository repo = Repository::discover(p.sb.root());
    const Version a = repo.resolve(p.first);
    const Version b = repo.resolve("HEAD");
    EXPECT_EQ(show(repo.changed(a, b)),
              "D app/models/old.py\n"
              "M app/models/user.py\n"
              "M docs/readme.md\n"
              "A migrations/versions/002.py\n");
    EXPECT_EQ(show(repo.changed(a, b, {"migrations/versions", "app/models"})),
              "D app/models/old.py\n"
              "M app/models/user.py\n"
              "A migrations/versions/002.py\n");
    EXPECT_TRUE(repo.changed(b, b).empty());
    EXPECT_TRUE(repo.changed(a, b, {"nothing/here"}).empty());
}

TEST(Changed, PrefixesMatchDirectoriesAndExactFilesOnly) {
    Project p;
    p.sb.write("app/models/user.py", "v2\n");
    p.sb.write("app/models2/x.py", "v2\n");
    p.sb.write("app/models.py", "v2\n");
    p.sb.write("app/models.pyc", "not the same file\n");
    p.sb.write("migrations/versions_old/x.py", "sibling\n");
    p.sb.write("migrations/versions/002.py", "r\n");
    p.sb.git("add -A");

    Repository repo = Repository::discover(p.sb.root());
    for (const Version& to : {Version::index(), Version::worktree()}) {
        EXPECT_EQ(show(repo.changed(repo.head(), to, {"app/models"})), "M app/models/user.py\n")
            << to.describe();
        EXPECT_EQ(show(repo.changed(repo.head(), to, {"app/models/"})), "M app/models/user.py\n")
            << to.describe();
        EXPECT_EQ(show(repo.changed(repo.head(), to, {"app/models.py"})), "M app/models.py\n")
            << to.describe();
        EXPECT_EQ(show(repo.changed(repo.head(), to, {"migrations/versions"})),
                  "A migrations/versions/002.py\n")
            << to.describe();
        EXPECT_EQ(show(repo.changed(repo.head(), to, {"app/models", "app/models.py"})),
                  "M app/models.py\nM app/models/user.py\n")
            << to.describe();
        EXPECT_TRUE(repo.changed(repo.head(), to, {"app/mod"}).empty()) << to.describe();
        EXPECT_EQ(repo.changed(repo.head(), to, {""}).size(), 6u) << "an empty prefix is the whole tree";
        EXPECT_EQ(repo.changed(repo.head(), to).size(), 6u);
    }
}

TEST(Changed, PrefixWithGlobCharactersIsLiteral) {
    Sandbox sb;
    sb.init();
    sb.write("a[1]/x.py", "1\n");
    sb.write("a1/x.py", "1\n");
    sb.write("ab/x.py", "1\n");
    sb.commit_all("one");
    sb.write("a[1]/x.py", "2\n");
    sb.write("a1/x.py", "2\n");
    sb.write("ab/x.py", "2\n");
    sb.git("add -A");
    Repository repo = Repository::discover(sb.root());
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"a[1]"})), "M a[1]/x.py\n");
    EXPECT_TRUE(repo.changed(repo.head(), Version::index(), {"a*"}).empty());
}

TEST(Changed, DetectsRenamesBetweenCommitsAndIndexOnly) {
    Project p;
    p.sb.git("mv app/models/item.py app/models/product.py");

    Repository repo = Repository::discover(p.sb.root());
    const auto staged = repo.changed(repo.head(), Version::index(), {"app/models"});
    ASSERT_EQ(staged.size(), 1u) << show(staged);
    EXPECT_EQ(staged[0].kind, ChangeKind::renamed);
    EXPECT_EQ(staged[0].path, "app/models/product.py");
    EXPECT_EQ(staged[0].old_path, "app/models/item.py");
    // Reversed, the rename goes the other way.
    EXPECT_EQ(show(repo.changed(Version::index(), repo.head(), {"app/models"})),
              "R app/models/product.py -> app/models/item.py\n");

    // The working tree side: a deletion and an untracked addition.
    p.sb.git("reset -q");
    EXPECT_EQ(show(repo.changed(repo.head(), Version::worktree(), {"app/models"})),
              "D app/models/item.py\n"
              "A app/models/product.py\n");

    p.sb.git("add -A");
    p.sb.git("commit -q -m rename");
    Repository again = Repository::discover(p.sb.root());
    EXPECT_EQ(show(again.changed(again.resolve(p.first), again.head())),
              "R app/models/item.py -> app/models/product.py\n");
    // A file rewritten entirely is not a rename.
    p.sb.git("mv app/models/user.py app/models/account.py");
    p.sb.write("app/models/account.py", "completely different content, nothing in common at all\n");
    p.sb.git("add -A");
    Repository third = Repository::discover(p.sb.root());
    EXPECT_EQ(show(third.changed(third.head(), Version::index())),
              "A app/models/account.py\n"
              "D app/models/user.py\n");
}

TEST(Changed, TypeChange) {
    Project p;
    p.sb.remove("app/models/user.py");
    fs::create_symlink("item.py", p.sb.path("app/models/user.py"));
    p.sb.git("add -A");
    Repository repo = Repository::discover(p.sb.root());
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"app/models"})), "T app/models/user.py\n");
}

}  // namespace
}  // namespace mig_guard::git

namespace mig_guard::git {
namespace {

// HEAD against the index below prefixes first reads the index file directly and only falls
// back to libgit2 when something below the prefixes may differ. These cases make sure the
// shortcut never hides a change, whatever the index looks like.
class IndexFormats : public ::testing::TestWithParam<const char*> {};

TEST_P(IndexFormats, StagedChangesBelowPrefixesAreNeverMissed) {
    Project p;
    const std::string setup = GetParam();
    if (!setup.empty()) p.sb.git(setup);
    const std::vector<std::string> watched{"migrations/versions", "app/models"};
    {
        Repository repo = Repository::discover(p.sb.root());
        EXPECT_TRUE(repo.changed(repo.head(), Version::index(), watched).empty());
    }
    p.sb.write("docs/readme.md", "outside the prefixes\n");
    p.sb.git("add docs/readme.md");
    {
        Repository repo = Repository::discover(p.sb.root());
        EXPECT_TRUE(repo.changed(repo.head(), Version::index(), watched).empty());
        EXPECT_EQ(show(repo.changed(repo.head(), Version::index())), "M docs/readme.md\n");
    }
    p.sb.write("app/models/user.py", "class User: email: str\n");
    p.sb.git("add app/models/user.py");
    {
        Repository repo = Repository::discover(p.sb.root());
        EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), watched)), "M app/models/user.py\n");
    }
    p.sb.write("migrations/versions/002.py", "revision = '002'\n");
    p.sb.git("add migrations/versions/002.py");
    p.sb.git("rm -q --cached app/models/old.py");
    Repository repo = Repository::discover(p.sb.root());
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), watched)),
              "D app/models/old.py\n"
              "M app/models/user.py\n"
              "A migrations/versions/002.py\n");
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"app/models.py"})), "");
}

INSTANTIATE_TEST_SUITE_P(Changed, IndexFormats,
                         ::testing::Values("", "update-index --index-version 2",
                                           "update-index --index-version 3", "update-index --index-version 4",
                                           "update-index --skip-worktree app/models/item.py"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                             const std::string s = info.param;
                             if (s.empty()) return std::string("default");
                             if (s.find("version") != std::string::npos) return "v" + s.substr(s.size() - 1);
                             return std::string("skip_worktree");
                         });

TEST(Changed, SplitIndexIsAnEnvironmentErrorWithAWayOut) {
    // libgit2 1.5 cannot read a split index at all; say how to turn it off.
    Project p;
    p.sb.git("update-index --split-index");
    Repository repo = Repository::discover(p.sb.root());
    try {
        repo.changed(repo.head(), Version::index(), {"app/models"});
        ADD_FAILURE() << "a split index was read";
    } catch (const EnvironmentError& e) {
        EXPECT_NE(std::string(e.help()).find("git update-index --no-split-index"), std::string::npos)
            << e.help();
    }
}

TEST(Changed, ModeChangeIsAChange) {
    Project p;
    p.sb.git("update-index --chmod=+x app/models/user.py");
    Repository repo = Repository::discover(p.sb.root());
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"app/models"})), "M app/models/user.py\n");
}

TEST(Changed, IntentToAddIsNotHidden) {
    Project p;
    p.sb.write("app/models/new.py", "new\n");
    p.sb.git("add -N app/models/new.py");
    Repository repo = Repository::discover(p.sb.root());
    // libgit2 decides what an intent-to-add entry is; the shortcut must not say "nothing".
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"app/models"})),
              show(repo.changed(repo.head(), Version::index())));
    EXPECT_EQ(show(repo.changed(repo.head(), Version::worktree(), {"app/models"})), "A app/models/new.py\n");
}

TEST(Changed, ConflictedPathIsModified) {
    Project p;
    p.sb.git("checkout -q -b other");
    p.sb.write("app/models/user.py", "class User: other\n");
    p.sb.commit_all("other");
    p.sb.git("checkout -q main");
    p.sb.write("app/models/user.py", "class User: main\n");
    p.sb.commit_all("main");
    // The merge stops with a conflict (exit 1): run it through the shell's `|| true`.
    p.sb.git("merge -q other || true");
    Repository repo = Repository::discover(p.sb.root());
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"app/models"})), "M app/models/user.py\n");
    // An unresolved path has no staged content (only the conflict stages).
    EXPECT_EQ(repo.read(Version::index(), "app/models/user.py"), std::nullopt);
    EXPECT_EQ(repo.list(Version::index(), "app/models"),
              (std::vector<std::string>{"app/models/item.py", "app/models/old.py"}));
}

}  // namespace
}  // namespace mig_guard::git

namespace mig_guard::git {
namespace {

TEST(Changed, WorktreeShortcutNeverHidesEdits) {
    Sandbox sb;
    sb.init();
    sb.write(".gitignore", "__pycache__/\n*.log\n");
    sb.write("app/models/user.py", "class User: a\n");
    sb.write("app/models/item.py", "class Item: b\n");
    sb.write("migrations/versions/001.py", "revision = '001'\n");
    sb.write("other/x.py", "x\n");
    // Files older than the index, so their cached stat data is trusted (not "racy").
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    sb.commit_all("first");
    const std::vector<std::string> watched{"app/models", "migrations/versions"};
    auto changes = [&] {
        Repository repo = Repository::discover(sb.root());
        return show(repo.changed(repo.head(), Version::worktree(), watched));
    };

    sb.write("app/models/__pycache__/user.cpython-311.pyc", "bytecode");
    sb.write("app/models/debug.log", "ignored");
    sb.write("other/y.py", "untracked outside the prefixes\n");
    EXPECT_EQ(changes(), "");

    sb.write("app/models/user.py", "class User: z\n");  // same size
    EXPECT_EQ(changes(), "M app/models/user.py\n");
    sb.write("app/models/user.py", "class User: a\n");  // same bytes again, new stat data
    EXPECT_EQ(changes(), "");

    sb.write("migrations/versions/002.py", "revision = '002'\n");
    EXPECT_EQ(changes(), "A migrations/versions/002.py\n");
    sb.remove("migrations/versions/002.py");
    sb.remove("app/models/item.py");
    EXPECT_EQ(changes(), "D app/models/item.py\n");
    sb.write("app/models/item.py", "class Item: b\n");
    fs::permissions(sb.path("app/models/item.py"), fs::perms::owner_exec, fs::perm_options::add);
    EXPECT_EQ(changes(), "M app/models/item.py\n");
}

}  // namespace
}  // namespace mig_guard::git
