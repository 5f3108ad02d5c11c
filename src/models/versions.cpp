// Library version pins: which SQLModel / SQLAlchemy / pydantic semantics the project gets.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "mig_guard/models/extract.hpp"

namespace mig_guard::models {

std::optional<Version> Version::parse(std::string_view text) {
    size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i < text.size() && (text[i] == 'v' || text[i] == 'V')) ++i;
    int parts[3] = {0, 0, 0};
    int n = 0;
    while (n < 3 && i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        long v = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            v = std::min(v * 10 + (text[i] - '0'), 1000000L);
            ++i;
        }
        parts[n++] = static_cast<int>(v);
        if (i < text.size() && text[i] == '.' && i + 1 < text.size() &&
            std::isdigit(static_cast<unsigned char>(text[i + 1])))
            ++i;
        else
            break;
    }
    if (n == 0) return std::nullopt;
    return Version{parts[0], parts[1], parts[2]};
}

std::string Version::str() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

namespace {

enum class Lib { sqlmodel, sqlalchemy, pydantic };

struct Pin {
    Version version;
    int strength = 0;  // 2: locked, 1: specifier
    std::string file;
};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string basename(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// The lowest version a PEP 440 / Poetry specifier list admits, from its lower bounds.
std::optional<Version> lowest_admitted(std::string_view spec) {
    std::optional<Version> best;
    size_t i = 0;
    while (i < spec.size()) {
        size_t start = i;
        while (i < spec.size() && spec[i] != ',' && spec[i] != '|') ++i;
        std::string_view clause = spec.substr(start, i - start);
        ++i;
        size_t k = 0;
        while (k < clause.size() && std::isspace(static_cast<unsigned char>(clause[k]))) ++k;
        clause.remove_prefix(k);
        if (clause.empty()) continue;
        if (clause.starts_with("<") || clause.starts_with("!=")) continue;
        while (!clause.empty() && (clause[0] == '=' || clause[0] == '>' || clause[0] == '~' ||
                                   clause[0] == '^' || clause[0] == ' '))
            clause.remove_prefix(1);
        auto v = Version::parse(clause);
        if (v && (!best || *v < *best)) best = v;
    }
    return best;
}

class PinSet {
public:
    void offer(Lib lib, Version v, int strength, const std::string& file) {
        auto it = m_pins.find(lib);
        if (it == m_pins.end() || strength > it->second.strength) m_pins[lib] = Pin{v, strength, file};
    }
    const std::map<Lib, Pin>& pins() const { return m_pins; }

private:
    std::map<Lib, Pin> m_pins;
};

std::optional<Lib> lib_named(std::string_view name) {
    std::string n = lower(name);
    std::replace(n.begin(), n.end(), '_', '-');
    if (n == "sqlmodel") return Lib::sqlmodel;
    if (n == "sqlalchemy") return Lib::sqlalchemy;
    if (n == "pydantic") return Lib::pydantic;
    return std::nullopt;
}

// Requirement strings anywhere in a line: `sqlalchemy[asyncio]>=1.4,<2` (requirements files,
// pyproject [project] dependencies) and `sqlmodel = "^0.0.8"` / `sqlalchemy = {version = "~1.4"}`
// (Poetry tables).
void scan_requirement_line(std::string_view line, const std::string& file, PinSet& pins) {
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    size_t i = 0;
    while (i < line.size()) {
        if (!std::isalpha(static_cast<unsigned char>(line[i])) || (i > 0 && is_name_char(line[i - 1]))) {
            ++i;
            continue;
        }
        size_t start = i;
        while (i < line.size() && is_name_char(line[i])) ++i;
        auto lib = lib_named(line.substr(start, i - start));
        if (!lib) continue;
        size_t j = i;
        if (j < line.size() && line[j] == '[') {
            while (j < line.size() && line[j] != ']') ++j;
            ++j;
        }
        while (j < line.size() && line[j] == ' ') ++j;
        std::string_view rest = line.substr(std::min(j, line.size()));
        std::string_view spec;
        if (rest.starts_with("=") && !rest.starts_with("==")) {
            // Poetry: name = "spec" or name = { version = "spec", ... }
            auto q = rest.find('"');
            if (q == std::string_view::npos) q = rest.find('\'');
            if (q == std::string_view::npos) continue;
            if (auto vpos = rest.find("version"); vpos != std::string_view::npos && vpos < rest.size()) {
                q = rest.find_first_of("\"'", vpos);
                if (q == std::string_view::npos) continue;
            }
            auto close = rest.find(rest[q], q + 1);
            spec = rest.substr(q + 1, close == std::string_view::npos ? std::string_view::npos : close - q - 1);
        } else if (rest.starts_with("==") || rest.starts_with(">=") || rest.starts_with("~=") ||
                   rest.starts_with(">") || rest.starts_with("^") || rest.starts_with("~")) {
            size_t end = 0;
            while (end < rest.size() && rest[end] != '"' && rest[end] != '\'' && rest[end] != ';' &&
                   rest[end] != ' ')
                ++end;
            spec = rest.substr(0, end);
        } else {
            continue;
        }
        if (spec == "*") continue;
        if (auto v = lowest_admitted(spec)) pins.offer(*lib, *v, 1, file);
    }
}

// `[[package]]` tables with `name = "..."` then `version = "..."` (uv.lock, poetry.lock).
void scan_toml_lock(std::string_view text, const std::string& file, PinSet& pins) {
    int current = -1;  // a Lib, or -1
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        if (line.starts_with("[")) {
            current = -1;
            continue;
        }
        auto value_of = [&](std::string_view key) -> std::optional<std::string_view> {
            if (!line.starts_with(key)) return std::nullopt;
            auto rest = line.substr(key.size());
            while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
            if (!rest.starts_with("=")) return std::nullopt;
            auto q = rest.find('"');
            if (q == std::string_view::npos) return std::nullopt;
            auto close = rest.find('"', q + 1);
            if (close == std::string_view::npos) return std::nullopt;
            return rest.substr(q + 1, close - q - 1);
        };
        if (auto name = value_of("name")) {
            auto lib = lib_named(*name);
            current = lib ? static_cast<int>(*lib) : -1;
        } else if (auto ver = value_of("version"); ver && current >= 0) {
            if (auto v = Version::parse(*ver)) pins.offer(static_cast<Lib>(current), *v, 2, file);
            current = -1;
        }
    }
}

// Pipfile.lock: "sqlmodel": { ..., "version": "==0.0.8" }.
void scan_pipfile_lock(std::string_view text, const std::string& file, PinSet& pins) {
    for (const char* name : {"sqlmodel", "sqlalchemy", "pydantic"}) {
        std::string key = std::string("\"") + name + "\"";
        size_t at = 0;
        while ((at = text.find(key, at)) != std::string_view::npos) {
            at += key.size();
            auto brace = text.find_first_not_of(" \t\r\n:", at);
            if (brace == std::string_view::npos || text[brace] != '{') continue;
            auto close = text.find('}', brace);
            auto ver = text.find("\"version\"", brace);
            if (ver == std::string_view::npos || ver > close) continue;
            auto q = text.find('"', ver + 9);
            if (q == std::string_view::npos) continue;
            auto q2 = text.find('"', q + 1);
            if (q2 == std::string_view::npos) continue;
            if (auto v = lowest_admitted(text.substr(q + 1, q2 - q - 1)))
                pins.offer(*lib_named(name), *v, 2, file);
        }
    }
}

}  // namespace

