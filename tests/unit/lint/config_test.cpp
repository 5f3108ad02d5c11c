// [tool.mig-guard.rules]: levels, and errors with file:line:col.
#include <gtest/gtest.h>

#include "mig_guard/config/rules.hpp"

using namespace mig_guard;
using mig_guard::lint::Level;

namespace {
const std::vector<std::string> k_codes{"MG402", "MG601", "MG107"};

std::string error_of(const std::string& text, const std::string& path = "pyproject.toml") {
    try {
        config::parse_rule_levels(text, path, k_codes);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST(ConfigRules, ReadsLevels) {
    auto levels = config::parse_rule_levels("[project]\nname='x'\n[tool.mig-guard.rules]\nMG402 = \"warning\"\nMG601 = \"off\"\n",
                                            "pyproject.toml", k_codes);
    ASSERT_EQ(levels.size(), 2u);
    EXPECT_EQ(levels.at("MG402"), Level::warning);
    EXPECT_EQ(levels.at("MG601"), Level::off);
    EXPECT_TRUE(config::parse_rule_levels("[project]\nname='x'\n", "pyproject.toml", k_codes).empty());
}

TEST(ConfigRules, MigGuardTomlTopLevelRulesTable) {
    auto levels = config::parse_rule_levels("[rules]\nMG107 = \"error\"\n", "mig-guard.toml", k_codes);
    EXPECT_EQ(levels.at("MG107"), Level::error);
    // pyproject.toml's top-level [rules] belongs to someone else.
    EXPECT_TRUE(config::parse_rule_levels("[rules]\nMG107 = \"error\"\n", "pyproject.toml", k_codes).empty());
}

TEST(ConfigRules, ErrorsCarryTheLocation) {
    EXPECT_EQ(error_of("[tool.mig-guard.rules]\nMG402 = \"warning\"\nMG999 = \"off\"\n"),
              "pyproject.toml:3:1: unknown rule 'MG999' in the rules table");
    EXPECT_EQ(error_of("[tool.mig-guard.rules]\nMG402 = \"loud\"\n"),
              "pyproject.toml:2:9: the level of MG402 must be \"error\", \"warning\" or \"off\"");
    EXPECT_EQ(error_of("[tool.mig-guard.rules]\nMG402 = 1\n").substr(0, 17), "pyproject.toml:2:");
    EXPECT_EQ(error_of("[tool.mig-guard.rules\n").substr(0, 17), "pyproject.toml:1:");
}
