// Verification in a real PostgreSQL (SPEC section 2, `verify`): the whole revision chain
// applied to an empty database must produce the catalog that the models produce directly, and
// every revision must upgrade, downgrade back to exactly the catalog before it, and upgrade again.
//
// Each revision's SQL comes from the SQL renderer (`op.execute` SQL as written); a revision
// with opaque code cannot be run this way and is reported as unverifiable (MG202) unless a
// runner for it is given.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mig_guard/alembic/graph.hpp"
#include "mig_guard/pg/catalog.hpp"
#include "mig_guard/pg/server.hpp"
#include "mig_guard/schema/schema.hpp"
#include "mig_guard/sql/render.hpp"

namespace mig_guard::pg {

// A statement PostgreSQL rejected, mapped back to the revision and op that produced it.
struct VerifyFailure {
    std::string revision;        // id
    std::string step;            // "upgrade", "downgrade", "upgrade again", "models"
    SourceLocation location;     // the op in the revision file (file:line:col), or the revision itself
    std::string statement;       // the SQL that failed
    std::string message;         // PostgreSQL's message, with detail and hint
    std::string sqlstate;
};

// A revision whose downgrade does not return to the catalog before its upgrade.
struct RoundTripMismatch {
    std::string revision;
    SourceLocation location;
    std::vector<Difference> differences;  // left: before upgrade, right: after downgrade
};

struct VerifyReport {
    std::optional<VerifyFailure> failure;              // the first failing statement; verification stops there
    std::vector<Difference> model_differences;         // left: the migrated chain, right: the models
    std::vector<RoundTripMismatch> round_trips;
    std::vector<std::pair<std::string, SourceLocation>> unverifiable;  // revision id, the opaque op (MG202)
    size_t revisions_applied = 0;
    size_t round_trips_checked = 0;
    double seconds = 0;

    bool ok() const { return !failure && model_differences.empty() && round_trips.empty(); }
};

struct VerifyOptions {
    sql::RenderOptions render;
    // Revisions to check with upgrade / downgrade / upgrade (ids). Empty: every revision.
    std::vector<std::string> round_trip;
    bool skip_round_trips = false;
};

// Applies `graph`'s chain (topological order) in a fresh database of `server`, compares it
// with a database created from `models` (sql::create_all), and runs the round trips.
VerifyReport verify(Server& server, const alembic::Graph& graph, const schema::Schema& models,
                    const VerifyOptions& options = {});

// A digest of a database's catalog (tables, columns, constraints, indexes, enums); equal
// digests mean equal catalogs as `compare` sees them.
std::string catalog_digest(Session& session);

// The part of the catalog a revision can change: tables by name (in any schema) and the tables
// of indexes by name. Its digest also covers the tables whose foreign keys reference those,
// their inheritance children and partitions, and every enum type.
struct DigestScope {
    std::vector<std::string> tables;
    std::vector<std::string> indexes;  // DROP INDEX names no table
};

// The digest of `scope` only: as cheap as the scope is small, whatever the catalog's size.
std::string catalog_digest(Session& session, const DigestScope& scope);

// What `revision`'s upgrade and downgrade ops can change; nullopt when that is not known (SQL
// as written, an enum type recreated with its columns converted): digest the whole catalog.
std::optional<DigestScope> digest_scope(const alembic::Revision& revision);

}  // namespace mig_guard::pg
