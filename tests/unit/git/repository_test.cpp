#include "mig_guard/git/repository.hpp"

#include <git2.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "fixture.hpp"
#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::git {
namespace {

using test::Sandbox;
using Strings = std::vector<std::string>;

template <typename E, typename F>
E expect_throw(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "unexpected exception: " << e.what();
        throw;
    }
    ADD_FAILURE() << "no exception thrown";
    throw std::runtime_error("no exception");
}

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(Repository, ReadsEachVersion) {
    Sandbox sb;
    sb.init();
    sb.write("app/models.py", "v1\n");
    sb.commit_all("first");
    sb.write("app/models.py", "v2\n");
    sb.git("add app/models.py");
    sb.write("app/models.py", "v3\n");

    Repository repo = Repository::discover(sb.root());
    EXPECT_EQ(repo.read(repo.head(), "app/models.py"), "v1\n");
    EXPECT_EQ(repo.read(Version::index(), "app/models.py"), "v2\n");
    EXPECT_EQ(repo.read(Version::worktree(), "app/models.py"), "v3\n");
    EXPECT_EQ(repo.read(repo.head(), "./app/models.py"), "v1\n");

    for (const Version& v : {repo.head(), Version::index(), Version::worktree()}) {
        EXPECT_EQ(repo.read(v, "app/missing.py"), std::nullopt) << v.describe();
        EXPECT_EQ(repo.read(v, "app"), std::nullopt) << v.describe() << ": a directory is not a file";
        EXPECT_EQ(repo.read(v, "nowhere/x.py"), std::nullopt) << v.describe();
    }
}

TEST(Repository, ReadsBinaryContentExactly) {
    Sandbox sb;
    sb.init();
    const std::string bytes("a\0b\r\n\xff", 6);
    sb.write("blob.bin", bytes);
    sb.commit_all("bin");
    Repository repo = Repository::discover(sb.root());
    EXPECT_EQ(repo.read(repo.head(), "blob.bin"), bytes);
    EXPECT_EQ(repo.read(Version::index(), "blob.bin"), bytes);
    EXPECT_EQ(repo.read(Version::worktree(), "blob.bin"), bytes);
}

TEST(Repository, ListsEachVersion) {
    Sandbox sb;
    sb.init();
    sb.write(".gitignore", "*.log\n");
    sb.write("app/models/a.py", "a");
    sb.write("app/models/sub/b.py", "b");
    sb.write("app/models/gone.py", "g");
    sb.write("app/models2/c.py", "c");
    sb.write("app/models.py", "m");
    sb.write("other/d.py", "d");
    sb.commit_all("first");

    sb.write("app/models/staged.py", "s");
    sb.git("add app/models/staged.py");
    sb.write("app/models/untracked.py", "u");
    sb.write("app/models/debug.log", "ignored");
    sb.write("app/models/newdir/deep.py", "untracked in an untracked directory");
    sb.remove("app/models/gone.py");

    Repository repo = Repository::discover(sb.root());
    EXPECT_EQ(repo.list(repo.head(), "app/models"),
              (Strings{"app/models/a.py", "app/models/gone.py", "app/models/sub/b.py"}));
    EXPECT_EQ(
        repo.list(Version::index(), "app/models"),
        (Strings{"app/models/a.py", "app/models/gone.py", "app/models/staged.py", "app/models/sub/b.py"}));
    EXPECT_EQ(repo.list(Version::worktree(), "app/models"),
              (Strings{"app/models/a.py", "app/models/newdir/deep.py", "app/models/staged.py",
                       "app/models/sub/b.py", "app/models/untracked.py"}));
    // A trailing slash and "./" mean the same directory.
    EXPECT_EQ(repo.list(repo.head(), "./app/models/"), repo.list(repo.head(), "app/models"));
    EXPECT_EQ(repo.list(Version::index(), "app/models/"), repo.list(Version::index(), "app/models"));

    const Strings all_head{".gitignore",          "app/models.py",    "app/models/a.py", "app/models/gone.py",
                           "app/models/sub/b.py", "app/models2/c.py", "other/d.py"};
    EXPECT_EQ(repo.list(repo.head(), ""), all_head);
    // Minus gone.py, plus staged.py, untracked.py and newdir/deep.py; debug.log is ignored.
    EXPECT_EQ(repo.list(Version::worktree(), "").size(), 9u);

    for (const Version& v : {repo.head(), Version::index(), Version::worktree()}) {
        EXPECT_TRUE(repo.list(v, "nowhere").empty()) << v.describe();
        EXPECT_TRUE(repo.list(v, "app/models.py").empty()) << v.describe() << ": a file is not a directory";
        EXPECT_TRUE(repo.list(v, "app/mod").empty()) << v.describe() << ": not a prefix of names";
    }
}

