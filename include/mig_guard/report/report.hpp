// Reporters: render lint findings for people (text), programs (json), code-scanning
// services (sarif), GitHub Actions annotations (github) and CI test reports (junit).
// Rendering is pure: the same input gives byte-identical output, findings sorted by file,
// line, column and code whatever order they arrive in.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mig_guard/lint/finding.hpp"

namespace mig_guard::report {

enum class Format : uint8_t { text, json, sarif, github, junit };

// "text", "json", "sarif", "github", "junit"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);
const char* format_name(Format format);

struct ReportInput {
    std::vector<lint::Finding> findings;  // in any order
    // file (as in Finding::location.file) -> its text, for excerpts and column conversion
    std::map<std::string, std::string> sources;
    // every file that was linted: junit has a testcase for each, sarif lists them as artifacts
    std::vector<std::string> files_checked;
    std::string tool_version;  // "0.1.0"
    // code -> (name, short description): SARIF's rules array
    std::map<std::string, std::pair<std::string, std::string>> rules;
    // Errors already printed apart from the findings (models or revisions that could not be
    // read): the text report never says "All checks passed." while there are any.
    size_t errors_elsewhere = 0;
};

struct TextOptions {
    bool color = false;  // ANSI colours; the caller decides from --color and isatty
};

std::string render(Format format, const ReportInput& input, const TextOptions& text = {});

// Where a rule is documented: SARIF's helpUri.
std::string rule_help_uri(std::string_view code);

}  // namespace mig_guard::report
