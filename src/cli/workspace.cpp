#include "workspace.hpp"

#include <unistd.h>

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
    return config::load_project(tree, ws.start_dir, ws.config);
}

bool print_findings(const Context& ctx, const lint::Findings& findings, const std::map<std::string, std::string>& sources,
                    const std::vector<std::string>& files_checked) {
    report::ReportInput input;
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
