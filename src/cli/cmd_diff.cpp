// `mig-guard diff [--from REF|PATH] [--to REF|PATH|--worktree|--index] [--format ops|sql|revision]`:
// the schema change between two versions of the models (default: HEAD to the working tree). A
// side that names an existing file or directory is read from disk; otherwise it is a git revision.
#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "commands.hpp"
#include "workspace.hpp"
#include "mig_guard/alembic/writer.hpp"
#include "mig_guard/config/project.hpp"
#include "mig_guard/schema/diff.hpp"
#include "mig_guard/schema/json.hpp"
#include "mig_guard/sql/render.hpp"

namespace mig_guard::cli {

namespace {

struct DiffOptions {
    std::string from = "HEAD";
    std::string to;
    bool worktree = false;
    bool index = false;
    std::string format = "ops";
    std::string message = "schema change";
    std::string rev_id;
    std::string head;
    gate::VersionOverrides versions;
};

std::string now_alembic_date() {
    // Alembic writes datetime.now() with microseconds: "2026-11-22 10:15:00.123456".
    // SOURCE_DATE_EPOCH (reproducible-builds.org) pins it, for reproducible output.
    auto now = std::chrono::system_clock::now();
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        try {
            now = std::chrono::system_clock::time_point(std::chrono::seconds(std::stoll(epoch)));
        } catch (const std::exception&) {
            throw UsageError(std::string("SOURCE_DATE_EPOCH is not a number of seconds: ") + epoch);
        }
    }
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    char out[80];
    std::snprintf(out, sizeof out, "%s.%06lld", buf, static_cast<long long>(micros));
    return out;
}

}  // namespace

Command register_diff(CLI::App& app) {
    auto opts = std::make_shared<DiffOptions>();
    CLI::App* sub = app.add_subcommand("diff", "Show the schema change between two versions of the models");
    sub->add_option("--from", opts->from, "Models before: a git revision (default HEAD), or a file or directory");
    auto* to = sub->add_option("--to", opts->to, "Models after: a git revision, or a file or directory (default: the working tree)");
    auto* worktree = sub->add_flag("--worktree", opts->worktree, "Models after: the working tree (the default)");
    auto* index = sub->add_flag("--index", opts->index, "Models after: the index (what a commit would record)");
    to->excludes(worktree)->excludes(index);
    worktree->excludes(index);
    sub->add_option("--format", opts->format, "ops, sql, or revision: the Alembic file that would be written")
        ->check(CLI::IsMember({"ops", "sql", "revision", "json"}));
    sub->add_option("-m,--message", opts->message, "Message of the revision (--format revision)");
    sub->add_option("--rev-id", opts->rev_id, "Revision id to use (--format revision; default: a new random id)");
    sub->add_option("--head", opts->head, "The revision the new one follows: its down_revision (--format revision)");
    add_version_options(*sub, opts->versions);

    return {sub, [opts](const Context& ctx) {
                LoadedModels from = load_models_at(ctx, opts->from, Side::path_or_ref, opts->versions);
                LoadedModels to = load_models_at(ctx, opts->to,
                                                 opts->index           ? Side::index
                                                 : !opts->to.empty()   ? Side::path_or_ref
                                                                       : Side::worktree,
                                                 opts->versions);
                bool errors = ctx.report(from.result.diagnostics, from.root);
                errors = ctx.report(to.result.diagnostics, to.root) || errors;
                if (errors) {
                    ctx.note("error: the models could not be read completely; no diff is shown");
                    return ExitCode::gate_failed;
                }
                schema::Ops upgrade = schema::diff(from.result.schema, to.result.schema);
                for (const auto& r : schema::possible_renames(upgrade))
                    ctx.note("note: " + (r.schema.empty() ? r.table : r.schema + "." + r.table) + ": column '" +
                             r.dropped + "' dropped and '" + r.added +
                             "' added with the same type: if this is a rename, use op.alter_column(..., "
                             "new_column_name=...) to keep the data");
                if (opts->format == "ops") {
                    for (const auto& op : upgrade) std::cout << schema::describe(op) << "\n";
                    if (upgrade.empty()) ctx.note("no schema changes");
                } else if (opts->format == "json") {
                    nlohmann::json j = nlohmann::json::array();
                    for (const auto& op : upgrade) j.push_back(schema::to_json(op));
                    std::cout << j.dump(2) << "\n";
                } else if (opts->format == "sql") {
                    print_sql(sql::render(upgrade));
                } else {
                    alembic::RevisionHeader header;
                    header.revision = opts->rev_id.empty() ? alembic::new_revision_id() : opts->rev_id;
                    if (!opts->head.empty()) header.down_revisions.push_back(opts->head);
                    header.message = opts->message;
                    header.create_date = now_alembic_date();
                    std::optional<std::string> mako;
                    std::string mako_path = "script.py.mako";
                    if (auto ini = config::find_alembic_ini(to.root)) {
                        mako = ini->script_template;
                        mako_path = config::display_path(ini->script_location / "script.py.mako", ctx.cwd());
                    }
                    alembic::TextResult file =
                        alembic::render_revision(header, upgrade, schema::reverse(upgrade), mako, mako_path);
                    if (!file.ok()) {
                        ctx.report({*file.error}, ctx.cwd());
                        return ExitCode::usage;
                    }
                    std::cout << file.text;
                }
                return ExitCode::ok;
            }};
}

}  // namespace mig_guard::cli
