// `[tool.mig-guard.rules]`: per-rule levels from pyproject.toml or mig-guard.toml (where the
// table may also be a top-level `[rules]`). Unknown rule codes, bad levels and unknown keys
// are UsageErrors naming file:line:col.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/lint/finding.hpp"

namespace mig_guard::config {

using RuleLevels = std::map<std::string, lint::Level>;

// Parses the TOML text of `display_path` (shown in errors) and returns the levels of its
// rules table; empty when it has none. `known_codes` are the codes a level may be given for.
RuleLevels parse_rule_levels(std::string_view toml_text, const std::string& display_path,
                             const std::vector<std::string>& known_codes);

// The configuration file of a project: `explicit_file` when given, else mig-guard.toml, else
// pyproject.toml in `root`; nullopt when there is none.
std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& root,
                                                      const std::string& explicit_file = {});

// Reads and parses `file` (see parse_rule_levels).
RuleLevels read_rule_levels(const std::filesystem::path& file, const std::string& display_path,
                            const std::vector<std::string>& known_codes);

}  // namespace mig_guard::config
