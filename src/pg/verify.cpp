#include "mig_guard/pg/verify.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "runner.hpp"

namespace mig_guard::pg {

namespace {

using detail::full_message;
using detail::needs_autocommit;

const char* const k_digest_sql = R"SQL(
SELECT coalesce(md5(string_agg(x, E'\n' ORDER BY x)), '') FROM (
  SELECT 'column ' || n.nspname || '.' || c.relname || '.' || a.attname || ' ' ||
         format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text || ' ' ||
         coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' ' || a.attidentity::text || a.attgenerated::text || ' ' ||
         coalesce(col_description(c.oid, a.attnum), '-')
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
     AND c.relname NOT IN ('alembic_version', 'mig_guard_history')
  UNION ALL
  SELECT 'table ' || n.nspname || '.' || c.relname || ' ' || coalesce(obj_description(c.oid, 'pg_class'), '-')
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND n.nspname NOT LIKE 'pg\_toast%' AND c.relname NOT IN ('alembic_version', 'mig_guard_history')
  UNION ALL
  SELECT 'constraint ' || n.nspname || '.' || c.relname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
    FROM pg_constraint co
    JOIN pg_class c ON c.oid = co.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
     AND c.relname NOT IN ('alembic_version', 'mig_guard_history')
  UNION ALL
  SELECT 'index ' || n.nspname || ' ' || pg_get_indexdef(x.indexrelid)
    FROM pg_index x
    JOIN pg_class c ON c.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
     AND c.relname NOT IN ('alembic_version', 'mig_guard_history')
  UNION ALL
  SELECT 'enum ' || n.nspname || '.' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
   GROUP BY n.nspname, t.typname
) s(x)
)SQL";

class Runner {
public:
    Runner(Session& session, const sql::RenderOptions& render) : m_session(session), m_render(render) {}

    // Runs `ops` of `revision` in one transaction (autocommit statements between). Returns the
    // failure, if any; the transaction is rolled back then.
    std::optional<VerifyFailure> run(const alembic::Revision& revision, const schema::Ops& ops, const std::string& step) {
        m_session.execute("BEGIN");
        for (const auto& op : ops) {
            if (op.is<schema::Opaque>()) continue;
            for (const auto& statement : sql::render(op, m_render)) {
                try {
                    if (needs_autocommit(statement)) {
                        m_session.execute("COMMIT");
                        m_session.execute(statement);
                        m_session.execute("BEGIN");
                    } else {
                        m_session.execute(statement);
                    }
                } catch (const SqlError& e) {
                    try {
                        m_session.execute("ROLLBACK");
                    } catch (const SqlError&) {
                    }
                    VerifyFailure f;
                    f.revision = revision.revision;
                    f.step = step;
                    f.location = op.location;
                    if (f.location.file.empty()) f.location = {revision.path, 0, 0};
                    f.statement = statement;
                    f.message = full_message(e);
                    f.sqlstate = e.sqlstate();
                    return f;
                }
            }
        }
        m_session.execute("COMMIT");
        return std::nullopt;
    }

private:
    Session& m_session;
    const sql::RenderOptions& m_render;
};

bool has_opaque(const alembic::Revision& r, SourceLocation* where) {
    for (const auto* ops : {&r.upgrade, &r.downgrade})
        for (const auto& op : *ops)
            if (op.is<schema::Opaque>()) {
                if (where) *where = op.location.file.empty() ? SourceLocation{r.path, 0, 0} : op.location;
                return true;
            }
    return false;
}

// Drops the scratch databases on every exit path.
class ScratchDatabases {
public:
    explicit ScratchDatabases(Server& server) : m_server(server) {}
    ~ScratchDatabases() {
        for (const auto& name : m_names) {
            try {
                m_server.drop_database(name);
            } catch (...) {
                // The server itself is thrown away; a leftover database is harmless.
            }
        }
    }
    std::string create(std::string_view hint) {
        m_names.push_back(m_server.create_database(hint));
        return m_names.back();
    }

private:
    Server& m_server;
    std::vector<std::string> m_names;
};

}  // namespace

std::string catalog_digest(Session& session) {
    auto rows = session.query(k_digest_sql);
    return rows.empty() || !rows[0][0] ? std::string() : *rows[0][0];
}

VerifyReport verify(Server& server, const alembic::Graph& graph, const schema::Schema& models,
                    const VerifyOptions& options) {
    auto start = std::chrono::steady_clock::now();
    VerifyReport report;
    ScratchDatabases scratch(server);

    // The models, created directly.
    std::string models_db = scratch.create("models");
    Session models_session(server.conninfo(models_db));
    {
        models_session.execute("BEGIN");
        for (const auto& statement : sql::create_all(models, options.render)) {
            try {
                models_session.execute(statement);
            } catch (const SqlError& e) {
                VerifyFailure f;
                f.step = "models";
                f.statement = statement;
                f.message = full_message(e);
                f.sqlstate = e.sqlstate();
                report.failure = f;
                report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                return report;
            }
        }
        models_session.execute("COMMIT");
    }

    // The chain, revision by revision, with the round trips.
    std::string chain_db = scratch.create("chain");
    Session session(server.conninfo(chain_db));
    // The catalog digest runs twice per revision; JIT compiling it costs more than it saves.
    session.execute("SET jit = off");
    Runner runner(session, options.render);
    std::set<std::string> round_trip(options.round_trip.begin(), options.round_trip.end());
    std::vector<const alembic::Revision*> applied;
    for (const alembic::Revision* r : graph.topological()) {
        SourceLocation opaque_at;
        bool opaque = has_opaque(*r, &opaque_at);
        if (opaque) report.unverifiable.emplace_back(r->revision, opaque_at);
        bool check_round_trip = !options.skip_round_trips && !opaque && (round_trip.empty() || round_trip.count(r->revision));
        std::string before = check_round_trip ? catalog_digest(session) : std::string();

        if (auto f = runner.run(*r, r->upgrade, "upgrade")) {
            report.failure = f;
            break;
        }
        ++report.revisions_applied;
        if (check_round_trip) {
            if (auto f = runner.run(*r, r->downgrade, "downgrade")) {
                report.failure = f;
                break;
            }
            if (catalog_digest(session) != before) {
                // Rebuild the state before the revision in a scratch database to say what differs.
                RoundTripMismatch m;
                m.revision = r->revision;
                m.location = r->revision_location.file.empty() ? SourceLocation{r->path, 0, 0} : r->revision_location;
                std::string before_db = scratch.create("before");
                Session before_session(server.conninfo(before_db));
                Runner before_runner(before_session, options.render);
                for (const auto* earlier : applied) before_runner.run(*earlier, earlier->upgrade, "upgrade");
                m.differences = compare(introspect(before_session), introspect(session));
                report.round_trips.push_back(std::move(m));
            }
            if (auto f = runner.run(*r, r->upgrade, "upgrade again")) {
                report.failure = f;
                break;
            }
            ++report.round_trips_checked;
        }
        applied.push_back(r);
    }

    if (!report.failure) report.model_differences = compare(introspect(session), introspect(models_session));
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace mig_guard::pg