TEST(Repository, ManyIndexReadsAgree) {
    // The first few index lookups scan the index file, later ones go through libgit2: both
    // must give the same answers.
    Sandbox sb;
    sb.init();
    for (int i = 0; i < 30; ++i) sb.write("m/f" + std::to_string(i) + ".py", "v" + std::to_string(i));
    sb.write("m/sub/x.py", "x");
    sb.git("add -A");
    sb.write("m/f3.py", "changed on disk only");
    Repository repo = Repository::discover(sb.root());
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 30; ++i)
            EXPECT_EQ(repo.read(Version::index(), "m/f" + std::to_string(i) + ".py"),
                      "v" + std::to_string(i));
        EXPECT_EQ(repo.read(Version::index(), "m/nope.py"), std::nullopt);
        EXPECT_EQ(repo.read(Version::index(), "m/sub"), std::nullopt);
        EXPECT_EQ(repo.list(Version::index(), "m/sub"), Strings{"m/sub/x.py"});
        EXPECT_EQ(repo.list(Version::index(), "m").size(), 31u);
    }
}

TEST(Repository, FileTreeAdapter) {
    Sandbox sb;
    sb.init();
    sb.write("pkg/m.py", "x = 1\n");
    const std::string id = sb.commit_all("first");
    sb.write("pkg/m.py", "x = 2\n");

    Repository repo = Repository::discover(sb.root());
    auto head = repo.tree(repo.head());
    auto disk = repo.tree(Version::worktree());
    EXPECT_EQ(head->describe(), "HEAD (" + id.substr(0, 7) + ")");
    EXPECT_EQ(disk->describe(), "working tree");
    EXPECT_EQ(repo.tree(Version::index())->describe(), "index");
    EXPECT_EQ(head->read("pkg/m.py"), "x = 1\n");
    EXPECT_EQ(disk->read("pkg/m.py"), "x = 2\n");
    EXPECT_EQ(head->list("pkg"), Strings{"pkg/m.py"});
}

TEST(Repository, DescribeAndIdentityStrings) {
    Version v{Version::Kind::commit, "3f2a9c1d00000000000000000000000000000000", "origin/main"};
    EXPECT_EQ(v.describe(), "origin/main (3f2a9c1)");
    EXPECT_EQ((Version{Version::Kind::commit, {}, "HEAD"}).describe(), "HEAD (no commits yet)");
    EXPECT_EQ(Version::index().describe(), "index");
    EXPECT_EQ(Version::worktree().describe(), "working tree");
    EXPECT_EQ((Identity{"Ada Lovelace", "ada@example.com"}).str(), "Ada Lovelace <ada@example.com>");
    EXPECT_EQ((Identity{"Ada Lovelace", ""}).str(), "Ada Lovelace");
}

