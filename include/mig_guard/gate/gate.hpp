// The gate (SPEC sections 2, 7, 8): compares two versions of a project — HEAD and the index for
// `check`, the merge base and HEAD for `ci` — and decides whether the change may pass: the
// models' change is accounted for by the revisions it adds (MG101), every added revision is
// reviewed and its error-level findings acknowledged (MG102), committed revisions are left
// alone (MG103), and the added or changed revisions lint clean.
//
// Pure over values: the caller reads the trees (git or disk) and writes any file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mig_guard/alembic/graph.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/common/source.hpp"
#include "mig_guard/common/tree.hpp"
#include "mig_guard/config/settings.hpp"
#include "mig_guard/ledger/ledger.hpp"
#include "mig_guard/lint/lint.hpp"
#include "mig_guard/models/extract.hpp"
#include "mig_guard/models/loader.hpp"

namespace mig_guard::gate {

// One version of a project read from a FileTree. Paths of the files are relative to the
// project's root (as the extractor and the revision reader expect them).
struct Snapshot {
    std::string label;              // "HEAD (3f2a9c1)", "index", "working tree"
    SourceFiles model_files;
    SourceFiles revision_files;
    models::LibraryVersions versions;
    models::ExtractResult models;
    alembic::Graph graph;
    ledger::Ledger ledger;
};

enum class Read : uint8_t { everything, revisions_only };

// Reads models (unless revisions_only), revisions and the ledger. The library versions come
// from the project's pins, overridden by `sqlmodel`/`sqlalchemy` in the configuration.
// `previous`: another version of the project already read (HEAD, when this is the index):
// revision files with the same bytes are not parsed again.
Snapshot read_snapshot(const FileTree& tree, const config::Project& project, Read what = Read::everything,
                       const Snapshot* previous = nullptr);

// Library versions named on the command line (`--sqlmodel`, `--sqlalchemy`); empty: none.
struct VersionOverrides {
    std::string sqlmodel;
    std::string sqlalchemy;
};

// The SQLModel/SQLAlchemy versions whose semantics apply: the project's pins, overridden by
// `sqlmodel`/`sqlalchemy` in the configuration, overridden by the command line. A value that
// is not a version is a UsageError naming where it was set.
models::LibraryVersions library_versions(const FileTree& tree, const config::Project& project,
                                         const VersionOverrides& overrides = {});

// Model files and directories named on the command line (`schema PATH`, `diff --from PATH`).
struct ModelPaths {
    bool given = false;              // false: the project's own models
    std::vector<std::string> paths;  // project-root-relative (empty when given: no models at all)
    std::string cwd;                 // tree-relative current directory: first on the search path
};

// The one model loader for every command: the project's models as Alembic sees them (from
// env.py, or the configured `models`), or the files in `paths`, read from `tree` through
// models::load_models with the project's module search path.
models::LoadResult load_models(const FileTree& tree, const config::Project& project,
                               const models::LibraryVersions& versions, const ModelPaths& paths = {});

// The schema the chain of revisions produces (replaying every revision up to the single head;
// with several heads, all of them). Replay problems are appended to `diagnostics`.
schema::Schema chain_schema(const alembic::Graph& graph, Diagnostics& diagnostics);

// A revision file the gate would write for drift: the ops, and the file's text and path.
struct NewRevision {
    schema::Ops upgrade;
    std::string id;
    std::vector<std::string> down_revisions;
    std::string message;
    std::string path;  // tree-relative
    std::string text;
};

struct NewRevisionOptions {
    std::string message;      // empty: a message made from the ops ("add priority to task")
    std::string revision_id;  // empty: a new random id
};

// Writes the revision text for `upgrade` after the graph's head (or heads: a merge is never
// made silently — with several heads this throws UsageError saying to merge them first).
// Uses the project's script.py.mako and file_template.
NewRevision new_revision(const config::Project& project, const alembic::Graph& graph, const schema::Ops& upgrade,
                         const NewRevisionOptions& options);

// "add priority and description to task", "create table invoice", "drop column user.age and 2 more".
std::string message_for(const schema::Ops& ops);

struct GateOptions {
    lint::LintOptions lint;
    NewRevisionOptions revision;
};

struct Outcome {
    // Everything found, paths tree-relative ("backend/migrations/versions/x.py"). Acknowledged
    // error findings of reviewed revisions are downgraded to warnings, saying by whom.
    lint::Findings findings;
    std::map<std::string, std::string> sources;   // tree-relative path -> text, for excerpts
    std::vector<std::string> files_checked;       // tree-relative
    Diagnostics diagnostics;                      // models or revisions that could not be read
    // The revision that would account for the models' change, when the added revisions do not.
    std::optional<NewRevision> missing;
    std::vector<std::string> added;               // ids of revisions added by the change (topological)
    bool models_changed = false;

    bool failed() const;
};

// The gate between `base` (HEAD, or the merge base) and `head` (the index, the working tree,
// or a commit). The drift check replays the added revisions' upgrade ops onto the schema of
// `base`'s models and compares with `head`'s models.
Outcome evaluate(const Snapshot& base, const Snapshot& head, const config::Project& project,
                 const GateOptions& options);

// Findings of the graph of `head` and of the revisions at `paths`, with the review state
// applied (MG102 for revisions that are unreviewed or changed since review; acknowledged
// findings downgraded). Used by `evaluate` and by `review` to show what a reviewer signs.
lint::Findings review_findings(const Snapshot& head, const config::Project& project,
                               const std::vector<std::string>& revision_ids, const lint::LintOptions& options);

// Ops that destroy data or depend on existing data (drop table/column, narrowing type change,
// NOT NULL on an existing column, raw SQL, opaque code), one line each, for callouts.
std::vector<std::string> callouts(const schema::Ops& ops);

// "backend/" + path, or path when the project is at the tree's root.
std::string tree_path(const config::Project& project, const std::string& project_relative);

}  // namespace mig_guard::gate
