// The model loader: the one way every command reads a project's models (check, ci, generate,
// verify, status, review, schema, diff). It finds the modules Alembic would import, reads them
// from a FileTree (a git version or the disk), and hands them to the extractor.
//
// Discovery follows Python: from env.py (whose `target_metadata` is what Alembic compares
// with) or from the files the user named, through every import that runs when the module is
// imported (`import a.b as c`, `from .x import y`, `from x import *`, parent packages'
// `__init__`, submodules named in `from pkg import mod`), never through imports under
// `if TYPE_CHECKING:` nor, outside env.py, inside functions. Modules are resolved against an
// ordered search path as `sys.path` would be when Alembic runs. A module that is not in the
// tree is a library (SQLAlchemy, SQLModel, site-packages): the extractor knows the ones that
// matter and reports the rest where a model needs them. Files off the graph are not read,
// except to warn about table models that sit beside the models but that nothing imports.
#pragma once

#include <string>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/common/source.hpp"
#include "mig_guard/common/tree.hpp"
#include "mig_guard/models/extract.hpp"

namespace mig_guard::models {

// What to load. Paths are tree-relative and '/'-separated ("" is the tree's root).
struct LoadSpec {
    std::string root;                      // the project's directory: result paths are relative to it
    std::string env_py;                    // Alembic's env.py: where discovery starts when `entries` is empty
    std::vector<std::string> entries;      // model files named by `models` or on the command line
    std::vector<std::string> search_path;  // directories modules resolve from, in order (sys.path)
    std::vector<std::string> exclude_dirs; // never table models: Alembic's script and versions directories
    LibraryVersions versions;
};

struct LoadResult {
    schema::Schema schema;
    Diagnostics diagnostics;   // the extractor's, and discovery's (paths relative to `root`)
    SourceFiles files;         // every module read, in import order, paths relative to `root`
    std::vector<std::string> modules;  // their module names, parallel to `files` ("" for env.py)
    // Discovery from env.py reached no table model (a warning says so): with revisions that
    // create tables, the drift would be "drop them all", which the gate refuses to write.
    bool no_table_reached = false;
};

// Loads the models `spec` names. Never throws for what a project contains: a syntax error, an
// env.py without target_metadata or a table model nothing imports is a Diagnostic.
LoadResult load_models(const FileTree& tree, const LoadSpec& spec);

}  // namespace mig_guard::models
