#include "workspace.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "mig_guard/config/project.hpp"
#include "mig_guard/lint/rule.hpp"
#include "mig_guard/report/report.hpp"

namespace mig_guard::cli {

namespace {

std::string relative_inside(const fs::path& path, const fs::path& top) {
    fs::path rel = fs::weakly_canonical(path).lexically_relative(fs::weakly_canonical(top));
    std::string s = rel.generic_string();
    if (s == ".") return "";
    return s;
}

}  // namespace

Workspace open_workspace(const Context& ctx, NeedGit need) {
    Workspace ws;
    if (need == NeedGit::yes)
        ws.repo = git::Repository::discover(ctx.cwd());
    else
        ws.repo = git::Repository::try_discover(ctx.cwd());
    ws.top = ws.repo ? ws.repo->workdir() : config::find_project_root(ctx.cwd());
    ws.start_dir = relative_inside(ctx.cwd(), ws.top);
    if (ws.start_dir.rfind("..", 0) == 0) ws.start_dir.clear();
    if (!ctx.options().config_file.empty()) {
        fs::path p = fs::path(ctx.options().config_file);
        if (p.is_relative()) p = ctx.cwd() / p;
        ws.config = relative_inside(p, ws.top);
        if (ws.config.rfind("..", 0) == 0)
            throw UsageError("--config " + ctx.options().config_file + " is outside the project (" + ws.top.string() + ")",
                             "keep the configuration file inside the repository");
    }
    return ws;
}

config::Project load_project(const Workspace& ws, const FileTree& tree) {
    config::Project project = config::load_project(tree, ws.start_dir, ws.config);
    apply_default_base(ws, project);
    return project;
}

void apply_default_base(const Workspace& ws, config::Project& project) {
    if (!ws.repo || project.base.origin != "default") return;
    if (auto branch = ws.repo->default_base())
        project.base = {*branch,
                        "default: the remote's HEAD, else the first of origin/main, main, origin/master, master"};
}

void add_version_options(CLI::App& app, gate::VersionOverrides& overrides) {
    app.add_option("--sqlmodel", overrides.sqlmodel, "SQLModel version whose semantics apply (default: the project's pin)");
    app.add_option("--sqlalchemy", overrides.sqlalchemy,
                   "SQLAlchemy version whose semantics apply (default: the project's pin)");
}

namespace {

// Whether a directory holds a .py file anywhere below it (hidden directories aside).
bool has_python_files(const fs::path& dir) {
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (it->is_directory(ec) && name.starts_with(".")) it.disable_recursion_pending();
        else if (it->path().extension() == ".py") return true;
    }
    return false;
}

}  // namespace

LoadedModels load_models(const Context& ctx, const std::vector<std::string>& paths,
                         const gate::VersionOverrides& overrides) {
    // The project is the one around the (first) path, or around the current directory: the
    // repository's working tree, or the nearest directory that looks like a Python project.
    std::vector<fs::path> full;
    for (const auto& p : paths) {
        fs::path f = fs::path(p).is_relative() ? ctx.cwd() / p : fs::path(p);
        std::error_code ec;
        if (!fs::exists(f, ec)) throw UsageError("no such file or directory: " + p, "give model files or directories that exist");
        full.push_back(fs::weakly_canonical(f, ec));
    }
    std::error_code ec;
    fs::path anchor = full.empty() ? ctx.cwd() : fs::is_directory(full.front(), ec) ? full.front() : full.front().parent_path();
    std::optional<git::Repository> repo = git::Repository::try_discover(anchor);
    fs::path top = repo ? repo->workdir() : config::find_project_root(anchor);
    // Outside a repository, `python -c 'import models.user'` run here resolves from here: the
    // current directory is part of the tree when the models lie below it.
    if (!repo && relative_inside(anchor, ctx.cwd()).rfind("..", 0) != 0 && relative_inside(top, ctx.cwd()).rfind("..", 0) != 0)
        top = fs::weakly_canonical(ctx.cwd(), ec);
    DiskTree tree(top);
    std::string start = relative_inside(anchor, top);
    std::string config_file;
    if (!ctx.options().config_file.empty()) {
        fs::path c = fs::path(ctx.options().config_file);
        config_file = relative_inside(c.is_relative() ? ctx.cwd() / c : c, top);
        if (config_file.rfind("..", 0) == 0)
            throw UsageError("--config " + ctx.options().config_file + " is outside the project (" + top.string() + ")",
                             "keep the configuration file inside the project that holds the models");
    }
    config::Project project;
    if (auto found = config::find_project(tree, start, config_file)) project = std::move(*found);
    else project.root = start;

    gate::ModelPaths named;
    named.given = !paths.empty();
    std::string cwd = relative_inside(ctx.cwd(), top);
    named.cwd = cwd.rfind("..", 0) == 0 ? start : cwd;
    for (size_t i = 0; i < full.size(); ++i) {
        std::string in_tree = relative_inside(full[i], top);
        if (in_tree.rfind("..", 0) == 0)
            throw UsageError(paths[i] + " is outside the project (" + top.string() + ") that " + paths.front() +
                                 " belongs to",
                             "give the models of one project at a time");
        if (fs::is_directory(full[i], ec) && !has_python_files(full[i])) continue;  // no models: an empty schema
        std::string rel = project.root.empty()
                              ? in_tree
                              : fs::path(in_tree.empty() ? "." : in_tree).lexically_relative(project.root).generic_string();
        named.paths.push_back(rel.empty() ? "." : rel);
    }

    LoadedModels loaded;
    loaded.root = project.root.empty() ? top : top / project.root;
    loaded.versions = gate::library_versions(tree, project, overrides);
    loaded.result = gate::load_models(tree, project, loaded.versions, named);
    if (ctx.options().verbosity > 0)
        ctx.note("read " + std::to_string(loaded.result.files.size()) + " Python modules under " + loaded.root.string() +
                 " (sqlmodel " + loaded.versions.sqlmodel.str() + ", sqlalchemy " + loaded.versions.sqlalchemy.str() +
                 ", from " + loaded.versions.source + ")");
    return loaded;
}

