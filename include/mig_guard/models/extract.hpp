// The static model extractor: reads SQLModel / SQLAlchemy (declarative, 2.0 Mapped, Core
// Table) model sources and produces the Schema they imply on PostgreSQL, exactly as the
// library versions the project pins would produce it. Never runs Python; whatever cannot be
// read statically becomes a Diagnostic (stage "models") with its location, never a guess.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/common/source.hpp"
#include "mig_guard/python/ast.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::models {

struct Version {
    int major = 0, minor = 0, patch = 0;
    auto operator<=>(const Version&) const = default;
    // "2", "2.0", "0.0.22", "2.0.36.post1", "v1.4": nullopt when it does not start with a number.
    static std::optional<Version> parse(std::string_view text);
    std::string str() const;  // "0.0.22"
};

// The library versions whose semantics apply (SPEC section 4, "Library versions matter").
struct LibraryVersions {
    Version sqlmodel{0, 0, 22};
    Version sqlalchemy{2, 0, 36};
    Version pydantic{2, 0, 0};  // only consulted from SQLModel 0.0.14 on (earlier: pydantic 1)
    std::string source = "default";  // "default", or the file the pins came from
};

// Reads pins from pyproject.toml ([project] dependencies, [tool.poetry.dependencies]),
// requirements*.txt, uv.lock, poetry.lock and Pipfile.lock (recognized by file name): for a
// specifier (==, ~=, >=, ^, ~) the lowest version it admits, for a lock file the locked
// version. Lock files win over specifiers. Unpinned libraries keep the defaults.
LibraryVersions detect_library_versions(const SourceFiles& pin_files);

struct ExtractOptions {
    LibraryVersions versions;
    // Directories (relative to the project root, '/'-separated) that module names are
    // computed from: "app/models/user.py" is module "app.models.user" under root ".".
    std::vector<std::string> import_roots{"."};
};

struct ExtractResult {
    schema::Schema schema;
    Diagnostics diagnostics;
};

// `files`: every .py file of the project that may matter (models and the modules they import).
// Imports among them are resolved; anything else is treated as a third-party library. Module
// names come from the paths and `options.import_roots`.
ExtractResult extract_models(const SourceFiles& files, const ExtractOptions& options);

// A module already parsed, with the name Python imports it under (the model loader knows it).
struct ParsedModule {
    std::string name;      // "app.models.user"; empty for a script that is not imported (env.py)
    bool package = false;  // an __init__.py: relative imports start from the module itself
    python::Module ast;    // ast.file: the path shown in diagnostics
};

// The same over parsed modules, in the order Python executes them (a module's imports before
// it, so that `from x import *` sees x's names). `options.import_roots` is not used.
ExtractResult extract_models(std::vector<ParsedModule> modules, const ExtractOptions& options);

}  // namespace mig_guard::models