TEST(Repository, FreshRepositoryHasUnbornHead) {
    Sandbox sb;
    sb.init();
    sb.write("app/models.py", "m");
    sb.write("migrations/versions/001.py", "r");
    sb.git("add -A");
    Repository repo = Repository::discover(sb.root());
    EXPECT_TRUE(repo.head_unborn());
    const Version head = repo.head();
    EXPECT_EQ(head.kind, Version::Kind::commit);
    EXPECT_TRUE(head.commit.empty());
    EXPECT_EQ(head.describe(), "HEAD (no commits yet)");
    EXPECT_EQ(repo.read(head, "app/models.py"), std::nullopt);
    EXPECT_TRUE(repo.list(head, "").empty());
    EXPECT_EQ(repo.read(Version::index(), "app/models.py"), "m");

    auto changed = repo.changed(head, Version::index());
    ASSERT_EQ(changed.size(), 2u);
    EXPECT_EQ(changed[0].path, "app/models.py");
    EXPECT_EQ(changed[0].kind, ChangeKind::added);
    EXPECT_EQ(changed[1].path, "migrations/versions/001.py");
    EXPECT_EQ(changed[1].kind, ChangeKind::added);
    EXPECT_EQ(repo.changed(head, Version::index(), {"migrations/versions"}).size(), 1u);

    auto e = expect_throw<EnvironmentError>([&] { repo.merge_base(head, head); });
    EXPECT_TRUE(contains(e.what(), "no common history")) << e.what();
}

TEST(Repository, DetachedHead) {
    Sandbox sb;
    sb.init();
    sb.write("f.py", "1");
    const std::string first = sb.commit_all("one");
    sb.write("f.py", "2");
    sb.commit_all("two");
    sb.git("checkout -q --detach " + first);
    Repository repo = Repository::discover(sb.root());
    EXPECT_FALSE(repo.head_unborn());
    EXPECT_EQ(repo.head().commit, first);
    EXPECT_EQ(repo.read(repo.head(), "f.py"), "1");
    EXPECT_EQ(repo.resolve("main~1").commit, first);
}

TEST(Repository, ResolvesRevisionExpressions) {
    Sandbox sb;
    sb.init();
    sb.write("f.py", "1");
    const std::string first = sb.commit_all("one");
    sb.git("tag -a v1.0 -m release");
    sb.write("f.py", "2");
    const std::string second = sb.commit_all("two");

    Repository repo = Repository::discover(sb.root());
    EXPECT_EQ(repo.head().commit, second);
    EXPECT_EQ(repo.resolve("HEAD").commit, second);
    EXPECT_EQ(repo.resolve("main").commit, second);
    EXPECT_EQ(repo.resolve("HEAD~1").commit, first);
    EXPECT_EQ(repo.resolve("v1.0").commit, first) << "an annotated tag peels to its commit";
    EXPECT_EQ(repo.resolve(first.substr(0, 8)).commit, first);
    const Version v = repo.resolve("v1.0");
    EXPECT_EQ(v.label, "v1.0");
    EXPECT_EQ(v.kind, Version::Kind::commit);
    EXPECT_EQ(v.describe(), "v1.0 (" + first.substr(0, 7) + ")");
}

TEST(Repository, UnknownRevisionIsAUsageError) {
    Sandbox sb;
    sb.init();
    sb.write("f.py", "1");
    sb.commit_all("one");
    Repository repo = Repository::discover(sb.root());

    auto e = expect_throw<UsageError>([&] { repo.resolve("origin/feature-x"); });
    EXPECT_EQ(e.code(), ExitCode::usage);
    EXPECT_TRUE(contains(e.what(), "origin/feature-x")) << e.what();
    EXPECT_TRUE(contains(e.help(), "git fetch origin feature-x")) << e.help();

    auto e2 = expect_throw<UsageError>([&] { repo.resolve("mian"); });
    EXPECT_TRUE(contains(e2.what(), "'mian'")) << e2.what();
    EXPECT_TRUE(contains(e2.help(), "spelling")) << e2.help();

    auto e3 = expect_throw<UsageError>([&] { repo.resolve("HEAD^{tree}"); });
    EXPECT_TRUE(contains(e3.what(), "does not name a commit")) << e3.what();
    // Not shallow: a missing ancestor is the user's mistake, not missing history.
    auto e4 = expect_throw<UsageError>([&] { repo.resolve("HEAD~5"); });
    EXPECT_TRUE(contains(e4.what(), "HEAD~5")) << e4.what();
}

