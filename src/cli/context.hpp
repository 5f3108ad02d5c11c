// What every command shares: the global options, diagnostic output, and loading a project's
// models from paths. Commands stay thin wiring around these and the stage libraries.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/models/extract.hpp"

namespace CLI {
class App;
}

namespace mig_guard::cli {

namespace fs = std::filesystem;

enum class ColorMode : uint8_t { auto_, always, never };

struct GlobalOptions {
    std::string directory;      // -C
    std::string config_file;    // --config
    std::string format = "text";
    std::string color = "auto";
    bool quiet = false;
    int verbosity = 0;
};

// Library versions given on the command line; they override what the project pins.
struct VersionOverrides {
    std::string sqlmodel;
    std::string sqlalchemy;
    void add_to(CLI::App& app);
};

class Context {
public:
    explicit Context(const GlobalOptions& options);

    const GlobalOptions& options() const { return m_options; }
    // Where relative paths on the command line are resolved (after -C).
    const fs::path& cwd() const { return m_cwd; }

    // Writes diagnostics to stderr, paths made relative to the current directory. Returns
    // whether any was an error.
    bool report(const Diagnostics& diagnostics, const fs::path& root) const;
    void note(const std::string& message) const;

private:
    GlobalOptions m_options;
    fs::path m_cwd;
    bool m_color = false;
};

// A set of models read from files or directories.
struct LoadedModels {
    fs::path root;              // the project root the file paths are relative to
    models::LibraryVersions versions;
    models::ExtractResult result;
};

// Reads the models under `paths` (files or directories; the current directory when empty):
// finds the project root, its pins, collects the .py files and extracts the schema.
LoadedModels load_models(const Context& ctx, const std::vector<std::string>& paths,
                         const VersionOverrides& overrides);

// stdout, each statement followed by ";\n\n" as `alembic upgrade --sql` prints them.
void print_sql(const std::vector<std::string>& statements);

}  // namespace mig_guard::cli
