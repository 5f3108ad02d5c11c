#include "context.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "mig_guard/config/project.hpp"
#include "mig_guard/git/repository.hpp"

namespace mig_guard::cli {

Context::Context(const GlobalOptions& options) : m_options(options) {
    // GIT_INDEX_FILE=.git/index in a hook is relative to where git started, whatever -C says.
    std::error_code cwd_ec;
    if (fs::path started_in = fs::current_path(cwd_ec); !cwd_ec) git::anchor_environment(started_in);
    if (!options.directory.empty()) {
        std::error_code ec;
        fs::current_path(options.directory, ec);
        if (ec)
            throw UsageError("cannot change to directory " + options.directory + ": " + ec.message(),
                             "give -C an existing directory");
    }
    m_cwd = fs::current_path();
    if (options.color == "always")
        m_color = true;
    else if (options.color == "auto")
        m_color = isatty(STDERR_FILENO) && std::getenv("NO_COLOR") == nullptr;
}

bool Context::report(const Diagnostics& diagnostics, const fs::path& root) const {
    bool errors = false;
    for (Diagnostic d : diagnostics) {
        errors = errors || d.severity == Severity::error;
        if (m_options.quiet && d.severity != Severity::error) continue;
        if (!d.location.file.empty())
            d.location.file = config::display_path(root / d.location.file, m_cwd);
        std::string where = d.location.str();
        const char* color = d.severity == Severity::error ? "\033[1;31m"
                            : d.severity == Severity::warning ? "\033[1;33m"
                                                               : "\033[1;36m";
        std::string out;
        if (!where.empty()) out += (m_color ? "\033[1m" + where + "\033[0m" : where) + ": ";
        out += m_color ? std::string(color) + severity_name(d.severity) + "\033[0m" : severity_name(d.severity);
        out += ": " + d.message + "\n";
        if (!d.help.empty()) out += "  help: " + d.help + "\n";
        std::cerr << out;
    }
    return errors;
}

void Context::note(const std::string& message) const {
    if (!m_options.quiet) std::cerr << message << "\n";
}

void print_sql(const std::vector<std::string>& statements) {
    std::string out;
    for (const auto& s : statements) out += s + ";\n\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace mig_guard::cli
