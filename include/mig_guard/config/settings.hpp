// mig-guard's configuration (SPEC section 3) and the project layout it resolves to.
//
// Configuration is one table (`setting_keys()`): key, type, default, documentation. The
// loader, the unknown-key check and `mig-guard config --show` all read that table. Every
// value remembers where it came from ("default", "pyproject.toml:14:1", "alembic.ini:3",
// "discovered", "command line").
//
// Everything is read through a FileTree, so the same code reads the working tree, the index
// or a commit (`ci` reads git objects only).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/common/source.hpp"
#include "mig_guard/common/tree.hpp"
#include "mig_guard/config/rules.hpp"

namespace mig_guard::config {

// One row of the configuration table.
struct KeyInfo {
    std::string_view table;          // "tool.mig-guard" or "tool.mig-guard.postgres"
    std::string_view key;            // "models"
    std::string_view type;           // "string", "array of strings", "table of strings", "one of auto|local|docker|podman|url"
    std::string_view default_value;  // as TOML, or a description: "found automatically"
    std::string_view doc;            // one sentence
};
std::span<const KeyInfo> setting_keys();

template <class T>
struct Setting {
    T value{};
    std::string origin = "default";  // where the value came from
};

struct PostgresSettings {
    Setting<std::string> backend{"auto"};
    Setting<std::string> version{"16"};
    Setting<std::string> image{"postgres:16"};
    Setting<std::string> url_env{"DATABASE_URL"};
    Setting<std::vector<std::string>> extensions;
};

// The resolved settings and layout of one Python project inside a tree. All paths are
// tree-relative and '/'-separated ("" is the tree's root).
struct Project {
    std::string root;                       // the Python project's directory ("" or "backend")
    std::string config_file;                // the file [tool.mig-guard] came from; empty when none

    Setting<std::string> alembic_ini;       // "" when the project has none
    Setting<std::string> script_location;   // Alembic's script directory ("migrations")
    Setting<std::string> versions_dir;      // where revision files live ("migrations/versions")
    Setting<std::string> file_template{"%(rev)s_%(slug)s"};
    Setting<int> truncate_slug_length{40};
    std::optional<std::string> script_template;  // script.py.mako's text, when present
    // alembic.ini's prepend_sys_path: tree-relative directories Alembic puts first on sys.path.
    Setting<std::vector<std::string>> prepend_sys_path;

    Setting<std::vector<std::string>> models;        // configured model paths/globs; empty: discover
    Setting<std::vector<std::string>> import_roots{{"."}};  // relative to `root`
    Setting<std::string> ledger;                     // "<script_location>/mig-guard.lock"
    Setting<std::string> base{"origin/main"};
    Setting<std::map<std::string, std::string>> naming_convention;
    Setting<std::string> sqlmodel;                   // "" = from the project's pins
    Setting<std::string> sqlalchemy;
    PostgresSettings postgres;
    RuleLevels rules;
    std::map<std::string, std::string> rule_origins;  // code -> where its level was set

    // Throws the UsageError of a project without Alembic (no alembic.ini found or configured),
    // for the commands that need revisions.
    void require_alembic() const;

