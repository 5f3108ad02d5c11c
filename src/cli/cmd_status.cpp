// `mig-guard status`: the revision graph, newest first, with each revision's review state,
// the heads and merge points, and whether the models have drifted from the chain.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "mig_guard/gate/gate.hpp"
#include "mig_guard/pg/apply.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

Command register_status(CLI::App& app) {
    CLI::App* sub = app.add_subcommand("status", "The revision graph: heads, merges, reviews, drift");
    auto database_url = std::make_shared<std::string>();
    sub->add_option("--database-url", *database_url, "Also say which revisions this database has applied");

    return {sub, [database_url](const Context& ctx) {
                Workspace ws = open_workspace(ctx, NeedGit::no);
                DiskTree tree(ws.top);
                config::Project project = load_project(ws, tree);
                gate::Snapshot snap = gate::read_snapshot(tree, project);

                auto topo = snap.graph.topological();
                std::vector<const alembic::Revision*> newest_first(topo.rbegin(), topo.rend());
                auto is_in = [](const std::vector<std::string>& v, const std::string& s) {
                    return std::find(v.begin(), v.end(), s) != v.end();
                };
                auto state_of = [&](const alembic::Revision& r) {
                    for (const auto& f : snap.revision_files)
                        if (f.path == r.path) return ledger::review_state(snap.ledger, r.revision, f.content);
                    return ledger::ReviewState::unreviewed;
                };
                Diagnostics notes;
                schema::Schema chain = gate::chain_schema(snap.graph, notes);
                bool models_ok = !has_errors(snap.models.diagnostics);
                schema::Ops drift = models_ok ? schema::diff(chain, snap.models.schema) : schema::Ops{};

                // --database-url: applied / pending per revision, and revisions the database has
                // that the repository does not know.
                std::optional<pg::Plan> db;
                std::vector<std::string> unknown_in_db;
                if (!database_url->empty()) {
                    pg::Session session(*database_url);
                    session.execute("SET application_name = 'mig-guard status'");
                    session.execute("SET default_transaction_read_only = on");
                    pg::DatabaseState state = pg::read_state(session);
                    for (const auto& h : state.heads)
                        if (!snap.graph.find(h)) unknown_in_db.push_back(h);
                    state.heads.erase(std::remove_if(state.heads.begin(), state.heads.end(),
                                                     [&](const std::string& h) { return !snap.graph.find(h); }),
                                      state.heads.end());
                    db = pg::make_plan(snap.graph, state, "", {});
                }
                size_t unreviewed = 0;
                nlohmann::json revisions = nlohmann::json::array();
                for (const auto* r : newest_first) {
                    auto state = state_of(*r);
                    if (state != ledger::ReviewState::reviewed) ++unreviewed;
                    const char* state_name = state == ledger::ReviewState::reviewed ? "reviewed"
                                             : state == ledger::ReviewState::changed ? "changed"
                                                                                     : "unreviewed";
                    revisions.push_back({{"revision", r->revision},
                                         {"down_revisions", r->down_revisions},
                                         {"path", gate::tree_path(project, r->path)},
                                         {"message", r->message},
                                         {"review", state_name},
                                         {"head", is_in(snap.graph.heads, r->revision)},
                                         {"merge", is_in(snap.graph.merge_points, r->revision)}});
                    if (db) revisions.back()["database"] = db->applied.count(r->revision) ? "applied" : "pending";
                }
                if (ctx.options().format == "json") {
                    nlohmann::json drift_json = nlohmann::json::array();
                    for (const auto& op : drift) drift_json.push_back(schema::describe(op));
                    nlohmann::json out{{"revisions", revisions},
                                       {"heads", snap.graph.heads},
                                       {"merge_points", snap.graph.merge_points},
                                       {"unreviewed", unreviewed},
                                       {"models_readable", models_ok},
                                       {"drift", drift_json}};
                    if (db) {
                        out["database"] = {{"current", db->current}, {"unknown", unknown_in_db}};
                    }
                    std::cout << out.dump(2) << "\n";
                    return ExitCode::ok;
                }
                for (const auto& r : revisions) {
                    std::string review = r["review"];
                    const char* mark = review == "reviewed" ? "✓" : review == "changed" ? "!" : "✗";
                    std::string tags;
                    if (r["head"].get<bool>()) tags += " (head)";
                    if (r["merge"].get<bool>()) tags += " (merge)";
                    std::cout << mark << " " << r["revision"].get<std::string>() << tags << "  "
                              << r["message"].get<std::string>() << "  [" << review << "]"
                              << (r.contains("database") ? "  [" + r["database"].get<std::string>() + "]" : "") << "\n";
                }
                std::cout << "\n" << snap.graph.revisions.size() << " revisions, " << snap.graph.heads.size()
                          << (snap.graph.heads.size() == 1 ? " head" : " heads") << ", " << unreviewed << " not reviewed\n";
                if (db) {
                    size_t pending = db->pending.size();
                    std::vector<std::string> at = db->current;
                    at.insert(at.end(), unknown_in_db.begin(), unknown_in_db.end());
                    std::cout << "Database: " << (at.empty() ? "empty" : "at ");
                    for (size_t i = 0; i < at.size(); ++i) std::cout << (i ? ", " : "") << at[i];
                    std::cout << "; " << db->applied.size() << " applied, " << pending << " pending\n";
                    for (const auto& h : unknown_in_db)
                        std::cout << "? " << h << "  [unknown: in the database, not in this repository]\n";
                }
                if (!models_ok)
                    std::cout << "Models: could not be read completely (run mig-guard schema for the errors)\n";
                else if (drift.empty())
                    std::cout << "Models: in sync with the revisions\n";
                else {
                    std::cout << "Models: " << drift.size() << " change(s) not in any revision (mig-guard generate -m ...):\n";
                    for (const auto& op : drift) std::cout << "  " << schema::describe(op) << "\n";
                }
                return ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
