#include "../internal.hpp"
#include "rules.hpp"

namespace mig_guard::lint::rules {

namespace {
void check(const RevisionContext& ctx, Reporter& r) {
    for (const auto* ops : {&ctx.revision.upgrade, &ctx.revision.downgrade})
        for (const auto& op : *ops)
            if (const auto* d = op.as<schema::DropConstraint>(); d && d->name.empty())
                r.report(op.location,
                         "drop_constraint(None, ...) on table '" + detail::qualified(d->schema, d->table) + "' cannot run",
                         "name the constraint: the name PostgreSQL gave it, or give it one with a naming convention");
}
}  // namespace

const Rule& mg703_unnamed_constraint_drop() {
    static const Rule rule{
        "MG703", "unnamed-constraint-drop", Level::error, "`drop_constraint(None, ...)`",
        {"Flags `op.drop_constraint(None, ...)`, which autogenerate writes for a constraint that was created "
         "without a name.",
         "Alembic cannot drop a constraint without its name: the migration (usually the downgrade) fails with "
         "an error when it runs.",
         "def downgrade() -> None:\n    op.drop_constraint(None, 'task', type_='foreignkey')",
         "def downgrade() -> None:\n    op.drop_constraint('task_owner_id_fkey', 'task', type_='foreignkey')"},
        Scope::revision, &check};
    return rule;
}

}  // namespace mig_guard::lint::rules