TEST(Repository, NotARepository) {
    Sandbox sb;
    auto e = expect_throw<EnvironmentError>([&] { Repository::discover(sb.root()); });
    EXPECT_EQ(e.code(), ExitCode::environment);
    EXPECT_TRUE(contains(e.what(), sb.root().string())) << e.what();
    EXPECT_TRUE(contains(e.help(), "git init")) << e.help();
    EXPECT_FALSE(Repository::try_discover(sb.root()).has_value());
}

TEST(Repository, BareRepositoryIsRefused) {
    Sandbox sb;
    sb.git("init -q --bare bare.git");
    auto e = expect_throw<EnvironmentError>([&] { Repository::discover(sb.path("bare.git")); });
    EXPECT_TRUE(contains(e.what(), "bare")) << e.what();
    EXPECT_FALSE(Repository::try_discover(sb.path("bare.git")).has_value());
}

TEST(Repository, ProjectInSubdirectory) {
    Sandbox sb;
    sb.init();
    sb.write("services/api/app/models.py", "m");
    sb.write("README", "r");
    sb.commit_all("one");

    // From a directory and from a file inside it: the top level, top-level-relative paths.
    for (const char* start : {"services/api", "services/api/app/models.py"}) {
        Repository repo = Repository::discover(sb.path(start));
        EXPECT_EQ(repo.workdir(), sb.root()) << start;
        EXPECT_EQ(repo.read(repo.head(), "services/api/app/models.py"), "m");
        EXPECT_EQ(repo.read(Version::worktree(), "services/api/app/models.py"), "m");
        EXPECT_EQ(repo.list(Version::index(), "services"), Strings{"services/api/app/models.py"});
    }
    auto repo = Repository::try_discover(sb.path("services/api/app"));
    ASSERT_TRUE(repo.has_value());
    EXPECT_EQ(repo->workdir(), sb.root());
}

TEST(Repository, LinkedWorktree) {
    Sandbox sb;
    sb.init("main");
    sb.write("main/f.py", "main\n");
    sb.commit_all("one", "main");
    sb.git("worktree add -q -b topic ../wt", "main");
    sb.write("wt/f.py", "topic\n");
    sb.write("wt/g.py", "new\n");
    sb.git("add g.py", "wt");
    const std::string topic = sb.commit_all("topic", "wt");
    sb.write("wt/g.py", "staged\n");
    sb.git("add g.py", "wt");

    Repository repo = Repository::discover(sb.path("wt"));
    EXPECT_EQ(repo.workdir(), sb.path("wt"));
    EXPECT_EQ(repo.head().commit, topic);
    EXPECT_EQ(repo.read(repo.head(), "f.py"), "topic\n");
    EXPECT_EQ(repo.read(Version::index(), "g.py"), "staged\n");
    EXPECT_EQ(repo.read(repo.resolve("main"), "f.py"), "main\n");
    auto changed = repo.changed(repo.head(), Version::index());
    ASSERT_EQ(changed.size(), 1u);
    EXPECT_EQ(changed[0].path, "g.py");
    // Hooks live in the common git directory, shared by every worktree.
    EXPECT_EQ(fs::weakly_canonical(repo.hooks_dir()), fs::weakly_canonical(sb.path("main/.git/hooks")));

    Repository main_repo = Repository::discover(sb.path("main"));
    EXPECT_EQ(main_repo.read(Version::index(), "g.py"), std::nullopt) << "each worktree has its own index";
}

TEST(Repository, HooksDirectory) {
    Sandbox sb;
    sb.init();
    Repository repo = Repository::discover(sb.root());
    EXPECT_EQ(fs::weakly_canonical(repo.hooks_dir()), fs::weakly_canonical(sb.path(".git/hooks")));
    sb.git("config core.hooksPath tools/hooks");
    Repository again = Repository::discover(sb.root());
    EXPECT_EQ(again.hooks_dir(), sb.path("tools/hooks"));
}

