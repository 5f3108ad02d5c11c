// `mig-guard lint [FILE...] [--fix]`: lint revision files (all of the versions directory by
// default); the graph is always built from the whole versions directory. Outside any project,
// named files are linted alone (file-level rules only).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <unistd.h>

#include <string_view>
#include <unordered_set>

#include "commands.hpp"
#include "mig_guard/alembic/graph.hpp"
#include "mig_guard/common/parallel.hpp"
#include "mig_guard/config/project.hpp"
#include "mig_guard/config/rules.hpp"
#include "mig_guard/ledger/ledger.hpp"
#include "mig_guard/lint/lint.hpp"
#include "mig_guard/report/report.hpp"

namespace mig_guard::cli {

namespace {

struct LintCommandOptions {
    std::vector<std::string> files;
    bool fix = false;
};

// Codes a configuration may name: the whole catalog, the gate's rules (MG101-MG103) included.
std::vector<std::string> configurable_codes() {
    std::vector<std::string> codes;
    for (const auto& r : lint::registry()) codes.emplace_back(r.code);
    return codes;
}

SourceFiles read_versions(const fs::path& versions, const fs::path& root) {
    SourceFiles files;
    if (!fs::is_directory(versions))
        throw UsageError("the versions directory '" + config::display_path(versions, root) + "' does not exist",
                         "check script_location in alembic.ini");
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(versions))
        if (e.is_regular_file() && e.path().extension() == ".py") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    files.resize(paths.size());
    parallel_for(paths.size(), [&](size_t i) { files[i] = {config::display_path(paths[i], root), config::read_file(paths[i])}; });
    return files;
}

struct LintRun {
    SourceFiles files;                 // versions directory plus named files outside it
    std::vector<std::string> checked;  // files findings are reported for
    lint::Findings findings;
    std::unique_ptr<alembic::Graph> graph;
};

// Freeing thousands of parsed revisions one by one costs more than the process has left to
// run: the last run is kept (reachable, so leak checkers stay quiet) and the exit reclaims it.
void keep_until_exit(LintRun run) {
    static LintRun* kept = nullptr;
    delete kept;
    kept = new LintRun(std::move(run));
}

// Without a project (`ini` absent) the named files are linted alone: the file-level rules run,
// the graph rules, which need the other revisions, do not.
LintRun run_lint(const fs::path& root, const std::optional<config::AlembicIni>& ini, const std::vector<fs::path>& named,
                 const lint::LintOptions& options) {
    LintRun run;
    if (ini) run.files = read_versions(ini->script_location / "versions", root);
    run.graph = std::make_unique<alembic::Graph>(
        alembic::build_graph(run.files, {ini ? ini->file_template : config::AlembicIni{}.file_template}));
    const alembic::Graph& graph = *run.graph;
    std::vector<std::string> in_graph;
    SourceFiles outside;
    for (const auto& p : named) {
        std::string shown = config::display_path(p, root);
        run.checked.push_back(shown);
        bool known = std::any_of(run.files.begin(), run.files.end(), [&](const SourceFile& f) { return f.path == shown; });
        if (known) in_graph.push_back(shown);
        else outside.push_back({shown, config::read_file(p)});
    }
    if (named.empty())
        for (const auto& f : run.files) run.checked.push_back(f.path);
    if (named.empty() || !in_graph.empty()) run.findings = lint::lint_project(graph, run.files, in_graph, options);
    else if (ini) run.findings = lint::lint_graph(graph, options);
    // A file outside the versions directory is linted alone, against an empty schema.
    for (const auto& f : outside) {
        lint::Findings more = lint::lint_revision(f, alembic::read_revision(f), schema::Schema{}, options);
        run.findings.insert(run.findings.end(), more.begin(), more.end());
        run.files.push_back(f);
    }
    return run;
}

}  // namespace

Command register_lint(CLI::App& app) {
    auto opts = std::make_shared<LintCommandOptions>();
    CLI::App* sub = app.add_subcommand("lint", "Lint revision files (all revisions of the project by default)");
    sub->add_option("files", opts->files, "Revision files (default: every file of the versions directory)");
    sub->add_flag("--fix", opts->fix, "Apply safe fixes (a missing import), then lint again");

    return {sub, [opts](const Context& ctx) {
                fs::path root = config::find_project_root(ctx.cwd());
                auto ini = config::find_alembic_ini(root);
                if (!ini && opts->files.empty())
                    throw UsageError("no alembic.ini in '" + root.string() + "' or its backend/ directory",
                                     "run mig-guard inside the project, pass -C DIR, or name revision files to lint "
                                     "them alone");
                if (!ini) root = ctx.cwd();
                std::vector<fs::path> named;
                for (const auto& f : opts->files) {
                    fs::path p = fs::path(f).is_absolute() ? fs::path(f) : ctx.cwd() / f;
                    if (!fs::is_regular_file(p)) throw UsageError("'" + f + "' is not a file");
                    named.push_back(fs::weakly_canonical(p));
                }
                root = fs::weakly_canonical(root);
                lint::LintOptions options;
                if (auto cfg = config::find_config_file(root, ctx.options().config_file))
                    options.levels = config::read_rule_levels(*cfg, config::display_path(*cfg, root), configurable_codes());

                LintRun run = run_lint(root, ini, named, options);
                if (opts->fix) {
                    bool changed = false;
                    for (const auto& f : run.files) {
                        std::string fixed = lint::apply_fixes(f.content, run.findings, f.path);
                        if (fixed == f.content) continue;
                        ledger::write_file_atomically(root / f.path, fixed, ledger::Overwrite::yes);
                        changed = true;
                    }
                    if (changed) run = run_lint(root, ini, named, options);
                }

                report::ReportInput input;
                input.findings = run.findings;
                std::unordered_set<std::string_view> checked(run.checked.begin(), run.checked.end());
                for (const auto& f : run.files)
                    if (checked.count(f.path)) input.sources[f.path] = f.content;
                input.files_checked = run.checked;
                input.tool_version = MG_VERSION;
                for (const auto& r : lint::registry()) input.rules[r.code] = {r.name, r.summary};
                auto format = report::parse_format(ctx.options().format).value_or(report::Format::text);
                report::TextOptions text;
                const std::string& color = ctx.options().color;
                text.color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
                std::cout << report::render(format, input, text);
                bool errors = std::any_of(run.findings.begin(), run.findings.end(),
                                          [](const lint::Finding& f) { return f.level == lint::Level::error; });
                keep_until_exit(std::move(run));
                return errors ? ExitCode::gate_failed : ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
