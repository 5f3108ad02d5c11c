// The fast path's use of the index's cache-tree extension (diff.cpp): a directory whose
// cache-tree entry names the same tree as HEAD is not read on either side. These cases make
// sure that shortcut never hides a staged change, whatever HEAD and the index's cache-tree
// say; and that index reads follow the index file when git rewrites it.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "mig_guard/git/repository.hpp"

namespace mig_guard::git {
namespace {

using test::Sandbox;

std::string show(const std::vector<ChangedPath>& changes) {
    std::ostringstream out;
    for (const ChangedPath& c : changes) out << c.old_path << " -> " << c.path << '\n';
    return out.str();
}

bool python(std::string_view path) {
    return path.ends_with(".py");
}

// Forty directories of files, a package of models, and nested directories.
struct Wide {
    Sandbox sb;
    std::string first;
    Wide() {
        sb.init();
        for (int d = 0; d < 40; ++d)
            for (int f = 0; f < 5; ++f)
                sb.write("web/d" + std::to_string(d) + "/f" + std::to_string(f) + ".js", "v\n");
        sb.write("app/models/user.py", "class User: ...\n");
        sb.write("app/models/deep/item.py", "class Item: ...\n");
        sb.write("app/models-extra/x.py", "x\n");
        sb.write("pyproject.toml", "[project]\nname = 'p'\n");
        first = sb.commit_all("first");
    }
    // HEAD against the index: the fast path (filtered) and libgit2's full diff must agree.
    void expect_same(Repository& repo, const std::string& want) const {
        const std::string all = show(repo.changed(repo.head(), Version::index()));
        std::string py;
        std::istringstream lines(all);
        for (std::string line; std::getline(lines, line);)
            if (line.ends_with(".py")) py += line + "\n";
        EXPECT_EQ(py, want);
        EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {""}, python)), want);
        EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {"app", "web"}, python)), want);
    }
};

TEST(CacheTree, StagedChangeNextToValidDirectories) {
    Wide w;
    w.sb.write("web/d7/f1.js", "changed\n");
    w.sb.git("add -A");
    {
        Repository repo = Repository::discover(w.sb.root());
        w.expect_same(repo, "");
    }
    w.sb.write("app/models/deep/item.py", "class Item: name: str\n");
    w.sb.git("add -A");
    {
        Repository repo = Repository::discover(w.sb.root());
        w.expect_same(repo, "app/models/deep/item.py -> app/models/deep/item.py\n");
    }
    w.sb.write("web/d3/new.py", "new\n");
    w.sb.git("add -A");
    Repository repo = Repository::discover(w.sb.root());
    w.expect_same(repo,
                  "app/models/deep/item.py -> app/models/deep/item.py\n"
                  "web/d3/new.py -> web/d3/new.py\n");
}

TEST(CacheTree, IndexReadFromAnotherTreeIsCompared) {
    // `git read-tree` leaves a fully valid cache-tree, for a tree that is not HEAD's: every
    // directory that differs must still be read.
    Wide w;
    w.sb.write("app/models/user.py", "class User: email: str\n");
    w.sb.git("rm -q app/models-extra/x.py");
    w.sb.write("web/d9/g.py", "g\n");
    w.sb.commit_all("second");
    w.sb.git("reset -q --soft " + w.first);  // HEAD = first, index = second's tree
    {
        Repository repo = Repository::discover(w.sb.root());
        w.expect_same(repo,
                      "app/models-extra/x.py -> app/models-extra/x.py\n"
                      "app/models/user.py -> app/models/user.py\n"
                      "web/d9/g.py -> web/d9/g.py\n");
    }
    w.sb.git("read-tree " + w.first);  // the index is first's tree again, cache-tree and all
    Repository repo = Repository::discover(w.sb.root());
    w.expect_same(repo, "");
}

TEST(CacheTree, InvalidatedOrMissingCacheTreeStillCompares) {
    Wide w;
    // update-index --force-remove and then re-adding leaves the parents invalidated;
    // --index-version 4 rewrites the index (cache-tree kept); `git rm --cached` + `add -N`
    // gives an intent-to-add entry.
    w.sb.git("update-index --index-version 4");
    w.sb.write("app/models/user.py", "class User: v4: int\n");
    w.sb.git("add app/models/user.py");
    {
        Repository repo = Repository::discover(w.sb.root());
        w.expect_same(repo, "app/models/user.py -> app/models/user.py\n");
    }
    w.sb.git("reset -q");
    w.sb.write("app/models/later.py", "later\n");
    w.sb.git("add -N app/models/later.py");
    Repository repo = Repository::discover(w.sb.root());
    // Whatever libgit2 makes of the intent-to-add entry, the fast path must not hide it.
    EXPECT_EQ(show(repo.changed(repo.head(), Version::index(), {""}, python)),
              show(repo.changed(repo.head(), Version::index(), {"app"})));
    EXPECT_NE(show(repo.changed(repo.head(), Version::index(), {""}, python)), "");
}

TEST(IndexSnapshot, ReadsFollowTheIndexWhenGitRewritesIt) {
    Wide w;
    Repository repo = Repository::discover(w.sb.root());
    EXPECT_EQ(repo.read(Version::index(), "app/models/user.py"), "class User: ...\n");
    EXPECT_EQ(repo.list(Version::index(), "app/models"),
              (std::vector<std::string>{"app/models/deep/item.py", "app/models/user.py"}));
    // Same length, so only the file's identity and times tell the new index apart.
    w.sb.write("app/models/user.py", "class User: ..!\n");
    w.sb.write("app/models/new.py", "new\n");
    w.sb.git("add -A");
    EXPECT_EQ(repo.read(Version::index(), "app/models/user.py"), "class User: ..!\n");
    EXPECT_EQ(
        repo.list(Version::index(), "app/models"),
        (std::vector<std::string>{"app/models/deep/item.py", "app/models/new.py", "app/models/user.py"}));
    // Names sharing the prefix are not below it; a directory is not a file.
    EXPECT_EQ(repo.list(Version::index(), "app/models-extra"),
              std::vector<std::string>{"app/models-extra/x.py"});
    EXPECT_EQ(repo.read(Version::index(), "app/models"), std::nullopt);
    EXPECT_EQ(repo.read(Version::index(), "app/models-extra/y.py"), std::nullopt);
}

}  // namespace
}  // namespace mig_guard::git