TEST(Repository, IdentityFromConfiguration) {
    Sandbox sb;
    sb.init();
    {
        Repository repo = Repository::discover(sb.root());
        const Identity id = repo.identity();
        EXPECT_EQ(id.name, "");
        EXPECT_EQ(id.email, "");
    }
    sb.git("config user.name 'Ada Lovelace'");
    sb.git("config user.email ada@example.com");
    Repository repo = Repository::discover(sb.root());
    const Identity id = repo.identity();
    EXPECT_EQ(id.name, "Ada Lovelace");
    EXPECT_EQ(id.email, "ada@example.com");
    EXPECT_EQ(id.str(), "Ada Lovelace <ada@example.com>");
}

TEST(Repository, MergeBaseOfTwoBranches) {
    Sandbox sb;
    sb.init();
    sb.write("f.py", "1");
    const std::string fork = sb.commit_all("one");
    sb.git("checkout -q -b feature");
    sb.write("g.py", "feature");
    sb.commit_all("feature");
    sb.git("checkout -q main");
    sb.write("h.py", "main");
    sb.commit_all("main");

    Repository repo = Repository::discover(sb.root());
    const Version base = repo.merge_base(repo.resolve("main"), repo.resolve("feature"));
    EXPECT_EQ(base.commit, fork);
    EXPECT_EQ(base.kind, Version::Kind::commit);
    EXPECT_TRUE(contains(base.label, "merge base of main")) << base.label;
    EXPECT_EQ(repo.merge_base(repo.resolve("feature"), repo.head()).label, "merge base of feature");

    sb.git("checkout -q --orphan unrelated");
    sb.git("rm -rq --cached .");
    sb.write("z.py", "z");
    sb.git("add z.py");
    sb.git("commit -q -m unrelated");
    Repository again = Repository::discover(sb.root());
    auto e = expect_throw<EnvironmentError>([&] { again.merge_base(again.resolve("main"), again.head()); });
    EXPECT_TRUE(contains(e.what(), "no common history")) << e.what();
}

TEST(Repository, ShallowCloneExplainsMissingHistory) {
    Sandbox sb;
    sb.init("origin");
    sb.write("origin/f.py", "1");
    const std::string first = sb.commit_all("one", "origin");
    sb.git("checkout -q -b feature", "origin");
    sb.write("origin/g.py", "feature");
    sb.commit_all("feature", "origin");
    sb.git("checkout -q main", "origin");
    sb.write("origin/f.py", "2");
    sb.commit_all("two", "origin");
    sb.write("origin/f.py", "3");
    sb.commit_all("three", "origin");
    sb.git("clone -q --depth 1 --no-single-branch file://" + sb.path("origin").string() + " clone");

    Repository repo = Repository::discover(sb.path("clone"));
    ASSERT_TRUE(repo.is_shallow());
    EXPECT_EQ(repo.read(repo.head(), "f.py"), "3");
    EXPECT_EQ(repo.read(repo.resolve("origin/feature"), "g.py"), "feature");

    for (const std::string& spec : {first, std::string("HEAD~2")}) {
        auto e = expect_throw<EnvironmentError>([&] { repo.resolve(spec); });
        EXPECT_EQ(e.code(), ExitCode::environment);
        EXPECT_TRUE(contains(e.what(), spec)) << e.what();
        EXPECT_TRUE(contains(e.what(), "shallow")) << e.what();
        EXPECT_TRUE(contains(e.help(), "git fetch --unshallow")) << e.help();
        EXPECT_TRUE(contains(e.help(), "fetch-depth: 0")) << e.help();
    }
    // A branch that does not exist is still a usage error, shallow or not.
    auto u = expect_throw<UsageError>([&] { repo.resolve("origin/nope"); });
    EXPECT_TRUE(contains(u.what(), "origin/nope")) << u.what();

    auto e =
        expect_throw<EnvironmentError>([&] { repo.merge_base(repo.resolve("origin/feature"), repo.head()); });
    EXPECT_TRUE(contains(e.what(), "shallow")) << e.what();
    EXPECT_TRUE(contains(e.help(), "git fetch --unshallow")) << e.help();
    EXPECT_TRUE(contains(e.help(), "fetch-depth: 0")) << e.help();
}

