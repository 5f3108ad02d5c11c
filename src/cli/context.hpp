// What every command shares: the global options and diagnostic output. Commands stay thin wiring around these and the stage libraries.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "mig_guard/common/diagnostic.hpp"

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

// stdout, each statement followed by ";\n\n" as `alembic upgrade --sql` prints them.
void print_sql(const std::vector<std::string>& statements);

}  // namespace mig_guard::cli
