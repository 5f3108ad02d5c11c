// Verification: the chain in one database, the models in another, and a catalog digest before
// each revision's upgrade and after its downgrade.
//
// Where the time went (500 revisions, 200 tables): the digest ran twice per revision over the
// whole catalog, planned afresh each time, about 9 ms a call, 80% of the run. It now covers only
// the tables a revision's ops can change (plus the tables whose foreign keys point at them, and
// inheritance children), runs as a prepared statement, and takes a fraction of a millisecond;
// SQL as written and enum recreation still digest the whole catalog. A revision's statements go
// to the server as one simple query in one transaction; when PostgreSQL rejects it, the
// transaction is rolled back and the statements run again one at a time, so that the failure is
// reported for exactly the statement and op that caused it. The models' database is built by a
// second server process while the chain runs.
#include "mig_guard/pg/verify.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <set>
#include <type_traits>
#include <variant>

#include "runner.hpp"

namespace mig_guard::pg {

namespace {

using detail::full_message;
using detail::needs_autocommit;

// The relations the digest covers, as `rel(oid, qname)`: every table.
const char* const k_digest_every_table = R"SQL(
  SELECT c.oid, n.nspname || '.' || c.relname AS qname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND n.nspname NOT LIKE 'pg\_toast%' AND c.relname NOT IN ('alembic_version', 'mig_guard_history')
)SQL";

// ... or the tables named $1 (any schema), the tables of the indexes named $2, their inheritance
// children and partitions, and the tables whose foreign keys reference any of these (their
// constraint texts name the referenced table and columns). Lookups by name and oid go through
// the catalogs' indexes, so the cost follows the scope, not the catalog.
const char* const k_digest_scoped_tables = R"SQL(
  SELECT c.oid, n.nspname || '.' || c.relname AS qname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.oid = ANY(ARRAY(
           WITH RECURSIVE named(oid) AS (
             SELECT t.oid FROM pg_class t WHERE t.relname = ANY($1::name[])
             UNION
             SELECT x.indrelid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
              WHERE i.relname = ANY($2::name[])
             UNION
             SELECT h.inhrelid FROM pg_inherits h JOIN named ON h.inhparent = named.oid
           )
           SELECT oid FROM named
           UNION
           SELECT f.conrelid FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid IN (SELECT oid FROM named)))
     AND c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND n.nspname NOT LIKE 'pg\_toast%' AND c.relname NOT IN ('alembic_version', 'mig_guard_history')
)SQL";

// One line per table, column, constraint and index of `rel`, and per enum type (always all of
// them: there are few), sorted and hashed on the server.
const char* const k_digest_lines = R"SQL(
SELECT coalesce(md5(string_agg(x, E'\n' ORDER BY x)), '') FROM (
  SELECT 'table ' || r.qname || ' ' || coalesce(d.description, '-')
    FROM rel r
    LEFT JOIN pg_description d ON d.objoid = r.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
  UNION ALL
  SELECT 'column ' || r.qname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' ||
         a.attnotnull::text || ' ' || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '-') || ' ' ||
         a.attidentity::text || a.attgenerated::text || ' ' || coalesce(d.description, '-')
    FROM rel r
    JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass
                              AND d.objsubid = a.attnum
  UNION ALL
  SELECT 'constraint ' || r.qname || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid)
    FROM rel r JOIN pg_constraint co ON co.conrelid = r.oid
  UNION ALL
  SELECT 'index ' || r.qname || ' ' || pg_get_indexdef(x.indexrelid)
    FROM rel r JOIN pg_index x ON x.indrelid = r.oid
  UNION ALL
  SELECT 'enum ' || n.nspname || '.' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
    FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid
    JOIN pg_namespace n ON n.oid = t.typnamespace
   GROUP BY n.nspname, t.typname
) s(x)
)SQL";

std::string digest_sql(const char* tables) { return std::string("WITH rel AS (") + tables + ")" + k_digest_lines; }

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

// ARRAY['a', 'b']::name[] (name truncates as PostgreSQL does identifiers).
std::string name_array(const std::vector<std::string>& names) {
    std::string out = "ARRAY[";
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + literal(names[i]);
    return out + "]::name[]";
}