TEST(Repository, HonoursGitIndexFileForThisRepository) {
    // `git commit -a` runs the pre-commit hook with the index about to be committed in
    // GIT_INDEX_FILE; .git/index is still the old one.
    Sandbox sb;
    sb.init();
    sb.write("f.py", "1");
    sb.commit_all("one");
    sb.write("f.py", "2");
    sb.git("add f.py");
    fs::copy_file(sb.path(".git/index"), sb.path(".git/next-index"));
    sb.git("reset -q");  // .git/index back to HEAD
    setenv("GIT_INDEX_FILE", sb.path(".git/next-index").c_str(), 1);
    setenv("GIT_DIR", sb.path(".git").c_str(), 1);
    std::optional<std::string> with_env;
    {
        Repository repo = Repository::discover(sb.root());
        with_env = repo.read(Version::index(), "f.py");
    }
    setenv("GIT_DIR", sb.path("elsewhere/.git").c_str(), 1);
    std::optional<std::string> other_repo;
    {
        Repository repo = Repository::discover(sb.root());
        other_repo = repo.read(Version::index(), "f.py");
    }
    unsetenv("GIT_INDEX_FILE");
    unsetenv("GIT_DIR");
    EXPECT_EQ(with_env, "2");
    EXPECT_EQ(other_repo, "1") << "GIT_INDEX_FILE of another repository is ignored";
    Repository repo = Repository::discover(sb.root());
    EXPECT_EQ(repo.read(Version::index(), "f.py"), "1");
}

}  // namespace
}  // namespace mig_guard::git

namespace mig_guard::git {
namespace {

TEST(Repository, CertificateLoadingStillWorksWhenAskedFor) {
    // repository.cpp keeps libgit2's init from parsing the CA bundle; an explicit request
    // must still reach mbedTLS (or OpenSSL) and fail for a file that is not there.
    Sandbox sb;
    sb.init();
    Repository repo = Repository::discover(sb.root());
    const fs::path bundle = "/etc/ssl/certs/ca-certificates.crt";
    if (fs::exists(bundle)) {
        EXPECT_EQ(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, bundle.c_str(), nullptr), 0)
            << git_error_last()->message;
    }
    EXPECT_LT(git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, sb.path("missing.pem").c_str(), nullptr), 0);
}

TEST(AnchorEnvironment, RelativeGitPathsAreResolvedWhereGitStarted) {
    // A hook runs at the top with GIT_INDEX_FILE=.git/index; `mig-guard -C backend check`
    // must still read the top's .git/index, not backend/.git/index.
    Sandbox sb;
    sb.init();
    sb.write("backend/f.py", "1");
    sb.commit_all("one");
    sb.write("backend/f.py", "2");
    sb.git("add backend/f.py");
    fs::copy_file(sb.path(".git/index"), sb.path(".git/next-index"));
    sb.git("reset -q");
    const fs::path before = fs::current_path();
    setenv("GIT_INDEX_FILE", ".git/next-index", 1);
    setenv("GIT_DIR", ".git", 1);
    setenv("GIT_WORK_TREE", ".", 1);
    anchor_environment(sb.root());
    const std::string index_file = std::getenv("GIT_INDEX_FILE");
    const std::string git_dir = std::getenv("GIT_DIR");
    const std::string work_tree = std::getenv("GIT_WORK_TREE");
    fs::current_path(sb.path("backend"));  // what -C backend does
    std::optional<std::string> staged;
    {
        Repository repo = Repository::discover(fs::current_path());
        staged = repo.read(Version::index(), "backend/f.py");
    }
    fs::current_path(before);
    unsetenv("GIT_INDEX_FILE");
    unsetenv("GIT_DIR");
    unsetenv("GIT_WORK_TREE");
    EXPECT_EQ(index_file, sb.path(".git/next-index").string());
    EXPECT_EQ(git_dir, sb.path(".git").string());
    EXPECT_EQ(work_tree, sb.root().lexically_normal().string());
    EXPECT_EQ(staged, "2");
}

