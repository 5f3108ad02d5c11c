#include "context.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "mig_guard/config/project.hpp"

namespace mig_guard::cli {

void VersionOverrides::add_to(CLI::App& app) {
    app.add_option("--sqlmodel", sqlmodel, "SQLModel version whose semantics apply (default: the project's pin)");
    app.add_option("--sqlalchemy", sqlalchemy,
                   "SQLAlchemy version whose semantics apply (default: the project's pin)");
}

Context::Context(const GlobalOptions& options) : m_options(options) {
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

LoadedModels load_models(const Context& ctx, const std::vector<std::string>& paths,
                         const VersionOverrides& overrides) {
    std::vector<fs::path> inputs;
    for (const auto& p : paths) inputs.emplace_back(p);
    if (inputs.empty()) inputs.push_back(ctx.cwd());

    LoadedModels loaded;
    loaded.root = config::find_project_root(inputs.front());
    loaded.versions = models::detect_library_versions(config::read_pin_files(loaded.root));
    auto apply = [](const std::string& text, models::Version& target, std::string& source, const char* what) {
        if (text.empty()) return;
        auto v = models::Version::parse(text);
        if (!v) throw UsageError(std::string("--") + what + ": not a version: " + text, "write it like 0.0.22 or 2.0");
        target = *v;
        source = "command line";
    };
    apply(overrides.sqlmodel, loaded.versions.sqlmodel, loaded.versions.source, "sqlmodel");
    apply(overrides.sqlalchemy, loaded.versions.sqlalchemy, loaded.versions.source, "sqlalchemy");

    SourceFiles files = config::collect_python_files(inputs, loaded.root);
    models::ExtractOptions options;
    options.versions = loaded.versions;
    loaded.result = models::extract_models(files, options);
    if (ctx.options().verbosity > 0)
        ctx.note("read " + std::to_string(files.size()) + " Python files under " + loaded.root.string() +
                 " (sqlmodel " + loaded.versions.sqlmodel.str() + ", sqlalchemy " +
                 loaded.versions.sqlalchemy.str() + ", from " + loaded.versions.source + ")");
    return loaded;
}

void print_sql(const std::vector<std::string>& statements) {
    std::string out;
    for (const auto& s : statements) out += s + ";\n\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace mig_guard::cli
