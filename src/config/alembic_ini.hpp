// alembic.ini as Python's configparser reads it, for the settings mig-guard uses. Shared by
// the disk-based find_alembic_ini and the tree-based load_project. Private to src/config.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mig_guard::config::detail {

struct IniValue {
    std::string value;  // raw, continuation lines joined with '\n'
    int line = 0;       // 1-based line of the key
};

// The [alembic] section's keys (lowercased, as configparser does). A malformed section header
// throws UsageError "<display>:<line>: ...".
std::map<std::string, IniValue> parse_alembic_section(std::string_view text, const std::string& display);

// configparser's interpolation of a value: "%%" is "%", "%(here)s" is `here`; other
// "%(name)s" are left as written (Alembic's own tokens in file_template).
std::string interpolate(std::string_view raw, std::string_view here);

// `truncate_slug_length`'s value; UsageError at `display:line` when it is not a number.
int parse_slug_length(const IniValue& v, const std::string& display);

// version_locations split as Alembic does: by `version_path_separator` ("os" and ":" -> ':',
// ";", "space", "newline"), or by spaces and commas when it is not set.
std::vector<std::string> split_version_locations(std::string_view value, const std::optional<std::string>& separator);

// prepend_sys_path split as Alembic splits it: by `path_separator` (Alembic 1.16: "os" and
// ":" -> ':', ";", "space", "newline"), or by spaces, commas and colons when it is not set.
std::vector<std::string> split_sys_path(std::string_view value, const std::optional<std::string>& separator);

inline constexpr std::string_view k_default_file_template = "%(rev)s_%(slug)s";

}  // namespace mig_guard::config::detail