LibraryVersions detect_library_versions(const SourceFiles& pin_files) {
    PinSet pins;
    for (const auto& f : pin_files) {
        std::string base = lower(basename(f.path));
        if (base == "uv.lock" || base == "poetry.lock") {
            scan_toml_lock(f.content, f.path, pins);
        } else if (base == "pipfile.lock") {
            scan_pipfile_lock(f.content, f.path, pins);
        } else if (base == "pyproject.toml" || (base.starts_with("requirements") && base.ends_with(".txt")) ||
                   base.ends_with(".in")) {
            std::string_view text = f.content;
            size_t pos = 0;
            while (pos < text.size()) {
                size_t nl = text.find('\n', pos);
                if (nl == std::string_view::npos) nl = text.size();
                scan_requirement_line(text.substr(pos, nl - pos), f.path, pins);
                pos = nl + 1;
            }
        }
    }
    LibraryVersions out;
    std::vector<std::string> sources;
    for (const auto& [lib, pin] : pins.pins()) {
        switch (lib) {
            case Lib::sqlmodel: out.sqlmodel = pin.version; break;
            case Lib::sqlalchemy: out.sqlalchemy = pin.version; break;
            case Lib::pydantic: out.pydantic = pin.version; break;
        }
        if (std::find(sources.begin(), sources.end(), pin.file) == sources.end()) sources.push_back(pin.file);
    }
    // SQLModel before 0.0.14 only runs on pydantic 1; SQLModel pins the SQLAlchemy it needs.
    if (!pins.pins().count(Lib::pydantic) && out.sqlmodel < Version{0, 0, 14}) out.pydantic = Version{1, 10, 0};
    if (!pins.pins().count(Lib::sqlalchemy) && pins.pins().count(Lib::sqlmodel) && out.sqlmodel < Version{0, 0, 12})
        out.sqlalchemy = Version{1, 4, 0};
    if (!sources.empty()) {
        out.source.clear();
        for (const auto& s : sources) out.source += (out.source.empty() ? "" : ", ") + s;
    }
    return out;
}

}  // namespace mig_guard::models