// The same, in array input syntax, for a text parameter: {"a","b"}.
std::string array_input(const std::vector<std::string>& names) {
    std::string out = "{";
    for (size_t i = 0; i < names.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char c : names[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string first_cell(const std::vector<Row>& rows) {
    return rows.empty() || rows[0].empty() || !rows[0][0] ? std::string() : *rows[0][0];
}

template <class T, class... U> constexpr bool k_one_of = (std::is_same_v<T, U> || ...);

// What a revision's ops can change in the catalog, for a digest of just that. nullopt: SQL as
// written (anything), and enum types recreated under a new name with their columns converted.
std::optional<DigestScope> scope_of(const alembic::Revision& revision) {
    DigestScope scope;
    bool whole = false;
    auto table = [&](const std::string& name) {
        if (!name.empty()) scope.tables.push_back(name);
    };
    for (const auto* ops : {&revision.upgrade, &revision.downgrade})
        for (const auto& op : *ops)
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (k_one_of<T, schema::CreateTable, schema::DropTable>) {
                        table(v.table.name);
                        for (const auto& fk : v.table.foreign_keys) table(fk.ref_table);
                    } else if constexpr (std::is_same_v<T, schema::RenameTable>) {
                        table(v.old_name);
                        table(v.new_name);
                    } else if constexpr (std::is_same_v<T, schema::CreateForeignKey>) {
                        table(v.table);
                        table(v.constraint.ref_table);
                    } else if constexpr (std::is_same_v<T, schema::DropIndex>) {
                        // DROP INDEX names no table (Alembic's table_name is not checked):
                        // the digest takes whichever table holds an index of that name.
                        table(v.table);
                        if (v.index.name.empty()) whole = true;
                        else scope.indexes.push_back(schema::final_name(v.index.name));
                    } else if constexpr (k_one_of<T, schema::CreateEnum, schema::DropEnum>) {
                        // Enum types are always digested whole; DROP TYPE without CASCADE
                        // fails rather than change a table.
                    } else if constexpr (k_one_of<T, schema::AlterEnum, schema::Execute, schema::Opaque>) {
                        whole = true;
                    } else {
                        table(v.table);
                        if (v.table.empty()) whole = true;
                    }
                },
                op.value);
    if (whole) return std::nullopt;
    for (auto* names : {&scope.tables, &scope.indexes}) {
        std::sort(names->begin(), names->end());
        names->erase(std::unique(names->begin(), names->end()), names->end());
    }
    return scope;
}

// catalog_digest on one session, through prepared statements: planning the digest query
// costs more than running it on a small scope, and the planner, which cannot know that the
// arrays are short, would go on planning it for each call.
class Digester {
public:
    explicit Digester(Session& session) : m_session(session) {
        m_session.execute("SET plan_cache_mode = force_generic_plan");
        m_session.execute("PREPARE mg_verify_digest_all AS " + digest_sql(k_digest_every_table));
        m_session.execute("PREPARE mg_verify_digest_scoped(name[], name[]) AS " + digest_sql(k_digest_scoped_tables));
    }
    std::string operator()(const std::optional<DigestScope>& scope) {
        if (!scope) return first_cell(m_session.query("EXECUTE mg_verify_digest_all"));
        return first_cell(m_session.query("EXECUTE mg_verify_digest_scoped(" + name_array(scope->tables) + ", " +
                                          name_array(scope->indexes) + ")"));
    }

private:
    Session& m_session;
};

// A rendered statement and the op it comes from.
struct Statement {
    const schema::Op* op;
    std::string sql;
};

class Runner {
public:
    Runner(Session& session, const sql::RenderOptions& render) : m_session(session), m_render(render) {}

    // Runs `ops` of `revision` in one transaction (autocommit statements between). Returns the
    // failure, if any; the transaction is rolled back then.
    std::optional<VerifyFailure> run(const alembic::Revision& revision, const schema::Ops& ops, const std::string& step) {
        std::vector<Statement> statements;
        bool batch = true;
        for (const auto& op : ops) {
            if (op.is<schema::Opaque>()) continue;
            for (auto& statement : sql::render(op, m_render)) {
                // SQL as written may hold its own transaction control or comments: it runs on
                // its own, as do the statements that must run outside a transaction block.
                if (op.is<schema::Execute>() || needs_autocommit(statement)) batch = false;
                statements.push_back({&op, std::move(statement)});
            }
        }
        if (batch) {
            std::string text = "BEGIN;\n";
            for (const auto& s : statements) text += s.sql + "\n;\n";
            text += "COMMIT";
            try {
                m_session.execute(text);
                return std::nullopt;
            } catch (const SqlError&) {
                rollback();
                // One statement at a time from the same state finds the one that fails.
            }
        }
        return run_each(revision, statements, step);
    }

private:
    void rollback() {
        try {
            m_session.execute("ROLLBACK");
        } catch (const SqlError&) {
        }
    }

    std::optional<VerifyFailure> run_each(const alembic::Revision& revision, const std::vector<Statement>& statements,
                                          const std::string& step) {
        m_session.execute("BEGIN");
        for (const auto& [op, statement] : statements) {
            try {
                if (needs_autocommit(statement)) {
                    m_session.execute("COMMIT");
                    m_session.execute(statement);
                    m_session.execute("BEGIN");
                } else {
                    m_session.execute(statement);
                }
            } catch (const SqlError& e) {
                rollback();
                VerifyFailure f;
                f.revision = revision.revision;
                f.step = step;
                f.location = op->location;
                if (f.location.file.empty()) f.location = {revision.path, 0, 0};
                f.statement = statement;
                f.message = full_message(e);
                f.sqlstate = e.sqlstate();
                return f;
            }
        }
        m_session.execute("COMMIT");
        return std::nullopt;
    }

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

// The models' schema in `session`, in one transaction; on a rejection, the statement and
// PostgreSQL's message.
std::optional<VerifyFailure> create_models(Session& session, const std::vector<std::string>& statements) {
    std::string text = "BEGIN;\n";
    for (const auto& s : statements) text += s + "\n;\n";
    text += "COMMIT";
    try {
        session.execute(text);
        return std::nullopt;
    } catch (const SqlError&) {
        try {
            session.execute("ROLLBACK");
        } catch (const SqlError&) {
        }
    }
    session.execute("BEGIN");
    for (const auto& statement : statements) {
        try {
            session.execute(statement);
        } catch (const SqlError& e) {
            VerifyFailure f;
            f.step = "models";
            f.statement = statement;
            f.message = full_message(e);
            f.sqlstate = e.sqlstate();
            return f;
        }
    }
    session.execute("COMMIT");
    return std::nullopt;
}

}  // namespace

std::string catalog_digest(Session& session) { return first_cell(session.query(digest_sql(k_digest_every_table))); }

std::string catalog_digest(Session& session, const DigestScope& scope) {
    return first_cell(
        session.query(digest_sql(k_digest_scoped_tables), {array_input(scope.tables), array_input(scope.indexes)}));
}

std::optional<DigestScope> digest_scope(const alembic::Revision& revision) { return scope_of(revision); }

VerifyReport verify(Server& server, const alembic::Graph& graph, const schema::Schema& models,
                    const VerifyOptions& options) {
    auto start = std::chrono::steady_clock::now();
    VerifyReport report;
    ScratchDatabases scratch(server);

    // The models, created directly, in a second server process while the chain runs.
    std::string models_db = scratch.create("models");
    std::string chain_db = scratch.create("chain");
    Session models_session(server.conninfo(models_db));
    Session session(server.conninfo(chain_db));
    auto models_created = std::async(std::launch::async, [&] {
        return create_models(models_session, sql::create_all(models, options.render));
    });
    // Waits for the models on every exit path (they use `models_session`).
    struct Join {
        std::future<std::optional<VerifyFailure>>& future;
        ~Join() {
            if (future.valid()) future.wait();
        }
    } join{models_created};

    // JIT compiling the catalog queries costs more than it saves.
    session.execute("SET jit = off");
    Runner runner(session, options.render);
    Digester digest(session);
    std::set<std::string> round_trip(options.round_trip.begin(), options.round_trip.end());
    std::vector<const alembic::Revision*> applied;
    for (const alembic::Revision* r : graph.topological()) {
        SourceLocation opaque_at;
        bool opaque = has_opaque(*r, &opaque_at);
        if (opaque) report.unverifiable.emplace_back(r->revision, opaque_at);
        bool check_round_trip = !options.skip_round_trips && !opaque && (round_trip.empty() || round_trip.count(r->revision));
        std::optional<DigestScope> scope = check_round_trip ? scope_of(*r) : std::nullopt;
        std::string before = check_round_trip ? digest(scope) : std::string();

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
            if (digest(scope) != before) {
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

    // A schema the models cannot create is reported before anything the chain found.
    if (auto f = models_created.get()) {
        report = VerifyReport{};
        report.failure = f;
    } else if (!report.failure) {
        report.model_differences = compare(introspect(session), introspect(models_session));
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace mig_guard::pg