LoadedModels load_models_at(const Context& ctx, const std::string& path_or_ref, Side side,
                            const gate::VersionOverrides& overrides) {
    std::error_code ec;
    if (side == Side::path_or_ref) {
        fs::path p = fs::path(path_or_ref).is_relative() ? ctx.cwd() / path_or_ref : fs::path(path_or_ref);
        if (fs::exists(p, ec)) return load_models(ctx, {path_or_ref}, overrides);
    }
    Workspace ws = open_workspace(ctx, NeedGit::no);
    if (!ws.repo)
        throw UsageError("no such file or directory: " + path_or_ref + " (and no git repository here to read it as a revision)",
                         "give model files or directories that exist, or run inside the repository");
    git::Version version = side == Side::worktree ? git::Version::worktree()
                           : side == Side::index  ? git::Version::index()
                                                  : ws.repo->resolve(path_or_ref);
    auto tree = ws.repo->tree(version);
    config::Project project = load_project(ws, *tree);
    LoadedModels loaded;
    loaded.root = project.root.empty() ? ws.top : ws.top / project.root;
    loaded.versions = gate::library_versions(*tree, project, overrides);
    loaded.result = gate::load_models(*tree, project, loaded.versions);
    if (ctx.options().verbosity > 0)
        ctx.note("read " + std::to_string(loaded.result.files.size()) + " Python modules from " + tree->describe() +
                 " (sqlmodel " + loaded.versions.sqlmodel.str() + ", sqlalchemy " + loaded.versions.sqlalchemy.str() + ")");
    return loaded;
}

bool print_findings(const Context& ctx, const lint::Findings& findings, const std::map<std::string, std::string>& sources,
                    const std::vector<std::string>& files_checked, size_t errors_elsewhere) {
    report::ReportInput input;
    input.errors_elsewhere = errors_elsewhere;
    input.findings = findings;
    input.sources = sources;
    input.files_checked = files_checked;
    input.tool_version = MG_VERSION;
    for (const auto& r : lint::registry()) input.rules[r.code] = {r.name, r.summary};
    for (const auto& f : findings)
        if (!input.rules.count(f.code)) input.rules[f.code] = {f.name, f.name};
    auto format = report::parse_format(ctx.options().format).value_or(report::Format::text);
    if (format == report::Format::text && ctx.options().quiet) {
        input.findings.erase(std::remove_if(input.findings.begin(), input.findings.end(),
                                            [](const lint::Finding& f) { return f.level != lint::Level::error; }),
                             input.findings.end());
    }
    report::TextOptions text;
    const std::string& color = ctx.options().color;
    text.color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR"));
    std::string out = report::render(format, input, text);
    std::cout << out;
    return std::any_of(findings.begin(), findings.end(), [](const lint::Finding& f) { return f.level == lint::Level::error; });
}

bool print_diagnostics(const Context& ctx, const Workspace& ws, const Diagnostics& diagnostics) {
    return ctx.report(diagnostics, ws.top);
}

bool human_output(const Context& ctx) { return ctx.options().format == "text"; }

}  // namespace mig_guard::cli
