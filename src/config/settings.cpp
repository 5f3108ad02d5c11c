// The configuration table, its loader and the project layout, read through a FileTree.
#include "mig_guard/config/settings.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>
#include <toml++/toml.h>

#include "alembic_ini.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "tree_paths.hpp"

namespace mig_guard::config {

namespace {

using namespace detail;

constexpr std::string_view k_main = "tool.mig-guard";
constexpr std::string_view k_postgres = "tool.mig-guard.postgres";
constexpr std::string_view k_rules = "tool.mig-guard.rules";
constexpr std::string_view k_rule_key = "<CODE>";

constexpr std::array k_keys{
    KeyInfo{k_main, "alembic_ini", "string", "found automatically",
            "alembic.ini, relative to the project root; script_location and file_template come from it"},
    KeyInfo{k_main, "models", "array of strings", "[]",
            "model files, directories or globs (`app/**/models.py`); empty: what env.py imports, as Alembic sees it"},
    KeyInfo{k_main, "import_roots", "array of strings", "[\".\"]",
            "directories, relative to the project root, that absolute imports are resolved from first "
            "(then alembic.ini's prepend_sys_path, its directory, src/, the repository's root, package roots)"},
    KeyInfo{k_main, "ledger", "string", "\"<script_location>/mig-guard.lock\"",
            "the review ledger, relative to the project root"},
    KeyInfo{k_main, "base", "string", "\"origin/main\"",
            "the default --base of `mig-guard ci`; unset: the remote's HEAD (refs/remotes/origin/HEAD), else the "
            "first of origin/main, main, origin/master, master that exists"},
    KeyInfo{k_main, "naming_convention", "table of strings", "{}",
            "MetaData's naming convention, where the models set one that cannot be read statically"},
    KeyInfo{k_main, "sqlmodel", "string", "\"\"",
            "the SQLModel version whose semantics apply; empty: read from the project's pins"},
    KeyInfo{k_main, "sqlalchemy", "string", "\"\"",
            "the SQLAlchemy version whose semantics apply; empty: read from the project's pins"},
    KeyInfo{k_postgres, "backend", "one of auto|local|docker|podman|url", "\"auto\"",
            "where the ephemeral PostgreSQL comes from"},
    KeyInfo{k_postgres, "version", "string", "\"16\"", "the PostgreSQL major version wanted"},
    KeyInfo{k_postgres, "image", "string", "\"postgres:16\"", "the container image of the docker and podman backends"},
    KeyInfo{k_postgres, "url_env", "string", "\"DATABASE_URL\"",
            "the environment variable holding the server URL of the url backend"},
    KeyInfo{k_postgres, "extensions", "array of strings", "[]",
            "extensions created in each fresh database before anything else"},
    KeyInfo{k_rules, k_rule_key, "one of error|warning|off", "the rule's default level",
            "the level of one lint rule (`mig-guard rule` lists them)"},
};

enum class ConfigKind : uint8_t { pyproject, standalone };

struct ConfigFile {
    std::string path;  // tree-relative
    ConfigKind kind = ConfigKind::standalone;
    toml::table doc;
};

std::string where(const std::string& path, const toml::source_region& r) {
    return SourceLocation{path, static_cast<uint32_t>(r.begin.line), static_cast<uint32_t>(r.begin.column)}.str();
}

toml::table parse_toml(const std::string& text, const std::string& display) {
    try {
        return toml::parse(text, display);
    } catch (const toml::parse_error& e) {
        throw UsageError(where(display, e.source()) + ": " + std::string(e.description()),
                         "fix the TOML syntax of " + display);
    }
}

ConfigKind kind_of(std::string_view path) {
    return file_name(path) == "pyproject.toml" ? ConfigKind::pyproject : ConfigKind::standalone;
}

std::string node_type_name(const toml::node& n) {
    switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
    }
    return "nothing";
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::vector<std::string_view> split_alternatives(std::string_view type) {
    std::vector<std::string_view> out;
    std::string_view rest = type.substr(std::string_view("one of ").size());
    while (!rest.empty()) {
        size_t bar = rest.find('|');
        out.push_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
    }
    return out;
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

std::string toml_array(const std::vector<std::string>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + quote(v[i]);
    return out + "]";
}

std::string toml_inline_table(const std::map<std::string, std::string>& m) {
    if (m.empty()) return "{}";
    std::string out = "{ ";
    bool first = true;
    for (const auto& [k, v] : m) {
        out += (first ? "" : ", ") + quote(k) + " = " + quote(v);
        first = false;
    }
    return out + " }";
}

const char* level_text(lint::Level level) {
    switch (level) {
    case lint::Level::error: return "error";
    case lint::Level::warning: return "warning";
    case lint::Level::off: return "off";
    }
    return "error";
}

bool is_rule_code_shape(std::string_view code) {
    return code.size() >= 3 && code.starts_with("MG") &&
           std::all_of(code.begin() + 2, code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Reads one configuration file's tables into a Project, checking every key against the table.
class Loader {
public:
    Loader(Project& project, const ConfigFile& file, const std::vector<std::string>* known_codes)
        : m_project(project), m_file(file), m_known_codes(known_codes) {}

    void load(const toml::table& table, std::string_view name) {
        for (const auto& [key, node] : table) {
            const std::string k(key.str());
            const std::string origin = where(m_file.path, key.source());
            if (name == k_main && (k == "postgres" || k == "rules")) {
                const auto* sub = node.as_table();
                if (!sub)
                    throw UsageError(where(m_file.path, node.source()) + ": '" + k + "' in " + label(name) +
                                         " must be a table, not " + node_type_name(node),
                                     "write it as a [" + sub_header(k) + "] table");
                load(*sub, k == "postgres" ? k_postgres : k_rules);
                continue;
            }
            if (name == k_rules) {
                load_rule(k, node, origin);
                continue;
            }
            const KeyInfo* info = find(name, k);
            if (!info) unknown_key(name, k, origin);
            check_type(*info, node);
            assign(*info, node, origin);
        }
    }

private:
    static const KeyInfo* find(std::string_view table, std::string_view key) {
        for (const auto& info : k_keys)
            if (info.table == table && info.key == key) return &info;
        return nullptr;
    }

    // "postgres" -> "tool.mig-guard.postgres" in pyproject.toml, "postgres" in mig-guard.toml.
    std::string sub_header(std::string_view sub) const {
        return m_file.kind == ConfigKind::pyproject ? std::string(k_main) + "." + std::string(sub) : std::string(sub);
    }

    std::string label(std::string_view table) const {
        if (m_file.kind == ConfigKind::pyproject) return "[" + std::string(table) + "]";
        if (table == k_main) return "the top level of " + std::string(file_name(m_file.path));
        return "[" + std::string(table.substr(k_main.size() + 1)) + "]";
    }

    [[noreturn]] void unknown_key(std::string_view table, const std::string& key, const std::string& origin) const {
        std::vector<std::string_view> valid;
        if (table == k_main) valid = {"postgres", "rules"};
        for (const auto& info : k_keys)
            if (info.table == table) valid.push_back(info.key);
        std::sort(valid.begin(), valid.end());
        std::string_view best;
        size_t best_distance = 3;  // a typo, not another word
        for (std::string_view v : valid) {
            size_t d = edit_distance(key, v);
            if (d < best_distance) best_distance = d, best = v;
        }
        std::string help = best.empty() ? "" : "did you mean '" + std::string(best) + "'? ";
        help += "valid keys: ";
        for (size_t i = 0; i < valid.size(); ++i) help += (i ? ", " : "") + std::string(valid[i]);
        throw UsageError(origin + ": unknown key '" + key + "' in " + label(table), help);
    }

    [[noreturn]] void wrong_type(const KeyInfo& info, const toml::node& node, const toml::node& culprit) const {
        std::string expected;
        std::string example;
        if (info.type == "string") {
            expected = "a string";
            example = "\"...\"";
        } else if (info.type == "array of strings") {
            expected = "an array of strings";
            example = "[\"...\"]";
        } else if (info.type == "table of strings") {
            expected = "a table of strings";
            example = "{ name = \"...\" }";
        } else {
            auto alts = split_alternatives(info.type);
            expected = "one of ";
            for (size_t i = 0; i < alts.size(); ++i) expected += (i ? ", " : "") + quote(alts[i]);
            example = quote(alts.front());
        }
        std::string actual = &culprit == &node ? node_type_name(node) : node_type_name(node) + " holding " + node_type_name(culprit);
        if (info.type.starts_with("one of ") && culprit.is_string())
            actual = quote(culprit.as_string()->get());
        const std::string key = info.table == k_rules ? "the level of a rule" : "'" + std::string(info.key) + "'";
        throw UsageError(where(m_file.path, culprit.source()) + ": " + key + " in " + label(info.table) + " must be " +
                             expected + ", not " + actual,
                         "write e.g. " + (info.table == k_rules ? std::string("MG402") : std::string(info.key)) + " = " +
                             example);
    }

    void check_type(const KeyInfo& info, const toml::node& node) const {
        if (info.type == "string") {
            if (!node.is_string()) wrong_type(info, node, node);
        } else if (info.type == "array of strings") {
            const auto* arr = node.as_array();
            if (!arr) wrong_type(info, node, node);
            for (const auto& e : *arr)
                if (!e.is_string()) wrong_type(info, node, e);
        } else if (info.type == "table of strings") {
            const auto* t = node.as_table();
            if (!t) wrong_type(info, node, node);
            for (const auto& [k, v] : *t)
                if (!v.is_string()) wrong_type(info, node, v);
        } else if (info.type.starts_with("one of ")) {
            const auto* s = node.as_string();
            if (!s) wrong_type(info, node, node);
            auto alts = split_alternatives(info.type);
            if (std::find(alts.begin(), alts.end(), std::string_view(s->get())) == alts.end()) wrong_type(info, node, node);
        } else {
            throw std::logic_error("configuration table: unknown type " + std::string(info.type));
        }
    }

    void load_rule(const std::string& code, const toml::node& node, const std::string& origin) {
        bool known = m_known_codes ? std::find(m_known_codes->begin(), m_known_codes->end(), code) != m_known_codes->end()
                                   : is_rule_code_shape(code);
        if (!known)
            throw UsageError(origin + ": unknown rule '" + code + "' in " + label(k_rules),
                             "use a rule code from `mig-guard rule`, e.g. MG402");
        const KeyInfo& info = *find(k_rules, k_rule_key);
        check_type(info, node);
        const std::string& level = node.as_string()->get();
        m_project.rules[code] = level == "off" ? lint::Level::off : level == "warning" ? lint::Level::warning : lint::Level::error;
        m_project.rule_origins[code] = origin;
    }

    std::vector<std::string> strings(const toml::node& node) const {
        std::vector<std::string> out;
        for (const auto& e : *node.as_array()) out.push_back(e.as_string()->get());
        return out;
    }

    // A path relative to the project root, as a tree-relative path.
    std::string tree_path(const toml::node& node, std::string_view key) const {
        const std::string& v = node.as_string()->get();
        std::string p = join_path(m_project.root, v);
        if (v.empty() || v.front() == '/' || p.rfind("..", 0) == 0)
            throw UsageError(where(m_file.path, node.source()) + ": '" + std::string(key) + "' must be a path inside the project: " +
                                 quote(v),
                             "give a path relative to the directory of " + m_file.path);
        return p;
    }

    void assign(const KeyInfo& info, const toml::node& node, const std::string& origin) {
        Project& p = m_project;
        auto str = [&](Setting<std::string>& s) { s = {node.as_string()->get(), origin}; };
        const std::string_view key = info.key;
        if (info.table == k_main) {
            if (key == "alembic_ini") p.alembic_ini = {tree_path(node, key), origin};
            else if (key == "models") p.models = {strings(node), origin};
            else if (key == "import_roots") p.import_roots = {strings(node), origin};
            else if (key == "ledger") p.ledger = {tree_path(node, key), origin};
            else if (key == "base") str(p.base);
            else if (key == "naming_convention") {
                std::map<std::string, std::string> m;
                for (const auto& [k, v] : *node.as_table()) m[std::string(k.str())] = v.as_string()->get();
                p.naming_convention = {std::move(m), origin};
            } else if (key == "sqlmodel") str(p.sqlmodel);
            else if (key == "sqlalchemy") str(p.sqlalchemy);
            else throw std::logic_error("configuration key without a field: " + std::string(key));
        } else {
            if (key == "backend") str(p.postgres.backend);
            else if (key == "version") str(p.postgres.version);
            else if (key == "image") str(p.postgres.image);
            else if (key == "url_env") str(p.postgres.url_env);
            else if (key == "extensions") p.postgres.extensions = {strings(node), origin};
            else throw std::logic_error("configuration key without a field: " + std::string(key));
        }
    }

    Project& m_project;
    const ConfigFile& m_file;
    const std::vector<std::string>* m_known_codes;
};

// The [tool.mig-guard] table of a pyproject.toml (nullptr when absent), or the whole of a
// mig-guard.toml.
const toml::table* settings_table(const ConfigFile& file) {
    if (file.kind == ConfigKind::standalone) return &file.doc;
    const toml::node* node = file.doc["tool"]["mig-guard"].node();
    if (!node) return nullptr;
    if (!node->is_table())
        throw UsageError(where(file.path, node->source()) + ": 'tool.mig-guard' must be a table, not " + node_type_name(*node),
                         "write the settings under a [tool.mig-guard] header");
    return node->as_table();
}

std::optional<ConfigFile> read_config(const FileTree& tree, const std::string& path) {
    auto text = tree.read(path);
    if (!text) return std::nullopt;
    ConfigFile file{path, kind_of(path), parse_toml(*text, path)};
    return file;
}

// Where a project starts: its root and its configuration file, if any.
struct Found {
    std::string root;
    std::optional<ConfigFile> config;
};

// alembic.ini files at most three directories below `dir`, outside hidden directories,
// virtual environments, node_modules and tests.
std::vector<std::string> alembic_inis_below(const FileTree& tree, const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& f : tree.list(dir)) {
        if (file_name(f) != "alembic.ini") continue;
        const std::string rel = relative_path(f, dir);
        if (std::count(rel.begin(), rel.end(), '/') > 3) continue;
        bool skipped = false;
        size_t start = 0;
        for (size_t slash; (slash = rel.find('/', start)) != std::string::npos; start = slash + 1) {
            std::string_view part = std::string_view(rel).substr(start, slash - start);
            skipped = skipped || part.front() == '.' || part == "node_modules" || part == "site-packages" ||
                      part == "tests" || part == "test";
        }
        if (!skipped) out.push_back(f);
    }
    return out;
}

std::optional<Found> find_root(const FileTree& tree, const std::string& start) {
    std::vector<std::string> dirs;
    for (std::string d = start;; d = parent_path(d)) {
        dirs.push_back(d);
        if (d.empty()) break;
    }
    for (const auto& d : dirs) {
        if (auto cfg = read_config(tree, join_path(d, "mig-guard.toml"))) return Found{d, std::move(cfg)};
        if (auto cfg = read_config(tree, join_path(d, "pyproject.toml")); cfg && settings_table(*cfg))
            return Found{d, std::move(cfg)};
        if (tree.read(join_path(d, "alembic.ini"))) return Found{d, std::nullopt};
    }
    // A project found below the start keeps the configuration next to its alembic.ini
    // (`mig-guard init` at the top writes it to backend/pyproject.toml): hooks and CI run at
    // the repository's top and must read it there too.
    auto project_at = [&](const std::string& d) {
        if (auto cfg = read_config(tree, join_path(d, "mig-guard.toml"))) return Found{d, std::move(cfg)};
        if (auto cfg = read_config(tree, join_path(d, "pyproject.toml")); cfg && settings_table(*cfg))
            return Found{d, std::move(cfg)};
        return Found{d, std::nullopt};
    };
    for (const auto& d : dirs)
        if (tree.read(join_path(d, "backend/alembic.ini"))) return project_at(join_path(d, "backend"));
    // One alembic.ini a few levels below (src/, project/, a cookiecutter template's backend/):
    // that is the project. Several: none is guessed.
    auto below = alembic_inis_below(tree, start);
    if (below.size() == 1) return project_at(parent_path(below.front()));
    for (const auto& d : dirs)
        if (tree.read(join_path(d, "pyproject.toml"))) return Found{d, std::nullopt};
    return std::nullopt;
}

// The path Alembic's %(here)s-relative or ini-relative value names, tree-relative.
std::string ini_path_value(const std::string& raw, const std::string& ini_dir, const std::string& origin,
                           std::string_view key) {
    const bool has_here = raw.find("%(here)s") != std::string::npos;
    std::string value = interpolate(raw, has_here ? "/" + ini_dir : std::string());
    if (has_here) value.erase(0, 1);  // "/" + ini_dir made the tree's root "/"
    else if (!value.empty() && value.front() == '/')
        throw UsageError(origin + ": " + std::string(key) + " is an absolute path: " + raw,
                         "make it relative to alembic.ini's directory, or start it with %(here)s");
    else if (value.find(':') != std::string::npos && value.find('/') == std::string::npos)
        throw UsageError(origin + ": " + std::string(key) + " names a package resource: " + raw,
                         "give the directory as a path relative to alembic.ini");
    std::string path = has_here ? normalize_path(value) : join_path(ini_dir, value);
    if (path.rfind("..", 0) == 0)
        throw UsageError(origin + ": " + std::string(key) + " leaves the repository: " + raw,
                         "keep the Alembic directory inside the repository");
    return path;
}

void read_alembic(const FileTree& tree, Project& p) {
    const std::string& ini = p.alembic_ini.value;
    auto text = tree.read(ini);
    if (!text)
        throw UsageError(p.alembic_ini.origin + ": alembic_ini names a file that does not exist in the " + tree.describe() +
                             ": " + ini,
                         "give the path of alembic.ini relative to the project root");
    const std::string dir = parent_path(ini);
    const auto keys = parse_alembic_section(*text, ini);
    auto at = [&](const IniValue& v) { return ini + ":" + std::to_string(v.line); };

    auto loc = keys.find("script_location");
    if (loc == keys.end() || loc->second.value.empty())
        throw UsageError(ini + ": [alembic] has no script_location",
                         "add `script_location = migrations` (the directory holding env.py)");
    p.script_location = {ini_path_value(loc->second.value, dir, at(loc->second), "script_location"), at(loc->second)};
    if (auto it = keys.find("file_template"); it != keys.end())
        p.file_template = {interpolate(it->second.value, ""), at(it->second)};
    if (auto it = keys.find("truncate_slug_length"); it != keys.end())
        p.truncate_slug_length = {parse_slug_length(it->second, ini), at(it->second)};

    std::optional<std::string> separator;
    if (auto it = keys.find("version_path_separator"); it != keys.end()) separator = it->second.value;
    std::vector<std::string> locations;
    auto vl = keys.find("version_locations");
    if (vl != keys.end()) locations = split_version_locations(vl->second.value, separator);
    if (!locations.empty())
        p.versions_dir = {ini_path_value(locations.front(), dir, at(vl->second), "version_locations"), at(vl->second)};
    else
        p.versions_dir = {join_path(p.script_location.value, "versions"), "discovered"};
    p.script_template = tree.read(join_path(p.script_location.value, "script.py.mako"));

    // prepend_sys_path: relative to the directory Alembic runs in (alembic.ini's), split as
    // Alembic splits it (path_separator from 1.16; spaces, commas and colons before).
    if (auto it = keys.find("prepend_sys_path"); it != keys.end()) {
        std::optional<std::string> sep;
        if (auto ps = keys.find("path_separator"); ps != keys.end()) sep = ps->second.value;
        std::vector<std::string> dirs;
        for (const auto& entry : split_sys_path(interpolate(it->second.value, "/" + dir), sep)) {
            std::string path = entry.front() == '/' ? normalize_path(entry.substr(1)) : join_path(dir, entry);
            if (path.rfind("..", 0) == 0) continue;  // outside the repository: nothing to read there
            dirs.push_back(path);
        }
        p.prepend_sys_path = {dirs, at(it->second)};
    }
}

std::optional<Project> load(const FileTree& tree, std::string_view start_dir, std::string_view explicit_config,
                            const std::vector<std::string>* known_codes, bool required) {
    std::string start = normalize_path(start_dir);
    if (start.rfind("..", 0) == 0) start.clear();
    if (!start.empty() && tree.read(start)) start = parent_path(start);

    Found found;
    if (!explicit_config.empty()) {
        const std::string path = normalize_path(explicit_config);
        auto cfg = read_config(tree, path);
        if (!cfg)
            throw UsageError("configuration file '" + std::string(explicit_config) + "' does not exist in the " +
                                 tree.describe(),
                             "give the path of a mig-guard.toml or pyproject.toml");
        found = {parent_path(path), std::move(cfg)};
    } else if (auto f = find_root(tree, start)) {
        found = std::move(*f);
    } else if (!required) {
        return std::nullopt;
    } else {
        auto below = alembic_inis_below(tree, start);
        if (below.size() > 1) {
            std::string list;
            for (const auto& f : below) list += (list.empty() ? "" : ", ") + f;
            throw UsageError("several Alembic projects below " + (start.empty() ? std::string("the repository's root") : start) +
                                 " (" + list + "): mig-guard does not guess which one you mean",
                             "run mig-guard in the project's directory (-C DIR), or give --config");
        }
        throw UsageError("no Alembic project found in the " + tree.describe() + " (no alembic.ini, mig-guard.toml or pyproject.toml)",
                         "run `mig-guard init` to set one up, or `alembic init migrations` first");
    }

    Project p;
    p.root = found.root;
    if (found.config) {
        p.config_file = found.config->path;
        if (const toml::table* t = settings_table(*found.config)) Loader(p, *found.config, known_codes).load(*t, k_main);
    }
    if (p.alembic_ini.value.empty()) {
        for (const char* name : {"alembic.ini", "backend/alembic.ini"}) {
            std::string candidate = join_path(p.root, name);
            if (tree.read(candidate)) {
                p.alembic_ini = {candidate, "discovered"};
                break;
            }
        }
    }
    if (!p.alembic_ini.value.empty()) read_alembic(tree, p);
    if (p.ledger.value.empty())
        p.ledger.value = join_path(p.script_location.value.empty() ? p.root : p.script_location.value, "mig-guard.lock");
    return p;
}

// What model discovery and configured directories never read.
struct Exclusions {
    std::set<std::string> dirs;  // tree-relative: virtual environments and Alembic script directories

    Exclusions(const std::vector<std::string>& files, const Project& p) {
        std::set<std::string> env_py, mako;
        for (const auto& f : files) {
            std::string_view name = file_name(f);
            if (name == "pyvenv.cfg") dirs.insert(parent_path(f));
            else if (name == "env.py") env_py.insert(parent_path(f));
            else if (name == "script.py.mako") mako.insert(parent_path(f));
        }
        for (const auto& d : env_py)
            if (mako.count(d)) dirs.insert(d);
        if (!p.script_location.value.empty()) dirs.insert(p.script_location.value);
        if (!p.versions_dir.value.empty()) dirs.insert(p.versions_dir.value);
    }

    // `base` is the directory listed: components above it are the user's choice.
    bool excluded(const std::string& file, const std::string& base) const {
        const std::string rel = relative_path(file, base);
        size_t start = 0;
        for (size_t slash; (slash = rel.find('/', start)) != std::string::npos; start = slash + 1) {
            std::string_view part = std::string_view(rel).substr(start, slash - start);
            if (part.front() == '.' || part == "__pycache__" || part == "node_modules" || part == "site-packages")
                return true;
        }
        for (std::string d = parent_path(file);; d = parent_path(d)) {
            if (dirs.count(d)) return true;
            if (d.empty() || d == base) break;
        }
        return false;
    }
};

bool is_python(std::string_view path) { return path.ends_with(".py"); }

// The directory part of a glob before its first wildcard component.
std::string glob_base(std::string_view pattern) {
    std::string base;
    size_t start = 0;
    for (size_t slash; (slash = pattern.find('/', start)) != std::string_view::npos; start = slash + 1) {
        std::string_view part = pattern.substr(start, slash - start);
        if (is_glob(part)) break;
        base = std::string(pattern.substr(0, slash));
    }
    return normalize_path(base);
}

}  // namespace

std::span<const KeyInfo> setting_keys() { return k_keys; }

Project load_project(const FileTree& tree, std::string_view start_dir, std::string_view explicit_config) {
    return *load(tree, start_dir, explicit_config, nullptr, true);
}

Project load_project(const FileTree& tree, std::string_view start_dir, std::string_view explicit_config,
                     const std::vector<std::string>& known_rule_codes) {
    return *load(tree, start_dir, explicit_config, &known_rule_codes, true);
}

std::optional<Project> find_project(const FileTree& tree, std::string_view start_dir, std::string_view explicit_config) {
    return load(tree, start_dir, explicit_config, nullptr, false);
}

void Project::require_alembic() const {
    if (alembic_ini.value.empty())
        throw UsageError("the project" + (root.empty() ? std::string() : " in " + root + "/") +
                             " has no alembic.ini, so it has no migrations yet",
                         "run `alembic init migrations` (or `mig-guard init`), or set alembic_ini in [tool.mig-guard]");
}

std::vector<std::string> Project::model_entries(const FileTree& tree) const {
    std::set<std::string> chosen;  // tree-relative
    if (models.value.empty()) {
        if (!alembic_ini.value.empty()) return {};  // discovered from env.py by the loader
        const auto files = tree.list(root);
        const Exclusions ex(files, *this);
        for (const auto& f : files)
            if (is_python(f) && !ex.excluded(f, root) && !is_test_path(relative_path(f, root))) chosen.insert(f);
    } else {
        for (const auto& entry : models.value) {
            const std::string pattern = join_path(root, entry);
            bool matched = false;
            if (is_glob(entry)) {
                const std::string base = glob_base(pattern);
                const auto files = tree.list(base);
                const Exclusions ex(files, *this);
                for (const auto& f : files) {
                    // A glob naming directories takes the files below them.
                    bool hit = false;
                    for (std::string d = f; !hit && is_within(d, base) && d != base; d = parent_path(d))
                        hit = glob_match(pattern, d);
                    if (hit && is_python(f) && !ex.excluded(f, base)) {
                        chosen.insert(f);
                        matched = true;
                    }
                }
            } else if (tree.read(pattern)) {
                chosen.insert(pattern);
                matched = true;
            } else {
                const auto files = tree.list(pattern);
                const Exclusions ex(files, *this);
                for (const auto& f : files)
                    if (is_python(f) && !ex.excluded(f, pattern)) chosen.insert(f);
                matched = !files.empty();
            }
            if (!matched)
                throw UsageError(models.origin + ": '" + entry + "' in models matches no Python file in the " + tree.describe(),
                                 "give files, directories or globs relative to " + (root.empty() ? "the repository root" : root));
        }
    }
    return {chosen.begin(), chosen.end()};
}

std::string Project::env_py() const {
    return script_location.value.empty() ? std::string() : join_path(script_location.value, "env.py");
}

std::vector<std::string> Project::module_search_path() const {
    std::vector<std::string> out;
    auto add = [&](const std::string& dir) {
        if (dir.rfind("..", 0) == 0) return;
        if (std::find(out.begin(), out.end(), dir) == out.end()) out.push_back(dir);
    };
    if (import_roots.origin != "default")
        for (const auto& r : import_roots.value) add(join_path(root, r));
    for (const auto& d : prepend_sys_path.value) add(d);
    if (!alembic_ini.value.empty()) add(parent_path(alembic_ini.value));
    add(root);
    add(join_path(root, "src"));
    add("");
    add("src");
    return out;
}

std::vector<std::string> Project::non_model_dirs() const {
    std::vector<std::string> out;
    if (!script_location.value.empty()) out.push_back(script_location.value);
    if (!versions_dir.value.empty()) out.push_back(versions_dir.value);
    return out;
}



SourceFiles Project::revision_sources(const FileTree& tree) const {
    SourceFiles out;
    if (versions_dir.value.empty()) return out;
    for (const auto& f : tree.list(versions_dir.value))
        if (parent_path(f) == versions_dir.value && is_python(f) && file_name(f) != "__init__.py")
            out.push_back({relative_path(f, root), tree.read(f).value_or("")});
    return out;
}

SourceFiles Project::pin_sources(const FileTree& tree) const {
    SourceFiles out;
    for (const auto& f : tree.list(root))
        if (parent_path(f) == root && is_pin_file(file_name(f))) out.push_back({relative_path(f, root), tree.read(f).value_or("")});
    return out;
}

std::vector<std::string> Project::watched_paths() const {
    std::set<std::string> paths;
    if (models.value.empty()) {
        // Discovered models may import modules from anywhere on the search path.
        for (const auto& d : module_search_path()) paths.insert(d);
    } else {
        for (const auto& entry : models.value) {
            const std::string pattern = join_path(root, entry);
            paths.insert(is_glob(entry) ? glob_base(pattern) : pattern);
        }
        for (const auto& name : {"pyproject.toml", "uv.lock", "poetry.lock", "Pipfile.lock"})
            paths.insert(join_path(root, name));  // pins change what the models mean
    }
    for (const auto* s : {&versions_dir.value, &ledger.value, &alembic_ini.value, &config_file})
        if (!s->empty()) paths.insert(*s);
    // Inside the whole tree, nothing else needs naming.
    if (paths.count("")) return {""};
    return {paths.begin(), paths.end()};
}

bool has_settings_table(const std::string& text, const std::string& path) {
    return parse_toml(text, path)["tool"]["mig-guard"].node() != nullptr;
}

std::string show_settings(const Project& p) {
    auto shown = [](const std::string& s) { return s.empty() ? std::string("(none)") : s; };
    auto from_root = [&](const std::string& tree_path) {
        return tree_path.empty() ? std::string() : relative_path(tree_path, p.root);
    };
    std::string out;
    out += "# mig-guard configuration: every key, its value and where it came from\n";
    out += "# project root:         " + (p.root.empty() ? std::string(".") : p.root) + "\n";
    out += "# configuration file:   " + shown(p.config_file) + "\n";
    out += "# alembic.ini:          " + shown(p.alembic_ini.value) + "\n";
    out += "# script_location:      " + shown(p.script_location.value) + "  (" + p.script_location.origin + ")\n";
    out += "# versions directory:   " + shown(p.versions_dir.value) + "  (" + p.versions_dir.origin + ")\n";
    out += "# file_template:        " + p.file_template.value + "  (" + p.file_template.origin + ")\n";
    out += "# truncate_slug_length: " + std::to_string(p.truncate_slug_length.value) + "  (" +
           p.truncate_slug_length.origin + ")\n";
    out += std::string("# script.py.mako:       ") +
           (p.script_template ? "the project's" : "Alembic's default template") + "\n";

    std::string_view table;
    for (const auto& info : k_keys) {
        if (info.table != table) {
            table = info.table;
            out += "\n[" + std::string(table) + "]\n";
        }
        auto line = [&](const std::string& value, const std::string& origin) {
            out += std::string(info.key) + " = " + value + "  # " + origin + "\n";
        };
        const std::string_view key = info.key;
        if (table == k_rules) {
            if (p.rules.empty()) out += "# none set: every rule has its default level (`mig-guard rule`)\n";
            for (const auto& [code, level] : p.rules) {
                auto o = p.rule_origins.find(code);
                out += code + " = " + quote(level_text(level)) + "  # " +
                       (o == p.rule_origins.end() ? std::string("command line") : o->second) + "\n";
            }
        } else if (key == "alembic_ini") {
            line(quote(from_root(p.alembic_ini.value)), p.alembic_ini.value.empty() ? "none found" : p.alembic_ini.origin);
        } else if (key == "models") {
            line(toml_array(p.models.value), p.models.value.empty()
                                                 ? p.models.origin + (p.alembic_ini.value.empty()
                                                                          ? std::string(": every .py file of the project")
                                                                          : ": the modules " + p.env_py() + " imports")
                                                                     : p.models.origin);
        } else if (key == "import_roots") {
            line(toml_array(p.import_roots.value), p.import_roots.origin);
        } else if (key == "ledger") {
            line(quote(from_root(p.ledger.value)), p.ledger.origin);
        } else if (key == "base") {
            line(quote(p.base.value), p.base.origin);
        } else if (key == "naming_convention") {
            line(toml_inline_table(p.naming_convention.value), p.naming_convention.origin);
        } else if (key == "sqlmodel") {
            line(quote(p.sqlmodel.value), p.sqlmodel.value.empty() ? p.sqlmodel.origin + ": from the project's pins" : p.sqlmodel.origin);
        } else if (key == "sqlalchemy") {
            line(quote(p.sqlalchemy.value),
                 p.sqlalchemy.value.empty() ? p.sqlalchemy.origin + ": from the project's pins" : p.sqlalchemy.origin);
        } else if (key == "backend") {
            line(quote(p.postgres.backend.value), p.postgres.backend.origin);
        } else if (key == "version") {
            line(quote(p.postgres.version.value), p.postgres.version.origin);
        } else if (key == "image") {
            line(quote(p.postgres.image.value), p.postgres.image.origin);
        } else if (key == "url_env") {
            line(quote(p.postgres.url_env.value), p.postgres.url_env.origin);
        } else if (key == "extensions") {
            line(toml_array(p.postgres.extensions.value), p.postgres.extensions.origin);
        } else {
            throw std::logic_error("configuration key not shown: " + std::string(key));
        }
    }
    return out;
}

}  // namespace mig_guard::config
