#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mig_guard/report/report.hpp"

using namespace mig_guard;
using report::Format;

namespace {

lint::Finding finding(std::string file, uint32_t line, uint32_t column, std::string code,
                      lint::Level level = lint::Level::error) {
    lint::Finding f;
    f.code = std::move(code);
    f.name = "drop-column";
    f.level = level;
    f.message = "dropping a column loses its data";
    f.help = "keep the column";
    f.location = {std::move(file), line, column};
    return f;
}

TEST(ReportFormat, ParsesEveryNameAndRoundTrips) {
    for (Format format : {Format::text, Format::json, Format::sarif, Format::github, Format::junit}) {
        EXPECT_EQ(report::parse_format(report::format_name(format)), format);
    }
    EXPECT_EQ(report::parse_format("sarif"), Format::sarif);
    EXPECT_FALSE(report::parse_format("TEXT").has_value());
    EXPECT_FALSE(report::parse_format("xml").has_value());
    EXPECT_FALSE(report::parse_format("").has_value());
}

TEST(ReportLevel, NamesEveryLevel) {
    EXPECT_STREQ(lint::level_name(lint::Level::error), "error");
    EXPECT_STREQ(lint::level_name(lint::Level::warning), "warning");
    EXPECT_STREQ(lint::level_name(lint::Level::off), "off");
}

TEST(ReportText, SummaryCountsErrorsWarningsAndFiles) {
    report::ReportInput input;
    input.findings = {finding("a.py", 1, 1, "MG402")};
    EXPECT_NE(report::render(Format::text, input).find("Found 1 error in 1 file.\n"), std::string::npos);
    input.findings = {finding("a.py", 1, 1, "MG601", lint::Level::warning),
                      finding("b.py", 2, 1, "MG601", lint::Level::warning)};
    EXPECT_NE(report::render(Format::text, input).find("Found 2 warnings in 2 files.\n"), std::string::npos);
    input.findings.push_back(finding("b.py", 1, 1, "MG402"));
    EXPECT_NE(report::render(Format::text, input).find("Found 1 error and 2 warnings in 2 files.\n"),
              std::string::npos);
    input.findings.clear();
    EXPECT_EQ(report::render(Format::text, input), "All checks passed.\n");
    // Errors printed apart from the findings (models that could not be read): never "passed".
    input.errors_elsewhere = 2;
    EXPECT_EQ(report::render(Format::text, input), "No finding, but 2 errors above stopped the checks.\n");
}

TEST(ReportText, SortsByFileLineColumnCode) {
    report::ReportInput input;
    input.findings = {finding("b.py", 1, 1, "MG401"), finding("a.py", 9, 1, "MG401"), finding("a.py", 2, 7, "MG402"),
                      finding("a.py", 2, 7, "MG401"), finding("a.py", 2, 3, "MG402")};
    const std::string out = report::render(Format::text, input);
    std::vector<std::string> headers;
    std::regex header(R"(^(\S+:\d+:\d+: MG\d+))", std::regex::multiline);
    for (auto it = std::sregex_iterator(out.begin(), out.end(), header); it != std::sregex_iterator(); ++it) {
        headers.push_back((*it)[1]);
    }
    EXPECT_EQ(headers, (std::vector<std::string>{"a.py:2:3: MG402", "a.py:2:7: MG401", "a.py:2:7: MG402",
                                                 "a.py:9:1: MG401", "b.py:1:1: MG401"}));
}

TEST(ReportText, ColorOnlyWhenAskedAndOtherwiseTheSameText) {
    report::ReportInput input;
    input.findings = {finding("a.py", 1, 4, "MG402")};
    input.findings[0].end_line = 1;
    input.findings[0].end_column = 8;
    input.sources["a.py"] = "op.drop_column()\n";
    const std::string plain = report::render(Format::text, input);
    const std::string colored = report::render(Format::text, input, {.color = true});
    EXPECT_EQ(plain.find('\x1b'), std::string::npos);
    EXPECT_NE(colored.find("\x1b[1;31mMG402\x1b[0m"), std::string::npos);
    EXPECT_EQ(std::regex_replace(colored, std::regex("\x1b\\[[0-9;]*m"), ""), plain);
    EXPECT_NE(plain.find("  |    ^^^^ drop-column\n"), std::string::npos) << plain;
}

TEST(ReportText, OffFindingsAreNotReported) {
    report::ReportInput input;
    input.findings = {finding("a.py", 1, 1, "MG402", lint::Level::off)};
    EXPECT_EQ(report::render(Format::text, input), "All checks passed.\n");
    EXPECT_EQ(report::render(Format::json, input), "[]\n");
    EXPECT_EQ(report::render(Format::github, input), "");
}

TEST(ReportText, FindingWithoutPositionOrSourceHasNoExcerpt) {
    report::ReportInput input;
    input.findings = {finding("", 0, 0, "MG104")};
    input.findings[0].name = "multiple-heads";
    const std::string out = report::render(Format::text, input);
    EXPECT_EQ(out.rfind("MG104 [error] dropping a column loses its data\n  = help: keep the column\n", 0), 0u) << out;
    EXPECT_EQ(out.find(" |"), std::string::npos);
}

TEST(ReportGithub, EscapesPropertiesAndData) {
    report::ReportInput input;
    input.findings = {finding("dir,x/a:b%.py", 3, 5, "MG402")};
    input.findings[0].message = "50% of rows\r\nlost: yes, really";
    const std::string out = report::render(Format::github, input);
    EXPECT_EQ(out,
              "::error file=dir%2Cx/a%3Ab%25.py,line=3,col=5,title=MG402 drop-column::50%25 of rows%0D%0Alost: yes, "
              "really%0Ahelp: keep the column\n");
}

TEST(ReportSarif, ColumnsAreUtf16AndRuleIndexMatches) {
    report::ReportInput input;
    // "é" is two bytes and one UTF-16 unit; "😀" is four bytes and two units.
    input.sources["m.py"] = "x = \"é😀\"; op.drop_column()\n";
    auto f = finding("m.py", 1, 14, "MG402");  // byte column 14: the space after ';'
    f.end_line = 1;
    f.end_column = 15;
    input.findings = {f};
    input.rules["MG401"] = {"drop-table", "op.drop_table"};
    input.rules["MG402"] = {"drop-column", "op.drop_column"};
    auto sarif = nlohmann::json::parse(report::render(Format::sarif, input));
    const auto& run = sarif["runs"][0];
    const auto& result = run["results"][0];
    EXPECT_EQ(result["ruleIndex"], 1);
    EXPECT_EQ(run["tool"]["driver"]["rules"][1]["id"], "MG402");
    const auto& region = result["locations"][0]["physicalLocation"]["region"];
    EXPECT_EQ(region["startColumn"], 11);
    EXPECT_EQ(region["endColumn"], 12);
    // GitHub counts characters: one fewer than UTF-16 for the emoji.
    EXPECT_NE(report::render(Format::github, input).find("col=10,endLine=1,endColumn=11,"), std::string::npos);
}

TEST(ReportRobustness, InvalidUtf8AndLinesPastTheEndDoNotBreakRendering) {
    report::ReportInput input;
    input.sources["a.py"] = "x = '\xff\xfe'\n";
    auto f = finding("a.py", 1, 6, "MG402");
    f.message = "bad byte \xff here";
    f.end_line = 7;  // past the end of the file: clamped
    f.end_column = 3;
    auto past = finding("a.py", 40, 1, "MG401");
    input.findings = {f, past};
    for (Format format : {Format::text, Format::json, Format::sarif, Format::github, Format::junit}) {
        EXPECT_NO_THROW(report::render(format, input)) << report::format_name(format);
    }
    auto json = nlohmann::json::parse(report::render(Format::json, input));
    EXPECT_EQ(json[0]["message"], "bad byte \xEF\xBF\xBD here");
    const std::string text = report::render(Format::text, input);
    EXPECT_NE(text.find("a.py:40:1: MG401 [error] dropping a column loses its data\n  = help:"), std::string::npos)
        << text;
}


// Findings are numbered as Python numbers lines: "\r\n", a lone "\r" and "\n" each end one
// (found by fuzz_revision on a file with old Mac line ends). The excerpt shows that line.
TEST(ReportText, ExcerptCountsLinesAsPythonDoes) {
    report::ReportInput input;
    input.sources["m.py"] = "a = 1\rb = 2\r\nop.drop_column('t', 'c')\nz = 3\r";
    input.findings = {finding("m.py", 3, 1, "MG402")};
    const std::string text = report::render(Format::text, input);
    EXPECT_NE(text.find("3 | op.drop_column('t', 'c')\n"), std::string::npos) << text;
    EXPECT_EQ(text.find('\r'), std::string::npos) << text;
}
TEST(ReportHelpUri, AnchorsOnTheLowercaseCode) {
    EXPECT_EQ(report::rule_help_uri("MG402"), "https://github.com/mig-guard/mig-guard/blob/main/docs/rules.md#mg402");
}

}  // namespace
