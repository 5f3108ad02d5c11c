#include "alembic_ini.hpp"

#include <algorithm>
#include <cctype>

#include "mig_guard/common/diagnostic.hpp"

namespace mig_guard::config::detail {

namespace {

std::string trim(std::string_view s) {
    auto not_space = [](unsigned char c) { return !std::isspace(c); };
    auto b = std::find_if(s.begin(), s.end(), not_space);
    auto e = std::find_if(s.rbegin(), s.rend(), not_space).base();
    return b < e ? std::string(b, e) : std::string();
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::map<std::string, IniValue> parse_alembic_section(std::string_view text, const std::string& display) {
    std::map<std::string, IniValue> out;
    std::string section;
    std::string current;  // the key a continuation line extends
    int line_no = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::string t = trim(line);
        if (t.empty()) {
            current.clear();
            continue;
        }
        if (t[0] == '#' || t[0] == ';') continue;
        // configparser: an indented line continues the previous value.
        if (std::isspace(static_cast<unsigned char>(line[0])) && !current.empty()) {
            if (section == "alembic") {
                std::string& v = out[current].value;
                v += v.empty() ? t : "\n" + t;
            }
            continue;
        }
        if (t.front() == '[') {
            if (t.back() != ']')
                throw UsageError(display + ":" + std::to_string(line_no) + ": malformed section header",
                                 "write the section as [name]");
            section = t.substr(1, t.size() - 2);
            current.clear();
            continue;
        }
        auto eq = t.find_first_of("=:");
        if (eq == std::string::npos) {
            current.clear();
            continue;
        }
        current = lower(trim(std::string_view(t).substr(0, eq)));
        if (section == "alembic") out[current] = {trim(std::string_view(t).substr(eq + 1)), line_no};
    }
    return out;
}

std::string interpolate(std::string_view raw, std::string_view here) {
    static constexpr std::string_view k_here = "%(here)s";
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '%' && i + 1 < raw.size() && raw[i + 1] == '%') {
            out += '%';
            ++i;
        } else if (raw.substr(i, k_here.size()) == k_here) {
            out += here;
            i += k_here.size() - 1;
        } else {
            out += raw[i];
        }
    }
    return out;
}

int parse_slug_length(const IniValue& v, const std::string& display) {
    try {
        size_t used = 0;
        int n = std::stoi(v.value, &used);
        if (used == v.value.size()) return n;
    } catch (const std::exception&) {
    }
    throw UsageError(display + ":" + std::to_string(v.line) + ": truncate_slug_length is not a number: " + v.value,
                     "set it to a whole number, e.g. 40");
}

namespace {

std::vector<std::string> split_on(std::string_view value, std::string_view seps) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= value.size()) {
        size_t end = value.find_first_of(seps, start);
        if (end == std::string_view::npos) end = value.size();
        std::string part = trim(value.substr(start, end - start));
        if (!part.empty()) out.push_back(part);
        start = end + 1;
    }
    return out;
}

std::string separators(const std::optional<std::string>& separator, std::string fallback) {
    if (!separator) return fallback;
    const std::string& s = *separator;
    if (s == "os" || s == ":") return ":\n";
    if (s == ";") return ";\n";
    if (s == "space") return " \n";
    if (s == "newline") return "\n";
    return fallback;
}

}  // namespace

std::vector<std::string> split_sys_path(std::string_view value, const std::optional<std::string>& separator) {
    return split_on(value, separators(separator, " ,:\n"));
}

std::vector<std::string> split_version_locations(std::string_view value, const std::optional<std::string>& separator) {
    return split_on(value, separators(separator, " ,\n"));
}

}  // namespace mig_guard::config::detail