    // What the model loader (models::load_models) starts from, tree-relative:
    //  - the configured `models` (files, directories, globs) expanded to .py files: every table
    //    model in them counts, and their imports are followed;
    //  - else, with Alembic, nothing: the loader starts from env.py (`env_py()`), as Alembic does;
    //  - else (a project without Alembic), every .py file under `root`.
    // A configured path that matches nothing is a UsageError naming the key's location.
    //
    // Never read, configured or not: Alembic script directories (script_location,
    // versions_dir, any directory holding env.py and script.py.mako), virtual environments
    // (a directory holding pyvenv.cfg), site-packages, node_modules, __pycache__ and hidden
    // directories. The whole-project fallback also skips tests (tests/ and test/ directories,
    // test_*.py, *_test.py, conftest.py): they define fixture tables that are not the
    // application's schema. A configured directory or glob takes tests too: the user named
    // them. Globs: `*` and `?` within a component, `[...]`, `**` for any number of
    // directories; a glob matching a directory takes the .py files below it.
    std::vector<std::string> model_entries(const FileTree& tree) const;
    // Alembic's env.py (script_location/env.py); empty without Alembic.
    std::string env_py() const;
    // Where `import app.models` is resolved from, in order, as sys.path is when Alembic runs:
    // configured import_roots, alembic.ini's prepend_sys_path, alembic.ini's directory, the
    // project root, its src/, then the repository's root and its src/ (code beside backend/).
    std::vector<std::string> module_search_path() const;
    // Directories that never hold models: the Alembic script and versions directories.
    std::vector<std::string> non_model_dirs() const;
    // The revision files in `versions_dir` (*.py, not __init__.py), paths relative to `root`.
    SourceFiles revision_sources(const FileTree& tree) const;
    // pyproject.toml, requirements*.txt and lock files in `root` (for models::detect_library_versions).
    SourceFiles pin_sources(const FileTree& tree) const;
    // Tree-relative prefixes whose changes can matter to the gate: the model paths (or, when
    // models are discovered, every directory modules resolve from), the versions directory, the
    // ledger, and the config files.
    std::vector<std::string> watched_paths() const;
};

// Finds and loads the project that `start_dir` (tree-relative) belongs to: walks up from
// `start_dir` to the tree's root for mig-guard.toml, a pyproject.toml with [tool.mig-guard],
// or alembic.ini (also `backend/alembic.ini`), reads the configuration (`explicit_config`,
// tree-relative, when given: a missing file is a UsageError), then alembic.ini. Unknown keys,
// wrong types and bad values are UsageErrors with file:line:col and the list of valid keys.
// A project without alembic.ini and without configuration is a UsageError saying to run
// `mig-guard init` or `alembic init`.
//
// Resolution order, first match wins, each walking up from `start_dir`:
//   1. a directory holding mig-guard.toml, a pyproject.toml with [tool.mig-guard], or
//      alembic.ini (mig-guard.toml wins over pyproject.toml in the same directory);
//   2. a directory holding backend/alembic.ini: the root is that `backend` directory, read
//      with the mig-guard.toml or configured pyproject.toml next to it (then one alembic.ini
//      at most three levels below the start, the same way);
//   3. a directory holding a plain pyproject.toml: a project without Alembic (enough for
//      `schema`; `require_alembic()` fails for the rest).
// With `explicit_config` the root is that file's directory (paths in a configuration file are
// relative to it); a file named pyproject.toml is read as [tool.mig-guard], any other as
// mig-guard.toml. Without configured `alembic_ini`, alembic.ini is looked for in the root,
// then in root/backend. Rule codes are checked for their shape (MG + digits).
Project load_project(const FileTree& tree, std::string_view start_dir, std::string_view explicit_config = {});
// The same, with rule codes checked against `known_rule_codes` (the lint registry and the
// gate's codes).
Project load_project(const FileTree& tree, std::string_view start_dir, std::string_view explicit_config,
                     const std::vector<std::string>& known_rule_codes);

// The same, but nullopt where load_project would say that no project was found (for `schema
// PATH` and `diff` on files outside any project). Configuration errors still throw.
std::optional<Project> find_project(const FileTree& tree, std::string_view start_dir, std::string_view explicit_config = {});

// Whether `text`, the content of `path` (a pyproject.toml), has a [tool.mig-guard] table.
// Throws UsageError, naming the line, when it is not valid TOML.
bool has_settings_table(const std::string& text, const std::string& path);

// `mig-guard config --show`: every key of the table with its value and origin, as TOML with
// the origin in a trailing comment, grouped by table, in table order.
std::string show_settings(const Project& project);

}  // namespace mig_guard::config
