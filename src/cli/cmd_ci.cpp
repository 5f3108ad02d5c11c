// `mig-guard ci --base REF [--head REF]`: the gate of a merge request, between the merge base of
// REF and HEAD, read from git objects only. Never writes into the repository: the revision that
// is missing is printed, not written.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "mig_guard/gate/gate.hpp"
#include "mig_guard/schema/json.hpp"
#include "verification.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

namespace {

struct CiOptions {
    std::string base;
    std::string head = "HEAD";
    bool no_db = false;
};

}  // namespace

Command register_ci(CLI::App& app) {
    auto opts = std::make_shared<CiOptions>();
    CLI::App* sub = app.add_subcommand("ci", "CI gate: the change between the merge base of --base and --head");
    sub->add_option("--base", opts->base, "The branch the change goes into (default: `base` in the configuration, else the remote's HEAD, "
                    "origin/main, main, origin/master or master, the first that exists)");
    sub->add_option("--head", opts->head, "The change's commit (default: HEAD)");
    sub->add_flag("--no-db", opts->no_db, "Skip the verification in PostgreSQL");

    return {sub, [opts](const Context& ctx) {
                Workspace ws = open_workspace(ctx, NeedGit::yes);
                git::Repository& repo = *ws.repo;
                git::Version head_version = repo.resolve(opts->head);
                auto head_tree = repo.tree(head_version);
                config::Project project = load_project(ws, *head_tree);
                std::string base_ref = opts->base.empty() ? project.base.value : opts->base;
                git::Version base_ref_version = repo.resolve(base_ref);
                git::Version base_version = repo.merge_base(base_ref_version, head_version);
                base_version.label = "merge base with " + base_ref;
                auto base_tree = repo.tree(base_version);

                gate::Snapshot base = gate::read_snapshot(*base_tree, project);
                gate::Snapshot head = gate::read_snapshot(*head_tree, project, gate::Read::everything, &base);
                gate::GateOptions options;
                options.lint.levels = project.rules;
                gate::Outcome outcome = gate::evaluate(base, head, project, options);
                if (outcome.missing) {
                    for (auto& f : outcome.findings)
                        if (f.code == "MG101")
                            f.help = "run mig-guard check (or mig-guard generate -m \"" + outcome.missing->message +
                                     "\") locally, review the revision and push it; the revision it would write is "
                                     "printed below";
                }
                print_diagnostics(ctx, ws, outcome.diagnostics);
                print_findings(ctx, outcome.findings, outcome.sources, outcome.files_checked,
                               static_cast<size_t>(std::count_if(outcome.diagnostics.begin(), outcome.diagnostics.end(),
                                                                 [](const Diagnostic& d) { return d.severity == Severity::error; })));
                if (outcome.missing) {
                    // stdout carries the report in machine formats; the revision goes to stderr there.
                    std::ostream& out = human_output(ctx) ? std::cout : std::cerr;
                    out << "\nThe revision this change is missing (" << outcome.missing->path << "):\n\n"
                        << outcome.missing->text;
                }
                bool verified = true;
                if (!opts->no_db) {
                    VerificationRequest request;
                    request.round_trip = outcome.added;
                    request.skip_round_trips = outcome.added.empty();
                    verified = run_verification(ctx, project, head, request);
                }
                if (!ctx.options().quiet)
                    std::cerr << "mig-guard ci: " << base_version.describe() << " .. " << head_version.describe() << ": "
                              << outcome.added.size() << " revision(s) added"
                              << (outcome.models_changed ? ", models changed" : "") << "\n";
                return outcome.failed() || !verified ? ExitCode::gate_failed : ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
