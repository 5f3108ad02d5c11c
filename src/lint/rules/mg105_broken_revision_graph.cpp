#include <algorithm>

#include "mig_guard/alembic/graph.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const alembic::Graph& graph, Reporter& r) {
    // The graph's diagnostics include the reader's own (reported by MG203 and the reader);
    // only what the graph itself found is a broken graph.
    auto from_reader = [&](const Diagnostic& d) {
        for (const auto& rev : graph.revisions)
            for (const auto& rd : rev.diagnostics)
                if (rd.message == d.message && rd.location.file == d.location.file && rd.location.line == d.location.line)
                    return true;
        return false;
    };
    for (const auto& d : graph.diagnostics) {
        if (d.severity != Severity::error || d.stage == "python" || from_reader(d)) continue;
        r.report(d.location, d.message, d.help.empty() ? "fix the revision identifiers so that the graph is a chain" : d.help);
    }
}
}  // namespace

const Rule& mg105_broken_revision_graph() {
    static const Rule rule{
        "MG105", "broken-revision-graph", Level::error,
        "unknown down_revision, duplicate revision id, cycle, revision id not matching the file name template",
        {"Flags revision files that do not form a valid Alembic graph: a `down_revision` that names no "
         "revision, two files with the same `revision` id, a cycle, or a file name that does not match its "
         "revision id under alembic.ini's `file_template`.",
         "Alembic fails at runtime (\"Can't locate revision\", \"Cycle is detected\") or silently picks one "
         "of two files with the same id, so the migrations that run are not the ones that were reviewed.",
         "# versions/c3_add_due_date.py\nrevision = 'c3'\ndown_revision = 'doesnotexist'",
         "Point `down_revision` at an existing revision, give every revision a unique id, and name the file "
         "after its id as `file_template` says."},
        Scope::graph, nullptr, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
