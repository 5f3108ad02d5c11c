// Finding a Python project on disk: its root, its model sources, its dependency pins and its
// Alembic settings. The only stage besides git that reads the file system for the readers,
// which themselves never do I/O.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/common/source.hpp"

namespace mig_guard::config {

namespace fs = std::filesystem;

// The nearest directory at or above `start` that looks like a Python project root: it holds
// pyproject.toml, alembic.ini, setup.cfg, setup.py, a requirements*.txt, a lock file, or .git.
// `start` itself (or its directory, for a file) when none is found.
fs::path find_project_root(const fs::path& start);

// Every .py file under the given files and directories, with paths relative to `root`,
// sorted. Skips hidden directories, __pycache__, virtual environments, node_modules,
// site-packages and Alembic script directories (env.py next to script.py.mako): revisions are
// not models. A path that does not exist throws UsageError naming it.
SourceFiles collect_python_files(const std::vector<fs::path>& paths, const fs::path& root);

// pyproject.toml, requirements*.txt, uv.lock, poetry.lock and Pipfile.lock in `root`.
SourceFiles read_pin_files(const fs::path& root);

// The settings of alembic.ini that mig-guard uses.
struct AlembicIni {
    fs::path path;              // the alembic.ini file
    fs::path script_location;   // absolute
    std::string file_template = "%(rev)s_%(slug)s";
    int truncate_slug_length = 40;
    std::optional<std::string> script_template;  // script.py.mako's text, when present
};

// Reads `<root>/alembic.ini` (or `<root>/backend/alembic.ini`), nullopt when there is none.
// A malformed file or a missing script_location throws UsageError with file:line.
std::optional<AlembicIni> find_alembic_ini(const fs::path& root);

// The whole file; throws EnvironmentError naming the file when it cannot be read.
std::string read_file(const fs::path& path);

// `path` relative to `base` when it lies below it, else as given; '/'-separated.
std::string display_path(const fs::path& path, const fs::path& base);

}  // namespace mig_guard::config
