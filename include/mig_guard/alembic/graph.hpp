// The revision graph: every revision file of a versions directory read and linked as Alembic's
// RevisionMap (alembic/script/revision.py) links them — heads, bases, merge and branch points,
// branch labels, depends_on — plus what Alembic only warns about or raises at runtime
// (duplicate ids, unknown parents, cycles, file names that do not match their ids) as
// diagnostics with the location of the offending assignment.
//
// Pure functions over values; the caller reads the files.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mig_guard/alembic/reader.hpp"
#include "mig_guard/common/diagnostic.hpp"
#include "mig_guard/common/source.hpp"
#include "mig_guard/schema/schema.hpp"

namespace mig_guard::alembic {

struct Graph {
    std::vector<Revision> revisions;          // as read, sorted by path
    // As Alembic computes them, depends_on does not make a revision a child: a revision only
    // depended on is still a head, and only down_revision children count for branch points.
    std::vector<std::string> heads;           // revisions no down_revision points at (sorted)
    std::vector<std::string> bases;           // revisions with no down_revision (sorted)
    std::vector<std::string> merge_points;    // revisions with >1 down_revision (sorted)
    std::vector<std::string> branch_points;   // revisions with >1 down_revision child (sorted)
    std::map<std::string, std::string> branch_labels;  // label -> revision
    // Graph problems (stage "alembic") and the reader's own diagnostics, each with the
    // file:line:col of the assignment at fault.
    Diagnostics diagnostics;

    // The revision with that id (the first by path when duplicated), or nullptr.
    const Revision* find(std::string_view id) const;
    // Parents and depends_on targets (branch labels resolved) before children; among the
    // revisions ready at a step the smallest id comes first, so the order is deterministic.
    // Revisions on a cycle and duplicates of an id are left out.
    std::vector<const Revision*> topological() const;
    // `id` and everything it needs (down_revisions and depends_on, transitively), in
    // topological order: what `alembic upgrade <id>` applies to an empty database. Empty when
    // `id` is unknown. `id` may be a branch label.
    std::vector<const Revision*> ancestors(std::string_view id) const;
};

struct GraphOptions {
    // alembic.ini's file_template: the file name of a revision must match it.
    std::string file_template = "%(rev)s_%(slug)s";
    // Another version of the same directory (the gate reads HEAD and then the index): a file
    // whose path and bytes are the same there is not parsed again, its Revision is copied.
    const Graph* reuse = nullptr;
    const SourceFiles* reuse_files = nullptr;
};

Graph build_graph(const SourceFiles& revision_files, const GraphOptions& options = {});

// Replays the upgrade ops of `revisions` (in the given order) onto an empty Schema and returns
// the schema the chain produces. What cannot be replayed (execute/opaque ops, unknown objects)
// is reported by schema::replay with the op's location, appended to `diagnostics`.
schema::Schema replay_chain(const std::vector<const Revision*>& revisions, Diagnostics& diagnostics);

}  // namespace mig_guard::alembic
