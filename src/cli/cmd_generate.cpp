// `mig-guard generate -m MSG`: writes the revision for the drift between the revision chain
// (replayed) and the models in the working tree — the replacement for
// `alembic revision --autogenerate`. Never overwrites a file.
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.hpp"
#include "mig_guard/alembic/graph.hpp"
#include "mig_guard/alembic/reader.hpp"
#include "mig_guard/gate/gate.hpp"
#include "mig_guard/ledger/ledger.hpp"
#include "mig_guard/lint/lint.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"
#include "mig_guard/sql/render.hpp"
#include "verification.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

namespace {

struct GenerateOptions {
    std::string message;
    std::string rev_id;
    bool sql = false;
    bool no_db = false;
};

}  // namespace

Command register_generate(CLI::App& app) {
    auto opts = std::make_shared<GenerateOptions>();
    CLI::App* sub = app.add_subcommand("generate", "Write the revision for the drift between the revisions and the models");
    sub->add_option("-m,--message", opts->message, "The revision's message")->required();
    sub->add_option("--rev-id", opts->rev_id, "Revision id to use (default: a new random id)");
    sub->add_flag("--sql", opts->sql, "Print the SQL of the upgrade too");
    sub->add_flag("--no-db", opts->no_db, "Skip the validation in PostgreSQL");

    return {sub, [opts](const Context& ctx) {
                Workspace ws = open_workspace(ctx, NeedGit::no);
                DiskTree tree(ws.top);
                config::Project project = load_project(ws, tree);
                gate::Snapshot snap = gate::read_snapshot(tree, project);
                Diagnostics diagnostics = snap.models.diagnostics;
                bool errors = print_diagnostics(ctx, ws, [&] {
                    Diagnostics shown = diagnostics;
                    for (auto& d : shown)
                        if (!d.location.file.empty()) d.location.file = gate::tree_path(project, d.location.file);
                    return shown;
                }());
                if (errors) {
                    ctx.note("error: the models could not be read completely; no revision was written");
                    return ExitCode::gate_failed;
                }
                Diagnostics replay_notes;
                schema::Schema chain = gate::chain_schema(snap.graph, replay_notes);
                schema::Ops upgrade = schema::diff(chain, snap.models.schema);
                if (upgrade.empty()) {
                    std::cout << "No changes in schema detected: the revisions already produce what the models define.\n";
                    return ExitCode::ok;
                }
                gate::NewRevision r =
                    gate::new_revision(project, snap.graph, upgrade, {opts->message, opts->rev_id});
                std::error_code exists_ec;
                if (fs::exists(ws.top / r.path, exists_ec))
                    throw EnvironmentError(r.path + " already exists; mig-guard never overwrites a revision",
                                           "choose another message or --rev-id, or remove the file");
                if (!opts->no_db) {
                    // Validate before writing: the chain with the new revision, in PostgreSQL.
                    gate::Snapshot trial = snap;
                    std::string rel = r.path;
                    if (!project.root.empty() && rel.rfind(project.root + "/", 0) == 0) rel = rel.substr(project.root.size() + 1);
                    trial.revision_files.push_back({rel, r.text});
                    trial.graph = alembic::build_graph(trial.revision_files, {project.file_template.value});
                    if (!run_verification(ctx, project, trial, {{r.id}, false})) {
                        std::cerr << "error: the new revision did not verify in PostgreSQL; nothing was written\n"
                                  << "  help: this is a bug in mig-guard's revision writer or a model PostgreSQL rejects; "
                                     "--no-db writes it anyway for inspection\n";
                        return ExitCode::gate_failed;
                    }
                }
                ledger::write_file_atomically(ws.top / r.path, r.text, ledger::Overwrite::no);

                std::cout << "Wrote " << r.path << " (revision " << r.id << ")\n";
                for (const auto& op : upgrade) std::cout << "  " << schema::describe(op) << "\n";
                auto calls = gate::callouts(upgrade);
                if (!calls.empty()) {
                    std::cout << "\nNeeds attention in review:\n";
                    for (const auto& c : calls) std::cout << "  ! " << c << "\n";
                }
                for (const auto& rn : schema::possible_renames(upgrade))
                    std::cout << "  ? " << (rn.schema.empty() ? rn.table : rn.schema + "." + rn.table) << ": column '"
                              << rn.dropped << "' dropped and '" << rn.added
                              << "' added with the same type: if this is a rename, use op.alter_column(..., "
                                 "new_column_name=...) to keep the data\n";
                if (opts->sql) {
                    std::cout << "\n";
                    print_sql(sql::render(upgrade));
                }
                std::cout << "\nNext: read it, then mig-guard review " << r.id << "\n";
                return ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
