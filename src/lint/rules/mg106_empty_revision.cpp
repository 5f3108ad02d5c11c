#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    const auto& rev = ctx.revision;
    // A merge revision joins heads and has nothing to do by design.
    if (!rev.has_upgrade || !rev.upgrade.empty() || rev.down_revisions.size() > 1) return;
    const python::Stmt* def = detail::function_def(ctx.module, "upgrade");
    SourceLocation where = def ? ctx.module.location(def->span) : rev.revision_location;
    r.report(where, "upgrade() does nothing",
             "generate the revision from the models with `mig-guard generate`, or delete the file");
}
}  // namespace

const Rule& mg106_empty_revision() {
    static const Rule rule{
        "MG106", "empty-revision", Level::error, "upgrade() does nothing (a hand-made empty migration)",
        {"Flags a revision whose `upgrade()` holds only `pass` or a docstring. Merge revisions (more than one "
         "`down_revision`) are exempt.",
         "An empty revision is usually `alembic revision` run without `--autogenerate`, or an autogenerate "
         "that found nothing because the models were not imported. The schema change it was meant to carry "
         "never reaches the database.",
         "def upgrade() -> None:\n    pass",
         "Generate the revision from the models with `mig-guard generate -m MESSAGE`, or delete the file."},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
