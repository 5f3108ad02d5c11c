#include "mig_guard/alembic/graph.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const alembic::Graph& graph, Reporter& r) {
    if (graph.heads.size() < 2) return;
    std::string list;
    for (const auto& h : graph.heads) list += (list.empty() ? "" : ", ") + h;
    for (const auto& h : graph.heads) {
        const alembic::Revision* rev = graph.find(h);
        SourceLocation where = rev ? rev->revision_location : SourceLocation{};
        if (rev && !where.known()) where.file = rev->path;
        r.report(where, "revision '" + h + "' is one of " + std::to_string(graph.heads.size()) + " heads (" + list + ")",
                 "merge the heads with `alembic merge heads`, or rebase this revision onto the other head");
    }
}
}  // namespace

const Rule& mg104_multiple_heads() {
    static const Rule rule{
        "MG104", "multiple-heads", Level::error, "more than one head",
        {"Flags a revision graph with more than one head: two revisions that share a parent and that no "
         "later revision merges.",
         "`alembic upgrade head` refuses to run with several heads, and the order in which two branches "
         "apply is undefined: the deployment breaks, or two migrations collide on the same table.",
         "# versions/a1_add_priority.py\nrevision = 'a1'\ndown_revision = 'base0'\n\n"
         "# versions/b2_add_owner.py\nrevision = 'b2'\ndown_revision = 'base0'",
         "Merge the heads (`alembic merge heads -m merge`), or point the newer revision's `down_revision` "
         "at the other head."},
        Scope::graph, nullptr, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
