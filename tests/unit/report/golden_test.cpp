// Golden tests: tests/golden/report/<case>/case.json holds findings, sources, files checked
// and rules; expected.{text,json,sarif,github,junit.xml} hold each format's output.
// MG_UPDATE_GOLDENS=1 rewrites the expected files (review the diff).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mig_guard/report/report.hpp"

namespace fs = std::filesystem;
using namespace mig_guard;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

lint::Level parse_level(const std::string& name) {
    if (name == "error") {
        return lint::Level::error;
    }
    if (name == "warning") {
        return lint::Level::warning;
    }
    if (name == "off") {
        return lint::Level::off;
    }
    throw std::runtime_error("unknown level " + name);
}

report::ReportInput load_case(const fs::path& dir) {
    auto j = nlohmann::json::parse(read_file(dir / "case.json"));
    report::ReportInput input;
    input.tool_version = "0.1.0";
    for (const auto& f : j.at("findings")) {
        lint::Finding finding;
        finding.code = f.at("code");
        finding.name = f.at("name");
        finding.level = parse_level(f.value("level", "error"));
        finding.message = f.at("message");
        finding.help = f.value("help", "");
        finding.location.file = f.value("file", "");
        finding.location.line = f.value("line", 0u);
        finding.location.column = f.value("column", 0u);
        finding.end_line = f.value("end_line", 0u);
        finding.end_column = f.value("end_column", 0u);
        if (f.contains("fix")) {
            lint::Fix fix;
            fix.description = f["fix"].at("description");
            for (const auto& e : f["fix"].at("edits")) {
                fix.edits.push_back({e.at("begin"), e.at("end"), e.at("replacement")});
            }
            finding.fix = fix;
        }
        input.findings.push_back(finding);
    }
    const nlohmann::json sources = j.value("sources", nlohmann::json::object());
    for (const auto& [file, text] : sources.items()) {
        input.sources[file] = text.get<std::string>();
    }
    input.files_checked = j.value("files_checked", std::vector<std::string>{});
    const nlohmann::json rules = j.value("rules", nlohmann::json::object());
    for (const auto& [code, rule] : rules.items()) {
        input.rules[code] = {rule.at(0), rule.at(1)};
    }
    return input;
}

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(MG_REPORT_GOLDEN_DIR)) {
        if (entry.is_directory()) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

struct Output {
    report::Format format;
    const char* file;
};

constexpr Output k_outputs[] = {
    {report::Format::text, "expected.text"},   {report::Format::json, "expected.json"},
    {report::Format::sarif, "expected.sarif"}, {report::Format::github, "expected.github"},
    {report::Format::junit, "expected.junit.xml"},
};

class ReportGolden : public testing::TestWithParam<std::string> {};

TEST_P(ReportGolden, MatchesExpectedOutput) {
    const fs::path dir = fs::path(MG_REPORT_GOLDEN_DIR) / GetParam();
    const auto input = load_case(dir);
    const char* update = std::getenv("MG_UPDATE_GOLDENS");
    const bool rewrite = update != nullptr && std::string(update) == "1";
    for (const auto& output : k_outputs) {
        const std::string actual = report::render(output.format, input);
        const fs::path expected_path = dir / output.file;
        if (rewrite) {
            std::ofstream(expected_path, std::ios::binary) << actual;
            continue;
        }
        ASSERT_TRUE(fs::exists(expected_path)) << expected_path << " missing; run with MG_UPDATE_GOLDENS=1";
        EXPECT_EQ(read_file(expected_path), actual) << "format " << report::format_name(output.format) << " of "
                                                   << GetParam();
    }
    // Rendering does not depend on the order findings arrive in.
    auto reversed = input;
    std::reverse(reversed.findings.begin(), reversed.findings.end());
    for (const auto& output : k_outputs) {
        EXPECT_EQ(report::render(output.format, input), report::render(output.format, reversed))
            << report::format_name(output.format);
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, ReportGolden, testing::ValuesIn(case_names()),
                         [](const testing::TestParamInfo<std::string>& info) {
                             std::string name;
                             for (char c : info.param) {
                                 name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                             }
                             return name;
                         });

TEST(ReportGoldenSet, HasTheRequiredCases) {
    const auto names = case_names();
    for (const char* required : {"no-findings", "several-files", "fix-present", "crlf-source", "tabs",
                                 "unicode-line", "end-of-file", "escaping"}) {
        EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
    }
}

}  // namespace
