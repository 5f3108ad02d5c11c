#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    for (const auto* ops : {&ctx.revision.upgrade, &ctx.revision.downgrade})
        for (const auto& op : *ops)
            if (const auto* o = op.as<schema::Opaque>())
                r.report(op.location, "cannot verify this statement statically: " + o->reason,
                         "replace it with Alembic operations, or review it by hand and acknowledge MG202");
}
}  // namespace

const Rule& mg202_opaque_code() {
    static const Rule rule{
        "MG202", "opaque-code", Level::warning, "statements mig-guard cannot verify statically",
        {"Flags each statement of `upgrade()` or `downgrade()` that is not a recognizable Alembic operation: "
         "loops, conditionals, helper calls, assignments, data fixes through `op.get_bind()`.",
         "mig-guard never runs the project's Python, so it cannot know what such code does to the schema: "
         "drift, destructive changes and irreversible downgrades inside it go unchecked.",
         "def upgrade() -> None:\n    for table in ('task', 'project'):\n"
         "        op.add_column(table, sa.Column('archived', sa.Boolean(), nullable=True))",
         "def upgrade() -> None:\n    op.add_column('task', sa.Column('archived', sa.Boolean(), nullable=True))\n"
         "    op.add_column('project', sa.Column('archived', sa.Boolean(), nullable=True))"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
