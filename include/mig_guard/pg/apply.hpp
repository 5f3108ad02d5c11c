// Applying reviewed revisions to a real database (SPEC section 9): under a PostgreSQL advisory
// lock, each pending revision's ops rendered to SQL run in one transaction together with the
// `alembic_version` change Alembic would make and a row of `mig_guard.history` (the checksum of
// the file applied), so that `alembic current` agrees afterwards and a later edit of an applied
// revision is caught (MG103).
//
// The review gate (is every revision reviewed?) is the caller's: these functions only decide
// what the database needs and run it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mig_guard/alembic/graph.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/pg/session.hpp"
#include "mig_guard/sql/render.hpp"

namespace mig_guard::pg {

// What the database says it is at. Absent tables read as empty.
struct DatabaseState {
    bool has_version_table = false;
    bool has_history_table = false;         // mig_guard.history
    bool has_legacy_history_table = false;  // public.mig_guard_history (earlier versions), when the former is absent
    std::vector<std::string> heads;                  // alembic_version rows, sorted
    std::map<std::string, std::string> history_sha;  // revision -> sha256 of its latest history row
    std::string user;                                // current_user
};

DatabaseState read_state(Session& session);

// Creates alembic_version (as Alembic does) and, in the schema mig_guard (created if need be),
// mig_guard.history when missing; a public.mig_guard_history of an earlier version is moved
// there with its rows instead. One transaction; call it holding the AdvisoryLock.
void ensure_tables(Session& session);
// The statements ensure_tables runs for the tables `state` lacks (for --sql).
std::vector<std::string> table_statements(const DatabaseState& state);

// A reason not to apply anything, with where it is (the revision file, when there is one).
struct Refusal {
    std::string code;  // "MG103" or "unknown-revision"
    SourceLocation location;
    std::string message;
    std::string help;
};

// Per revision, what the repository says: the file's checksum and who reviewed it.
struct RevisionRecord {
    std::string sha256;
    std::string reviewed_by;
};
using RevisionRecords = std::map<std::string, RevisionRecord>;

struct Plan {
    std::vector<std::string> current;                 // heads in the database
    std::set<std::string> applied;                    // revisions the heads imply
    std::vector<const alembic::Revision*> pending;    // topological
    std::vector<Refusal> refusals;                    // non-empty: nothing may be applied
};

// What `target` (a revision id or branch label; empty: every head of the graph) needs beyond
// what the database holds. Refuses a database at a revision the graph does not know, and an
// applied revision whose history checksum differs from `records` (MG103).
Plan make_plan(const alembic::Graph& graph, const DatabaseState& state, const std::string& target,
               const RevisionRecords& records);

// The alembic_version statements Alembic's HeadMaintainer runs when `revision` is upgraded
// with `heads` in the table; updates `heads`. Insert for a new branch or base, update for a
// linear step, delete + update for a merge.
std::vector<std::string> version_statements(const alembic::Graph& graph, std::set<std::string>& heads,
                                            const alembic::Revision& revision);

// A revision's first op that mig-guard cannot run (opaque code), if any.
std::optional<SourceLocation> opaque_op(const alembic::Revision& revision);

enum class Transactions : uint8_t { per_revision, single };

// Runs a revision with another tool (the project's Alembic) while mig-guard holds the lock.
// Returns an empty string on success, else what went wrong.
using ExternalRunner = std::function<std::string(const alembic::Revision& revision)>;

struct ApplyOptions {
    sql::RenderOptions render;
    Transactions transactions = Transactions::per_revision;
    int lock_timeout_ms = 5000;       // SET LOCAL lock_timeout; 0: none
    int statement_timeout_ms = 0;     // SET LOCAL statement_timeout; 0: none
    std::string applied_by;           // who runs apply (the database user is prepended)
    ExternalRunner external;          // for revisions with opaque code; empty: they are refused
    // Called before and after each revision (for progress output).
    std::function<void(const alembic::Revision&)> on_start;
    std::function<void(const alembic::Revision&, double ms)> on_done;
};

// A statement PostgreSQL rejected, mapped back to the revision and op that produced it.
struct ApplyFailure {
    std::string revision;
    SourceLocation location;   // the op (file:line:col), or the revision file
    std::string statement;
    std::string message;       // PostgreSQL's message, with detail and hint
    std::string sqlstate;
};

struct ApplyReport {
    std::vector<std::string> applied;   // ids, in order
    std::optional<ApplyFailure> failure;
    double seconds = 0;
};

// The SQL apply would run for `plan` (tables, transactions, timeouts, ops, alembic_version,
// history), as `alembic upgrade --sql` prints it. Revisions with opaque code get a comment.
std::vector<std::string> plan_sql(const alembic::Graph& graph, const DatabaseState& state, const Plan& plan,
                                  const RevisionRecords& records, const ApplyOptions& options);

// Applies `plan.pending` (plan.refusals must be empty). Stops at the first failing
// statement: that revision (with --single-transaction: every revision) is rolled back,
// earlier ones stay applied and recorded.
ApplyReport apply_plan(Session& session, const alembic::Graph& graph, const Plan& plan, const RevisionRecords& records,
                       const ApplyOptions& options);

// A session-level advisory lock on the database, so that two `apply` never run at once.
// Waits up to `wait_seconds` (polling pg_try_advisory_lock), then throws Error (exit 1) naming
// the holder: pid, application_name, client address, backend start.
class AdvisoryLock {
public:
    AdvisoryLock(Session& session, double wait_seconds, const std::function<void(const std::string&)>& on_wait = {});
    ~AdvisoryLock();
    AdvisoryLock(const AdvisoryLock&) = delete;
    AdvisoryLock& operator=(const AdvisoryLock&) = delete;

private:
    Session& m_session;
};

// Who holds the apply lock ("pid 4242, application 'mig-guard apply', client 127.0.0.1, since
// 2026-11-22 10:15:00+00"), or "" when nobody does.
std::string lock_holder(Session& session);

// `url` with any password replaced by "***" (URLs and key=value conninfo alike).
std::string redact_conninfo(const std::string& url);

}  // namespace mig_guard::pg
