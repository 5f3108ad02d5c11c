// `mig-guard check [--worktree]`: the pre-commit gate. Compares the models at HEAD with the
// models in the index (or the working tree); when the revisions added by the change do not
// account for the models' change, writes the missing revision (unreviewed) and fails.
// Lints added and changed revisions, enforces the review ledger, refuses edits to committed
// revisions. Returns at once when no model, revision, ledger or configuration file changed.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "mig_guard/alembic/reader.hpp"
#include "mig_guard/gate/gate.hpp"
#include "mig_guard/ledger/ledger.hpp"
#include "mig_guard/schema/json.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

namespace {

struct CheckOptions {
    bool worktree = false;
    std::string message;
};

// A changed path the gate cares about: Python sources, the ledger, configuration. Called for
// every index and HEAD entry on the fast path, so it allocates nothing.
bool relevant(std::string_view path, const config::Project& project) {
    if (path.ends_with(".py") || path == project.ledger.value) return true;
    std::string_view name = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
    return name == "pyproject.toml" || name == "mig-guard.toml" || name == "alembic.ini" || name == "script.py.mako";
}

// A revision file in the working tree that is not staged and would account for the change:
// most likely the one an earlier `check` wrote. Returns its path (tree-relative), or empty.
struct Pending {
    std::string path;
    std::string id;
    bool accounts = false;
};

std::optional<Pending> find_pending(const gate::Snapshot& base, const gate::Snapshot& head, const config::Project& project,
                                    const gate::GateOptions& options, const fs::path& top) {
    DiskTree worktree(top);
    SourceFiles on_disk = project.revision_sources(worktree);
    std::optional<Pending> stale;
    for (const auto& f : on_disk) {
        bool staged = std::any_of(head.revision_files.begin(), head.revision_files.end(),
                                  [&](const SourceFile& s) { return s.path == f.path; });
        if (staged) continue;
        alembic::Revision r = alembic::read_revision(f);
        if (r.revision.empty() || r.down_revisions != head.graph.heads) continue;
        gate::Snapshot trial = head;
        trial.revision_files.push_back(f);
        std::sort(trial.revision_files.begin(), trial.revision_files.end(),
                  [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
        trial.graph = alembic::build_graph(trial.revision_files, {project.file_template.value});
        gate::Outcome o = gate::evaluate(base, trial, project, options);
        Pending p{gate::tree_path(project, f.path), r.revision, !o.missing};
        if (p.accounts) return p;
        stale = p;
    }
    return stale;
}

}  // namespace

Command register_check(CLI::App& app) {
    auto opts = std::make_shared<CheckOptions>();
    CLI::App* sub = app.add_subcommand("check", "Pre-commit gate: models, revisions and reviews of the staged change");
    sub->add_flag("--worktree", opts->worktree, "Check the working tree instead of the index");
    sub->add_option("-m,--message", opts->message, "Message for the revision written when one is missing");

    return {sub, [opts](const Context& ctx) {
                Workspace ws = open_workspace(ctx, NeedGit::yes);
                git::Repository& repo = *ws.repo;
                git::Version to = opts->worktree ? git::Version::worktree() : git::Version::index();
                auto head_tree = repo.tree(to);
                config::Project project = load_project(ws, *head_tree);

                // The fast path: nothing the gate reads has changed.
                git::Version base_version = repo.head();
                auto changed = repo.changed(base_version, to, project.watched_paths(),
                                            [&](std::string_view path) { return relevant(path, project); });
                if (changed.empty()) {
                    if (ctx.options().verbosity > 0) ctx.note("mig-guard: no model or revision file changed");
                    return ExitCode::ok;
                }

                auto base_tree = repo.tree(base_version);
                gate::Snapshot base = gate::read_snapshot(*base_tree, project);
                gate::Snapshot head = gate::read_snapshot(*head_tree, project, gate::Read::everything, &base);
                gate::GateOptions options;
                options.lint.levels = project.rules;
                options.revision.message = opts->message;
                gate::Outcome outcome = gate::evaluate(base, head, project, options);

                std::string wrote;
                if (outcome.missing) {
                    auto mg101 = std::find_if(outcome.findings.begin(), outcome.findings.end(),
                                              [](const lint::Finding& f) { return f.code == "MG101"; });
                    std::optional<Pending> pending;
                    if (!opts->worktree) pending = find_pending(base, head, project, options, ws.top);
                    if (pending && pending->accounts) {
                        if (mg101 != outcome.findings.end()) {
                            mg101->message = "the revision for this change, " + pending->path + ", is not staged";
                            mg101->help = "review it (mig-guard review " + pending->id + "), then: git add " +
                                          pending->path + " " + project.ledger.value;
                        }
                    } else if (pending) {
                        if (mg101 != outcome.findings.end())
                            mg101->help = pending->path +
                                          " is not staged and does not match the models any more: delete it and run "
                                          "mig-guard check again";
                    } else {
                        const gate::NewRevision& r = *outcome.missing;
                        ledger::write_file_atomically(ws.top / r.path, r.text, ledger::Overwrite::no);
                        wrote = r.path;
                        if (mg101 != outcome.findings.end())
                            mg101->help = "wrote " + r.path + " (revision " + r.id +
                                          "): read it, then run mig-guard review " + r.id + " and git add " + r.path +
                                          " " + project.ledger.value;
                    }
                }

                print_diagnostics(ctx, ws, outcome.diagnostics);
                print_findings(ctx, outcome.findings, outcome.sources, outcome.files_checked,
                               static_cast<size_t>(std::count_if(outcome.diagnostics.begin(), outcome.diagnostics.end(),
                                                                 [](const Diagnostic& d) { return d.severity == Severity::error; })));
                if (!wrote.empty() && !ctx.options().quiet) {
                    std::cerr << "mig-guard: wrote " << wrote << " for the model change:\n";
                    for (const auto& op : outcome.missing->upgrade) std::cerr << "  " << schema::describe(op) << "\n";
                    for (const auto& c : gate::callouts(outcome.missing->upgrade)) std::cerr << "  ! " << c << "\n";
                    std::cerr << "next: review it (mig-guard review " << outcome.missing->id << "), then git add "
                              << wrote << " " << project.ledger.value << "\n";
                }
                return outcome.failed() ? ExitCode::gate_failed : ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