TEST(AnchorEnvironment, LeavesAbsoluteAndUnsetVariablesAlone) {
    setenv("GIT_INDEX_FILE", "/somewhere/index", 1);
    unsetenv("GIT_DIR");
    setenv("GIT_WORK_TREE", "", 1);
    anchor_environment("/top");
    EXPECT_STREQ(std::getenv("GIT_INDEX_FILE"), "/somewhere/index");
    EXPECT_EQ(std::getenv("GIT_DIR"), nullptr);
    EXPECT_STREQ(std::getenv("GIT_WORK_TREE"), "");
    unsetenv("GIT_INDEX_FILE");
    unsetenv("GIT_WORK_TREE");
}

TEST(Repository, DefaultBaseIsTheRemotesHead) {
    Sandbox sb;
    sb.init("origin");
    sb.write("origin/f.py", "1");
    sb.commit_all("one", "origin");
    sb.git("branch -q -m main master", "origin");
    sb.git("branch -q main", "origin");  // a main too: the remote's HEAD still wins
    sb.git("clone -q file://" + sb.path("origin").string() + " clone");
    {
        Repository repo = Repository::discover(sb.path("clone"));
        EXPECT_EQ(repo.default_base(), "origin/master");
    }
    sb.git("remote set-head origin -d", "clone");
    {
        Repository repo = Repository::discover(sb.path("clone"));
        EXPECT_EQ(repo.default_base(), "origin/main");
    }
    sb.git("update-ref -d refs/remotes/origin/main", "clone");
    {
        Repository repo = Repository::discover(sb.path("clone"));
        EXPECT_EQ(repo.default_base(), "origin/master") << "origin/master before a local master";
    }
    Repository origin = Repository::discover(sb.path("origin"));
    EXPECT_EQ(origin.default_base(), "main");
    sb.init("lonely");
    sb.git("checkout -q -b trunk", "lonely");
    sb.write("lonely/f.py", "1");
    sb.commit_all("one", "lonely");
    EXPECT_EQ(Repository::discover(sb.path("lonely")).default_base(), std::nullopt);
}

TEST(Repository, MergeBaseInAShallowCloneIsWhatGitAnswers) {
    Sandbox sb;
    sb.init("origin");
    sb.write("origin/f.py", "1");
    sb.commit_all("one", "origin");
    sb.write("origin/f.py", "2");
    sb.commit_all("two", "origin");
    sb.git("checkout -q -b feature", "origin");
    sb.write("origin/g.py", "feature");
    sb.commit_all("feature", "origin");
    sb.git("checkout -q main", "origin");
    sb.write("origin/f.py", "3");
    sb.commit_all("three", "origin");
    sb.git("clone -q --depth 2 --no-single-branch file://" + sb.path("origin").string() + " clone");
    auto git_answer = [&](const std::string& args) {
        std::string out = sb.git("merge-base " + args, "clone");
        while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
        return out;
    };

    Repository repo = Repository::discover(sb.path("clone"));
    ASSERT_TRUE(repo.is_shallow());
    // HEAD~1 is an ancestor of HEAD: the merge base is HEAD~1 itself, though its parent was
    // never fetched.
    const Version parent = repo.resolve("HEAD~1");
    EXPECT_EQ(repo.merge_base(parent, repo.head()).commit, git_answer("HEAD~1 HEAD"));
    EXPECT_EQ(repo.merge_base(parent, repo.head()).commit, parent.commit);
    EXPECT_EQ(repo.merge_base(repo.head(), parent).commit, parent.commit);
    // Two branches forked at "two", the boundary of both.
    const Version fork = repo.merge_base(repo.resolve("origin/feature"), repo.head());
    EXPECT_EQ(fork.commit, git_answer("origin/feature HEAD"));
    EXPECT_EQ(fork.commit, parent.commit);
    EXPECT_EQ(fork.label, "merge base of origin/feature");
}

}  // namespace
}  // namespace mig_guard::git
