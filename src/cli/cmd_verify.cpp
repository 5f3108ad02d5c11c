// `mig-guard verify`: the whole revision chain in a real PostgreSQL (ephemeral by default) —
// applied from empty and compared with the models, and every revision upgraded, downgraded and
// upgraded again.
#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "verification.hpp"

namespace mig_guard::cli {

namespace {

struct VerifyCommandOptions {
    std::vector<std::string> revisions;
    bool no_round_trips = false;
};

}  // namespace

Command register_verify(CLI::App& app) {
    auto opts = std::make_shared<VerifyCommandOptions>();
    CLI::App* sub = app.add_subcommand("verify", "Apply the revision chain in PostgreSQL and compare it with the models");
    sub->add_option("--round-trip", opts->revisions, "Check upgrade/downgrade/upgrade only for these revisions (default: all)");
    sub->add_flag("--no-round-trips", opts->no_round_trips, "Only apply the chain and compare with the models");

    return {sub, [opts](const Context& ctx) {
                Workspace ws = open_workspace(ctx, NeedGit::no);
                DiskTree tree(ws.top);
                config::Project project = load_project(ws, tree);
                gate::Snapshot snap = gate::read_snapshot(tree, project);
                Diagnostics shown = snap.models.diagnostics;
                for (auto& d : shown)
                    if (!d.location.file.empty()) d.location.file = gate::tree_path(project, d.location.file);
                if (print_diagnostics(ctx, ws, shown)) {
                    ctx.note("error: the models could not be read completely; nothing to compare the chain with");
                    return ExitCode::gate_failed;
                }
                Diagnostics graph_problems = snap.graph.diagnostics;
                for (auto& d : graph_problems)
                    if (!d.location.file.empty()) d.location.file = gate::tree_path(project, d.location.file);
                print_diagnostics(ctx, ws, graph_problems);
                bool ok = run_verification(ctx, project, snap, {opts->revisions, opts->no_round_trips});
                return ok ? ExitCode::ok : ExitCode::gate_failed;
            }};
}

}  // namespace mig_guard::cli
