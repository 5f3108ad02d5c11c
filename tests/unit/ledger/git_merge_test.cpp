// Entries are sorted by id so that two branches recording different revisions merge without
// conflicts: this drives the real git CLI through exactly that.
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_util.hpp"

namespace mig_guard::ledger {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

class Git {
public:
    explicit Git(const fs::path& repo, const fs::path& home) : m_repo(repo), m_home(home) {}

    // Runs git with no user or system configuration (HOME is the test's own directory).
    int run(const std::string& args) const {
        std::string cmd = "cd '" + m_repo.string() + "' && HOME='" + m_home.string() +
                          "' GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0 "
                          "git -c user.name=Tester -c user.email=tester@example.com -c init.defaultBranch=main "
                          "-c commit.gpgsign=false -c core.autocrlf=false " +
                          args + " >/dev/null 2>&1";
        return std::system(cmd.c_str());
    }

private:
    fs::path m_repo, m_home;
};

Ledger base_ledger() {
    Ledger l;
    for (const char* id : {"1b9e0c44aa01", "5d3f7a2e9b10", "c41f0e9a7d22"}) l.upsert(test::make_entry(id));
    return l;
}

TEST(GitMerge, TwoBranchesAddingDifferentRevisionsMergeCleanly) {
    TempDir tmp;
    fs::path repo = tmp.path() / "repo";
    fs::create_directories(repo / "migrations");
    Git git(repo, tmp.path());
    fs::path path = repo / "migrations" / "mig-guard.lock";
    ASSERT_EQ(git.run("init -q"), 0);
    write_ledger(path, base_ledger());
    ASSERT_EQ(git.run("add -A"), 0);
    ASSERT_EQ(git.run("commit -q -m base"), 0);

    // Branch "feature" records a revision that sorts between the first two entries ...
    ASSERT_EQ(git.run("checkout -q -b feature"), 0);
    Ledger feature = read_ledger(path, "l");
    feature.upsert(test::make_entry("3a0c8e1f4b55", {"MG402"}));
    write_ledger(path, feature);
    ASSERT_EQ(git.run("commit -q -am feature"), 0);

    // ... while main records one that sorts after the last, and re-reviews the first.
    ASSERT_EQ(git.run("checkout -q main"), 0);
    Ledger main = read_ledger(path, "l");
    ASSERT_EQ(main, base_ledger());
    main.upsert(test::make_entry("f07b2d6c3e88"));
    write_ledger(path, main);
    ASSERT_EQ(git.run("commit -q -am main"), 0);

    ASSERT_EQ(git.run("merge -q --no-edit feature"), 0) << test::read_text(path);
    Ledger merged = read_ledger(path, "migrations/mig-guard.lock");
    std::vector<std::string> ids;
    for (const auto& e : merged.entries) ids.push_back(e.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"1b9e0c44aa01", "3a0c8e1f4b55", "5d3f7a2e9b10", "c41f0e9a7d22",
                                             "f07b2d6c3e88"}));
    EXPECT_EQ(merged.find("3a0c8e1f4b55")->acknowledged, std::vector<std::string>{"MG402"});
    // The merge result is exactly what mig-guard would have written itself.
    EXPECT_EQ(test::read_text(path), render_ledger(merged));
}

}  // namespace
}  // namespace mig_guard::ledger
