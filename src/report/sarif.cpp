// SARIF 2.1.0 for code-scanning services (GitHub, GitLab, Azure DevOps). Regions use
// SARIF's default column unit, UTF-16 code units, converted from the findings' byte columns
// when the source is at hand.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "detail.hpp"

namespace mig_guard::report::detail {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* k_schema_uri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* k_information_uri = "https://github.com/mig-guard/mig-guard";

// A relative path as a URI reference: forward slashes, everything outside the unreserved
// and path characters percent-encoded (':' too, so "c:x" never reads as a scheme).
std::string path_uri(std::string_view path) {
    static constexpr std::string_view k_keep = "-._~/!$&'()*+,;=@";
    std::string out;
    for (char c : path) {
        auto b = static_cast<unsigned char>(c);
        if (c == '\\') {
            out += '/';
        } else if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
                   k_keep.find(c) != std::string_view::npos) {
            out += c;
        } else {
            static constexpr char k_hex[] = "0123456789ABCDEF";
            out += '%';
            out += k_hex[b >> 4];
            out += k_hex[b & 0xF];
        }
    }
    return out;
}

Json artifact_location(const std::string& file, const std::vector<std::string>& files) {
    Json loc;
    loc["uri"] = path_uri(file);
    auto it = std::lower_bound(files.begin(), files.end(), file);
    if (it != files.end() && *it == file) {
        loc["index"] = it - files.begin();
    }
    return loc;
}

uint32_t utf16_column(const SourceLines* lines, uint32_t line, uint32_t column) {
    if (lines == nullptr || !lines->has(line)) {
        return column;
    }
    return convert_column(lines->line(line), column, ColumnUnit::utf16);
}

}  // namespace

std::string render_sarif(const ReportInput& input) {
    const auto findings = sorted_findings(input);
    const auto sources = split_sources(input);
    auto files = all_files(input);
    // A finding without a file (a whole-project problem) has no artifact.
    std::erase(files, std::string());

    // Rules: every configured rule plus any code that only appears in a finding.
    std::map<std::string, std::pair<std::string, std::string>> rules = input.rules;
    std::map<std::string, lint::Level> levels;
    for (const lint::Finding* f : findings) {
        rules.emplace(f->code, std::pair{f->name, f->name});
        levels.emplace(f->code, f->level);
    }
    std::map<std::string, size_t> rule_index;
    Json rules_json = Json::array();
    for (const auto& [code, info] : rules) {
        rule_index.emplace(code, rules_json.size());
        Json rule;
        rule["id"] = code;
        rule["name"] = info.first;
        rule["shortDescription"] = {{"text", info.second.empty() ? info.first : info.second}};
        rule["helpUri"] = rule_help_uri(code);
        auto level = levels.find(code);
        // The findings carry the configured level; a rule without findings reports errors by default.
        rule["defaultConfiguration"] = {
            {"level", level == levels.end() ? "error" : lint::level_name(level->second)}};
        rules_json.push_back(std::move(rule));
    }

    Json results = Json::array();
    for (const lint::Finding* f : findings) {
        Json result;
        result["ruleId"] = f->code;
        result["ruleIndex"] = rule_index.at(f->code);
        result["level"] = lint::level_name(f->level);
        result["message"] = {{"text", f->message}};
        if (!f->location.file.empty()) {
            Json physical;
            physical["artifactLocation"] = artifact_location(f->location.file, files);
            if (f->location.line != 0) {
                const SourceLines* lines = find_lines(sources, f->location.file);
                Json region;
                region["startLine"] = f->location.line;
                if (f->location.column != 0) {
                    region["startColumn"] = utf16_column(lines, f->location.line, f->location.column);
                }
                if (f->end_line != 0) {
                    region["endLine"] = f->end_line;
                    if (f->end_column != 0) {
                        region["endColumn"] = utf16_column(lines, f->end_line, f->end_column);
                    }
                }
                physical["region"] = std::move(region);
            }
            result["locations"] = Json::array({{{"physicalLocation", std::move(physical)}}});
        }
        if (f->fix && !f->fix->edits.empty() && !f->location.file.empty()) {
            Json replacements = Json::array();
            for (const auto& edit : f->fix->edits) {
                Json replacement;
                replacement["deletedRegion"] = {{"byteOffset", edit.begin},
                                                {"byteLength", edit.end >= edit.begin ? edit.end - edit.begin : 0}};
                replacement["insertedContent"] = {{"text", edit.replacement}};
                replacements.push_back(std::move(replacement));
            }
            Json change;
            change["artifactLocation"] = artifact_location(f->location.file, files);
            change["replacements"] = std::move(replacements);
            Json fix;
            fix["description"] = {{"text", f->fix->description}};
            fix["artifactChanges"] = Json::array({std::move(change)});
            result["fixes"] = Json::array({std::move(fix)});
        }
        if (!f->help.empty()) {
            result["properties"] = {{"help", f->help}};
        }
        results.push_back(std::move(result));
    }

    Json artifacts = Json::array();
    for (const auto& file : files) {
        artifacts.push_back({{"location", {{"uri", path_uri(file)}}}, {"roles", {"analysisTarget"}}});
    }

    Json driver;
    driver["name"] = "mig-guard";
    driver["version"] = input.tool_version;
    driver["informationUri"] = k_information_uri;
    driver["rules"] = std::move(rules_json);
    Json run;
    run["tool"] = {{"driver", std::move(driver)}};
    run["artifacts"] = std::move(artifacts);
    run["columnKind"] = "utf16CodeUnits";
    run["results"] = std::move(results);
    Json log;
    log["$schema"] = k_schema_uri;
    log["version"] = "2.1.0";
    log["runs"] = Json::array({std::move(run)});
    return log.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace mig_guard::report::detail
