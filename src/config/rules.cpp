// `[tool.mig-guard.rules]` with toml++: every key a known rule code, every value a level.
#include "mig_guard/config/rules.hpp"

#include <algorithm>
#include <toml++/toml.h>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/config/project.hpp"

namespace mig_guard::config {

namespace {

std::string where(const std::string& path, const toml::source_region& r) {
    return SourceLocation{path, static_cast<uint32_t>(r.begin.line), static_cast<uint32_t>(r.begin.column)}.str();
}

}  // namespace

RuleLevels parse_rule_levels(std::string_view toml_text, const std::string& display_path,
                             const std::vector<std::string>& known_codes) {
    toml::table doc;
    try {
        doc = toml::parse(toml_text, display_path);
    } catch (const toml::parse_error& e) {
        throw UsageError(where(display_path, e.source()) + ": " + std::string(e.description()),
                         "fix the TOML syntax of the configuration file");
    }
    const toml::table* rules = nullptr;
    if (const auto* t = doc["tool"]["mig-guard"]["rules"].as_table()) rules = t;
    else if (display_path.ends_with("mig-guard.toml"))
        if (const auto* top = doc["rules"].as_table()) rules = top;
    RuleLevels out;
    if (!rules) return out;
    for (const auto& [key, value] : *rules) {
        std::string code(key.str());
        if (std::find(known_codes.begin(), known_codes.end(), code) == known_codes.end())
            throw UsageError(where(display_path, key.source()) + ": unknown rule '" + code + "' in the rules table",
                             "use a rule code from `mig-guard rule`, e.g. MG402");
        const auto* s = value.as_string();
        std::string level = s ? s->get() : std::string();
        if (level == "error") out[code] = lint::Level::error;
        else if (level == "warning") out[code] = lint::Level::warning;
        else if (level == "off") out[code] = lint::Level::off;
        else
            throw UsageError(where(display_path, value.source()) + ": the level of " + code +
                                 " must be \"error\", \"warning\" or \"off\"",
                             "write e.g. " + code + " = \"warning\"");
    }
    return out;
}

std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& root, const std::string& explicit_file) {
    if (!explicit_file.empty()) {
        std::filesystem::path p(explicit_file);
        if (!std::filesystem::exists(p))
            throw UsageError("configuration file '" + explicit_file + "' does not exist",
                             "give the path of a mig-guard.toml or pyproject.toml");
        return p;
    }
    for (const char* name : {"mig-guard.toml", "pyproject.toml"})
        if (std::filesystem::exists(root / name)) return root / name;
    return std::nullopt;
}

RuleLevels read_rule_levels(const std::filesystem::path& file, const std::string& display_path,
                            const std::vector<std::string>& known_codes) {
    return parse_rule_levels(read_file(file), display_path, known_codes);
}

}  // namespace mig_guard::config
