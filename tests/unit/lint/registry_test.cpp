// Every rule has its documentation and its golden fixtures: a flagged case and a near miss.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "mig_guard/lint/lint.hpp"

using namespace mig_guard::lint;
namespace fs = std::filesystem;

TEST(Registry, EveryRuleIsDocumentedAndHasGoldenFixtures) {
    ASSERT_EQ(registry().size(), 28u);  // SPEC 7's 27 and MG704
    std::set<std::string> codes, names;
    std::string previous;
    for (const auto& r : registry()) {
        SCOPED_TRACE(r.code);
        EXPECT_TRUE(codes.insert(r.code).second) << "duplicate code";
        EXPECT_TRUE(names.insert(r.name).second) << "duplicate name";
        EXPECT_LT(previous, std::string(r.code)) << "registry not ordered by code";
        previous = r.code;
        for (const char* s : {r.summary, r.doc.what, r.doc.why, r.doc.example, r.doc.instead})
            EXPECT_TRUE(s && std::string(s).size() >= 10) << "documentation section missing";
        if (r.scope == Scope::gate) {
            // Decided by the gate from git history and the ledger: covered by the end-to-end
            // tests, which must exercise the code.
            EXPECT_EQ(r.check_revision, nullptr);
            EXPECT_EQ(r.check_graph, nullptr);
            std::ifstream in(std::string(MG_E2E_TEST_FILE));
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            EXPECT_NE(text.find(std::string("\"") + r.code + "\""), std::string::npos)
                << "the end-to-end tests never assert " << r.code;
            continue;
        }
        EXPECT_TRUE(r.scope == Scope::revision ? r.check_revision != nullptr : r.check_graph != nullptr);
        fs::path dir = fs::path(MG_RULES_GOLDEN_DIR) / r.code;
        int flagged = 0, near_miss = 0;
        if (fs::is_directory(dir))
            for (const auto& c : fs::directory_iterator(dir)) {
                std::string n = c.path().filename().string();
                bool complete = fs::exists(c.path() / "expected.txt") && fs::is_directory(c.path() / "versions");
                EXPECT_TRUE(complete) << c.path() << " lacks versions/ or expected.txt";
                if (complete && n.starts_with("flagged")) ++flagged;
                if (complete && n.starts_with("ok")) ++near_miss;
            }
        EXPECT_GE(flagged, 1) << "no flagged golden case in " << dir;
        EXPECT_GE(near_miss, 1) << "no near-miss golden case in " << dir;
    }
}

TEST(Registry, FindsRulesByCodeOrNameAndRendersDocumentation) {
    const Rule* r = find_rule("mg402");
    ASSERT_NE(r, nullptr);
    EXPECT_STREQ(r->name, "drop-column");
    EXPECT_EQ(find_rule("drop-column"), r);
    EXPECT_EQ(find_rule("MG999"), nullptr);
    std::string doc = render_documentation(*r);
    EXPECT_NE(doc.find("## Why is this bad?"), std::string::npos);
    EXPECT_NE(doc.find("op.drop_column"), std::string::npos);
}
