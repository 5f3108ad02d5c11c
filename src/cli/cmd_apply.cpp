// `mig-guard apply`: the release-pipeline step (SPEC section 9). Refuses before connecting
// unless the revisions up to the target are reviewed, unchanged since, and free of
// unacknowledged errors; then, under an advisory lock, applies what the database lacks.
//
// --dry-run and --sql connect read-only (no lock, no table created) to learn the database's
// current revision; they never change anything.
//
// --runner alembic runs a revision with opaque code as `PYTHON -m alembic -c alembic.ini upgrade
// REV` from the directory of alembic.ini, with the URL in the environment variable the project's
// env.py reads (postgres.url_env, DATABASE_URL by default); mig-guard keeps the lock meanwhile.
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <regex>
#include <set>

#include "commands.hpp"
#include "mig_guard/gate/gate.hpp"
#include "mig_guard/pg/apply.hpp"
#include "workspace.hpp"

namespace mig_guard::cli {

namespace {

struct ApplyCommandOptions {
    std::string url;
    std::string to;
    bool dry_run = false;
    bool sql = false;
    bool single_transaction = false;
    std::string lock_wait = "60";
    std::string lock_timeout = "5s";
    std::string statement_timeout = "0";
    std::string runner = "builtin";
    std::string python = "python3";
};

// "5s", "500ms", "2min", "1h"; a bare number is seconds. Returns milliseconds.
long long parse_duration(const std::string& option, const std::string& text) {
    static const std::regex form(R"(^\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|min|m|h)?\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, form))
        throw UsageError(option + ": '" + text + "' is not a duration", "write it as 5s, 500ms, 2min or a number of seconds");
    double value = std::stod(m[1]);
    std::string unit = m[2];
    double factor = unit == "ms" ? 1 : unit == "min" || unit == "m" ? 60000 : unit == "h" ? 3600000 : 1000;
    return static_cast<long long>(value * factor + 0.5);
}

// A revision id, a unique prefix of one, a branch label, or "head" (the single head).
const alembic::Revision* find_target(const alembic::Graph& graph, const std::string& name, std::string* problem) {
    if (name == "head" || name == "heads") {
        if (graph.heads.size() == 1) return graph.find(graph.heads.front());
        *problem = "--to " + name + ": the graph has " + std::to_string(graph.heads.size()) + " heads";
        return nullptr;
    }
    if (const auto* r = graph.find(name)) return r;
    if (auto it = graph.branch_labels.find(name); it != graph.branch_labels.end()) return graph.find(it->second);
    const alembic::Revision* found = nullptr;
    for (const auto& r : graph.revisions)
        if (r.revision.rfind(name, 0) == 0) {
            if (found && found->revision != r.revision) {
                *problem = "--to " + name + " matches several revisions (" + found->revision + ", " + r.revision + ")";
                return nullptr;
            }
            found = &r;
        }
    if (!found) *problem = "--to " + name + ": no revision or branch label of that name";
    return found;
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
    return out;
}

// Runs the project's Alembic for one revision; its output goes to stderr.
std::string run_alembic(const std::string& python, const fs::path& ini, const std::string& url_env,
                        const std::string& url, const pg::ApplyOptions& options, const std::string& revision) {
    std::vector<std::string> args{python, "-m", "alembic", "-c", ini.filename().string(), "upgrade", revision};
    std::string pg_options = "-c lock_timeout=" + std::to_string(options.lock_timeout_ms) +
                             " -c statement_timeout=" + std::to_string(options.statement_timeout_ms);
    pid_t pid = fork();
    if (pid < 0) return std::string("cannot start ") + python + ": " + std::strerror(errno);
    if (pid == 0) {
        dup2(STDERR_FILENO, STDOUT_FILENO);
        if (chdir(ini.parent_path().c_str()) != 0) _exit(126);
        setenv(url_env.c_str(), url.c_str(), 1);
        setenv("PGAPPNAME", "mig-guard apply (alembic)", 1);
        setenv("PGOPTIONS", pg_options.c_str(), 1);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execvp(argv[0], argv.data());
        std::fprintf(stderr, "mig-guard: cannot run %s: %s\n", python.c_str(), std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
    if (WIFEXITED(status))
        return "`" + join(args, " ") + "` exited with status " + std::to_string(WEXITSTATUS(status)) +
               " (its output is above)";
    return "`" + join(args, " ") + "` was killed by signal " + std::to_string(WTERMSIG(status));
}

Diagnostic diagnostic(const config::Project& project, SourceLocation at, std::string message, std::string help) {
    if (!at.file.empty()) at.file = gate::tree_path(project, at.file);
    return {Severity::error, std::move(at), "apply", std::move(message), std::move(help)};
}

ExitCode run_apply(const Context& ctx, const ApplyCommandOptions& opts) {
    if (opts.dry_run && opts.sql) throw UsageError("--dry-run and --sql cannot be combined", "pick one");
    if (opts.runner != "builtin" && opts.runner != "alembic")
        throw UsageError("--runner " + opts.runner + ": unknown runner", "use --runner builtin or --runner alembic");
    pg::ApplyOptions options;
    options.lock_timeout_ms = static_cast<int>(parse_duration("--lock-timeout", opts.lock_timeout));
    options.statement_timeout_ms = static_cast<int>(parse_duration("--statement-timeout", opts.statement_timeout));
    double lock_wait = static_cast<double>(parse_duration("--lock-wait", opts.lock_wait)) / 1000.0;
    options.transactions = opts.single_transaction ? pg::Transactions::single : pg::Transactions::per_revision;

    Workspace ws = open_workspace(ctx, NeedGit::no);
    DiskTree tree(ws.top);
    config::Project project = load_project(ws, tree);
    project.require_alembic();
    gate::Snapshot snap = gate::read_snapshot(tree, project, gate::Read::revisions_only);
    options.render.sqlalchemy =
        snap.versions.sqlalchemy.major < 2 ? sql::SqlAlchemyVersion::v1_4 : sql::SqlAlchemyVersion::v2_0;
    const alembic::Graph& graph = snap.graph;

    // The gate, before connecting.
    Diagnostics reasons;
    std::string target;
    if (!opts.to.empty()) {
        std::string problem;
        if (const auto* t = find_target(graph, opts.to, &problem))
            target = t->revision;
        else
            reasons.push_back(diagnostic(project, {}, problem, "run mig-guard status to see the revisions"));
    } else if (graph.heads.size() > 1) {
        reasons.push_back(diagnostic(project, {}, "the revision graph has " + std::to_string(graph.heads.size()) +
                                                      " heads: " + join(graph.heads),
                                     "merge them (alembic merge heads), or name one with --to"));
    } else if (!graph.heads.empty()) {
        target = graph.heads.front();
    }
    std::vector<std::string> ids;
    if (!target.empty())
        for (const auto* r : graph.ancestors(target)) ids.push_back(r->revision);
    std::set<std::string> paths;
    for (const auto& id : ids) paths.insert(graph.find(id)->path);
    // Graph and reading problems of the revisions to apply (all of them without a target).
    for (const auto& d : graph.diagnostics)
        if (d.severity == Severity::error && (ids.empty() || d.location.file.empty() || paths.count(d.location.file)))
            reasons.push_back(diagnostic(project, d.location, d.message, d.help));
    if (!ids.empty()) {
        lint::LintOptions lint_options;
        lint_options.levels = project.rules;
        for (const auto& f : gate::review_findings(snap, project, ids, lint_options)) {
            if (f.level != lint::Level::error || f.code == "MG104" || !paths.count(f.location.file)) continue;
            std::string help = f.help;
            reasons.push_back(diagnostic(project, f.location, f.code + " " + f.message, help));
        }
    }
    if (!reasons.empty()) {
        print_diagnostics(ctx, ws, reasons);
        ctx.note("error: nothing applied: " + std::to_string(reasons.size()) +
                 " problem(s) above must be solved first (only reviewed revisions are applied)");
        return ExitCode::gate_failed;
    }
    if (graph.revisions.empty()) {
        ctx.note("no revisions: nothing to apply");
        return ExitCode::ok;
    }

    pg::RevisionRecords records;
    for (const auto& f : snap.revision_files)
        for (const auto& r : graph.revisions)
            if (r.path == f.path) {
                const ledger::Entry* e = snap.ledger.find(r.revision);
                records[r.revision] = {ledger::checksum(f.content), e ? e->reviewed_by : std::string()};
            }

    std::string url = opts.url;
    if (url.empty())
        if (const char* env = std::getenv(project.postgres.url_env.value.c_str())) url = env;
    if (url.empty())
        throw UsageError("no database: pass --database-url or set " + project.postgres.url_env.value,
                         "mig-guard apply --database-url postgresql://user@host/dbname");
    {
        git::Identity who;
        if (ws.repo) who = ws.repo->identity();
        options.applied_by = who.str();
        if (options.applied_by.empty())
            if (const char* user = std::getenv("USER")) options.applied_by = user;
    }

    pg::Session session(url);
    session.execute("SET application_name = 'mig-guard apply'");
    std::string shown_url = pg::redact_conninfo(url);

    auto refuse = [&](const pg::Plan& plan) {
        Diagnostics out;
        for (const auto& r : plan.refusals)
            out.push_back(diagnostic(project, r.location, (r.code == "MG103" ? "MG103 " : "") + r.message, r.help));
        print_diagnostics(ctx, ws, out);
        ctx.note("error: nothing applied to " + shown_url);
        return ExitCode::gate_failed;
    };
    auto opaque_reasons = [&](const pg::Plan& plan) {
        Diagnostics out;
        for (const auto* r : plan.pending)
            if (auto at = pg::opaque_op(*r))
                out.push_back(diagnostic(project, *at,
                                         "revision " + r->revision + " has code mig-guard cannot run (MG202)",
                                         "run it with the project's own Alembic: mig-guard apply --runner alembic"));
        return out;
    };
    auto current_text = [](const std::vector<std::string>& heads) {
        return heads.empty() ? std::string("empty (no revision applied)") : join(heads);
    };

    if (opts.dry_run || opts.sql) {
        session.execute("SET default_transaction_read_only = on");
        pg::DatabaseState state = pg::read_state(session);
        pg::Plan plan = pg::make_plan(graph, state, target, records);
        if (!plan.refusals.empty()) return refuse(plan);
        Diagnostics opaque = opaque_reasons(plan);
        if (opts.runner != "alembic" && !opaque.empty()) {
            print_diagnostics(ctx, ws, opaque);
            ctx.note("error: apply would refuse these revisions");
        }
        if (opts.sql) {
            for (const auto& s : pg::plan_sql(graph, state, plan, records, options))
                std::cout << s << (s.rfind("--", 0) == 0 ? "\n\n" : ";\n\n");
        } else {
            std::cout << "Database " << shown_url << " is at " << current_text(state.heads) << "\n";
            if (plan.pending.empty()) std::cout << "Nothing to apply: up to date.\n";
            for (const auto* r : plan.pending)
                std::cout << "  would apply " << r->revision << "  " << r->message
                          << (pg::opaque_op(*r) ? "  [opaque code: alembic runner]" : "") << "\n";
            if (!plan.pending.empty())
                std::cout << plan.pending.size() << " revision(s) to apply"
                          << (opts.single_transaction ? " in one transaction" : ", each in its own transaction")
                          << "\n";
        }
        return opts.runner != "alembic" && !opaque.empty() ? ExitCode::gate_failed : ExitCode::ok;
    }

    pg::AdvisoryLock lock(session, lock_wait, [&](const std::string& holder) {
        char wait[32];
        std::snprintf(wait, sizeof wait, "%g", lock_wait);
        ctx.note(std::string("waiting up to ") + wait + " s for the apply lock, held by " + holder);
    });
    pg::ensure_tables(session);
    pg::DatabaseState state = pg::read_state(session);
    pg::Plan plan = pg::make_plan(graph, state, target, records);
    if (!plan.refusals.empty()) return refuse(plan);
    Diagnostics opaque = opaque_reasons(plan);
    if (!opaque.empty() && (opts.runner != "alembic" || opts.single_transaction)) {
        print_diagnostics(ctx, ws, opaque);
        ctx.note(opts.single_transaction ? "error: nothing applied: revisions run by Alembic cannot be part of "
                                           "--single-transaction"
                                         : "error: nothing applied: these revisions need --runner alembic");
        return ExitCode::gate_failed;
    }
    if (plan.pending.empty()) {
        ctx.note("nothing to apply: " + shown_url + " is at " + current_text(state.heads) + " (up to date)");
        return ExitCode::ok;
    }
    if (opts.runner == "alembic") {
        fs::path ini = ws.top / project.alembic_ini.value;
        std::string url_env = project.postgres.url_env.value;
        std::string python = opts.python;
        options.external = [ini, url_env, url, python, &options](const alembic::Revision& r) {
            return run_alembic(python, ini, url_env, url, options, r.revision);
        };
    }
    bool verbose = !ctx.options().quiet;
    options.on_done = [&](const alembic::Revision& r, double ms) {
        if (verbose) std::cerr << "applied " << r.revision << "  " << r.message << "  (" << static_cast<long long>(ms) << " ms)\n";
    };
    pg::ApplyReport report = pg::apply_plan(session, graph, plan, records, options);
    pg::DatabaseState after = pg::read_state(session);
    if (report.failure) {
        const auto& f = *report.failure;
        std::string message = "revision " + f.revision + " failed and was rolled back: " + f.message;
        if (!f.statement.empty()) message += "\nstatement: " + f.statement;
        print_diagnostics(ctx, ws, {diagnostic(project, f.location, message,
                                               "fix the revision in a new revision or fix the data, then apply again")});
        ctx.note("error: " + std::to_string(report.applied.size()) + " revision(s) applied before it" +
                 (report.applied.empty() ? "" : " stay applied") + "; " + shown_url + " is at " +
                 current_text(after.heads));
        return ExitCode::gate_failed;
    }
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", report.seconds);
    ctx.note(std::to_string(report.applied.size()) + " revision(s) applied in " + seconds + " s; " + shown_url +
             " is at " + current_text(after.heads));
    return ExitCode::ok;
}

}  // namespace

Command register_apply(CLI::App& app) {
    auto opts = std::make_shared<ApplyCommandOptions>();
    CLI::App* sub = app.add_subcommand("apply", "Apply reviewed revisions to a database, under a lock");
    sub->add_option("--database-url", opts->url, "libpq URL of the database (default: $DATABASE_URL, see postgres.url_env)");
    sub->add_option("--to", opts->to, "Apply up to this revision (id, unique prefix or branch label; default: the head)");
    sub->add_flag("--dry-run", opts->dry_run, "Print what would be applied; change nothing");
    sub->add_flag("--sql", opts->sql, "Print the SQL that would run (like alembic upgrade --sql); change nothing");
    sub->add_flag("--single-transaction", opts->single_transaction, "Apply every pending revision in one transaction");
    sub->add_option("--lock-wait", opts->lock_wait, "How long to wait for another apply to finish (default 60 s)");
    sub->add_option("--lock-timeout", opts->lock_timeout, "lock_timeout of each revision's statements (default 5s)");
    sub->add_option("--statement-timeout", opts->statement_timeout,
                    "statement_timeout of each revision's statements (default 0: none)");
    sub->add_option("--runner", opts->runner, "builtin, or alembic: run revisions with opaque code with the project's Alembic");
    sub->add_option("--python", opts->python, "The interpreter that has the project's Alembic (default python3)");
    return {sub, [opts](const Context& ctx) { return run_apply(ctx, *opts); }};
}

}  // namespace mig_guard::cli
