// `mig-guard verify`: the whole revision chain in a real PostgreSQL (ephemeral by default) —
// applied from empty and compared with the models, and the revisions still under review
// upgraded, downgraded and upgraded again (`--all`: every revision).
#include <CLI/CLI.hpp>
#include <map>
#include <optional>
#include <set>

#include "commands.hpp"
#include "mig_guard/ledger/ledger.hpp"
#include "verification.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

namespace {

struct VerifyCommandOptions {
    std::vector<std::string> revisions;
    bool no_round_trips = false;
    bool all = false;
};

// The revision ids at the merge base of HEAD and the configured `base`, or nullopt when no base
// is known here (not a git repository, no commit yet, `base` does not resolve, no common history).
std::optional<std::set<std::string>> revisions_on_base(const Workspace& ws, const config::Project& project) {
    if (!ws.repo || ws.repo->head_unborn() || project.base.value.empty()) return std::nullopt;
    try {
        const git::Repository& repo = *ws.repo;
        git::Version base = repo.merge_base(repo.resolve(project.base.value), repo.head());
        auto tree = repo.tree(base);
        gate::Snapshot snap = gate::read_snapshot(*tree, project, gate::Read::revisions_only);
        std::set<std::string> ids;
        for (const auto& r : snap.graph.revisions) ids.insert(r.revision);
        return ids;
    } catch (const Error&) {
        return std::nullopt;
    }
}

// What the round trips cover by default: a revision the ledger records as reviewed (its file
// unchanged since) and that is already on the base was checked when it was reviewed, and what
// its review acknowledged (at adoption, `review --baseline`, say) must not fail every later run.
std::vector<std::string> revisions_under_review(const Workspace& ws, const config::Project& project,
                                                const gate::Snapshot& snap, size_t& settled) {
    std::map<std::string, const std::string*> content;
    for (const auto& f : snap.revision_files) content[f.path] = &f.content;
    std::optional<std::set<std::string>> on_base;
    bool base_read = false;
    std::vector<std::string> ids;
    settled = 0;
    for (const alembic::Revision* r : snap.graph.topological()) {
        auto c = content.find(r->path);
        bool reviewed = c != content.end() &&
                        ledger::review_state(snap.ledger, r->revision, *c->second) == ledger::ReviewState::reviewed;
        if (reviewed) {
            if (!base_read) {
                on_base = revisions_on_base(ws, project);
                base_read = true;
            }
            if (!on_base || on_base->count(r->revision)) {
                ++settled;
                continue;
            }
        }
        ids.push_back(r->revision);
    }
    return ids;
}

}  // namespace

Command register_verify(CLI::App& app) {
    auto opts = std::make_shared<VerifyCommandOptions>();
    CLI::App* sub = app.add_subcommand("verify", "Apply the revision chain in PostgreSQL and compare it with the models");
    sub->add_option("--round-trip", opts->revisions,
                    "Check upgrade/downgrade/upgrade only for these revisions (default: those not reviewed, or not on "
                    "the base)");
    sub->add_flag("--all", opts->all, "Check upgrade/downgrade/upgrade for every revision, reviewed or not");
    sub->add_flag("--no-round-trips", opts->no_round_trips, "Only apply the chain and compare with the models");
    sub->get_option("--all")->excludes("--round-trip")->excludes("--no-round-trips");

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
                VerificationRequest request{opts->revisions, opts->no_round_trips};
                if (!opts->all && !opts->no_round_trips && opts->revisions.empty()) {
                    size_t settled = 0;
                    request.round_trip = revisions_under_review(ws, project, snap, settled);
                    // An empty list means every revision to the verifier.
                    if (request.round_trip.empty()) request.skip_round_trips = true;
                    if (settled > 0)
                        ctx.note("verify: " + std::to_string(settled) +
                                 " reviewed revision(s) not round-tripped (mig-guard verify --all checks them too)");
                }
                bool ok = run_verification(ctx, project, snap, request);
                return ok ? ExitCode::ok : ExitCode::gate_failed;
            }};
}

}  // namespace mig_guard::cli
