#include "mig_guard/pg/apply.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <regex>
#include <thread>

#include "runner.hpp"

namespace mig_guard::pg {

namespace {

// The advisory lock key of `apply`, one per database ("mg_a").
constexpr long long k_lock_key = 0x6D675F61;

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A SQL string literal; E'' when backslashes are present, so that the text means the same
// whatever standard_conforming_strings is.
std::string literal(std::string_view text) {
    bool backslash = text.find('\\') != std::string_view::npos;
    std::string out = backslash ? "E'" : "'";
    for (char c : text) {
        if (c == '\'') out += "''";
        else if (c == '\\') out += "\\\\";
        else out += c;
    }
    return out + "'";
}

// A revision id, or a branch label, as the graph resolves it.
const alembic::Revision* resolve(const alembic::Graph& graph, const std::string& name) {
    if (const auto* r = graph.find(name)) return r;
    auto it = graph.branch_labels.find(name);
    return it == graph.branch_labels.end() ? nullptr : graph.find(it->second);
}

// Revisions reachable through down_revisions only (Alembic's include_dependencies=False).
std::set<std::string> down_ancestors(const alembic::Graph& graph, const alembic::Revision& from) {
    std::set<std::string> seen;
    std::vector<const alembic::Revision*> todo{&from};
    while (!todo.empty()) {
        const auto* r = todo.back();
        todo.pop_back();
        for (const auto& d : r->down_revisions)
            if (const auto* p = graph.find(d); p && seen.insert(p->revision).second) todo.push_back(p);
    }
    return seen;
}

std::vector<std::string> resolved_dependencies(const alembic::Graph& graph, const alembic::Revision& r) {
    std::vector<std::string> out;
    for (const auto& d : r.depends_on)
        if (const auto* p = resolve(graph, d)) out.push_back(p->revision);
    return out;
}

// Alembic's Revision._normalized_down_revisions: down_revision plus the dependencies that no
// down_revision ancestor already depends on.
std::vector<std::string> normalized_down(const alembic::Graph& graph, const alembic::Revision& r) {
    std::vector<std::string> out = r.down_revisions;
    std::vector<std::string> deps = resolved_dependencies(graph, r);
    if (!deps.empty()) {
        std::set<std::string> inherited;
        for (const auto& a : down_ancestors(graph, r))
            if (const auto* p = graph.find(a))
                for (const auto& d : resolved_dependencies(graph, *p)) inherited.insert(d);
        for (const auto& d : deps)
            if (!inherited.count(d) && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
    }
    return out;
}

std::set<std::string> all_ancestors(const alembic::Graph& graph, const std::vector<std::string>& heads) {
    std::set<std::string> out;
    for (const auto& h : heads)
        for (const auto* r : graph.ancestors(h)) out.insert(r->revision);
    return out;
}

std::string history_insert(const alembic::Revision& r, const RevisionRecords& records, const std::string& applied_by,
                           long long execution_ms) {
    auto it = records.find(r.revision);
    std::string sha = it == records.end() ? std::string() : it->second.sha256;
    std::string reviewed_by = it == records.end() ? std::string() : it->second.reviewed_by;
    return "INSERT INTO mig_guard.history (revision, sha256, applied_by, reviewed_by, execution_ms) VALUES (" +
           literal(r.revision) + ", " + literal(sha) + ", " + literal(applied_by) + ", " + literal(reviewed_by) + ", " +
           std::to_string(execution_ms) + ")";
}

std::vector<std::string> timeout_statements(const ApplyOptions& options) {
    return {"SET LOCAL lock_timeout = " + std::to_string(options.lock_timeout_ms),
            "SET LOCAL statement_timeout = " + std::to_string(options.statement_timeout_ms)};
}

// "dbuser (Git Name <email>)": who ran apply, as the database and as a person.
std::string applied_by_text(const DatabaseState& state, const ApplyOptions& options) {
    if (options.applied_by.empty()) return state.user;
    return state.user + " (" + options.applied_by + ")";
}

SourceLocation location_of(const alembic::Revision& r, const SourceLocation& at) {
    if (!at.file.empty()) return at;
    if (!r.revision_location.file.empty()) return r.revision_location;
    return {r.path, 0, 0};
}

const char* const k_create_version_table =
    "CREATE TABLE IF NOT EXISTS alembic_version (\n"
    "    version_num VARCHAR(32) NOT NULL, \n"
    "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
    ")";

// mig-guard's bookkeeping lives in a schema of its own, which Alembic's autogenerate (the
// default schema only, unless include_schemas) never compares with the models.
const char* const k_create_schema = "CREATE SCHEMA IF NOT EXISTS mig_guard";

// Earlier versions kept the history in the default schema, where autogenerate proposed
// dropping it: moved with its rows (its identity sequence and index go along).
const char* const k_move_legacy_history[] = {
    "ALTER TABLE public.mig_guard_history SET SCHEMA mig_guard",
    "ALTER TABLE mig_guard.mig_guard_history RENAME TO history",
};

const char* const k_create_history_table =
    "CREATE TABLE IF NOT EXISTS mig_guard.history (\n"
    "    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \n"
    "    revision VARCHAR(255) NOT NULL, \n"
    "    sha256 VARCHAR(64) NOT NULL, \n"
    "    applied_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, \n"
    "    applied_by TEXT NOT NULL, \n"
    "    reviewed_by TEXT NOT NULL, \n"
    "    execution_ms INTEGER NOT NULL\n"
    ")";

}  // namespace

DatabaseState read_state(Session& session) {
    DatabaseState state;
    auto rows = session.query(
        "SELECT to_regclass('alembic_version') IS NOT NULL, to_regclass('mig_guard.history') IS NOT NULL, "
        "current_user::text, to_regclass('public.mig_guard_history') IS NOT NULL");
    state.has_version_table = rows.at(0)[0].value_or("f") == "t";
    state.has_history_table = rows.at(0)[1].value_or("f") == "t";
    state.user = rows.at(0)[2].value_or("");
    state.has_legacy_history_table = !state.has_history_table && rows.at(0)[3].value_or("f") == "t";
    if (state.has_version_table)
        for (const auto& row : session.query("SELECT version_num FROM alembic_version ORDER BY version_num"))
            if (row[0]) state.heads.push_back(*row[0]);
    // Before the legacy table is moved (--dry-run, --sql), its rows are the history.
    if (state.has_history_table || state.has_legacy_history_table)
        for (const auto& row : session.query(std::string("SELECT DISTINCT ON (revision) revision, sha256 FROM ") +
                                             (state.has_history_table ? "mig_guard.history" : "public.mig_guard_history") +
                                             " ORDER BY revision, id DESC"))
            if (row[0] && row[1]) state.history_sha[*row[0]] = *row[1];
    return state;
}

std::vector<std::string> table_statements(const DatabaseState& state) {
    std::vector<std::string> out;
    if (!state.has_version_table) out.emplace_back(k_create_version_table);
    if (!state.has_history_table) {
        out.emplace_back(k_create_schema);
        if (state.has_legacy_history_table)
            for (const char* statement : k_move_legacy_history) out.emplace_back(statement);
        else
            out.emplace_back(k_create_history_table);
    }
    return out;
}

void ensure_tables(Session& session) {
    // One transaction, under the caller's advisory lock: another apply sees the tables moved
    // and created, or not at all.
    session.execute("BEGIN");
    try {
        DatabaseState state = read_state(session);
        for (const auto& statement : table_statements(state)) session.execute(statement);
        session.execute("COMMIT");
    } catch (...) {
        try {
            session.execute("ROLLBACK");
        } catch (const SqlError&) {
        }
        throw;
    }
}

Plan make_plan(const alembic::Graph& graph, const DatabaseState& state, const std::string& target,
               const RevisionRecords& records) {
    Plan plan;
    plan.current = state.heads;
    for (const auto& h : state.heads)
        if (!graph.find(h))
            plan.refusals.push_back(
                {"unknown-revision", {}, "the database is at revision " + h + ", which this repository does not know",
                 "apply from a checkout that has it (git fetch && git checkout the deployed commit), or check "
                 "--database-url"});
    plan.applied = all_ancestors(graph, state.heads);

    for (const auto& id : plan.applied) {
        auto h = state.history_sha.find(id);
        auto rec = records.find(id);
        if (h == state.history_sha.end() || rec == records.end() || h->second == rec->second.sha256) continue;
        const auto* r = graph.find(id);
        plan.refusals.push_back(
            {"MG103", location_of(*r, {}),
             "revision " + id + " was edited after it was applied: applied with sha256 " + h->second +
                 ", the file now has sha256 " + rec->second.sha256,
             "restore the file as it was applied (git log -p -- " + r->path +
                 ") and put the change in a new revision"});
    }
    if (!plan.refusals.empty()) return plan;

    std::set<std::string> wanted;
    if (target.empty()) {
        wanted = all_ancestors(graph, graph.heads);
    } else if (const auto* t = resolve(graph, target)) {
        wanted = all_ancestors(graph, {t->revision});
    }
    for (const auto* r : graph.topological())
        if (wanted.count(r->revision) && !plan.applied.count(r->revision)) plan.pending.push_back(r);
    return plan;
}

std::vector<std::string> version_statements(const alembic::Graph& graph, std::set<std::string>& heads,
                                            const alembic::Revision& revision) {
    const std::string& id = revision.revision;
    auto insert = [&](const std::string& v) {
        heads.insert(v);
        return "INSERT INTO alembic_version (version_num) VALUES (" + literal(v) + ")";
    };
    auto update = [&](const std::string& from, const std::string& to) {
        heads.erase(from);
        heads.insert(to);
        return "UPDATE alembic_version SET version_num=" + literal(to) +
               " WHERE alembic_version.version_num = " + literal(from);
    };
    auto remove = [&](const std::string& v) {
        heads.erase(v);
        return "DELETE FROM alembic_version WHERE alembic_version.version_num = " + literal(v);
    };

    std::vector<std::string> downs = normalized_down(graph, revision);
    std::vector<std::string> present;
    for (const auto& d : downs)
        if (heads.count(d)) present.push_back(d);
    if (downs.empty() || present.empty()) return {insert(id)};
    if (downs.size() > 1 && present.size() > 1) {
        // A merge: the parents that are not ancestors of another remaining head are replaced
        // by this revision (one updated, the others deleted).
        std::vector<std::string> others;
        for (const auto& h : heads)
            if (std::find(downs.begin(), downs.end(), h) == downs.end()) others.push_back(h);
        std::set<std::string> covered = all_ancestors(graph, others);
        std::vector<std::string> from;
        for (const auto& d : present)
            if (!covered.count(d)) from.push_back(d);
        if (from.empty()) return {insert(id)};
        std::vector<std::string> out;
        for (size_t i = 0; i + 1 < from.size(); ++i) out.push_back(remove(from[i]));
        out.push_back(update(from.back(), id));
        return out;
    }
    return {update(present.front(), id)};
}

std::optional<SourceLocation> opaque_op(const alembic::Revision& revision) {
    for (const auto& op : revision.upgrade)
        if (op.is<schema::Opaque>()) return location_of(revision, op.location);
    return std::nullopt;
}

std::vector<std::string> plan_sql(const alembic::Graph& graph, const DatabaseState& state, const Plan& plan,
                                  const RevisionRecords& records, const ApplyOptions& options) {
    std::vector<std::string> out = table_statements(state);
    std::set<std::string> heads(state.heads.begin(), state.heads.end());
    std::string applied_by = applied_by_text(state, options);
    bool single = options.transactions == Transactions::single;
    if (single) {
        out.emplace_back("BEGIN");
        for (auto& s : timeout_statements(options)) out.push_back(std::move(s));
    }
    for (const auto* r : plan.pending) {
        std::string from;
        for (const auto& d : r->down_revisions) from += (from.empty() ? "" : ", ") + d;
        out.push_back("-- Running upgrade " + from + " -> " + r->revision);
        if (auto at = opaque_op(*r)) {
            out.push_back("-- " + r->revision + " has code only Alembic can run (" + at->str() +
                          "): with --runner alembic, `alembic upgrade " + r->revision + "` runs it here");
            version_statements(graph, heads, *r);
            continue;
        }
        if (!single) {
            out.emplace_back("BEGIN");
            for (auto& s : timeout_statements(options)) out.push_back(std::move(s));
        }
        for (const auto& op : r->upgrade)
            for (auto& s : sql::render(op, options.render)) {
                bool outside = detail::needs_autocommit(s);
                if (outside) out.emplace_back("COMMIT");
                out.push_back(std::move(s));
                if (outside) {
                    out.emplace_back("BEGIN");
                    for (auto& t : timeout_statements(options)) out.push_back(std::move(t));
                }
            }
        for (auto& s : version_statements(graph, heads, *r)) out.push_back(std::move(s));
        out.push_back(history_insert(*r, records, applied_by, 0));
        if (!single) out.emplace_back("COMMIT");
    }
    if (single) out.emplace_back("COMMIT");
    return out;
}

ApplyReport apply_plan(Session& session, const alembic::Graph& graph, const Plan& plan, const RevisionRecords& records,
                       const ApplyOptions& options) {
    auto start = Clock::now();
    ApplyReport report;
    DatabaseState state = read_state(session);
    std::set<std::string> heads(state.heads.begin(), state.heads.end());
    std::string applied_by = applied_by_text(state, options);
    bool single = options.transactions == Transactions::single;
    bool open = false;  // a transaction is open on the session

    auto begin = [&] {
        session.execute("BEGIN");
        for (const auto& s : timeout_statements(options)) session.execute(s);
        open = true;
    };
    auto rollback = [&] {
        if (!open) return;
        open = false;
        try {
            session.execute("ROLLBACK");
        } catch (const SqlError&) {
        }
    };
    auto fail = [&](const alembic::Revision& r, const SourceLocation& at, const std::string& statement,
                    const std::string& message, const std::string& sqlstate) {
        rollback();
        if (single) report.applied.clear();  // rolled back with the failing one
        report.failure = ApplyFailure{r.revision, location_of(r, at), statement, message, sqlstate};
        report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return report;
    };
    // Runs one statement; PostgreSQL's rejection is returned as (message, sqlstate).
    auto run = [&](const std::string& statement) -> std::optional<std::pair<std::string, std::string>> {
        try {
            if (detail::needs_autocommit(statement)) {
                // Outside a transaction block, as Alembic's autocommit_block does.
                session.execute("COMMIT");
                open = false;
                session.execute(statement);
                begin();
            } else {
                session.execute(statement);
            }
            return std::nullopt;
        } catch (const SqlError& e) {
            return std::make_pair(detail::full_message(e), e.sqlstate());
        }
    };

    if (single) begin();
    for (const alembic::Revision* r : plan.pending) {
        if (options.on_start) options.on_start(*r);
        auto t0 = Clock::now();
        if (auto at = opaque_op(*r)) {
            if (!options.external || single)
                return fail(*r, *at, "",
                            "revision " + r->revision + " has code mig-guard cannot run" +
                                (single ? " inside --single-transaction" : ""),
                            "");
            std::string problem = options.external(*r);
            if (!problem.empty()) return fail(*r, *at, "alembic upgrade " + r->revision, problem, "");
            DatabaseState after = read_state(session);
            std::set<std::string> applied = all_ancestors(graph, after.heads);
            if (!applied.count(r->revision))
                return fail(*r, *at, "alembic upgrade " + r->revision,
                            "Alembic finished but alembic_version does not include " + r->revision, "");
            heads = std::set<std::string>(after.heads.begin(), after.heads.end());
            double ms = ms_since(t0);
            begin();
            session.execute(history_insert(*r, records, applied_by, std::llround(ms)));
            session.execute("COMMIT");
            open = false;
            report.applied.push_back(r->revision);
            if (options.on_done) options.on_done(*r, ms);
            continue;
        }

        if (!single) begin();
        std::set<std::string> new_heads = heads;
        for (const auto& op : r->upgrade)
            for (const auto& statement : sql::render(op, options.render))
                if (auto error = run(statement)) return fail(*r, op.location, statement, error->first, error->second);
        for (const auto& statement : version_statements(graph, new_heads, *r)) {
            // UPDATE and DELETE must match exactly one row, as Alembic checks.
            bool counted = statement.rfind("INSERT", 0) != 0;
            try {
                if (counted) {
                    auto rows = session.query(statement + " RETURNING version_num");
                    if (rows.size() != 1)
                        return fail(*r, {}, statement,
                                    "expected to match one row of alembic_version, " + std::to_string(rows.size()) +
                                        " found (was the database changed meanwhile?)",
                                    "");
                } else {
                    session.execute(statement);
                }
            } catch (const SqlError& e) {
                return fail(*r, {}, statement, detail::full_message(e), e.sqlstate());
            }
        }
        double ms = ms_since(t0);
        std::string insert = history_insert(*r, records, applied_by, std::llround(ms));
        try {
            session.execute(insert);
            if (!single) {
                session.execute("COMMIT");
                open = false;
            }
        } catch (const SqlError& e) {
            return fail(*r, {}, single ? insert : "COMMIT", detail::full_message(e), e.sqlstate());
        }
        heads = std::move(new_heads);
        report.applied.push_back(r->revision);
        if (options.on_done) options.on_done(*r, ms);
    }
    if (single) {
        try {
            session.execute("COMMIT");
            open = false;
        } catch (const SqlError& e) {
            if (!plan.pending.empty()) return fail(*plan.pending.back(), {}, "COMMIT", detail::full_message(e), e.sqlstate());
        }
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report;
}

std::string lock_holder(Session& session) {
    auto rows = session.query(
        "SELECT a.pid::text, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local socket'), "
        "a.backend_start::text, coalesce(a.usename::text, '') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1::bigint::oid "
        "AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND a.pid <> pg_backend_pid()",
        {std::to_string(k_lock_key)});
    if (rows.empty()) return "";
    const auto& r = rows.front();
    return "pid " + r[0].value_or("?") + ", application '" + r[1].value_or("") + "', user " + r[4].value_or("?") +
           ", client " + r[2].value_or("?") + ", connected since " + r[3].value_or("?");
}

AdvisoryLock::AdvisoryLock(Session& session, double wait_seconds, const std::function<void(const std::string&)>& on_wait)
    : m_session(session) {
    auto start = Clock::now();
    bool told = false;
    for (auto pause = std::chrono::milliseconds(20);; pause = std::min(pause * 2, std::chrono::milliseconds(500))) {
        auto rows = session.query("SELECT pg_try_advisory_lock($1::bigint)", {std::to_string(k_lock_key)});
        if (!rows.empty() && rows[0][0].value_or("f") == "t") return;
        double waited = std::chrono::duration<double>(Clock::now() - start).count();
        if (waited >= wait_seconds) {
            std::string holder = lock_holder(session);
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.0f", wait_seconds);
            throw Error(ExitCode::gate_failed,
                        std::string("another mig-guard apply holds the lock on this database (waited ") + buf +
                            " s): " + (holder.empty() ? "the holder has just let go" : holder),
                        "wait for it to finish, or raise --lock-wait; if it hangs, end it with "
                        "SELECT pg_terminate_backend(pid)");
        }
        if (!told && on_wait) {
            std::string holder = lock_holder(session);
            on_wait(holder.empty() ? "another session" : holder);
            told = true;
        }
        std::this_thread::sleep_for(pause);
    }
}

AdvisoryLock::~AdvisoryLock() {
    try {
        m_session.query("SELECT pg_advisory_unlock($1::bigint)", {std::to_string(k_lock_key)});
    } catch (...) {
        // Closing the session releases it anyway.
    }
}

std::string redact_conninfo(const std::string& url) {
    // scheme://user:password@host -> scheme://user:***@host; password=... -> password=***
    static const std::regex url_password(R"(^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*):[^@/?#]*@)");
    static const std::regex kv_password(R"((^|[\s&?])password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&]*))");
    std::string out = std::regex_replace(url, url_password, "$1:***@");
    return std::regex_replace(out, kv_password, "$1password=***");
}

}  // namespace mig_guard::pg
